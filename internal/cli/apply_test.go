package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/ddlgate/ddlgate/internal/connstr"
	"github.com/ddlgate/ddlgate/internal/dbtest"
)

// applyProject copies the apply fixture into a project directory as
// migrations/.
func applyProject(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.CopyFS(filepath.Join(dir, "migrations"), os.DirFS(filepath.Join("..", "..", "testdata", "apply", "basic"))); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestApplyStatusWithRealPolicies(t *testing.T) {
	url := dbtest.Scratch(t)
	dir := applyProject(t)
	env := map[string]string{"DATABASE_URL": url, "USER": "alice"}

	r := ddlgateEnv(t, dir, env, "apply", "--dry-run")
	r.expect(t, 0)
	for _, want := range []string{"dry run: 3 migration(s)", "lock: ACCESS EXCLUSIVE on public.users", "lock: SHARE UPDATE EXCLUSIVE on public.users"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("dry run should show %q:\n%s", want, r.stdout)
		}
	}

	r = ddlgateEnv(t, dir, env, "apply")
	r.expect(t, 0)
	if !strings.Contains(r.stdout, "applied 3 migration(s)") {
		t.Errorf("apply output:\n%s", r.stdout)
	}

	r = ddlgateEnv(t, dir, env, "status", "--format", "json")
	r.expect(t, 0)
	var st struct {
		Counts     map[string]int `json:"counts"`
		Migrations []struct {
			Version string `json:"version"`
			State   string `json:"state"`
		} `json:"migrations"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &st); err != nil {
		t.Fatalf("status json: %v\n%s", err, r.stdout)
	}
	if st.Counts["applied"] != 3 || len(st.Migrations) != 3 {
		t.Errorf("status after apply: %s", r.stdout)
	}

	// A contract step that policy refuses: nothing runs, the column stays.
	writeFile(t, filepath.Join(dir, "migrations", "0004_drop_name.sql"), []byte("ALTER TABLE users DROP COLUMN name;\n"))
	r = ddlgateEnv(t, dir, env, "apply")
	r.expect(t, 1)
	if !strings.Contains(r.stderr, "0004_drop_name.sql:1:") || !strings.Contains(r.stderr, "ban-drop-column") {
		t.Errorf("refusal should name the file and rule:\n%s", r.stderr)
	}
	conn, err := pgx.Connect(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	var n int
	if err := conn.QueryRow(context.Background(), `SELECT count(*) FROM information_schema.columns WHERE table_name = 'users' AND column_name = 'name'`).Scan(&n); err != nil || n != 1 {
		t.Errorf("users.name was dropped (count %d, err %v)", n, err)
	}

	r = ddlgateEnv(t, dir, env, "status")
	r.expect(t, 0)
	if !strings.Contains(r.stdout, "3 applied, 1 pending") {
		t.Errorf("status text:\n%s", r.stdout)
	}

	// A reviewed waiver lets it through, and the audit row keeps the waiver.
	// A contract needs its change's expand applied first: here in the same
	// run, which a zero min_age for the change allows.
	writeFile(t, filepath.Join(dir, "migrations", "0004_drop_name.sql"), []byte(
		"-- ddlgate:phase contract change=drop-name\n-- ddlgate:ignore ban-drop-column reason=\"name unused since v2\" owner=@data\nALTER TABLE users DROP COLUMN name;\n"))
	writeFile(t, filepath.Join(dir, "migrations", "0003_zz_drop_name_expand.sql"), []byte("-- ddlgate:phase expand change=drop-name\nSELECT 1;\n"))
	writeFile(t, filepath.Join(dir, ".ddlgate.yaml"), []byte("rules:\n  ban-contract-too-soon:\n    params:\n      min_age_by_change:\n        drop-name: 0s\n"))
	r = ddlgateEnv(t, dir, env, "apply")
	r.expect(t, 0)
	var waivers, phase, change string
	err = conn.QueryRow(context.Background(), `SELECT waivers::text, coalesce(phase, ''), coalesce(change, '') FROM ddlgate.migrations WHERE version = '0004_drop_name.sql'`).Scan(&waivers, &phase, &change)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(waivers, `"reason": "name unused since v2"`) || !strings.Contains(waivers, `"ban-drop-column"`) || !strings.Contains(waivers, `"owner": "@data"`) {
		t.Errorf("waivers column = %s", waivers)
	}
	if phase != "contract" || change != "drop-name" {
		t.Errorf("phase/change = %q/%q, want contract/drop-name", phase, change)
	}
}

func TestHashAndCheck(t *testing.T) {
	dir := applyProject(t)
	r := ddlgateEnv(t, dir, nil, "hash")
	r.expect(t, 0)
	if !strings.Contains(r.stdout, "wrote migrations/ddlgate.sum (3 migrations)") {
		t.Errorf("hash output: %s", r.stdout)
	}
	ddlgateEnv(t, dir, nil, "hash", "--check").expect(t, 0)
	writeFile(t, filepath.Join(dir, "migrations", "0002_add_email.sql"), []byte("ALTER TABLE users ADD COLUMN email varchar(50);\n"))
	r = ddlgateEnv(t, dir, nil, "hash", "--check")
	r.expect(t, 1)
	if !strings.Contains(r.stdout, "0002_add_email.sql: modified") {
		t.Errorf("check output: %s", r.stdout)
	}
}

func TestDatabaseCommandsUsageAndConnectionErrors(t *testing.T) {
	dir := applyProject(t)
	tests := []struct {
		name string
		env  map[string]string
		args []string
		want string
	}{
		{"no url", nil, []string{"apply"}, "pass --database-url or set DATABASE_URL"},
		{"unreachable", nil, []string{"status", "--database-url", "postgres://app:s3cr3t@127.0.0.1:1/db?connect_timeout=2"}, "postgres://app:xxxxx@127.0.0.1:1/db"},
		{"bad url", map[string]string{"DATABASE_URL": "postgres://app:s3cr3t@host:port/db"}, []string{"apply"}, "invalid connection string (URL form): invalid port"},
		{"repair without version", nil, []string{"repair", "--database-url", "postgres://x@127.0.0.1:1/db"}, "--version is required"},
		{"baseline unknown tool", nil, []string{"baseline-db", "--from", "flyway", "--database-url", "postgres://x@127.0.0.1:1/db"}, `unknown tool "flyway"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := ddlgateEnv(t, dir, tt.env, tt.args...)
			r.expect(t, 2)
			if !strings.Contains(r.stderr, tt.want) {
				t.Errorf("stderr should contain %q:\n%s", tt.want, r.stderr)
			}
			if strings.Contains(r.stdout+r.stderr, "s3cr3t") {
				t.Errorf("output leaks the password:\n%s%s", r.stdout, r.stderr)
			}
		})
	}
}

// On an empty database, a table that an earlier pending migration of the
// same apply creates is new and empty: indexing it later in the run locks
// nothing anyone waits for, so apply lets the history through. Once the
// table exists in the database, the same index build is refused.
func TestApplyJudgesTablesOfTheSameRunAsNew(t *testing.T) {
	url := dbtest.Scratch(t)
	dir := t.TempDir()
	env := map[string]string{"DATABASE_URL": url, "USER": "alice"}
	writeFile(t, filepath.Join(dir, "migrations", "0001_users.sql"), []byte("CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL);\n"))
	writeFile(t, filepath.Join(dir, "migrations", "0002_users_email.sql"), []byte("CREATE INDEX users_email_idx ON users (email);\n"))
	r := ddlgateEnv(t, dir, env, "apply")
	r.expect(t, 0)
	if !strings.Contains(r.stdout, "applied 2 migration(s)") {
		t.Errorf("apply output:\n%s", r.stdout)
	}

	// Now users exists (and could hold rows): a new index on it is judged.
	writeFile(t, filepath.Join(dir, "migrations", "0003_users_email_lower.sql"), []byte("CREATE INDEX users_email_lower_idx ON users (lower(email));\n"))
	r = ddlgateEnv(t, dir, env, "apply")
	r.expect(t, 1)
	if !strings.Contains(r.stderr, "0003_users_email_lower.sql:1:1: error[require-concurrent-index-creation]") {
		t.Errorf("the index on an existing table should be refused:\n%s", r.stderr)
	}
}

// TestApplyReportsAnUnreachableDatabaseAndGoesOn applies to two databases
// and one that cannot be reached, listed in a --databases file: the two are
// applied, the third is a reported error, not an abort of the others, and
// the exit code is the worst of them.
func TestApplyReportsAnUnreachableDatabaseAndGoesOn(t *testing.T) {
	dbs := []string{dbtest.Scratch(t), dbtest.Scratch(t)}
	gone := "postgres://app:s3cr3t@127.0.0.1:1/gone?connect_timeout=2"
	dir := applyProject(t)
	hooks := newHookServer(t)
	list := filepath.Join(dir, "dbs.txt")
	writeFile(t, list, []byte("# shards\n"+dbs[0]+"\n"+gone+"\n\n"+dbs[1]+"\n"))

	r := ddlgateEnv(t, dir, map[string]string{"USER": "alice"}, "apply", "--databases", list, "--parallel", "3", "--notify", hooks.URL)
	r.expect(t, 2)
	if strings.Contains(r.stdout+r.stderr, "s3cr3t") {
		t.Errorf("a password is printed:\n%s%s", r.stdout, r.stderr)
	}
	for _, u := range dbs {
		if got := queryInt(t, u, `SELECT count(*) FROM ddlgate.migrations WHERE success`); got != 3 {
			t.Errorf("%s: %d migrations recorded, want 3", connstr.Redact(u), got)
		}
	}
	width := len(connstr.Redact(gone))
	for _, u := range dbs {
		width = max(width, len(connstr.Redact(u)))
	}
	row := func(db, status, applied string) string {
		return fmt.Sprintf("\n%-*s  %-11s  %s\n", width, connstr.Redact(db), status, applied)
	}
	for _, want := range []string{
		"== " + connstr.Redact(gone) + "\nerror: connect to " + connstr.Redact(gone),
		fmt.Sprintf("\n%-*s  %-11s  %s\n", width, "database", "status", "applied"),
		row(dbs[0], "applied", "3"), row(gone, "error", "-"), row(dbs[1], "applied", "3"),
	} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("apply output lacks %q:\n%s", want, r.stdout)
		}
	}
	verdicts := map[string]string{}
	for _, ev := range hooks.events {
		verdicts[ev.Database] = ev.Verdict
	}
	if len(hooks.events) != 3 || verdicts[connstr.Redact(gone)] != "error" ||
		verdicts[connstr.Redact(dbs[0])] != "applied" || verdicts[connstr.Redact(dbs[1])] != "applied" {
		t.Errorf("apply events = %+v", hooks.events)
	}
}

// queryInt runs a query of one integer on a database.
func queryInt(t *testing.T, url, sql string) int {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var n int
	if err := conn.QueryRow(ctx, sql).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
