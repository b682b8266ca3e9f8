package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// preCommitProject holds migrations beside .sql files that are not
// migrations: sqlc queries and a schema dump, which a hook over staged
// *.sql files receives too.
func preCommitProject(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{
		"db/migrations/0001_users.sql": "CREATE TABLE users (id bigint PRIMARY KEY, name varchar(50));\n",
		// Binary-coercible only when the history says name is varchar(50).
		"db/migrations/0002_widen.sql": "SET lock_timeout = '2s';\nALTER TABLE users ALTER COLUMN name TYPE varchar(100);\n",
		"db/queries/users.sql":         "-- name: DeleteAll :exec\nDELETE FROM users;\n",
		"db/schema.sql":                "CREATE TABLE users (id int);\nDROP TABLE legacy;\n",
	})
	return dir
}

// TestMigrationsOnlyLintsStagedMigrationsWithHistory is what the pre-commit
// hook runs: only migrations are linted, each with its directory replayed.
func TestMigrationsOnlyLintsStagedMigrationsWithHistory(t *testing.T) {
	dir := preCommitProject(t)
	staged := []string{"db/queries/users.sql", "db/migrations/0002_widen.sql", "db/schema.sql"}
	r := ddlgate(t, dir, "", append([]string{"lint", "--migrations-only", "--format", "json"}, staged...)...)
	r.expect(t, 0)
	rep := decodeReport(t, r)
	if rep.Summary.Files != 1 || rep.Summary.Errors+rep.Summary.Warnings != 0 {
		t.Errorf("want 0002_widen.sql alone, judged with its history (no rewrite):\n%s", r.stdout)
	}
	if !strings.Contains(r.stderr, "not linted: db/queries/users.sql, db/schema.sql") {
		t.Errorf("stderr should name the skipped files: %s", r.stderr)
	}

	r = ddlgate(t, dir, "", "lint", "--migrations-only", "db/queries/users.sql", "db/schema.sql")
	r.expect(t, 0)
	if r.stdout != "" || !strings.Contains(r.stderr, "nothing to lint") {
		t.Errorf("only non-migrations staged: stdout %q stderr %q", r.stdout, r.stderr)
	}

	// A folder the config names is a migrations directory, found or not.
	writeFile(t, filepath.Join(dir, ".ddlgate.yaml"), []byte("migrations:\n  dir: db/queries\n"))
	r = ddlgate(t, dir, "", "lint", "--migrations-only", "db/queries/users.sql")
	r.expect(t, 0)
	if !strings.Contains(r.stdout, "db/queries/users.sql") || !strings.Contains(r.stdout, "ban-unbounded-dml") {
		t.Errorf("the configured directory should be linted:\n%s%s", r.stdout, r.stderr)
	}
}

// TestPreCommitHookLintsOnlyMigrations: the published hook passes
// --migrations-only, so staged queries and dumps stay out.
func TestPreCommitHookLintsOnlyMigrations(t *testing.T) {
	src, err := os.ReadFile(filepath.Join("..", "..", ".pre-commit-hooks.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var hooks []struct {
		ID    string `yaml:"id"`
		Entry string `yaml:"entry"`
		Files string `yaml:"files"`
	}
	if err := yaml.Unmarshal(src, &hooks); err != nil {
		t.Fatal(err)
	}
	if len(hooks) != 1 {
		t.Fatalf("hooks = %+v", hooks)
	}
	args := strings.Fields(hooks[0].Entry)
	if len(args) < 2 || args[0] != "ddlgate" {
		t.Fatalf("entry %q does not run ddlgate", hooks[0].Entry)
	}
	dir := preCommitProject(t)
	staged := []string{"db/queries/users.sql", "db/migrations/0002_widen.sql", "db/schema.sql"}
	r := ddlgate(t, dir, "", append(args[1:], staged...)...)
	r.expect(t, 0)
	if strings.Contains(r.stdout, "schema.sql") || strings.Contains(r.stdout, "users.sql") {
		t.Errorf("the hook linted files that are not migrations:\n%s", r.stdout)
	}
}
