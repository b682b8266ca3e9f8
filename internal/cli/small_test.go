package cli

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestStdinWithoutNameIsNotJudgedOnItsName: <stdin> has no file name, so
// require-migration-naming has nothing to judge; with --stdin-filename it
// judges that name.
func TestStdinWithoutNameIsNotJudgedOnItsName(t *testing.T) {
	dir := t.TempDir()
	sql := "CREATE TABLE t (id bigint PRIMARY KEY);\n"
	for _, format := range []string{"drizzle", "golang-migrate", "flyway", "prisma"} {
		r := ddlgate(t, dir, sql, "lint", "--migration-format", format, "-")
		r.expect(t, 0)
		if strings.Contains(r.stdout, "require-migration-naming") {
			t.Errorf("%s: <stdin> judged on its name:\n%s", format, r.stdout)
		}
	}
	r := ddlgate(t, dir, sql, "lint", "--migration-format", "drizzle", "--stdin-filename", "drizzle/add_t.sql", "-")
	if !strings.Contains(r.stdout, "require-migration-naming") {
		t.Errorf("a named stdin should still be judged on its name:\n%s", r.stdout)
	}
	writeFile(t, filepath.Join(dir, ".ddlgate.yaml"), []byte("format: goose\n"))
	r = ddlgate(t, dir, "-- +goose Up\n"+sql, "lint", "-")
	r.expect(t, 0)
	if strings.Contains(r.stdout, "require-migration-naming") {
		t.Errorf("config format: <stdin> judged on its name:\n%s", r.stdout)
	}
}

// TestPositionsInUnusualEncodings: a byte order mark is not a column, and
// a Latin-1 byte is reported where it is, with its line shown.
func TestPositionsInUnusualEncodings(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "bom.sql"), []byte("\uFEFFCREATE TABLE t (id bigint PRIMARY KEY, at timestamp);\n"))
	writeFile(t, filepath.Join(dir, "latin1.sql"), []byte("CREATE TABLE t (id bigint PRIMARY KEY);\nCOMMENT ON TABLE t IS 'caf\xe9';\n"))
	r := ddlgate(t, dir, "", "lint", "bom.sql")
	want := "bom.sql:1:40: warning[prefer-timestamptz]"
	frame := "  1 | CREATE TABLE t (id bigint PRIMARY KEY, at timestamp);\n    | " + strings.Repeat(" ", 39) + "^^^^^^^^^^^^\n"
	if !strings.Contains(r.stdout, want) || !strings.Contains(r.stdout, frame) {
		t.Errorf("stdout should hold %q and the frame\n%s\ngot:\n%s", want, frame, r.stdout)
	}
	r = ddlgate(t, dir, "", "lint", "latin1.sql")
	r.expect(t, 1)
	want = "latin1.sql:2:27: error[syntax-error] file is not UTF-8 text: byte 0xE9 at line 2, column 27"
	frame = "  2 | COMMENT ON TABLE t IS 'caf\uFFFD';\n    |                           ^\n"
	if !strings.Contains(r.stdout, want) || !strings.Contains(r.stdout, frame) {
		t.Errorf("stdout should hold %q and the frame\n%s\ngot:\n%s", want, frame, r.stdout)
	}
}

// TestJUnitOfAPassingRunHasNoFailure: a warning below the fail level passes
// the job, and its JUnit report is green.
func TestJUnitOfAPassingRunHasNoFailure(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "migrations", "0001_a.sql"), []byte("CREATE TABLE a (id bigint PRIMARY KEY, at timestamp);\n"))
	r := ddlgate(t, dir, "", "lint", "--format", "junit", "migrations")
	r.expect(t, 0)
	if strings.Contains(r.stdout, "<failure") || !strings.Contains(r.stdout, "<system-out>migrations/0001_a.sql:1:40: warning[prefer-timestamptz]") {
		t.Errorf("junit:\n%s", r.stdout)
	}
	r = ddlgate(t, dir, "", "lint", "--format", "junit", "--fail-level", "warning", "migrations")
	r.expect(t, 1)
	if !strings.Contains(r.stdout, `<failure message="warning: column public.a.at`) {
		t.Errorf("junit at --fail-level warning:\n%s", r.stdout)
	}
}
