package lint

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ddlgate/ddlgate/internal/dbfacts"
	"github.com/ddlgate/ddlgate/internal/finding"
	"github.com/ddlgate/ddlgate/internal/migrations"
	"github.com/ddlgate/ddlgate/internal/seedbench"
)

// errorFindings keeps the error-level findings: the tests here are about the
// pipeline, and warnings such as require-lock-timeout or infos such as
// prefer-text-over-varchar would otherwise tie them to every rule added.
func errorFindings(fs []finding.Finding) []finding.Finding {
	var out []finding.Finding
	for _, f := range fs {
		if f.Severity == finding.Error {
			out = append(out, f)
		}
	}
	return out
}

func plain(path, sql string) migrations.Migration {
	return migrations.Migration{Path: path, Format: migrations.FormatPlain, Direction: migrations.DirectionUp, Src: []byte(sql)}
}

func TestRunMigrationsKeepsInputOrder(t *testing.T) {
	var ms []migrations.Migration
	for i := range 40 {
		sql := "CREATE TABLE t (id bigint PRIMARY KEY);\n"
		if i%3 == 0 {
			sql = fmt.Sprintf("SELECT 1;\nDROP TABLE t%d;\n", i)
		}
		ms = append(ms, plain(fmt.Sprintf("%04d.sql", i), sql))
	}
	db := &dbfacts.Facts{ServerVersionNum: 160004, Tables: map[string]dbfacts.Table{}}
	res, err := RunMigrations(context.Background(), ms, Options{DB: db})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Files) != len(ms) {
		t.Fatalf("got %d files, want %d", len(res.Files), len(ms))
	}
	for i, f := range res.Files {
		if f.File.Path != ms[i].Path {
			t.Fatalf("file %d is %s, want %s", i, f.File.Path, ms[i].Path)
		}
	}
	docs, err := Facts(context.Background(), ms, Options{DB: db})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range docs {
		if d.DB == nil || d.DB.ServerVersionNum != db.ServerVersionNum {
			t.Errorf("file %s has no DB facts", d.File.Path)
		}
	}
	var got []string
	for _, f := range errorFindings(res.Findings) {
		got = append(got, fmt.Sprintf("%s:%d:%s", f.File, f.Line, f.Rule))
	}
	var want []string
	for i := 0; i < 40; i += 3 {
		want = append(want, fmt.Sprintf("%04d.sql:2:ban-drop-table", i))
	}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("findings:\n got %v\nwant %v", got, want)
	}
	if res.Statements != 14*2+26 {
		t.Errorf("statements = %d, want %d", res.Statements, 14*2+26)
	}
}

// TestFewFilesJudgedAsInADirectory lints the last files of a history alone,
// where only the rules their actions can trigger are compiled, and expects
// the findings they get when the whole directory is linted with every rule.
func TestFewFilesJudgedAsInADirectory(t *testing.T) {
	var ms []migrations.Migration
	for i := range fewFiles + 8 {
		ms = append(ms, plain(fmt.Sprintf("%04d_t%d.sql", i, i), fmt.Sprintf("CREATE TABLE t%d (id int PRIMARY KEY, name varchar(20), created timestamp);\n", i)))
	}
	ms = append(ms,
		plain("0100_change.sql", "ALTER TABLE t1 ALTER COLUMN name TYPE varchar(40);\nALTER TABLE t2 ALTER COLUMN name TYPE int USING name::int;\nCREATE INDEX t3_name ON t3 (name);\nALTER TABLE t4 ADD COLUMN owner bigint REFERENCES t5 (id);\n"),
		plain("0101_drop.sql", "DROP INDEX t3_name;\nALTER TABLE t6 DROP COLUMN name;\nDROP TABLE t7;\nGRANT ALL ON t8 TO PUBLIC;\n"),
	)
	all, err := RunWithHistory(context.Background(), ms, ms, Options{})
	if err != nil {
		t.Fatal(err)
	}
	few, err := RunWithHistory(context.Background(), ms[len(ms)-2:], ms, Options{})
	if err != nil {
		t.Fatal(err)
	}
	describe := func(fs []finding.Finding, files ...string) []string {
		var out []string
		for _, f := range fs {
			if slices.Contains(files, f.File) {
				out = append(out, fmt.Sprintf("%s:%d:%s: %s", f.File, f.Line, f.Rule, f.Message))
			}
		}
		return out
	}
	want := describe(all.Findings, "0100_change.sql", "0101_drop.sql")
	got := describe(few.Findings, "0100_change.sql", "0101_drop.sql")
	if len(want) < 8 {
		t.Fatalf("the directory lint found only %d findings in the last two files:\n%s", len(want), strings.Join(want, "\n"))
	}
	if !slices.Equal(got, want) {
		t.Errorf("linted alone:\n%s\nlinted with the directory:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestRunMigrationsRunnerDecidesTransactionMode(t *testing.T) {
	m := plain("0001.sql", "CREATE INDEX CONCURRENTLY i ON t (c);\n")
	for runner, mode := range map[string]string{"": "none", "psql": "none", "goose": "wrapped", "prisma": "implicit"} {
		res, err := RunMigrations(context.Background(), []migrations.Migration{m}, Options{Runner: runner})
		if err != nil {
			t.Fatal(err)
		}
		if got := res.Files[0].File.TransactionMode; got != mode {
			t.Errorf("runner %q: transaction mode %q, want %q", runner, got, mode)
		}
	}
	if _, err := RunMigrations(context.Background(), []migrations.Migration{m}, Options{Runner: "liquibase"}); err == nil {
		t.Error("unknown runner accepted")
	}
}

func TestRunWaiverExpiry(t *testing.T) {
	m := plain("0001.sql", "-- ddlgate:ignore ban-drop-table reason=\"retired\" until=2026-06-30\nDROP TABLE users;\n")
	for day, want := range map[string]string{"2026-06-30": "", "2026-07-01": "ban-expired-waiver ban-drop-table"} {
		now, _ := time.Parse(time.DateOnly, day)
		res, err := RunMigrations(context.Background(), []migrations.Migration{m}, Options{Now: now})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, f := range errorFindings(res.Findings) {
			got = append(got, f.Rule)
		}
		if strings.Join(got, " ") != want {
			t.Errorf("on %s: findings %v, want %q", day, got, want)
		}
	}
}

func TestRunResolvesPathsAgainstDir(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "0001_drop.sql"), []byte("DROP TABLE users;\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := Run(context.Background(), Options{Dir: dir, Paths: []string{"0001_drop.sql"}})
	if err != nil {
		t.Fatal(err)
	}
	if fs := errorFindings(res.Findings); len(fs) != 1 || fs[0].File != "0001_drop.sql" {
		t.Errorf("findings = %+v, want one in 0001_drop.sql", res.Findings)
	}
	if string(res.Source("0001_drop.sql")) != "DROP TABLE users;\n" {
		t.Errorf("Source = %q", res.Source("0001_drop.sql"))
	}
	_, err = Run(context.Background(), Options{Dir: dir, Paths: []string{"missing.sql"}})
	if err == nil || !strings.Contains(err.Error(), "missing.sql") || strings.Contains(err.Error(), dir) {
		t.Errorf("error = %v, want one naming missing.sql as given", err)
	}
}

func TestRunStdin(t *testing.T) {
	res, err := Run(context.Background(), Options{Paths: []string{StdinPath}, Stdin: strings.NewReader("DROP TABLE users;"),
		StdinFilename: "migrations/0002_drop.sql"})
	if err != nil {
		t.Fatal(err)
	}
	if fs := errorFindings(res.Findings); len(fs) != 1 || fs[0].File != "migrations/0002_drop.sql" {
		t.Errorf("findings = %+v", res.Findings)
	}
}

func TestRunEmpty(t *testing.T) {
	dir := t.TempDir()
	if _, err := Run(context.Background(), Options{Paths: []string{dir}}); err == nil || !strings.Contains(err.Error(), "no migrations found in "+dir) {
		t.Errorf("error = %v", err)
	}
	res, err := Run(context.Background(), Options{Paths: []string{dir}, AllowEmpty: true})
	if err != nil || len(res.Files) != 0 {
		t.Errorf("AllowEmpty: %v, %v", res, err)
	}
}

// corpusDir is the shared corpus beside the checkout (../shared/corpus).
var corpusDir = filepath.Join("..", "..", "..", "shared", "corpus")

// BenchmarkLintTestdata lints about 2,000 files made of copies of the
// realistic project in testdata/bench (shipped with the repository, so the
// benchmark runs without ../shared): discovery, parsing, the catalog,
// evaluation and suppression, the policies compiled once as in one process.
// Later copies re-create tables earlier copies made, so they yield more
// findings than a real project of that size: a pessimistic workload.
func BenchmarkLintTestdata(b *testing.B) {
	project, err := migrations.Discover([]string{filepath.Join("..", "..", "testdata", "bench")}, migrations.Options{})
	if err != nil || len(project) == 0 {
		b.Fatalf("no benchmark migrations: %v", err)
	}
	var ms []migrations.Migration
	for copy := 0; len(ms) < 2000; copy++ {
		for _, m := range project {
			m.Path = fmt.Sprintf("copy%03d/%s", copy, filepath.Base(m.Path))
			ms = append(ms, m)
		}
	}
	ctx := context.Background()
	if _, err := RunMigrations(ctx, ms, Options{}); err != nil { // load policies outside the timer
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := RunMigrations(ctx, ms, Options{}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(ms)*b.N)/b.Elapsed().Seconds(), "files/s")
}

// BenchmarkLintCorpus lints the real migration corpus (1,881 files) with
// discovery, parsing, evaluation and suppression: the whole lint pipeline
// minus reporting.
func BenchmarkLintCorpus(b *testing.B) {
	if _, err := os.Stat(corpusDir); err != nil {
		b.Skipf("corpus not available at %s: %v", corpusDir, err)
	}
	var ms []migrations.Migration
	for _, dir := range []string{
		"triggerdotdev__trigger.dev/internal-packages/database/prisma/migrations",
		"openmeterio__openmeter/tools/migrate/migrations",
		"hatchet-dev__hatchet/cmd/hatchet-migrate/migrate/migrations",
		"simstudioai__sim/packages/db/migrations",
	} {
		found, err := migrations.Discover([]string{filepath.Join(corpusDir, dir)}, migrations.Options{})
		if err != nil {
			b.Fatal(err)
		}
		ms = append(ms, found...)
	}
	ctx := context.Background()
	if _, err := RunMigrations(ctx, ms, Options{}); err != nil { // load policies outside the timer
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		if _, err := RunMigrations(ctx, ms, Options{}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(ms)*b.N)/b.Elapsed().Seconds(), "files/s")
}

// history writes a plain migrations directory and returns its path.
func history(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, sql := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(sql), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func rulesOf(res *Result) []string {
	var out []string
	for _, f := range errorFindings(res.Findings) {
		out = append(out, fmt.Sprintf("%s:%d:%s", filepath.Base(f.File), f.Line, f.Rule))
	}
	return out
}

func TestHistoryDisprovesFindingsOfALoneFile(t *testing.T) {
	dir := history(t, map[string]string{
		"0001_users.sql": "CREATE TABLE users (id bigint PRIMARY KEY, name varchar(50), email text);\n",
		"0002_widen.sql": "ALTER TABLE users ALTER COLUMN name TYPE varchar(100);\n",
		"0003_check.sql": "ALTER TABLE users ADD CONSTRAINT users_email_nn CHECK (email IS NOT NULL) NOT VALID;\n" +
			"ALTER TABLE users VALIDATE CONSTRAINT users_email_nn;\n",
		"0004_email.sql": "ALTER TABLE users ALTER COLUMN email SET NOT NULL;\n",
	})
	ctx := context.Background()
	for _, tc := range []struct {
		file    string
		history bool
		want    string
	}{
		{"0002_widen.sql", false, "0002_widen.sql:1:ban-column-type-rewrite"},
		{"0002_widen.sql", true, ""},
		{"0004_email.sql", false, "0004_email.sql:1:require-safe-set-not-null"},
		{"0004_email.sql", true, ""},
	} {
		o := Options{Paths: []string{filepath.Join(dir, tc.file)}}
		if tc.history {
			o.History = []string{dir}
		}
		res, err := Run(ctx, o)
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Join(rulesOf(res), " "); got != tc.want {
			t.Errorf("lint %s (history %v): got %q, want %q", tc.file, tc.history, got, tc.want)
		}
	}
}

func TestHistoryKeepsTablesOfEarlierFilesExisting(t *testing.T) {
	dir := history(t, map[string]string{
		"0001_orders.sql": "CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint);\n",
		"0002_index.sql":  "CREATE INDEX orders_user_id_idx ON orders (user_id);\n",
	})
	res, err := Run(context.Background(), Options{Paths: []string{dir}})
	if err != nil {
		t.Fatal(err)
	}
	// orders was created by an earlier file, not earlier in the same file:
	// it may hold data, so the blocking index build is reported.
	if got, want := strings.Join(rulesOf(res), " "), "0002_index.sql:1:require-concurrent-index-creation"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	ms, err := migrations.Discover([]string{dir}, migrations.Options{})
	if err != nil {
		t.Fatal(err)
	}
	files, err := Facts(context.Background(), ms, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if f := files[1]; f.Catalog == nil {
		t.Errorf("file 0002 has no catalog facts")
	}
}

func TestChecksumAgainstDdlgateSum(t *testing.T) {
	dir := history(t, map[string]string{
		"0001_users.sql": "CREATE TABLE users (id bigint PRIMARY KEY);\n",
		"0002_email.sql": "ALTER TABLE users ADD COLUMN email text;\n",
	})
	ms, err := migrations.Discover([]string{dir}, migrations.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := migrations.WriteSum(dir, ms); err != nil {
		t.Fatal(err)
	}
	checksumFindings := func() []string {
		t.Helper()
		res, err := Run(context.Background(), Options{Paths: []string{dir}})
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, f := range res.Findings {
			if f.Rule == "require-migration-checksum" {
				out = append(out, filepath.Base(f.File)+": "+f.Message[strings.Index(f.Message, " ")+1:])
			}
		}
		return out
	}
	if got := checksumFindings(); len(got) != 0 {
		t.Errorf("hashed files reported: %v", got)
	}
	// Edited after review, and a file nobody hashed.
	if err := os.WriteFile(filepath.Join(dir, "0002_email.sql"), []byte("ALTER TABLE users ADD COLUMN email text NOT NULL;\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "0003_name.sql"), []byte("ALTER TABLE users ADD COLUMN name text;\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	want := "0002_email.sql: differs from ddlgate.sum: it was edited after it was hashed for review|" +
		"0003_name.sql: is not in ddlgate.sum: it was never hashed for review"
	if got := strings.Join(checksumFindings(), "|"); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

func TestDirectoryFacts(t *testing.T) {
	ruleFindings := func(t *testing.T, dir, rule string) []string {
		t.Helper()
		res, err := Run(context.Background(), Options{Paths: []string{dir}})
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, f := range res.Findings {
			if f.Rule == rule {
				out = append(out, filepath.Base(f.File))
			}
		}
		return out
	}
	t.Run("two migrations with one version", func(t *testing.T) {
		dir := history(t, map[string]string{
			"0001_users.up.sql":  "CREATE TABLE users (id bigint PRIMARY KEY);\n",
			"0002_orders.up.sql": "CREATE TABLE orders (id bigint PRIMARY KEY);\n",
			"0002_emails.up.sql": "CREATE TABLE emails (id bigint PRIMARY KEY);\n",
		})
		if got := strings.Join(ruleFindings(t, dir, "require-linear-history"), " "); got != "0002_emails.up.sql 0002_orders.up.sql" {
			t.Errorf("require-linear-history on %q", got)
		}
	})
	t.Run("drizzle file missing from the journal", func(t *testing.T) {
		dir := history(t, map[string]string{
			"0000_init.sql":     "CREATE TABLE users (id bigint PRIMARY KEY);\n",
			"0001_backfill.sql": "UPDATE users SET id = id WHERE id < 0;\n",
		})
		journal := `{"version":"7","dialect":"postgresql","entries":[{"idx":0,"version":"7","when":1700000000000,"tag":"0000_init","breakpoints":true}]}`
		if err := os.MkdirAll(filepath.Join(dir, "meta"), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "meta", "_journal.json"), []byte(journal), 0o644); err != nil {
			t.Fatal(err)
		}
		if got := strings.Join(ruleFindings(t, dir, "require-journal-consistency"), " "); got != "0001_backfill.sql" {
			t.Errorf("require-journal-consistency on %q", got)
		}
	})
}

// A table the history created is not new because a later file says CREATE
// TABLE IF NOT EXISTS: the parser alone would think so, and the catalog must
// correct the statement's blocking lock, which the lock rules read.
func TestHistoryCorrectsTheBlockingLock(t *testing.T) {
	dir := history(t, map[string]string{
		"0001_users.sql": "CREATE TABLE users (id bigint PRIMARY KEY);\n",
		"0002_nick.sql": "CREATE TABLE IF NOT EXISTS users (id bigint PRIMARY KEY);\n" +
			"ALTER TABLE users ADD COLUMN nickname text;\n",
	})
	res, err := Run(context.Background(), Options{Paths: []string{dir}})
	if err != nil {
		t.Fatal(err)
	}
	lock := res.Files[1].Statements[1].BlockingLock
	if lock == nil || lock.Mode != "ACCESS EXCLUSIVE" || strings.Join(lock.Relations, ",") != "public.users" {
		t.Fatalf("blocking lock = %+v, want ACCESS EXCLUSIVE on public.users", lock)
	}
	var got []string
	for _, f := range res.Findings {
		if f.Rule == "require-lock-timeout" {
			got = append(got, fmt.Sprintf("%s:%d", filepath.Base(f.File), f.Line))
		}
	}
	if strings.Join(got, " ") != "0002_nick.sql:2" {
		t.Errorf("require-lock-timeout at %v, want 0002_nick.sql:2", got)
	}
}

// BenchmarkLintSeed lints one generated 21 MB data seed (a CREATE TABLE and
// 220,000 INSERTs) with every default rule, the policies compiled once as
// in one process: the whole pipeline minus reporting. peak-heap-MB is the
// heap the run holds at its peak (the process adds the policies and the
// runtime; see make bench-seed).
func BenchmarkLintSeed(b *testing.B) {
	src := seedbench.Generate(seedbench.Rows)
	ms, err := migrations.Load("seed.sql", src, "", false)
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	res, err := RunMigrations(ctx, ms, Options{}) // load policies outside the timer
	if err != nil {
		b.Fatal(err)
	}
	stmts := res.Statements
	res = nil
	b.ReportAllocs()
	b.SetBytes(int64(len(src)))
	var peak float64
	for b.Loop() {
		peak = max(peak, seedbench.PeakHeap(func() {
			if _, err := RunMigrations(ctx, ms, Options{}); err != nil {
				b.Fatal(err)
			}
		}))
	}
	b.ReportMetric(float64(stmts*b.N)/b.Elapsed().Seconds(), "stmts/s")
	b.ReportMetric(peak, "peak-heap-MB")
}
