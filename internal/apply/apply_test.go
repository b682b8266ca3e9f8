package apply

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/ddlgate/ddlgate/internal/dbtest"
	"github.com/ddlgate/ddlgate/internal/migrations"
)

// copyFixture copies testdata/apply/<name> into a temporary directory the
// test may edit.
func copyFixture(t *testing.T, name string) string {
	t.Helper()
	src := filepath.Join("..", "..", "testdata", "apply", name)
	entries, err := os.ReadDir(src)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(src, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		writeFile(t, dir, e.Name(), string(data))
	}
	return dir
}

func writeFile(t *testing.T, dir, name, content string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func discover(t *testing.T, dir string) []migrations.Migration {
	t.Helper()
	ms, err := migrations.Discover([]string{dir}, migrations.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return ms
}

func testOptions(t *testing.T, url, dir string, out *bytes.Buffer) Options {
	return Options{
		DatabaseURL: url, Dir: dir, Migrations: discover(t, dir),
		Linter:       testLinter(t),
		LockTimeout:  2 * time.Second,
		LockRetries:  2,
		RetryBackoff: 10 * time.Millisecond,
		Out:          out,
		Getenv: func(k string) string {
			return map[string]string{"USER": "alice", "GITHUB_ACTOR": "octocat", "GITHUB_RUN_ID": "42"}[k]
		},
	}
}

func connect(t *testing.T, url string) *pgx.Conn {
	t.Helper()
	conn, err := pgx.Connect(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close(context.Background()) })
	return conn
}

func queryInt(t *testing.T, conn *pgx.Conn, sql string, args ...any) int {
	t.Helper()
	var n int
	if err := conn.QueryRow(context.Background(), sql, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	return n
}

func columnExists(t *testing.T, conn *pgx.Conn, table, column string) bool {
	return queryInt(t, conn, `SELECT count(*)::int FROM information_schema.columns WHERE table_name = $1 AND column_name = $2`, table, column) == 1
}

func historyVersions(t *testing.T, conn *pgx.Conn) []string {
	t.Helper()
	rows, err := conn.Query(context.Background(), `SELECT version FROM ddlgate.migrations ORDER BY version`)
	if err != nil {
		t.Fatal(err)
	}
	vs, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	return vs
}

func TestApplyThreeMigrationsThenNothing(t *testing.T) {
	url := dbtest.Scratch(t)
	dir := copyFixture(t, "basic")
	var out bytes.Buffer
	ctx := context.Background()

	res, err := Apply(ctx, testOptions(t, url, dir, &out))
	if err != nil {
		t.Fatalf("apply: %v\n%s", err, out.String())
	}
	want := []string{"0001_create_users.sql", "0002_add_email.sql", "0003_index_email.sql"}
	if strings.Join(res.Applied, ",") != strings.Join(want, ",") {
		t.Fatalf("applied %v, want %v", res.Applied, want)
	}

	conn := connect(t, url)
	if !columnExists(t, conn, "users", "email") {
		t.Error("users.email was not added")
	}
	if n := queryInt(t, conn, `SELECT count(*)::int FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
		WHERE i.relname = 'users_email_idx' AND x.indisvalid`); n != 1 {
		t.Error("users_email_idx missing or invalid")
	}
	if got := historyVersions(t, conn); strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("history %v, want %v", got, want)
	}

	rows, err := readHistory(ctx, conn)
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range want {
		r := rows[v]
		src, _ := os.ReadFile(filepath.Join(dir, v))
		if r.Checksum != migrations.FileHash(src) {
			t.Errorf("%s: checksum %s, want the file's hash", v, r.Checksum)
		}
		if !r.Success || r.Dirty || r.Baseline {
			t.Errorf("%s: success=%v dirty=%v baseline=%v, want true false false", v, r.Success, r.Dirty, r.Baseline)
		}
		if r.Path != v || r.Name == "" {
			t.Errorf("%s: path %q name %q", v, r.Path, r.Name)
		}
		if want := "postgres (os: alice; ci: github:octocat run 42)"; r.AppliedBy != want {
			t.Errorf("%s: applied_by %q, want %q", v, r.AppliedBy, want)
		}
		var verdict struct {
			Decision string            `json:"decision"`
			Findings []json.RawMessage `json:"findings"`
		}
		if err := json.Unmarshal(r.Verdict, &verdict); err != nil || verdict.Decision != "pass" || verdict.Findings == nil {
			t.Errorf("%s: verdict %s (%v), want a pass with a findings array", v, r.Verdict, err)
		}
		if string(r.Waivers) != "[]" {
			t.Errorf("%s: waivers %s, want []", v, r.Waivers)
		}
		if time.Since(r.AppliedAt) > time.Minute {
			t.Errorf("%s: applied_at %s is not now", v, r.AppliedAt)
		}
	}

	out.Reset()
	again, err := Apply(ctx, testOptions(t, url, dir, &out))
	if err != nil {
		t.Fatalf("second apply: %v", err)
	}
	if len(again.Applied) != 0 || again.Pending != 0 {
		t.Errorf("second apply applied %v (pending %d), want a no-op", again.Applied, again.Pending)
	}
	if !strings.Contains(out.String(), "nothing to apply") {
		t.Errorf("second apply output %q should say there is nothing to apply", out.String())
	}
}

func TestApplyRefusesEditedAppliedFile(t *testing.T) {
	url := dbtest.Scratch(t)
	dir := t.TempDir()
	writeFile(t, dir, "0001_users.sql", "CREATE TABLE users (id bigint PRIMARY KEY);\n")
	var out bytes.Buffer
	if _, err := Apply(context.Background(), testOptions(t, url, dir, &out)); err != nil {
		t.Fatal(err)
	}
	writeFile(t, dir, "0001_users.sql", "CREATE TABLE users (id bigint PRIMARY KEY, name text);\n")
	writeFile(t, dir, "0002_email.sql", "ALTER TABLE users ADD COLUMN email text;\n")

	_, err := Apply(context.Background(), testOptions(t, url, dir, &out))
	var refused *RefusedError
	if !errors.As(err, &refused) || ExitCode(err) != 1 {
		t.Fatalf("err = %v, want a refusal with exit 1", err)
	}
	if !strings.Contains(err.Error(), "0001_users.sql") || !strings.Contains(err.Error(), "modified") {
		t.Errorf("refusal %q should name the modified file", err)
	}
	conn := connect(t, url)
	if columnExists(t, conn, "users", "email") {
		t.Error("the pending file was executed despite the refusal")
	}
	if got := historyVersions(t, conn); len(got) != 1 {
		t.Errorf("history %v, want only the first file", got)
	}
}

func TestApplyRefusesFilesThatDifferFromSum(t *testing.T) {
	url := dbtest.Scratch(t)
	dir := copyFixture(t, "basic")
	if _, err := migrations.WriteSum(dir, discover(t, dir)); err != nil {
		t.Fatal(err)
	}
	writeFile(t, dir, "0004_unreviewed.sql", "ALTER TABLE users ADD COLUMN nickname text;\n")
	var out bytes.Buffer
	_, err := Apply(context.Background(), testOptions(t, url, dir, &out))
	if ExitCode(err) != 1 || err == nil || !strings.Contains(err.Error(), "0004_unreviewed.sql: not in ddlgate.sum") {
		t.Fatalf("err = %v, want a refusal naming the unreviewed file", err)
	}
	conn := connect(t, url)
	if n := queryInt(t, conn, `SELECT count(*)::int FROM pg_tables WHERE tablename = 'users'`); n != 0 {
		t.Error("files were executed despite the sum mismatch")
	}
}

func TestApplyRefusesPolicyFinding(t *testing.T) {
	url := dbtest.Scratch(t)
	dir := t.TempDir()
	writeFile(t, dir, "0001_users.sql", "CREATE TABLE users (id bigint PRIMARY KEY, legacy text);\n")
	var out bytes.Buffer
	if _, err := Apply(context.Background(), testOptions(t, url, dir, &out)); err != nil {
		t.Fatal(err)
	}
	writeFile(t, dir, "0002_drop_legacy.sql", "-- cleanup\nALTER TABLE users DROP COLUMN legacy;\n")
	_, err := Apply(context.Background(), testOptions(t, url, dir, &out))
	if ExitCode(err) != 1 {
		t.Fatalf("err = %v, want a refusal", err)
	}
	if want := "0002_drop_legacy.sql:2:1: error[ban-drop-column]"; !strings.Contains(err.Error(), want) {
		t.Errorf("refusal %q should contain %q", err, want)
	}
	conn := connect(t, url)
	if !columnExists(t, conn, "users", "legacy") {
		t.Error("users.legacy was dropped despite the policy")
	}
	if got := historyVersions(t, conn); len(got) != 1 {
		t.Errorf("history %v, want only the first file", got)
	}
}

func TestApplyFailingStatementRollsBackFile(t *testing.T) {
	url := dbtest.Scratch(t)
	dir := t.TempDir()
	writeFile(t, dir, "0001_users.sql", "CREATE TABLE users (id bigint PRIMARY KEY);\n")
	writeFile(t, dir, "0002_broken.sql", "CREATE TABLE audit (id bigint PRIMARY KEY);\n\nINSERT INTO users (id,\n  missing) VALUES (1, 2);\nCREATE TABLE never (id int);\n")
	var out bytes.Buffer
	_, err := Apply(context.Background(), testOptions(t, url, dir, &out))
	var failed *MigrationError
	if !errors.As(err, &failed) || ExitCode(err) != 1 {
		t.Fatalf("err = %v, want a migration failure with exit 1", err)
	}
	// The statement starts on line 3; the server points at "missing" on line 4.
	if failed.Line != 4 || failed.Col != 3 || !strings.Contains(err.Error(), "0002_broken.sql:4:3:") {
		t.Errorf("error %q should locate the failing statement at line 4", err)
	}
	var pgErr *pgconn.PgError
	if !errors.As(err, &pgErr) || pgErr.Code != "42703" || !strings.Contains(err.Error(), `column "missing" of relation "users" does not exist`) {
		t.Errorf("error %q should carry the SQL error", err)
	}
	conn := connect(t, url)
	if n := queryInt(t, conn, `SELECT count(*)::int FROM pg_tables WHERE tablename = 'audit'`); n != 0 {
		t.Error("the first statement of the failed file was kept")
	}
	if got := historyVersions(t, conn); strings.Join(got, ",") != "0001_users.sql" {
		t.Errorf("history %v, want only the first file", got)
	}
}

func TestConcurrentAppliesApplyEachMigrationOnce(t *testing.T) {
	url := dbtest.Scratch(t)
	dir := copyFixture(t, "basic")
	// A slow first file makes sure both appliers are running at once.
	writeFile(t, dir, "0001_create_users.sql", "SELECT pg_sleep(0.3);\nCREATE TABLE users (id bigint PRIMARY KEY, name text NOT NULL);\n")

	var wg sync.WaitGroup
	results := make([]*Result, 2)
	errs := make([]error, 2)
	outs := make([]bytes.Buffer, 2)
	for i := range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i], errs[i] = Apply(context.Background(), testOptions(t, url, dir, &outs[i]))
		}()
	}
	wg.Wait()
	total := 0
	for i := range 2 {
		if errs[i] != nil {
			t.Fatalf("applier %d: %v\n%s", i, errs[i], outs[i].String())
		}
		total += len(results[i].Applied)
	}
	if total != 3 {
		t.Errorf("appliers applied %d migrations in total, want 3 (each exactly once)", total)
	}
	if !strings.Contains(outs[0].String()+outs[1].String(), "waiting") {
		t.Error("neither applier reported waiting for the migration lock")
	}
	conn := connect(t, url)
	if got := historyVersions(t, conn); len(got) != 3 {
		t.Errorf("history %v, want 3 rows", got)
	}
}

func TestApplyRetriesLockTimeoutThenFails(t *testing.T) {
	url := dbtest.Scratch(t)
	dir := t.TempDir()
	writeFile(t, dir, "0001_users.sql", "CREATE TABLE users (id bigint PRIMARY KEY);\n")
	var out bytes.Buffer
	if _, err := Apply(context.Background(), testOptions(t, url, dir, &out)); err != nil {
		t.Fatal(err)
	}
	holder := connect(t, url)
	ctx := context.Background()
	if _, err := holder.Exec(ctx, "BEGIN; LOCK TABLE users IN ACCESS EXCLUSIVE MODE"); err != nil {
		t.Fatal(err)
	}
	defer holder.Exec(ctx, "ROLLBACK")

	writeFile(t, dir, "0002_email.sql", "ALTER TABLE users ADD COLUMN email text;\n")
	out.Reset()
	o := testOptions(t, url, dir, &out)
	o.LockTimeout = 50 * time.Millisecond
	_, err := Apply(ctx, o)
	var failed *MigrationError
	if !errors.As(err, &failed) || !isLockTimeout(err) {
		t.Fatalf("err = %v, want a lock timeout failure", err)
	}
	for _, want := range []string{"retry 1 of 2", "retry 2 of 2"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output %q should report %q", out.String(), want)
		}
	}
	if !strings.Contains(err.Error(), "gave up after 3 attempts") || !strings.Contains(err.Error(), "0002_email.sql:1:1") {
		t.Errorf("error %q should say it gave up and where", err)
	}
	if columnExists(t, holder, "users", "email") {
		t.Error("users.email exists although every attempt timed out")
	}
}

func TestDryRunExecutesNothing(t *testing.T) {
	url := dbtest.Scratch(t)
	dir := copyFixture(t, "basic")
	var out bytes.Buffer
	o := testOptions(t, url, dir, &out)
	o.DryRun = true
	res, err := Apply(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Applied) != 3 {
		t.Errorf("plan lists %v, want 3 files", res.Applied)
	}
	for _, want := range []string{"dry run: 3 migration(s)", "0003_index_email.sql  (without a transaction", "line 2: CREATE INDEX CONCURRENTLY"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("plan should contain %q:\n%s", want, out.String())
		}
	}
	conn := connect(t, url)
	if n := queryInt(t, conn, `SELECT count(*)::int FROM pg_namespace WHERE nspname = 'ddlgate'`); n != 0 {
		t.Error("dry run created the ddlgate schema")
	}
}

func TestApplyToVersionAndOutOfOrder(t *testing.T) {
	url := dbtest.Scratch(t)
	dir := copyFixture(t, "basic")
	var out bytes.Buffer
	o := testOptions(t, url, dir, &out)
	o.To = "0002_add_email.sql"
	if _, err := Apply(context.Background(), o); err != nil {
		t.Fatal(err)
	}
	conn := connect(t, url)
	if got := historyVersions(t, conn); len(got) != 2 {
		t.Fatalf("--to applied %v, want the first two", got)
	}
	if _, err := Apply(context.Background(), testOptions(t, url, dir, &out)); err != nil {
		t.Fatal(err)
	}

	writeFile(t, dir, "0000_early.sql", "CREATE TABLE early (id bigint PRIMARY KEY);\n")
	_, err := Apply(context.Background(), testOptions(t, url, dir, &out))
	if ExitCode(err) != 1 || !strings.Contains(err.Error(), "sorts before an applied migration") {
		t.Fatalf("err = %v, want an out-of-order refusal", err)
	}
	o = testOptions(t, url, dir, &out)
	o.AllowOutOfOrder = true
	if _, err := Apply(context.Background(), o); err != nil {
		t.Fatalf("--allow-out-of-order: %v", err)
	}
	if got := historyVersions(t, conn); len(got) != 4 {
		t.Errorf("history %v, want 4 rows", got)
	}
}

func TestBadURLAndUnreachableServerExit2WithoutPassword(t *testing.T) {
	for _, url := range []string{
		"postgres://app:s3cr3t@127.0.0.1:1/db?connect_timeout=2",
		"postgres://app:s3cr3t@[bad/db",
	} {
		_, err := Apply(context.Background(), Options{DatabaseURL: url, Linter: testLinter(t)})
		if ExitCode(err) != 2 {
			t.Errorf("%s: exit %d (err %v), want 2", url, ExitCode(err), err)
		}
		if err != nil && strings.Contains(err.Error(), "s3cr3t") {
			t.Errorf("error leaks the password: %v", err)
		}
	}
}

func TestApplyRefusesSumWithMergeConflict(t *testing.T) {
	url := dbtest.Scratch(t)
	dir := copyFixture(t, "basic")
	writeFile(t, dir, migrations.SumFileName, "h1:x=\n<<<<<<< HEAD\n0001_create_users.sql h1:a=\n=======\n0001_create_users.sql h1:b=\n>>>>>>> branch\n")
	var out bytes.Buffer
	_, err := Apply(context.Background(), testOptions(t, url, dir, &out))
	if ExitCode(err) != 1 || !strings.Contains(err.Error(), "merge conflict") {
		t.Fatalf("err = %v, want a refusal about the merge conflict", err)
	}
}

// TestFailedMigrationKeepsTheServersDetailAndHint: what PostgreSQL says
// after the message (which key is duplicated, which cast to add) is often
// what the user needs to fix the file.
func TestFailedMigrationKeepsTheServersDetailAndHint(t *testing.T) {
	url := dbtest.Scratch(t)
	dir := t.TempDir()
	writeFile(t, dir, "0001_users.sql", "CREATE TABLE users (id bigint PRIMARY KEY, email text);\nINSERT INTO users VALUES (1, 'a'), (2, 'a');\n")
	writeFile(t, dir, "0002_unique.sql", "CREATE UNIQUE INDEX users_email ON users (email);\n")
	var out bytes.Buffer
	_, err := Apply(context.Background(), testOptions(t, url, dir, &out))
	if ExitCode(err) != 1 || !strings.Contains(err.Error(), "\n  detail: Key (email)=(a) is duplicated.") {
		t.Errorf("err = %v, want the server's DETAIL", err)
	}
	writeFile(t, dir, "0002_unique.sql", "SELECT no_such_function(1, 'x');\n")
	_, err = Apply(context.Background(), testOptions(t, url, dir, &out))
	if ExitCode(err) != 1 || !strings.Contains(err.Error(), "\n  hint: No function matches the given name and argument types.") {
		t.Errorf("err = %v, want the server's HINT", err)
	}
}
