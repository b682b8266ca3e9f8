package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/ddlgate/ddlgate/internal/gittest"
)

// gitProject is a project directory under git (see gittest.Repo) that
// ddlgate runs in.
type gitProject struct {
	*gittest.Repo
}

func newGitProject(t *testing.T) *gitProject {
	t.Helper()
	return &gitProject{gittest.New(t)}
}

func (p *gitProject) ddlgate(args ...string) result {
	p.T.Helper()
	return ddlgate(p.T, p.Dir, "", args...)
}

// errorFindings lists "file:rule" for each error of a JSON report; warnings
// are left out so that rules added later do not change what a test is about.
func errorFindings(rep jsonReport) []string {
	var out []string
	for _, f := range rep.Findings {
		if f.Severity == "error" {
			out = append(out, f.File+":"+f.Rule)
		}
	}
	return out
}

// branchWithChanges is a project whose main holds a bad migration, and a
// feature branch that adds one committed bad migration and one untracked
// clean one, while main moved on with another bad migration.
func branchWithChanges(t *testing.T) *gitProject {
	p := newGitProject(t)
	p.Write("migrations/0001_init.sql", "CREATE TABLE users (id bigint PRIMARY KEY, email text);\nCREATE TABLE orders (id bigint PRIMARY KEY);\nDROP TABLE legacy;\n")
	p.Commit("init")
	p.Git("checkout", "--quiet", "-b", "feature")
	p.Write("migrations/0002_drop_orders.sql", "DROP TABLE orders;\n")
	p.Commit("drop orders")
	p.Git("checkout", "--quiet", "main")
	p.Write("migrations/0003_on_main.sql", "ALTER TABLE users DROP COLUMN email;\n")
	p.Commit("main moves on")
	p.Git("checkout", "--quiet", "feature")
	p.Write("migrations/0004_accounts.sql", "CREATE TABLE accounts (id bigint PRIMARY KEY);\n")
	return p
}

func TestCILintsOnlyMigrationsChangedSinceTheMergeBase(t *testing.T) {
	p := branchWithChanges(t)
	r := p.ddlgate("ci", "--format", "json")
	r.expect(t, 1)
	rep := decodeReport(t, r)
	// The branch's DROP TABLE, and its 0002 sorting before main's 0003.
	want := []string{filepath.Join("migrations", "0002_drop_orders.sql") + ":ban-drop-table",
		filepath.Join("migrations", "0002_drop_orders.sql") + ":require-linear-history"}
	if got := errorFindings(rep); !slices.Equal(got, want) {
		t.Errorf("findings %q, want only the branch's %q", got, want)
	}
	if rep.Summary.Files != 2 || rep.Summary.Statements != 2 {
		t.Errorf("summary counts %d files, %d statements; want the 2 changed files and their 2 statements", rep.Summary.Files, rep.Summary.Statements)
	}

	// An explicit base counts from the fork point too: main's newer
	// migration is not the branch's change.
	r = p.ddlgate("ci", "--base", "main", "--format", "json")
	r.expect(t, 1)
	if got := errorFindings(decodeReport(t, r)); !slices.Equal(got, want) {
		t.Errorf("--base main: findings %q, want %q", got, want)
	}
}

func TestCINewMigrationSortingBeforeTheBaseBranch(t *testing.T) {
	p := newGitProject(t)
	p.Write("db/20240101000000_users.up.sql", "CREATE TABLE users (id bigint PRIMARY KEY);\n")
	p.Write("db/20240101000000_users.down.sql", "DROP TABLE users;\n")
	p.Commit("init")
	p.Git("checkout", "--quiet", "-b", "feature")
	p.Write("db/20240201000000_orders.up.sql", "CREATE TABLE orders (id bigint PRIMARY KEY);\n")
	p.Commit("orders")
	p.Git("checkout", "--quiet", "main")
	p.Write("db/20240301000000_emails.up.sql", "CREATE TABLE emails (id bigint PRIMARY KEY);\n")
	p.Commit("emails merged first")
	p.Git("checkout", "--quiet", "feature")

	r := p.ddlgate("ci", "--dir", "db")
	r.expect(t, 1)
	want := filepath.Join("db", "20240201000000_orders.up.sql") + ":1:1: error[require-linear-history] " +
		filepath.Join("db", "20240201000000_orders.up.sql") + " (version 20240201000000) sorts before " +
		filepath.Join("db", "20240301000000_emails.up.sql") + " on main: the runner skips it or applies it out of the reviewed order"
	if !strings.Contains(r.stdout, want) || !strings.Contains(r.stdout, "help: Rename 20240201000000_orders.up.sql to 20261122090000_orders.up.sql, and its .down.sql likewise.") {
		t.Errorf("stdout:\n%s\nwant %s", r.stdout, want)
	}

	// Renumbered as told, the branch is linear again.
	p.Git("mv", "db/20240201000000_orders.up.sql", "db/20261122090000_orders.up.sql")
	p.ddlgate("ci", "--dir", "db").expect(t, 0)
}

func TestCIJudgesChangedFilesWithTheirHistory(t *testing.T) {
	p := newGitProject(t)
	p.Write("migrations/0001_t.sql", "CREATE TABLE t (id bigint PRIMARY KEY, c varchar(100));\n")
	p.Commit("init")
	// Widening a varchar rewrites nothing, which only the earlier file tells.
	p.Write("migrations/0002_widen.sql", "ALTER TABLE t ALTER COLUMN c TYPE varchar(200);\n")
	r := p.ddlgate("ci", "--format", "json")
	r.expect(t, 0)
	if got := errorFindings(decodeReport(t, r)); len(got) != 0 {
		t.Errorf("errors %q, want none: the history says c is varchar(100)", got)
	}
}

func TestCIBaseFlagAndUncommittedChanges(t *testing.T) {
	p := branchWithChanges(t)
	p.Write("migrations/0004_accounts.sql", "CREATE TABLE accounts (id bigint PRIMARY KEY);\nALTER TABLE users DROP COLUMN email;\n")
	p.Commit("more on the branch")
	p.Write("migrations/0001_init.sql", "CREATE TABLE users (id bigint PRIMARY KEY, email text);\nCREATE TABLE orders (id bigint PRIMARY KEY);\nDROP TABLE legacy;\n-- edited\n")

	r := p.ddlgate("ci", "--base", "HEAD", "--format", "json")
	r.expect(t, 1)
	want := []string{filepath.Join("migrations", "0001_init.sql") + ":ban-drop-table"}
	if got := errorFindings(decodeReport(t, r)); !slices.Equal(got, want) {
		t.Errorf("against HEAD: findings %q, want only the uncommitted edit's %q", got, want)
	}
}

func TestCINothingChanged(t *testing.T) {
	p := newGitProject(t)
	p.Write("db/migrations/0001_init.sql", "DROP TABLE legacy;\n")
	p.Commit("init")
	r := p.ddlgate("ci", "--format", "json")
	r.expect(t, 0)
	if !strings.Contains(r.stderr, "no migration in "+filepath.Join("db", "migrations")+" changed since main") {
		t.Errorf("stderr = %q, want it to say nothing changed", r.stderr)
	}
	if rep := decodeReport(t, r); len(rep.Findings) != 0 || rep.Summary.Files != 0 {
		t.Errorf("report %+v, want an empty one (so CI uploads still find a file)", rep)
	}
}

func TestCIDirectoryFromConfigAndFlag(t *testing.T) {
	p := newGitProject(t)
	p.Write("sql/up/0001_init.sql", "CREATE TABLE a (id bigint PRIMARY KEY);\n")
	p.Write("other/0001_drop.sql", "DROP TABLE a;\n")
	p.Write(".ddlgate.yaml", "migrations:\n  dir: sql/up\n")
	p.Commit("init")
	p.Write("sql/up/0002_drop.sql", "DROP TABLE a;\n")
	p.Write("other/0002_drop.sql", "DROP TABLE b;\n")

	r := p.ddlgate("ci", "--format", "json")
	r.expect(t, 1)
	want := []string{filepath.Join("sql", "up", "0002_drop.sql") + ":ban-drop-table"}
	if got := errorFindings(decodeReport(t, r)); !slices.Equal(got, want) {
		t.Errorf("config dir: findings %q, want %q", got, want)
	}
	r = p.ddlgate("ci", "--dir", "other", "--format", "json")
	r.expect(t, 1)
	want = []string{filepath.Join("other", "0002_drop.sql") + ":ban-drop-table"}
	if got := errorFindings(decodeReport(t, r)); !slices.Equal(got, want) {
		t.Errorf("--dir: findings %q, want %q", got, want)
	}
}

func TestCIFailLevelFromGateConfig(t *testing.T) {
	p := newGitProject(t)
	p.Write("migrations/0001_init.sql", "CREATE TABLE a (id bigint PRIMARY KEY);\n")
	p.Commit("init")
	// An ignore that suppresses nothing: one warning.
	p.Write("migrations/0002_more.sql", "-- ddlgate:ignore ban-drop-table reason=\"x\"\nCREATE TABLE b (id bigint PRIMARY KEY);\n")
	p.ddlgate("ci").expect(t, 0)
	p.Write(".ddlgate.yaml", "gates:\n  ci:\n    fail_level: warning\n")
	p.ddlgate("ci").expect(t, 1)
	p.ddlgate("ci", "--fail-level", "error").expect(t, 0)
	p.Write(".ddlgate.yaml", "gates:\n  generate:\n    fail_level: warning\n")
	p.ddlgate("ci").expect(t, 0)
}

func TestCIOutputFileKeepsASummaryOnStdout(t *testing.T) {
	p := branchWithChanges(t)
	r := p.ddlgate("ci", "--format", "json", "--output", "ddlgate.json")
	r.expect(t, 1)
	if !strings.HasPrefix(r.stdout, "json report written to ddlgate.json: 2 error(s), ") || !strings.HasSuffix(r.stdout, " in 2 file(s)\n") {
		t.Errorf("stdout = %q, want a one-line summary", r.stdout)
	}
	data, err := os.ReadFile(filepath.Join(p.Dir, "ddlgate.json"))
	if err != nil {
		t.Fatal(err)
	}
	var rep jsonReport
	if err := json.Unmarshal(data, &rep); err != nil || len(errorFindings(rep)) != 2 {
		t.Errorf("report file: %v, errors %q, want 2\n%s", err, errorFindings(rep), data)
	}
}

func TestCIErrors(t *testing.T) {
	notGit := t.TempDir()
	writeFile(t, filepath.Join(notGit, "migrations", "0001.sql"), []byte("SELECT 1;\n"))
	tests := []struct {
		name string
		dir  func() string
		args []string
		want string
	}{
		{"outside git", func() string { return notGit }, nil, "not a git repository"},
		{"unknown base", func() string { return branchWithChanges(t).Dir }, []string{"--base", "release/9"}, `resolve "release/9": unknown revision`},
		{"no default base", func() string {
			p := branchWithChanges(t)
			p.Git("branch", "-m", "main", "trunk")
			return p.Dir
		}, nil, "none of origin/main, main, origin/master, master exists (pass a base ref): pass --base"},
		{"no migrations dir", func() string { return newGitProject(t).Dir }, nil, "no migrations found in .: looked for migrations/"},
		{"missing baseline", func() string { return branchWithChanges(t).Dir }, []string{"--baseline", "nope.json"}, "read baseline: open"},
		{"arguments", func() string { return branchWithChanges(t).Dir }, []string{"migrations/"}, "unknown command"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := ddlgate(t, tt.dir(), "", append([]string{"ci"}, tt.args...)...)
			r.expect(t, 2)
			if !strings.Contains(r.stderr, tt.want) {
				t.Errorf("stderr = %q, want it to contain %q", r.stderr, tt.want)
			}
		})
	}
}
