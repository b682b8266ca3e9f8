package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// generatorProject has one earlier migration with an error of its own, which
// generate must read for context but not report.
func generatorProject(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "migrations", "0001_init.sql"),
		[]byte("CREATE TABLE users (id bigint PRIMARY KEY);\nDROP TABLE legacy;\n"))
	return dir
}

func TestGenerateGatesTheFilesTheGeneratorWrote(t *testing.T) {
	dir := generatorProject(t)
	r := ddlgate(t, dir, "", "generate", "--", "sh", "-c", `echo "1 migration generated"; printf "DROP TABLE users;\n" > migrations/0002_drop.sql`)
	r.expect(t, 1)
	written := filepath.Join("migrations", "0002_drop.sql")
	if !strings.Contains(r.stdout, written+":1:1: error[ban-drop-table]") {
		t.Errorf("stdout does not name %s with its DROP TABLE:\n%s", written, r.stdout)
	}
	if strings.Contains(r.stdout, "0001_init.sql") {
		t.Errorf("stdout reports the earlier migration:\n%s", r.stdout)
	}
	if !strings.Contains(r.stdout, "1 migration generated") {
		t.Errorf("the generator's own output did not pass through:\n%s", r.stdout)
	}
	if !strings.Contains(r.stderr, "linting what the generator wrote: "+written) {
		t.Errorf("stderr = %q, want the files being linted", r.stderr)
	}
}

func TestGenerateJSONKeepsTheGeneratorOffStdout(t *testing.T) {
	dir := generatorProject(t)
	writeFile(t, filepath.Join(dir, "migrations", "0002_old.sql"), []byte("SELECT 1;\n"))
	r := ddlgate(t, dir, "", "generate", "--format", "json", "--",
		"sh", "-c", `echo chatty; printf "ALTER TABLE users DROP COLUMN email;\n" > migrations/0002_old.sql; printf "SELECT 2;\n" > migrations/0003_new.sql`)
	r.expect(t, 1)
	var rep jsonReport
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
		t.Fatalf("stdout is not the JSON report: %v\n%s", err, r.stdout)
	}
	want := []string{filepath.Join("migrations", "0002_old.sql") + ":ban-drop-column"}
	if got := errorFindings(rep); !slices.Equal(got, want) {
		t.Errorf("errors %q, want the changed file's %q", got, want)
	}
	if rep.Summary.Files != 2 {
		t.Errorf("summary counts %d files, want the changed and the created one", rep.Summary.Files)
	}
	if !strings.Contains(r.stderr, "chatty") {
		t.Errorf("stderr = %q, want the generator's stdout there", r.stderr)
	}
}

func TestGenerateFailingGeneratorPassesItsExitCodeThrough(t *testing.T) {
	dir := generatorProject(t)
	r := ddlgate(t, dir, "", "generate", "--", "sh", "-c", `printf "DROP TABLE users;\n" > migrations/0002_half.sql; echo "schema.ts: syntax error" >&2; exit 3`)
	r.expect(t, 3)
	if !strings.Contains(r.stderr, "schema.ts: syntax error") || !strings.Contains(r.stderr, "generator failed: exit status 3 (nothing linted)") {
		t.Errorf("stderr = %q, want the generator's message and ddlgate's verdict", r.stderr)
	}
	if r.stdout != "" {
		t.Errorf("stdout = %q, want nothing linted", r.stdout)
	}

	r = ddlgate(t, dir, "", "generate", "--", "no-such-generator-ddlgate-test")
	r.expect(t, 2)
	if !strings.Contains(r.stderr, "run generator: ") {
		t.Errorf("stderr = %q, want it to say the generator could not run", r.stderr)
	}
}

func TestGenerateNothingWritten(t *testing.T) {
	dir := generatorProject(t)
	r := ddlgate(t, dir, "", "generate", "--", "true")
	r.expect(t, 0)
	if !strings.Contains(r.stderr, "the generator wrote no file in migrations") {
		t.Errorf("stderr = %q", r.stderr)
	}
}

func TestGenerateFindsTheDirectoryTheGeneratorCreated(t *testing.T) {
	dir := t.TempDir()
	r := ddlgate(t, dir, "", "generate", "--", "sh", "-c", `mkdir -p db/migrations && printf "TRUNCATE users;\nDROP TABLE users;\n" > db/migrations/0001_x.sql`)
	r.expect(t, 1)
	if !strings.Contains(r.stdout, filepath.Join("db", "migrations", "0001_x.sql")+":2:1: error[ban-drop-table]") {
		t.Errorf("stdout:\n%s", r.stdout)
	}

	r = ddlgate(t, t.TempDir(), "", "generate", "--", "true")
	r.expect(t, 2)
	if !strings.Contains(r.stderr, "no migrations found in .: looked for migrations/") {
		t.Errorf("stderr = %q", r.stderr)
	}
}

func TestGenerateFailLevel(t *testing.T) {
	dir := generatorProject(t)
	// An ignore that suppresses nothing: one warning.
	gen := []string{"generate", "--", "sh", "-c", `printf -- '-- ddlgate:ignore ban-drop-table reason="x"\nCREATE TABLE b (id bigint PRIMARY KEY);\n' > migrations/0002_b.sql`}
	ddlgate(t, dir, "", gen...).expect(t, 0)
	writeFile(t, filepath.Join(dir, ".ddlgate.yaml"), []byte("gates:\n  generate:\n    fail_level: warning\n"))
	if err := os.Remove(filepath.Join(dir, "migrations", "0002_b.sql")); err != nil {
		t.Fatal(err)
	}
	r := ddlgate(t, dir, "", gen...)
	r.expect(t, 1)
	if !strings.Contains(r.stdout, "warning[unused-ignore]") {
		t.Errorf("stdout:\n%s", r.stdout)
	}
	if err := os.Remove(filepath.Join(dir, "migrations", "0002_b.sql")); err != nil {
		t.Fatal(err)
	}
	ddlgate(t, dir, "", append([]string{"generate", "--fail-level", "error"}, gen[1:]...)...).expect(t, 0)
}

func TestGenerateNeedsTheCommandAfterDashes(t *testing.T) {
	dir := generatorProject(t)
	for _, args := range [][]string{{"generate"}, {"generate", "--"}, {"generate", "true"}} {
		r := ddlgate(t, dir, "", args...)
		r.expect(t, 2)
		if !strings.Contains(r.stderr, "give the generator command after --") {
			t.Errorf("%q: stderr = %q", args, r.stderr)
		}
	}
}

// checkedProject is a git project whose generator (a shell script) writes
// an ALTER TABLE for each schema.txt line the migrations do not capture.
func checkedProject(t *testing.T) *gitProject {
	t.Helper()
	p := newGitProject(t)
	p.Write("gen.sh", "#!/bin/sh\nset -e\nnew=$(grep -vxFf migrations/meta/snapshot.txt schema.txt || true)\n[ -z \"$new\" ] && exit 0\n"+
		"echo \"$new\" | while read table col type; do echo \"ALTER TABLE $table ADD COLUMN $col $type;\"; done > migrations/0001_generated.sql\ncp schema.txt migrations/meta/snapshot.txt\n")
	p.Write("schema.txt", "users id bigint\n")
	p.Write("migrations/0000_init.sql", "CREATE TABLE users (id bigint PRIMARY KEY);\n")
	p.Write("migrations/meta/snapshot.txt", "users id bigint\n")
	p.Commit("init")
	return p
}

func TestGenerateCheckFailsOnASchemaChangeWithoutMigration(t *testing.T) {
	p := checkedProject(t)
	r := p.ddlgate("generate", "--check", "--", "sh", "gen.sh")
	r.expect(t, 0)
	if !strings.Contains(r.stdout, "the ORM schema and the migrations agree") {
		t.Errorf("stdout = %q", r.stdout)
	}

	p.Write("schema.txt", "users id bigint\nusers email text\n")
	r = p.ddlgate("generate", "--check", "--", "sh", "gen.sh")
	r.expect(t, 1)
	for _, want := range []string{
		"the ORM schema has changes no migration captures",
		filepath.Join("migrations", "0001_generated.sql") + " (new)",
		"    ALTER TABLE users ADD COLUMN email text;",
		filepath.Join("migrations", "meta", "snapshot.txt") + " (changed)",
		"Run the generator (ddlgate generate -- sh gen.sh)",
	} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("stdout lacks %q:\n%s", want, r.stdout)
		}
	}
	if _, err := os.Stat(filepath.Join(p.Dir, "migrations", "0001_generated.sql")); !os.IsNotExist(err) {
		t.Errorf("the check wrote the migration into the working tree: %v", err)
	}
	if status := p.Git("status", "--porcelain"); status != "M schema.txt" {
		t.Errorf("git status = %q, want only the schema change", status)
	}

	r = p.ddlgate("generate", "--check", "--format", "json", "--", "sh", "gen.sh")
	r.expect(t, 1)
	var rep struct {
		Agree bool `json:"agree"`
		Files []struct {
			Path       string   `json:"path"`
			Statements []string `json:"statements"`
		} `json:"files"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil || rep.Agree || len(rep.Files) != 2 ||
		!slices.Equal(rep.Files[0].Statements, []string{"ALTER TABLE users ADD COLUMN email text"}) {
		t.Errorf("json = %v %+v\n%s", err, rep, r.stdout)
	}

	r = p.ddlgate("generate", "--check", "--", "sh", "-c", "exit 4")
	r.expect(t, 4)
}

// TestGenerateNamesOnlyTheMigrationsItLints: drizzle-kit also writes its
// journal and snapshots; ddlgate says it lints the migration, not them.
func TestGenerateNamesOnlyTheMigrationsItLints(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "drizzle", "0000_init.sql"), []byte("CREATE TABLE users (id bigint PRIMARY KEY);\n"))
	writeFile(t, filepath.Join(dir, "drizzle", "meta", "_journal.json"), []byte(`{"version":"7","dialect":"postgresql","entries":[{"idx":0,"version":"7","when":1,"tag":"0000_init","breakpoints":true}]}`))
	gen := `printf 'ALTER TABLE users ADD COLUMN email text;\n' > drizzle/0001_email.sql
printf '{"version":"7","dialect":"postgresql","entries":[{"idx":0,"version":"7","when":1,"tag":"0000_init","breakpoints":true},{"idx":1,"version":"7","when":2,"tag":"0001_email","breakpoints":true}]}' > drizzle/meta/_journal.json
printf '{}' > drizzle/meta/0001_snapshot.json`
	r := ddlgate(t, dir, "", "generate", "--", "sh", "-c", gen)
	r.expect(t, 0)
	want := "ddlgate: linting what the generator wrote: " + filepath.Join("drizzle", "0001_email.sql") + "\n"
	if !strings.Contains(r.stderr, want) {
		t.Errorf("stderr = %q, want %q", r.stderr, want)
	}
	if strings.Contains(r.stderr, "_journal.json") || strings.Contains(r.stderr, "snapshot") {
		t.Errorf("stderr names files that are not linted: %q", r.stderr)
	}
	r = ddlgate(t, dir, "", "generate", "--", "sh", "-c", `printf '{"x":1}' > drizzle/meta/0001_snapshot.json`)
	r.expect(t, 0)
	if !strings.Contains(r.stderr, "the generator wrote no migration in drizzle") {
		t.Errorf("stderr = %q, want it to say no migration was written", r.stderr)
	}
}
