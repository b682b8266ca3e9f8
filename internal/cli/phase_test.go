package cli

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/ddlgate/ddlgate/internal/dbtest"
)

// ddlgateAt runs a command line in-process at the clock now, as OS user
// alice.
func ddlgateAt(t *testing.T, dir string, now time.Time, args ...string) result {
	t.Helper()
	return runIn(dir, "", map[string]string{"USER": "alice"}, now, args...)
}

// phaseProject is a project whose second migration renames users.email.
func phaseProject(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "migrations", "0001_users.sql"), []byte("CREATE TABLE users (id bigint PRIMARY KEY, email varchar(255) NOT NULL);\n"))
	writeFile(t, filepath.Join(dir, "migrations", "0002_rename_email.sql"), []byte("ALTER TABLE users RENAME COLUMN email TO email_address;\n"))
	return dir
}

func TestPhasePlanPrintsThePlanOfTheBreakingStatement(t *testing.T) {
	dir := phaseProject(t)
	r := ddlgateAt(t, dir, time.Now(), "phase", "plan", "migrations/0002_rename_email.sql")
	r.expect(t, 0)
	for _, want := range []string{
		"-- expand phase of rename-users-email\n-- ddlgate:phase expand change=rename-users-email\n",
		"ALTER TABLE users ADD COLUMN email_address varchar(255);",
		"-- backfill phase of rename-users-email\n-- ddlgate:phase backfill change=rename-users-email\n-- ddlgate:no-transaction\n",
		"-- contract phase of rename-users-email\n-- ddlgate:phase contract change=rename-users-email\n",
		"ALTER TABLE users DROP COLUMN email;",
	} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("plan lacks %q:\n%s", want, r.stdout)
		}
	}
	if !strings.Contains(r.stderr, "migrations/0002_rename_email.sql:1: ban-rename-column:") {
		t.Errorf("stderr should name the statement:\n%s", r.stderr)
	}

	r = ddlgateAt(t, dir, time.Now(), "phase", "plan", "migrations/0001_users.sql")
	r.expect(t, 0)
	if !strings.Contains(r.stdout, "no statement needs an expand/contract plan") {
		t.Errorf("stdout = %s", r.stdout)
	}
}

// TestPhasePlanKeepsEveryValue writes the plan of a column rename, applies
// it phase by phase with old and new code writing in between, and checks
// that the renamed column holds every row's value.
func TestPhasePlanKeepsEveryValue(t *testing.T) {
	url := dbtest.Scratch(t)
	dir := phaseProject(t)
	r := ddlgateAt(t, dir, time.Now(), "phase", "plan", "migrations/0002_rename_email.sql", "--write", "migrations")
	r.expect(t, 0)
	for _, f := range []string{"0003_rename_users_email_expand.sql", "0004_rename_users_email_backfill.sql", "0005_rename_users_email_contract.sql"} {
		if !strings.Contains(r.stdout, filepath.Join("migrations", f)) {
			t.Errorf("plan should write %s:\n%s", f, r.stdout)
		}
	}
	// The team replaces the breaking statement by the plan.
	writeFile(t, filepath.Join(dir, "migrations", "0002_rename_email.sql"), []byte("SELECT 1;\n"))
	r = ddlgateAt(t, dir, time.Now(), "lint", "migrations", "--fail-level", "error")
	r.expect(t, 0)

	conn, err := pgx.Connect(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	exec := func(sql string) {
		t.Helper()
		if _, err := conn.Exec(context.Background(), sql); err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
	}
	start := time.Now()
	ddlgateAt(t, dir, start, "apply", "--database-url", url, "--to", "0002_rename_email.sql").expect(t, 0)
	exec("INSERT INTO users SELECT g, 'user' || g || '@example.com' FROM generate_series(1, 25000) g")
	ddlgateAt(t, dir, start, "apply", "--database-url", url, "--to", "0003_rename_users_email_expand.sql").expect(t, 0)
	// Old code writes email, new code writes email_address: the trigger
	// keeps both.
	exec("INSERT INTO users (id, email) VALUES (25001, 'old@example.com')")
	exec("INSERT INTO users (id, email_address) VALUES (25002, 'new@example.com')")
	exec("UPDATE users SET email = 'changed@example.com' WHERE id = 7")
	ddlgateAt(t, dir, start, "apply", "--database-url", url, "--to", "0004_rename_users_email_backfill.sql").expect(t, 0)
	var before string
	if err := conn.QueryRow(context.Background(), "SELECT md5(string_agg(id || ':' || email, ',' ORDER BY id)) FROM users").Scan(&before); err != nil {
		t.Fatal(err)
	}

	r = ddlgateAt(t, dir, start.Add(time.Hour), "apply", "--database-url", url)
	r.expect(t, 1)
	if !strings.Contains(r.stderr, "error[ban-contract-too-soon] contract phase of change rename-users-email is too soon") {
		t.Errorf("contract an hour after the expand should be refused:\n%s", r.stderr)
	}
	ddlgateAt(t, dir, start.Add(25*time.Hour), "apply", "--database-url", url).expect(t, 0)

	var after string
	var columns int
	if err := conn.QueryRow(context.Background(), "SELECT md5(string_agg(id || ':' || email_address, ',' ORDER BY id)), (SELECT count(*) FROM information_schema.columns WHERE table_name = 'users') FROM users").Scan(&after, &columns); err != nil {
		t.Fatal(err)
	}
	if after != before || columns != 2 {
		t.Errorf("after the contract: checksum %s (before %s), %d columns (want id, email_address)", after, before, columns)
	}
}

func TestPhaseStatusShowsTwoEnvironmentsSideBySide(t *testing.T) {
	staging, production := dbtest.Scratch(t), dbtest.Scratch(t)
	dir := phaseProject(t)
	ddlgateAt(t, dir, time.Now(), "phase", "plan", "migrations/0002_rename_email.sql", "--write", "migrations").expect(t, 0)
	writeFile(t, filepath.Join(dir, "migrations", "0002_rename_email.sql"), []byte("SELECT 1;\n"))
	now := time.Now()
	ddlgateAt(t, dir, now, "apply", "--database-url", production, "--to", "0004_rename_users_email_backfill.sql").expect(t, 0)
	ddlgateAt(t, dir, now, "apply", "--database-url", staging, "--to", "0002_rename_email.sql").expect(t, 0)

	r := ddlgateAt(t, dir, now, "phase", "status", "--database-url", "staging="+staging, "--database-url", "production="+production)
	r.expect(t, 0)
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	if len(lines) != 4 || !strings.HasPrefix(lines[0], "CHANGE") || !strings.HasSuffix(strings.TrimSpace(lines[0]), "STAGING  PRODUCTION") {
		t.Fatalf("status:\n%s", r.stdout)
	}
	day := now.UTC().Format("2006-01-02")
	for i, want := range [][]string{
		{"rename-users-email", "expand", "0003_rename_users_email_expand.sql", "pending", "applied " + day},
		{"backfill", "0004_rename_users_email_backfill.sql", "pending", "applied " + day},
		{"contract", "0005_rename_users_email_contract.sql", "pending", "pending"},
	} {
		fields := strings.Join(strings.Fields(lines[i+1]), " ")
		if !strings.HasPrefix(fields, strings.Join(want, " ")) {
			t.Errorf("line %d = %q, want it to start with %q", i+2, fields, strings.Join(want, " "))
		}
	}

	// Someone contracted staging by hand, without its expand.
	conn, err := pgx.Connect(context.Background(), staging)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	if _, err := conn.Exec(context.Background(), `INSERT INTO ddlgate.migrations (version, checksum, applied_by, success) VALUES ('0005_rename_users_email_contract.sql', 'x', 'bob', true)`); err != nil {
		t.Fatal(err)
	}
	r = ddlgateAt(t, dir, now, "phase", "status", "--database-url", "staging="+staging, "--database-url", "production="+production, "--format", "json")
	r.expect(t, 1)
	var st phaseStatus
	if err := json.Unmarshal([]byte(r.stdout), &st); err != nil {
		t.Fatal(err)
	}
	if len(st.Problems) != 1 || st.Problems[0] != "staging: change rename-users-email is contracted but its expand phase is not applied" {
		t.Errorf("problems = %q", st.Problems)
	}
	if len(st.Changes) != 1 || len(st.Changes[0].Files) != 3 || !st.Changes[0].Files[0].Applied[1].Applied || st.Changes[0].Files[0].Applied[0].Applied {
		t.Errorf("changes = %+v", st.Changes)
	}
}

func TestApplyReadsMinAgeFromConfig(t *testing.T) {
	url := dbtest.Scratch(t)
	dir := phaseProject(t)
	ddlgateAt(t, dir, time.Now(), "phase", "plan", "migrations/0002_rename_email.sql", "--write", "migrations").expect(t, 0)
	writeFile(t, filepath.Join(dir, "migrations", "0002_rename_email.sql"), []byte("SELECT 1;\n"))
	writeFile(t, filepath.Join(dir, ".ddlgate.yaml"), []byte("rules:\n  ban-contract-too-soon:\n    params:\n      min_age_by_change:\n        rename-users-email: 10m\n"))
	now := time.Now()
	ddlgateAt(t, dir, now, "apply", "--database-url", url, "--to", "0004_rename_users_email_backfill.sql").expect(t, 0)
	r := ddlgateAt(t, dir, now.Add(5*time.Minute), "apply", "--database-url", url)
	r.expect(t, 1)
	if !strings.Contains(r.stderr, "min_age is 10m") {
		t.Errorf("stderr = %s", r.stderr)
	}
	ddlgateAt(t, dir, now.Add(11*time.Minute), "apply", "--database-url", url).expect(t, 0)
}

// An environment that never ran the expand runs expand and contract in one
// apply: the expand would be seconds old, so ban-contract-too-soon refuses
// and nothing runs; up to the backfill, the apply goes through.
func TestApplyRefusesExpandAndContractInOneRun(t *testing.T) {
	url := dbtest.Scratch(t)
	dir := phaseProject(t)
	ddlgateAt(t, dir, time.Now(), "phase", "plan", "migrations/0002_rename_email.sql", "--write", "migrations").expect(t, 0)
	writeFile(t, filepath.Join(dir, "migrations", "0002_rename_email.sql"), []byte("SELECT 1;\n"))
	now := time.Now()
	ddlgateAt(t, dir, now, "apply", "--database-url", url, "--to", "0001_users.sql").expect(t, 0)
	r := ddlgateAt(t, dir, now.Add(7*24*time.Hour), "apply", "--database-url", url)
	r.expect(t, 1)
	if !strings.Contains(r.stderr, "0005_rename_users_email_contract.sql:3:1: error[ban-contract-too-soon] contract phase of change rename-users-email would run in the same apply as its expand phase") ||
		strings.Contains(r.stderr, "require-expand-before-contract") {
		t.Errorf("refusal:\n%s", r.stderr)
	}
	ddlgateAt(t, dir, now, "apply", "--database-url", url, "--to", "0004_rename_users_email_backfill.sql").expect(t, 0)
}

func TestPhaseStatusWithoutChanges(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "migrations", "0001_users.sql"), []byte("CREATE TABLE users (id bigint PRIMARY KEY);\n"))
	r := ddlgateAt(t, dir, time.Now(), "phase", "status")
	r.expect(t, 0)
	if !strings.Contains(r.stdout, "no expand/contract changes") {
		t.Errorf("stdout = %s", r.stdout)
	}
	if _, err := os.Stat(filepath.Join(dir, "migrations", "ddlgate.sum")); err == nil {
		t.Error("status must not write anything")
	}
}

// A type change's plan casts both ways in its dual-write trigger, so it
// needs the column's old type: with the history, the written plan runs on
// the server end to end; without it, --write refuses and names what is
// missing rather than writing a <type> placeholder PostgreSQL rejects.
func TestPhasePlanWritesOnlyRunnableSQL(t *testing.T) {
	url := dbtest.Scratch(t)
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "migrations", "0001_orders.sql"), []byte("CREATE TABLE orders (id bigint PRIMARY KEY, score int NOT NULL);\n"))
	retype := []byte("ALTER TABLE orders ALTER COLUMN score TYPE bigint;\n")
	writeFile(t, filepath.Join(dir, "migrations", "0002_score_bigint.sql"), retype)

	// The file alone, with an empty history: the old type is unknown.
	alone := t.TempDir()
	writeFile(t, filepath.Join(alone, "0002_score_bigint.sql"), retype)
	empty := t.TempDir()
	r := ddlgateAt(t, dir, time.Now(), "phase", "plan", filepath.Join(alone, "0002_score_bigint.sql"), "--history", empty, "--write", "migrations")
	r.expect(t, 2)
	for _, want := range []string{"0002_score_bigint.sql:1: the type of column public.orders.score", "--history", "nothing written"} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("refusal lacks %q:\n%s", want, r.stderr)
		}
	}
	if entries, _ := os.ReadDir(filepath.Join(dir, "migrations")); len(entries) != 2 {
		t.Errorf("files were written: %v", entries)
	}
	// Printing it is fine, with the placeholder and a warning.
	r = ddlgateAt(t, dir, time.Now(), "phase", "plan", filepath.Join(alone, "0002_score_bigint.sql"), "--history", empty)
	r.expect(t, 0)
	if !strings.Contains(r.stdout, "NEW.score_new::<type>") || !strings.Contains(r.stderr, "warning: the plan is incomplete") {
		t.Errorf("printed plan:\n%s\nstderr:\n%s", r.stdout, r.stderr)
	}

	// With its directory as history, the plan is complete and runs.
	r = ddlgateAt(t, dir, time.Now(), "phase", "plan", "migrations/0002_score_bigint.sql", "--write", "migrations")
	r.expect(t, 0)
	expand, err := os.ReadFile(filepath.Join(dir, "migrations", "0003_retype_orders_score_expand.sql"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(expand), "NEW.score_new::int;") || strings.Contains(string(expand), "<type>") {
		t.Errorf("expand:\n%s", expand)
	}
	writeFile(t, filepath.Join(dir, "migrations", "0002_score_bigint.sql"), []byte("SELECT 1;\n"))
	writeFile(t, filepath.Join(dir, ".ddlgate.yaml"), []byte("rules:\n  ban-contract-too-soon:\n    params:\n      min_age_by_change:\n        retype-orders-score: 0s\n"))
	conn, err := pgx.Connect(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	ddlgateAt(t, dir, time.Now(), "apply", "--database-url", url, "--to", "0003_retype_orders_score_expand.sql").expect(t, 0)
	// Old code writes score, new code score_new: the trigger casts both.
	for _, sql := range []string{"INSERT INTO orders (id, score) VALUES (1, 7)", "INSERT INTO orders (id, score_new) VALUES (2, 42)"} {
		if _, err := conn.Exec(context.Background(), sql); err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
	}
	r = ddlgateAt(t, dir, time.Now(), "apply", "--database-url", url)
	r.expect(t, 0)
	var got string
	if err := conn.QueryRow(context.Background(), "SELECT string_agg(id || ':' || score_new, ',' ORDER BY id) FROM orders").Scan(&got); err != nil || got != "1:7,2:42" {
		t.Errorf("score_new after the contract: %q, %v", got, err)
	}
}
