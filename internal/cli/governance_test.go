package cli

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/ddlgate/ddlgate/internal/dbtest"
)

func TestLintDatabaseURLFindsFilesSortingBeforeAppliedOnes(t *testing.T) {
	url := dbtest.Scratch(t)
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "migrations", "0001_users.sql"), []byte("CREATE TABLE users (id bigint PRIMARY KEY);\n"))
	writeFile(t, filepath.Join(dir, "migrations", "0003_emails.sql"), []byte("CREATE TABLE emails (id bigint PRIMARY KEY);\n"))
	ddlgateEnv(t, dir, map[string]string{"DATABASE_URL": url}, "apply").expect(t, 0)

	writeFile(t, filepath.Join(dir, "migrations", "0002_orders.sql"), []byte("CREATE TABLE orders (id bigint PRIMARY KEY);\n"))
	r := ddlgate(t, dir, "", "lint", "--database-url", url, "migrations")
	r.expect(t, 1)
	if !strings.Contains(r.stdout, "error[require-linear-history] "+filepath.Join("migrations", "0002_orders.sql")+" (version 0002) sorts before version 0003 applied to ") ||
		!strings.Contains(r.stdout, "help: Rename 0002_orders.sql to 0004_orders.sql so it sorts last.") {
		t.Errorf("stdout:\n%s", r.stdout)
	}
	if strings.Contains(r.stdout, "0001_users.sql:1:1: error[require-linear-history]") {
		t.Errorf("an applied file is reported against itself:\n%s", r.stdout)
	}
	// Without the database, the directory alone is linear.
	ddlgate(t, dir, "", "lint", "migrations").expect(t, 0)
}

func TestApplyRequireMergedRefusesWhatMainDoesNotHold(t *testing.T) {
	url := dbtest.Scratch(t)
	p := newGitProject(t)
	env := map[string]string{"DATABASE_URL": url}
	p.Write("migrations/0001_users.sql", "CREATE TABLE users (id bigint PRIMARY KEY);\n")
	p.Commit("users")
	p.Git("checkout", "--quiet", "-b", "feature")
	p.Write("migrations/0002_orders.sql", "CREATE TABLE orders (id bigint PRIMARY KEY);\n")
	p.Commit("orders")

	refused := func(args []string, want string) {
		t.Helper()
		r := ddlgateEnv(t, p.Dir, env, args...)
		r.expect(t, 1)
		if !strings.Contains(r.stderr, "apply refused, nothing executed") || !strings.Contains(r.stderr, want) {
			t.Errorf("%q: stderr = %s\nwant %q", args, r.stderr, want)
		}
	}
	orders := filepath.Join("migrations", "0002_orders.sql")
	refused([]string{"apply", "--require-merged", "main"}, orders+": committed on this branch but not on main; merge it first")
	// The config key does the same.
	writeFile(t, filepath.Join(p.Dir, ".ddlgate.yaml"), []byte("gates:\n  apply:\n    require_branch: main\n"))
	refused([]string{"apply"}, orders+": committed on this branch but not on main")

	p.Git("checkout", "--quiet", "main")
	p.Git("merge", "--quiet", "--no-ff", "-m", "Merge pull request #7 from acme/feature", "feature")
	p.Write("migrations/0002_orders.sql", "CREATE TABLE orders (id bigint PRIMARY KEY, note text);\n")
	refused([]string{"apply"}, orders+": modified in the working tree; what would run is not what main holds")
	p.Git("checkout", "--", "migrations/0002_orders.sql")
	p.Write("migrations/0003_emails.sql", "CREATE TABLE emails (id bigint PRIMARY KEY);\n")
	refused([]string{"apply"}, filepath.Join("migrations", "0003_emails.sql")+": not committed; commit it and merge it into main before applying")
	if n := countRows(t, url); n != 0 {
		t.Fatalf("%d history rows after refusals, want none", n)
	}

	p.Git("clean", "--quiet", "-f", "migrations")
	ddlgateEnv(t, p.Dir, env, "apply").expect(t, 0)
	mainCommit := p.Git("rev-parse", "main")
	for _, c := range historyCommits(t, url) {
		if c != mainCommit {
			t.Errorf("recorded git_commit %q, want main's %s", c, mainCommit)
		}
	}
}

// historyCommits returns the git_commit of every row of ddlgate.migrations.
func historyCommits(t *testing.T, url string) []string {
	t.Helper()
	conn, err := pgx.Connect(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	rows, err := conn.Query(context.Background(), "SELECT coalesce(git_commit, '') FROM ddlgate.migrations ORDER BY version")
	if err != nil {
		t.Fatal(err)
	}
	commits, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	if len(commits) == 0 {
		t.Fatal("no history rows")
	}
	return commits
}

func countRows(t *testing.T, url string) int {
	t.Helper()
	conn, err := pgx.Connect(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	var n int
	if err := conn.QueryRow(context.Background(), "SELECT count(*) FROM ddlgate.migrations").Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
