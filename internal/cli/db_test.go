package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/ddlgate/ddlgate/internal/dbtest"
)

// sizedDatabase is a scratch database with a small table (1,200 rows), a
// large one (150,000 narrow rows: large for the test's large_table of
// 100,000 rows, without writing a gigabyte) and one never analyzed, the
// estimates filled by a real ANALYZE.
func sizedDatabase(t *testing.T) string {
	t.Helper()
	url := dbtest.Scratch(t)
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, `
		CREATE TABLE small (id bigint PRIMARY KEY, x int);
		INSERT INTO small SELECT g, g FROM generate_series(1, 1200) g;
		CREATE TABLE events (id int);
		INSERT INTO events SELECT generate_series(1, 150000);
		CREATE TABLE fresh (x int);
		INSERT INTO fresh SELECT generate_series(1, 10);
		ANALYZE small; ANALYZE events;`); err != nil {
		t.Fatal(err)
	}
	return url
}

// sizesConfig lowers large_table for the index rule, so that 150,000 rows
// are large.
const sizesConfig = `rules:
  require-concurrent-index-creation:
    params:
      large_table: {rows: 100000}
`

// runNow runs a command line in dir with the real clock, for runs that
// compare with a snapshot the real clock dated.
func runNow(dir string, env map[string]string, args ...string) result {
	return runIn(dir, "", env, time.Now(), args...)
}

// findingLines are a JSON report's findings as comparable lines.
func findingLines(t *testing.T, r result) []string {
	t.Helper()
	var lines []string
	for _, f := range decodeReport(t, r).Findings {
		lines = append(lines, fmt.Sprintf("%s:%d:%d %s %s: %s", f.File, f.Line, f.Column, f.Severity, f.Rule, f.Message))
	}
	return lines
}

// TestTableSizesLiveAndFromSnapshot judges index builds on tables of the
// real server by their size: apply lets a small table's index through (its
// finding is info), lint --database-url reports the large one, the one
// never analyzed and the one a pending migration creates (silent: new and
// empty) as they are, and lint --db-snapshot on a snapshot taken by a
// role that may only connect gives exactly the same findings.
func TestTableSizesLiveAndFromSnapshot(t *testing.T) {
	url := sizedDatabase(t)
	dir := t.TempDir()
	env := map[string]string{"DATABASE_URL": url, "USER": "alice"}
	writeFile(t, filepath.Join(dir, ".ddlgate.yaml"), []byte(sizesConfig))
	mig := func(name, sql string) { writeFile(t, filepath.Join(dir, "migrations", name), []byte(sql)) }
	mig("0001_customers.sql", "CREATE TABLE customers (id bigint PRIMARY KEY, email text);\n")
	mig("0002_small_x.sql", "SET lock_timeout = '2s';\nCREATE INDEX small_x ON small (x);\n")

	// Without the database's sizes the index on small is an error...
	r := ddlgate(t, dir, "", "lint", "--format", "json", "migrations/0002_small_x.sql")
	r.expect(t, 1)
	// ...with them, apply sees a table of 1,200 rows and applies it.
	r = runNow(dir, env, "apply")
	r.expect(t, 0)
	if !strings.Contains(r.stdout, "applied 2 migration(s)") {
		t.Fatalf("apply output:\n%s\n%s", r.stdout, r.stderr)
	}

	mig("0003_indexes.sql", `SET lock_timeout = '2s';
CREATE INDEX events_id ON events (id);
CREATE INDEX fresh_x ON fresh (x);
CREATE INDEX customers_email ON customers (email);
`)
	mig("0004_refunds.sql", "CREATE TABLE refunds (id bigint PRIMARY KEY, order_id bigint);\n")
	mig("0005_refunds_order.sql", "SET lock_timeout = '2s';\nCREATE INDEX refunds_order ON refunds (order_id);\n")
	mig("0006_small_y.sql", "SET lock_timeout = '2s';\nALTER TABLE small ADD COLUMN y int;\nCREATE INDEX small_y ON small (y);\n")

	live := runNow(dir, env, "lint", "--format", "json", "--database-url", url, "migrations/")
	live.expect(t, 1)
	got := strings.Join(findingLines(t, live), "\n")
	for _, want := range []string{
		`migrations/0003_indexes.sql:2:1 error require-concurrent-index-creation: CREATE INDEX takes a SHARE lock on public.events: writes wait until the index is built \(public.events is large: ~150,000 rows, [0-9]+ [kM]B\)`,
		`migrations/0003_indexes.sql:3:1 error require-concurrent-index-creation: .*\(public.fresh has never been analyzed, so its size is unknown: ANALYZE it to judge by size\)`,
		`migrations/0003_indexes.sql:4:1 error require-concurrent-index-creation: CREATE INDEX takes a SHARE lock on public.customers: .*\(public.customers has never been analyzed, .*`,
		`migrations/0006_small_y.sql:3:1 info require-concurrent-index-creation: .*\(public.small has ~1,200 rows, [0-9]+ kB: the lock lasts milliseconds\)`,
	} {
		if !regexp.MustCompile("(?m)^" + want + "$").MatchString(got) {
			t.Errorf("live findings lack %s:\n%s", want, got)
		}
	}
	if strings.Contains(got, "0005_refunds_order.sql") {
		t.Errorf("refunds is created by a pending migration of the run: new and empty, yet:\n%s", got)
	}
	if strings.Contains(got, "0002_small_x.sql:2:1 error") {
		t.Errorf("small's index judged without its size:\n%s", got)
	}

	// The same, offline, from a snapshot a role with only CONNECT took:
	// the history needs SELECT on ddlgate.migrations, given here.
	ro, grant := dbtest.ConnectOnlyRole(t, url)
	grant("GRANT USAGE ON SCHEMA ddlgate TO %[1]s; GRANT SELECT ON ddlgate.migrations TO %[1]s")
	r = runNow(dir, nil, "db", "snapshot", "--database-url", ro, "--output", "prod.dbsnap.json")
	r.expect(t, 0)
	if !strings.Contains(r.stderr, "ddlgate: wrote prod.dbsnap.json: ") || !strings.Contains(r.stderr, "2 applied migrations") {
		t.Errorf("db snapshot said:\n%s", r.stderr)
	}
	offline := runNow(dir, nil, "lint", "--format", "json", "--db-snapshot", "prod.dbsnap.json", "migrations/")
	offline.expect(t, 1)
	if a, b := strings.Join(findingLines(t, offline), "\n"), got; a != b {
		t.Errorf("--db-snapshot and --database-url disagree:\n--- snapshot\n%s\n--- live\n%s", a, b)
	}
	// db_snapshot in the config does the same.
	writeFile(t, filepath.Join(dir, ".ddlgate.yaml"), []byte(sizesConfig+"db_snapshot: prod.dbsnap.json\n"))
	byConfig := runNow(dir, nil, "lint", "--format", "json", "migrations/")
	if a := strings.Join(findingLines(t, byConfig), "\n"); a != got {
		t.Errorf("db_snapshot in the config judged otherwise:\n%s", a)
	}

	// facts shows what the rules read.
	r = runNow(dir, nil, "facts", "migrations/0006_small_y.sql")
	r.expect(t, 0)
	var doc struct {
		DB struct {
			ServerVersionNum int `json:"server_version_num"`
			Tables           map[string]struct {
				EstimatedRows int64 `json:"estimated_rows"`
				Analyzed      bool  `json:"analyzed"`
			} `json:"tables"`
		} `json:"db"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil {
		t.Fatal(err)
	}
	if small := doc.DB.Tables["public.small"]; len(doc.DB.Tables) != 1 || small.EstimatedRows != 1200 || !small.Analyzed || doc.DB.ServerVersionNum < 100000 {
		t.Errorf("facts db = %+v, want public.small alone, with its 1,200 rows", doc.DB)
	}

	// Forty days later the snapshot is stale, and says so where it is dated.
	later := runIn(dir, "", nil, time.Now().Add(40*24*time.Hour), "lint", "--format", "json", "migrations/")
	stale := strings.Join(findingLines(t, later), "\n")
	if !regexp.MustCompile(`(?m)^prod\.dbsnap\.json:4:3 warning require-fresh-db-snapshot: database snapshot of postgres://ddlgate_ro_[0-9a-f]+:xxxxx@[^ ]+ was taken 40\.0d ago \([0-9T:Z-]+\), more than max_age 30d`).MatchString(stale) {
		t.Errorf("no stale snapshot finding:\n%s", stale)
	}
	if strings.Count(stale, "require-fresh-db-snapshot") != 1 {
		t.Errorf("the stale snapshot should be reported once:\n%s", stale)
	}
}

// TestDBSnapshotCommand: usage errors, the schema, and what a snapshot
// file never holds.
func TestDBSnapshotCommand(t *testing.T) {
	dir := t.TempDir()
	r := ddlgate(t, dir, "", "db", "snapshot")
	r.expect(t, 2)
	if !strings.Contains(r.stderr, "no database: pass --database-url or set DATABASE_URL") {
		t.Errorf("stderr:\n%s", r.stderr)
	}
	r = ddlgate(t, dir, "", "db", "snapshot", "--schema")
	r.expect(t, 0)
	var schema map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &schema); err != nil || schema["title"] != "ddlgate database snapshot" {
		t.Errorf("--schema printed %v (%v)", schema["title"], err)
	}
	r = ddlgate(t, dir, "", "db", "snapshot", "--database-url", "postgres://app:s3cr3t@127.0.0.1:1/app?connect_timeout=2", "--output", "x.json")
	r.expect(t, 2)
	if strings.Contains(r.stderr, "s3cr3t") {
		t.Errorf("the password leaked: %s", r.stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "x.json")); err == nil {
		t.Error("a failed snapshot left a file behind")
	}

	writeFile(t, filepath.Join(dir, "migrations", "0001.sql"), []byte("SELECT 1;\n"))
	r = ddlgate(t, dir, "", "lint", "--database-url", "postgres://x@127.0.0.1:1/x", "--db-snapshot", "x.json", "migrations")
	r.expect(t, 2)
	if !strings.Contains(r.stderr, "--database-url and --db-snapshot both name the database") {
		t.Errorf("stderr:\n%s", r.stderr)
	}
	writeFile(t, filepath.Join(dir, "old.json"), []byte(`{"format": "ddlgate-db-snapshot", "version": 9}`))
	r = ddlgate(t, dir, "", "lint", "--db-snapshot", "old.json", "migrations")
	r.expect(t, 2)
	if !strings.Contains(r.stderr, "read db snapshot old.json: snapshot version 9: this ddlgate reads version 1") {
		t.Errorf("stderr:\n%s", r.stderr)
	}
}
