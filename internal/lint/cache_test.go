package lint

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ddlgate/ddlgate/internal/cache"
	"github.com/ddlgate/ddlgate/internal/engine"
	"github.com/ddlgate/ddlgate/internal/finding"
	"github.com/ddlgate/ddlgate/internal/migrations"
	"github.com/ddlgate/ddlgate/internal/phase"
)

// cacheNow is the day of the cache tests' runs.
var cacheNow = time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC)

// project writes a plain migrations directory and returns it.
func project(t *testing.T, files map[string]string) string {
	t.Helper()
	return writeTree(t, t.TempDir(), files)
}

// outcome is what a report is made of: the findings after suppression, the
// counts, the rules and the files' paths.
type outcome struct {
	Findings   []finding.Finding
	Files      int
	Statements int
	Rules      []engine.Rule
	Paths      []string
}

func outcomeOf(res *Result) outcome {
	o := outcome{Findings: res.Findings, Files: len(res.Files), Statements: res.Statements, Rules: res.Rules}
	for _, m := range res.Migrations {
		o.Paths = append(o.Paths, m.Path)
	}
	return o
}

// lintWith runs opts over dir, with the cache store or without it.
func lintWith(t *testing.T, dir string, store *cache.Store, opts Options) outcome {
	t.Helper()
	opts.Paths, opts.Cache = []string{dir}, store
	if opts.Now.IsZero() {
		opts.Now = cacheNow
	}
	res, err := Run(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	return outcomeOf(res)
}

// sameAsUncached runs opts over dir with store and without a cache, and
// fails when the outcomes differ.
func sameAsUncached(t *testing.T, dir string, store *cache.Store, opts Options) outcome {
	t.Helper()
	want := lintWith(t, dir, nil, opts)
	got := lintWith(t, dir, store, opts)
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("cached run differs from an uncached one:\ncached:   %d findings %v\nuncached: %d findings %v",
			len(got.Findings), rulesOfFindings(got.Findings), len(want.Findings), rulesOfFindings(want.Findings))
	}
	return got
}

func rulesOfFindings(fs []finding.Finding) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Rule+"@"+f.File+":"+fmt.Sprint(f.Line))
	}
	return out
}

// parsedFiles runs opts over dir with store and returns how many files the
// run parsed.
func parsedFiles(t *testing.T, dir string, store *cache.Store, opts Options) int {
	t.Helper()
	var mu sync.Mutex
	parsed := 0
	opts.Progress = func(stage string, _, _ int, _ string, started bool) {
		if stage == "parsing" && !started {
			mu.Lock()
			parsed++
			mu.Unlock()
		}
	}
	lintWith(t, dir, store, opts)
	return parsed
}

// threeFiles is a directory whose last file's findings depend on the
// earlier ones: varchar to text does not rewrite users.
var threeFiles = map[string]string{
	"0001_users.sql":  "CREATE TABLE users (id bigint PRIMARY KEY, email varchar(100));\n",
	"0002_orders.sql": "CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint);\n",
	"0003_index.sql": "CREATE INDEX orders_user ON orders (user_id);\nALTER TABLE users ADD COLUMN age int DEFAULT 0;\n" +
		"ALTER TABLE users ALTER COLUMN email TYPE text;\n",
}

// TestCacheServesAnUnchangedDirectory: the second run over a directory
// parses nothing and reports what the first did.
func TestCacheServesAnUnchangedDirectory(t *testing.T) {
	dir := project(t, threeFiles)
	store := cache.Open(t.TempDir(), 0)
	first := sameAsUncached(t, dir, store, Options{})
	if len(first.Findings) == 0 {
		t.Fatal("no findings: the test proves nothing")
	}
	if n := parsedFiles(t, dir, store, Options{}); n != 0 {
		t.Fatalf("the warm run parsed %d files, want none", n)
	}
	sameAsUncached(t, dir, store, Options{})
}

// TestCacheJudgesOnlyAFileAdded: a file added to a cached directory is
// judged against the catalog the cached state holds, without parsing the
// others, and the result is an uncached run's.
func TestCacheJudgesOnlyAFileAdded(t *testing.T) {
	dir := project(t, threeFiles)
	store := cache.Open(t.TempDir(), 0)
	sameAsUncached(t, dir, store, Options{})
	// The new file's findings depend on the earlier files: orders exists
	// (an index build on it blocks writes), users has a column age.
	if err := os.WriteFile(filepath.Join(dir, "0004_more.sql"),
		[]byte("CREATE INDEX orders_id ON orders (id);\nALTER TABLE users ALTER COLUMN age TYPE bigint;\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if n := parsedFiles(t, dir, store, Options{}); n != 1 {
		t.Fatalf("the run with one file added parsed %d files, want 1", n)
	}
	got := sameAsUncached(t, dir, store, Options{})
	found := map[string]bool{}
	for _, f := range got.Findings {
		if filepath.Base(f.File) == "0004_more.sql" {
			found[f.Rule] = true
		}
	}
	if !found["require-concurrent-index-creation"] || !found["ban-column-type-rewrite"] {
		t.Fatalf("the added file was not judged against the earlier files' tables: %v", found)
	}
}

// TestCacheNewFileWithItsDirectoryAsHistory: a new file linted alone with
// its directory as history (pre-commit, an editor) resumes from the state
// a run over the directory left, whichever files that run judged.
func TestCacheNewFileWithItsDirectoryAsHistory(t *testing.T) {
	dir := project(t, threeFiles)
	store := cache.Open(t.TempDir(), 0)
	sameAsUncached(t, dir, store, Options{})
	for i, sql := range []string{
		"CREATE INDEX orders_id ON orders (id);\n",
		"ALTER TABLE users ALTER COLUMN age TYPE bigint;\n",
	} {
		name := fmt.Sprintf("000%d_new.sql", 4+i)
		write(t, dir, name, sql)
		opts := Options{History: []string{dir}}
		file := filepath.Join(dir, name)
		// The state after the first new file is not written (see
		// refoldable): the second run folds it again.
		if n := parsedFiles(t, file, store, opts); n != i+1 {
			t.Fatalf("%s with its directory as history parsed %d files, want %d", name, n, i+1)
		}
		got := sameAsUncached(t, file, store, opts)
		if len(got.Findings) == 0 {
			t.Fatalf("%s: no findings, the earlier files' tables unknown", name)
		}
		if n := parsedFiles(t, file, store, opts); n != 0 {
			t.Fatalf("%s linted again parsed %d files, want none", name, n)
		}
	}
}

// TestCacheKeyComponents changes one thing a result depends on at a time:
// each cached run reports exactly what an uncached run does.
func TestCacheKeyComponents(t *testing.T) {
	warning := finding.Warning
	disabled := false
	tests := []struct {
		name   string
		change func(t *testing.T, dir string, opts *Options)
	}{
		{"an earlier file", func(t *testing.T, dir string, _ *Options) {
			// email was an integer: making it text rewrites users.
			write(t, dir, "0001_users.sql", "CREATE TABLE users (id bigint PRIMARY KEY, email integer);\n")
		}},
		{"the judged file", func(t *testing.T, dir string, _ *Options) {
			write(t, dir, "0003_index.sql", "CREATE INDEX CONCURRENTLY orders_user ON orders (user_id);\n")
		}},
		{"a rule's severity", func(_ *testing.T, _ string, opts *Options) {
			opts.Rules = map[string]engine.RuleConfig{"require-concurrent-index-creation": {Severity: &warning}}
		}},
		{"a rule disabled", func(_ *testing.T, _ string, opts *Options) {
			opts.Rules = map[string]engine.RuleConfig{"require-concurrent-index-creation": {Enabled: &disabled}}
		}},
		{"a rule's parameter", func(_ *testing.T, _ string, opts *Options) {
			opts.Rules = map[string]engine.RuleConfig{"require-lock-timeout": {Params: map[string]any{"timeout": "1s"}}}
		}},
		{"the PostgreSQL version", func(_ *testing.T, _ string, opts *Options) {
			// Before 11, ADD COLUMN with a default rewrites the table.
			opts.PGVersion = 10
		}},
		{"the runner", func(_ *testing.T, _ string, opts *Options) {
			opts.Runner = "prisma"
		}},
		{"the default schema", func(_ *testing.T, _ string, opts *Options) {
			opts.DefaultSchema = "app"
		}},
		{"a user policy", func(t *testing.T, _ string, opts *Options) {
			pol := writeTree(t, t.TempDir(), map[string]string{"no_index.rego": userRule})
			pols, err := engine.Load(context.Background(), []string{pol})
			if err != nil {
				t.Fatal(err)
			}
			opts.Policies = pols
		}},
		{"a ddlgate.sum", func(t *testing.T, dir string, _ *Options) {
			// 0003 is not in the sum.
			ms, err := migrations.Discover([]string{dir}, migrations.Options{})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := migrations.WriteSum(dir, ms[:2]); err != nil {
				t.Fatal(err)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := project(t, threeFiles)
			store := cache.Open(t.TempDir(), 0)
			before := sameAsUncached(t, dir, store, Options{})
			var opts Options
			tt.change(t, dir, &opts)
			after := sameAsUncached(t, dir, store, opts)
			if reflect.DeepEqual(before.Findings, after.Findings) {
				t.Fatalf("the change does not change the findings: the test proves nothing")
			}
		})
	}
}

// userRule reports every index build: a policy whose findings a cache
// keyed without it would miss.
const userRule = `# METADATA
# title: No index builds
# description: Test rule.
# custom:
#   severity: error
package ddlgate.custom.rules.test["no-index"]

import data.ddlgate.lib.result

report contains finding if {
	some s in input.statements
	s.tag == "CREATE INDEX"
	finding := result.fail(rego.metadata.chain(), s, s.span, "index build")
}
`

func write(t *testing.T, dir, name, content string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestCacheStatIndex: a warm run reads no file the stat index knows
// unchanged, and reports as an uncached run does after a file is touched
// (still a hit: nothing new is cached) or rewritten with the same size and
// modification time (judged again), and in text with code frames, which
// read the files served unread.
func TestCacheStatIndex(t *testing.T) {
	dir := project(t, threeFiles)
	old := time.Now().Add(-time.Hour)
	for name := range threeFiles {
		if err := os.Chtimes(filepath.Join(dir, name), old, old); err != nil {
			t.Fatal(err)
		}
	}
	store := cache.Open(t.TempDir(), 0)
	sameAsUncached(t, dir, store, Options{})
	res, err := Run(context.Background(), Options{Paths: []string{dir}, Cache: store, Now: cacheNow})
	if err != nil {
		t.Fatal(err)
	}
	for i := range res.Migrations {
		if !res.Migrations[i].Unread() {
			t.Fatalf("%s was read by a warm run", res.Migrations[i].Path)
		}
	}
	if len(res.Findings) == 0 || string(res.Source(res.Findings[0].File)) != threeFiles[filepath.Base(res.Findings[0].File)] {
		t.Fatalf("Source of a file served unread: %q", res.Source(res.Findings[0].File))
	}
	entries, _, err := store.Size()
	if err != nil {
		t.Fatal(err)
	}

	touched := time.Now().Add(-30 * time.Minute)
	if err := os.Chtimes(filepath.Join(dir, "0001_users.sql"), touched, touched); err != nil {
		t.Fatal(err)
	}
	sameAsUncached(t, dir, store, Options{})
	if after, _, _ := store.Size(); after != entries {
		t.Fatalf("touching a file made the warm run write %d entries", after-entries)
	}

	// Same size, same modification time (the change time still differs):
	// the type change becomes a comment.
	before := lintWith(t, dir, store, Options{})
	write(t, dir, "0003_index.sql", strings.Replace(threeFiles["0003_index.sql"], "ALTER TABLE users ALTER", "-- ER TABLE users ALTER", 1))
	if err := os.Chtimes(filepath.Join(dir, "0003_index.sql"), old, old); err != nil {
		t.Fatal(err)
	}
	if after := sameAsUncached(t, dir, store, Options{}); reflect.DeepEqual(after, before) {
		t.Fatal("the rewritten file reports as before")
	}
}

// TestCacheAppliesWaiversOnTheDay: a waiver is judged by the day of the
// run, not of the run that filled the cache.
func TestCacheAppliesWaiversOnTheDay(t *testing.T) {
	dir := project(t, map[string]string{
		"0001_users.sql": "CREATE TABLE users (id bigint PRIMARY KEY);\n",
		"0002_drop.sql":  "-- ddlgate:ignore ban-drop-table reason=\"retired\" until=2026-12-01\nDROP TABLE users;\n",
	})
	store := cache.Open(t.TempDir(), 0)
	rules := func(o outcome) map[string]bool {
		out := map[string]bool{}
		for _, f := range o.Findings {
			out[f.Rule] = true
		}
		return out
	}
	valid := sameAsUncached(t, dir, store, Options{Now: time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)})
	if r := rules(valid); r["ban-drop-table"] || r["ban-expired-waiver"] {
		t.Fatalf("before its date the waiver does not waive: %v", r)
	}
	expired := sameAsUncached(t, dir, store, Options{Now: time.Date(2026, 12, 2, 12, 0, 0, 0, time.UTC)})
	if r := rules(expired); !r["ban-drop-table"] || !r["ban-expired-waiver"] {
		t.Fatalf("after its date the waiver still waives: %v", r)
	}
}

// TestCacheDamagedEntriesAreMisses: entries damaged on disk are computed
// again, never an error or another result.
func TestCacheDamagedEntriesAreMisses(t *testing.T) {
	dir := project(t, threeFiles)
	cacheDir := t.TempDir()
	store := cache.Open(cacheDir, 0)
	sameAsUncached(t, dir, store, Options{})
	damaged := 0
	err := filepath.WalkDir(cacheDir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		damaged++
		return os.WriteFile(p, b[:len(b)/2], 0o644)
	})
	if err != nil || damaged == 0 {
		t.Fatalf("damaged %d entries: %v", damaged, err)
	}
	if n := parsedFiles(t, dir, store, Options{}); n != len(threeFiles) {
		t.Fatalf("the run over damaged entries parsed %d files, want %d", n, len(threeFiles))
	}
	sameAsUncached(t, dir, store, Options{})
}

// TestCacheUnwritable: a cache that cannot be written leaves the run
// uncached, without an error.
func TestCacheUnwritable(t *testing.T) {
	dir := project(t, threeFiles)
	file := filepath.Join(t.TempDir(), "file")
	write(t, filepath.Dir(file), "file", "")
	store := cache.Open(filepath.Join(file, "cache"), 0)
	sameAsUncached(t, dir, store, Options{})
	sameAsUncached(t, dir, store, Options{})
}

// TestCacheConcurrentRuns: runs sharing a cache directory at the same time
// all report an uncached run's result. Run with -race.
func TestCacheConcurrentRuns(t *testing.T) {
	dir := project(t, threeFiles)
	want := lintWith(t, dir, nil, Options{})
	cacheDir := t.TempDir()
	var wg sync.WaitGroup
	for range 6 {
		wg.Go(func() {
			for range 3 {
				opts := Options{Paths: []string{dir}, Cache: cache.Open(cacheDir, 0), Now: cacheNow}
				res, err := Run(context.Background(), opts)
				if err != nil {
					t.Error(err)
					return
				}
				if got := outcomeOf(res); !reflect.DeepEqual(got, want) {
					t.Error("a concurrent cached run differs from an uncached one")
					return
				}
			}
		})
	}
	wg.Wait()
}

// TestCacheRuleTestdata: the rules' testdata, each rule's directory linted
// as a set, reports the same cold, warm and uncached.
func TestCacheRuleTestdata(t *testing.T) {
	dirs, err := filepath.Glob(filepath.Join("..", "..", "policies", "rules", "*", "*", "testdata"))
	if err != nil || len(dirs) < 50 {
		t.Fatalf("rule testdata: %d directories, %v", len(dirs), err)
	}
	store := cache.Open(t.TempDir(), 0)
	for _, dir := range dirs {
		opts := Options{AllowEmpty: true}
		want := lintWith(t, dir, nil, opts)
		for _, run := range []string{"cold", "warm"} {
			if got := lintWith(t, dir, store, opts); !reflect.DeepEqual(got, want) {
				t.Errorf("%s: the %s cached run differs from the uncached one", dir, run)
			}
		}
	}
}

// TestCacheCorpus: every project of the shared corpus reports the same
// cold, warm, with its last file new, and uncached.
func TestCacheCorpus(t *testing.T) {
	if _, err := os.Stat(corpusDir); err != nil {
		t.Skipf("corpus not available at %s: %v", corpusDir, err)
	}
	sets, err := migrations.FindSets(corpusDir)
	if err != nil || len(sets) == 0 {
		t.Fatalf("corpus sets: %v %v", sets, err)
	}
	for _, set := range sets {
		t.Run(filepath.Base(filepath.Dir(set)), func(t *testing.T) {
			ms, err := migrations.Discover([]string{set}, migrations.Options{})
			if err != nil {
				t.Fatal(err)
			}
			run := func(ms []migrations.Migration, store *cache.Store) outcome {
				res, err := RunMigrations(context.Background(), ms, Options{Cache: store, Now: cacheNow})
				if err != nil {
					t.Fatal(err)
				}
				return outcomeOf(res)
			}
			want := run(ms, nil)
			store := cache.Open(t.TempDir(), 0)
			// All but the last file, then all: the last is judged from the
			// state of the others.
			run(ms[:len(ms)-1], store)
			for _, name := range []string{"last file new", "warm"} {
				if got := run(ms, store); !reflect.DeepEqual(got, want) {
					t.Errorf("%s: the cached run differs from the uncached one (%d findings, want %d)", name, len(got.Findings), len(want.Findings))
				}
			}
			// The last file alone, its directory as history: resumed from
			// the state before it.
			last := ms[len(ms)-1:]
			alone := func(store *cache.Store) outcome {
				res, err := RunWithHistory(context.Background(), last, ms, Options{Cache: store, Now: cacheNow})
				if err != nil {
					t.Fatal(err)
				}
				return outcomeOf(res)
			}
			if got, want := alone(store), alone(nil); !reflect.DeepEqual(got, want) {
				t.Errorf("last file with history: the cached run differs from the uncached one (%d findings, want %d)", len(got.Findings), len(want.Findings))
			}
		})
	}
}

// corpusDirs returns the directory of each project of the shared corpus,
// skipping the benchmark without it.
func corpusDirs(b *testing.B) []string {
	if _, err := os.Stat(corpusDir); err != nil {
		b.Skipf("corpus not available at %s: %v", corpusDir, err)
	}
	// Absolute, as the command line passes them: relative paths cost a
	// getcwd per file.
	root, err := filepath.Abs(corpusDir)
	if err != nil {
		b.Fatal(err)
	}
	dirs, err := migrations.FindSets(root)
	if err != nil {
		b.Fatal(err)
	}
	return dirs
}

// corpusSets discovers each project of the shared corpus, skipping the
// benchmark without it.
func corpusSets(b *testing.B) [][]migrations.Migration {
	var sets [][]migrations.Migration
	for _, dir := range corpusDirs(b) {
		ms, err := migrations.Discover([]string{dir}, migrations.Options{})
		if err != nil {
			b.Fatal(err)
		}
		sets = append(sets, ms)
	}
	return sets
}

// BenchmarkLintCorpusWarm lints every project of the corpus (1,881
// files, read already) with every result in the cache: keying the files,
// reading one entry per project, suppression. Compare BenchmarkLintCorpus.
func BenchmarkLintCorpusWarm(b *testing.B) {
	sets := corpusSets(b)
	ctx := context.Background()
	store := cache.Open(b.TempDir(), 0)
	files := 0
	for _, ms := range sets {
		files += len(ms)
		if _, err := RunMigrations(ctx, ms, Options{Cache: store}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		for _, ms := range sets {
			if _, err := RunMigrations(ctx, ms, Options{Cache: store}); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(files*b.N)/b.Elapsed().Seconds(), "files/s")
}

// BenchmarkRunCorpusWarm lints every project of the corpus from its
// directory with every result in the cache, as the command line does
// without the process start and the report: discovery (the stat index
// knows every file, so it reads none but goose's), keys, one pack per
// project, suppression.
func BenchmarkRunCorpusWarm(b *testing.B) {
	dirs := corpusDirs(b)
	ctx := context.Background()
	store := cache.Open(b.TempDir(), 0)
	files := 0
	run := func() {
		files = 0
		for _, dir := range dirs {
			res, err := Run(ctx, Options{Paths: []string{dir}, Cache: store})
			if err != nil {
				b.Fatal(err)
			}
			files += len(res.Migrations)
		}
	}
	run()
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		run()
	}
	b.ReportMetric(float64(files*b.N)/b.Elapsed().Seconds(), "files/s")
}

// BenchmarkLintNewFileWarm lints one new file of the corpus's largest
// project, the project as its history, with the state the run over the
// project left in the cache: the new file is folded and judged alone.
func BenchmarkLintNewFileWarm(b *testing.B) {
	sets := corpusSets(b)
	ms := slices.MaxFunc(sets, func(x, y []migrations.Migration) int { return len(x) - len(y) })
	ctx := context.Background()
	cacheDir := b.TempDir()
	history := ms[:len(ms)-1]
	if _, err := RunMigrations(ctx, history, Options{Cache: cache.Open(cacheDir, 0)}); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		// A file never seen: its results are not cached, the state before
		// it is.
		added := ms[len(ms)-1]
		added.Src = fmt.Appendf(slices.Clone(added.Src), "\n-- %d\n", i)
		all := append(slices.Clone(history), added)
		if _, err := RunWithHistory(ctx, all[len(all)-1:], all, Options{Cache: cache.Open(cacheDir, 0)}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "files/s")
}

// TestPackHoldsEveryField fails when finding.Finding, its Plan or a
// Directive gains a field the pack does not hold: a cached run would drop
// it.
func TestPackHoldsEveryField(t *testing.T) {
	step := finding.PlanStep{Phase: "expand", Change: "c", SQL: "SELECT 1;", NoTransaction: true}
	plan := &finding.Plan{Steps: []finding.PlanStep{step}, Unresolved: []string{"type"}}
	f := finding.Finding{Rule: "r", Category: "c", Severity: finding.Warning, Title: "t", Message: "m", File: "f.sql",
		Line: 1, Column: 2, EndLine: 3, EndColumn: 4, Statement: "s", Help: "h", Docs: "d", Fingerprint: "fp",
		StatementIndex: 5, Start: 6, End: 7, Plan: plan}
	d := finding.Directive{File: true, Rules: []string{"r", "q"}, Statement: -1, Nested: []int{-2, 300}, Reason: "why",
		Until: "2027-01-01", Error: "bad", Text: "-- ddlgate-ignore", Line: 1, Column: 2, EndLine: 3, EndColumn: 4, Start: 5, End: 600}
	// Every field set: a field added to one of them and left zero here
	// fails below too.
	for _, v := range []any{f, *plan, step, d} {
		rv := reflect.ValueOf(v)
		for i := range rv.NumField() {
			if rv.Field(i).IsZero() {
				t.Fatalf("set field %s.%s in this test", rv.Type().Name(), rv.Type().Field(i).Name)
			}
		}
	}
	files := []cachedFile{{Seq: 2, Statements: 3, Findings: []finding.Finding{f, f}, Directives: []finding.Directive{d}},
		{Seq: 7}}
	enc, err := encodePack(files)
	if err != nil {
		t.Fatal(err)
	}
	got, err := decodePack(enc)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, files) {
		t.Fatalf("the pack changed the results:\n got %+v\nwant %+v", got, files)
	}
	// Every truncation and every flipped byte is an error or a pack that
	// decodes to something, never a panic.
	for n := range len(enc) {
		if _, err := decodePack(enc[:n]); err == nil {
			t.Fatalf("a pack cut at %d of %d bytes decoded", n, len(enc))
		}
		damaged := slices.Clone(enc)
		damaged[n] ^= 0xff
		_, _ = decodePack(damaged)
	}
	if _, err := decodePack(append(slices.Clone(enc), 0)); err == nil {
		t.Fatal("a pack with a byte after it decoded")
	}
}

// TestCacheNotUsedWithAppliedPhases: ages of applied phases are measured
// in seconds, so such a run neither reads nor writes the cache.
func TestCacheNotUsedWithAppliedPhases(t *testing.T) {
	dir := project(t, threeFiles)
	cacheDir := t.TempDir()
	opts := Options{PhaseApplied: phase.NewApplied("db")}
	sameAsUncached(t, dir, cache.Open(cacheDir, 0), opts)
	if n, _, err := cache.Open(cacheDir, 0).Size(); n != 0 || err != nil {
		t.Fatalf("a run with applied phases wrote %d entries (%v)", n, err)
	}
}

// TestCacheKeysTheRunnersConfiguration: Flyway's configuration beside the
// scripts decides their transaction, so it is part of a file's key as much
// as its bytes: a flyway.toml that allows mixed scripts lifts the refusal a
// cached run reported.
func TestCacheKeysTheRunnersConfiguration(t *testing.T) {
	root := project(t, map[string]string{
		"db/migration/V1__orders.sql": "CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint);\n",
		"db/migration/V2__index.sql":  "SET lock_timeout = '2s';\nCREATE INDEX CONCURRENTLY orders_user ON orders (user_id);\n",
	})
	dir := filepath.Join(root, "db", "migration")
	store := cache.Open(t.TempDir(), 0)
	before := sameAsUncached(t, dir, store, Options{})
	refused := func(fs []finding.Finding) bool {
		return slices.ContainsFunc(fs, func(f finding.Finding) bool { return f.Rule == "ban-mixed-transactional-statements" })
	}
	if !refused(before.Findings) {
		t.Fatalf("a mixed script without flyway.mixed is not refused: %v", rulesOfFindings(before.Findings))
	}
	write(t, root, "flyway.toml", "[flyway]\nmixed = true\n")
	after := sameAsUncached(t, dir, store, Options{})
	if refused(after.Findings) {
		t.Fatalf("flyway.mixed = true is ignored by the cached run: %v", rulesOfFindings(after.Findings))
	}
}

// BenchmarkPackCorpus encodes and decodes the packs of every project of
// the corpus: what filling the cache and a warm run pay for them.
func BenchmarkPackCorpus(b *testing.B) {
	sets := corpusSets(b)
	ctx := context.Background()
	var packs [][]cachedFile
	files := 0
	for _, ms := range sets {
		res, err := RunMigrations(ctx, ms, Options{Now: cacheNow})
		if err != nil {
			b.Fatal(err)
		}
		var pack []cachedFile
		for i, f := range res.Files {
			var fs []finding.Finding
			for _, x := range res.Findings {
				if x.File == f.File.Path {
					fs = append(fs, x)
				}
			}
			pack = append(pack, cachedFile{Seq: i, Statements: len(f.Statements), Findings: fs})
		}
		files += len(pack)
		packs = append(packs, pack)
	}
	for _, op := range []string{"encode", "decode"} {
		b.Run(op, func(b *testing.B) {
			encoded := make([][]byte, len(packs))
			for i, p := range packs {
				enc, err := encodePack(p)
				if err != nil {
					b.Fatal(err)
				}
				encoded[i] = enc
			}
			b.ReportAllocs()
			b.ResetTimer()
			for range b.N {
				for i := range packs {
					var err error
					if op == "encode" {
						_, err = encodePack(packs[i])
					} else {
						_, err = decodePack(encoded[i])
					}
					if err != nil {
						b.Fatal(err)
					}
				}
			}
			b.ReportMetric(float64(files*b.N)/b.Elapsed().Seconds(), "files/s")
		})
	}
}
