// Package lint is the orchestrator of a lint run: discover migration files,
// parse each under its runner's transaction mode, evaluate the policies,
// apply ignore directives and waivers, and order the findings. The lint,
// ci, generate and apply commands all go through it.
package lint

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/ddlgate/ddlgate/internal/cache"
	"github.com/ddlgate/ddlgate/internal/config"
	"github.com/ddlgate/ddlgate/internal/dbfacts"
	"github.com/ddlgate/ddlgate/internal/engine"
	"github.com/ddlgate/ddlgate/internal/facts"
	"github.com/ddlgate/ddlgate/internal/finding"
	"github.com/ddlgate/ddlgate/internal/migrations"
	"github.com/ddlgate/ddlgate/internal/phase"
	"github.com/ddlgate/ddlgate/parser"
)

// StdinPath is the path "-" stands for, and the name stdin gets in findings
// without --stdin-filename.
const StdinPath = "-"

const stdinName = "<stdin>"

// Options are the settings of one lint run; flags and config have already
// been merged by the caller.
type Options struct {
	// Paths are files, directories or globs; "-" reads Stdin.
	Paths         []string
	Stdin         io.Reader
	StdinFilename string
	// Dir is the directory relative paths are resolved against; findings
	// keep paths as the user wrote them. "" is the process's directory.
	Dir string
	// Format is the migration format ("" detects it); Runner the tool that
	// applies the files ("" is the format's own).
	Format, Runner string
	// PGVersion, PGVersionNum and DefaultSchema describe the target; zero
	// values take the facts stage's defaults (see facts.Target).
	PGVersion     int
	PGVersionNum  int
	DefaultSchema string
	IncludeDown   bool
	// AllowEmpty makes "no migrations found" an empty result, not an error.
	AllowEmpty bool
	Rules      map[string]engine.RuleConfig
	PolicyDirs []string
	// Policies, when set, are used instead of loading PolicyDirs, so a
	// command that already loaded them (to validate config) does it once.
	Policies *engine.Policies
	// Now is the day waivers are judged against; zero is time.Now.
	Now time.Time
	// DB holds the target database's facts (input.db of every file), live
	// or from a snapshot file; tables the history creates that it lacks
	// are new (see facts.Target.DB).
	DB *dbfacts.Facts
	// DBSnapshot, when set, is the snapshot file DB was read from: it is
	// judged once, as a document of its own, for its age
	// (require-fresh-db-snapshot).
	DBSnapshot *facts.SnapshotFile
	// PhaseApplied is what the target database has applied, for the
	// expand/contract history facts (applied, applied_at, age by Now); nil
	// lints the phases statically.
	PhaseApplied *phase.Applied
	// IncludeAST adds the raw parse tree to the facts of linted files.
	IncludeAST bool
	// Project is the root of the project the migrations belong to; when set,
	// its package.json files and CI workflows are judged too, for schema
	// changes pushed without migrations (ban-push-workflow).
	Project string
	// Progress, when set, is told as each file starts (started) and ends a
	// stage ("parsing" the files and the history, "judging" the linted
	// ones): how many of total are done, and which file. It is called from
	// several goroutines.
	Progress func(stage string, done, total int, path string, started bool)
	// Observe, when set, is called with the facts of each linted file (and
	// its index in the linted migrations), in migration order, before it is
	// evaluated, so that a caller can add facts of its own (ddlgate trace
	// adds statements[].observed) for the rules to judge. See
	// facts.Target.Observe.
	Observe func(ctx context.Context, i int, f *parser.File) error
	// History are directories (or files) whose migrations are replayed, in
	// version order, into the schema catalog before the linted files, so
	// that linting one file of a directory still knows the tables, columns
	// and indexes earlier files built. Files of History after the last
	// linted one are not read into the catalog.
	History []string
	// Landed are migrations already on the base branch (ddlgate ci) or
	// applied to the database (--database-url): a linted file that is not
	// among them but sorts before one of them breaks linear history
	// (file.ordered_before).
	Landed []parser.Landed
	// Cache, when set, keeps each run's results (see cache.go): files
	// judged before, against the same policies, configuration, target and
	// earlier files, are not parsed or evaluated again. Their Result.Files
	// entries then hold only the file's identity (Result.Statements counts
	// their statements).
	// Ignored with Observe and with PhaseApplied.
	Cache *cache.Store
}

func (o *Options) progress(stage string, done, total int, path string, started bool) {
	if o.Progress != nil {
		o.Progress(stage, done, total, path, started)
	}
}

// Result is what a lint run found.
type Result struct {
	// Files are the parser facts of each linted migration, in migration
	// order: file, statements (text, span, locks, transaction, session),
	// directives (for a file served from Options.Cache, only its path,
	// version, name, direction and format). What only the policies
	// read (the statements' actions and string literals, the catalog
	// snapshot and the rest of the facts document) is released once the
	// file is judged; Facts keeps it.
	// Migrations holds the migration each came from, at the same index;
	// the Src of a file served from the cache is nil until Source reads
	// it (see migrations.Index).
	Files      []*parser.File
	Migrations []migrations.Migration
	// Findings are suppressed, sorted by file order then position, deduped.
	Findings   []finding.Finding
	Statements int
	// Rules are the enabled rules, after configuration.
	Rules []engine.Rule
	// ProjectFiles are the project files judged besides the migrations
	// (see Options.Project), by path.
	ProjectFiles map[string][]byte
	// Project are the facts of every project file read (see
	// Options.Project), judged or not, and of the migration directories'
	// journals and lock files.
	Project []*parser.File
	// sources indexes Migrations by path for Source.
	sources map[string]*migrations.Migration
}

// Source returns the bytes of a linted file by its path, for code frames.
// Reporters ask once per finding: the paths are indexed on the first call,
// which must not race with changes to Migrations.
func (r *Result) Source(path string) []byte {
	if r.sources == nil {
		r.sources = make(map[string]*migrations.Migration, len(r.Migrations))
		for i := range r.Migrations {
			if _, dup := r.sources[r.Migrations[i].Path]; !dup {
				r.sources[r.Migrations[i].Path] = &r.Migrations[i]
			}
		}
	}
	if m, ok := r.sources[path]; ok {
		// A file served from the cache is read when first quoted; one
		// that cannot be read any more has no code frame.
		if m.Load() != nil {
			return nil
		}
		return m.Src
	}
	return r.ProjectFiles[path]
}

// Run discovers the migrations of opts.Paths (and stdin for "-") and lints
// them. A path that does not exist or cannot be read is an error naming it;
// so is finding no migration at all, unless opts.AllowEmpty.
func Run(ctx context.Context, opts Options) (*Result, error) {
	stored := statIndex(opts)
	var index *migrations.Index
	if stored != nil {
		index = stored.Index
	}
	ms, err := discover(opts, index)
	if err != nil {
		return nil, err
	}
	if len(ms) == 0 && !opts.AllowEmpty {
		return nil, fmt.Errorf("no migrations found in %s (pass --allow-empty to accept that)", strings.Join(opts.Paths, ", "))
	}
	history, err := discoverHistory(opts, index)
	if err != nil {
		return nil, err
	}
	stored.save()
	res, err := RunWithHistory(ctx, ms, history, opts)
	if err != nil {
		return nil, err
	}
	if slices.Contains(opts.Paths, StdinPath) && opts.StdinFilename == "" {
		res.Findings = slices.DeleteFunc(res.Findings, func(f finding.Finding) bool {
			return f.Rule == namingRule && f.File == stdinName
		})
	}
	return res, nil
}

// namingRule judges a migration's file name; stdin read without
// --stdin-filename has none to judge.
const namingRule = "require-migration-naming"

// statIndex returns the stat index of the run's migration files (see
// migrations.Index) in its cache: one per working directory and discovery
// options, so that the paths it holds are unambiguous and every run of a
// project (its directory, a new file with the directory as history) shares
// it; loaded once per process, for the migration sets of a command. nil
// without a cache.
func statIndex(opts Options) *storedIndex {
	if opts.cache() == nil {
		return nil
	}
	wd, err := os.Getwd()
	if err != nil {
		return nil
	}
	name := "stat-" + cache.NewHash().AddString(wd).AddString(opts.Format).AddString(strconv.FormatBool(opts.IncludeDown)).Sum()
	key := opts.Cache.Dir() + "\x00" + name
	if x, ok := statIndexes.Load(key); ok {
		return x.(*storedIndex)
	}
	x, _ := statIndexes.LoadOrStore(key, &storedIndex{Index: migrations.LoadIndex(opts.Cache.ReadFile(name)), store: opts.Cache, name: name})
	return x.(*storedIndex)
}

// storedIndex is a stat index and where the cache keeps it.
type storedIndex struct {
	*migrations.Index
	store *cache.Store
	name  string
}

// save stores the index when discoveries changed it. An index that cannot
// be written is no error: the next run reads the files.
func (x *storedIndex) save() {
	if x == nil {
		return
	}
	if b := x.Encode(); b != nil {
		_ = x.store.WriteFile(x.name, b)
	}
}

// statIndexes are the stat indexes a process opened, by cache directory
// and name.
var statIndexes sync.Map

// discover finds the migrations of opts.Paths; with index, the files it
// knows unchanged are not read (see RunWithHistory).
func discover(opts Options, index *migrations.Index) ([]migrations.Migration, error) {
	var ms []migrations.Migration
	var paths []string
	for _, p := range opts.Paths {
		if p != StdinPath {
			paths = append(paths, p)
			continue
		}
		if opts.Stdin == nil {
			return nil, errors.New("read stdin: no input stream")
		}
		src, err := io.ReadAll(opts.Stdin)
		if err != nil {
			return nil, fmt.Errorf("read stdin: %w", err)
		}
		name := opts.StdinFilename
		if name == "" {
			name = stdinName
		}
		loaded, err := migrations.Load(name, src, opts.Format, opts.IncludeDown)
		if err != nil {
			return nil, fmt.Errorf("load %s: %w", name, err)
		}
		ms = append(ms, loaded...)
	}
	if len(paths) == 0 {
		return ms, nil
	}
	// Resolve relative paths against Dir for reading, then give findings the
	// paths as written, so output matches what the user typed.
	resolved := make([]string, len(paths))
	for i, p := range paths {
		resolved[i] = resolve(opts.Dir, p)
	}
	found, err := migrations.Discover(resolved, migrations.Options{Format: opts.Format, IncludeDown: opts.IncludeDown, Index: index})
	if err != nil {
		return nil, unresolveError(opts.Dir, err)
	}
	if opts.Dir != "" {
		for i := range found {
			if rel, err := filepath.Rel(opts.Dir, found[i].Path); err == nil && !strings.HasPrefix(rel, "..") {
				found[i].Path = rel
			}
		}
	}
	return append(ms, found...), nil
}

// discoverHistory finds the migrations of opts.History (see
// Options.History), none without it.
func discoverHistory(opts Options, index *migrations.Index) ([]migrations.Migration, error) {
	if len(opts.History) == 0 {
		return nil, nil
	}
	ms, err := discover(Options{Paths: opts.History, Dir: opts.Dir, Format: opts.Format}, index)
	if err != nil {
		return nil, fmt.Errorf("read history: %w", err)
	}
	return ms, nil
}

func resolve(dir, p string) string {
	if dir == "" || filepath.IsAbs(p) {
		return p
	}
	return filepath.Join(dir, p)
}

// unresolveError strips the working directory prefix from an error naming a
// path, so "open migration path a.sql" reads as the user wrote it.
func unresolveError(dir string, err error) error {
	if dir == "" {
		return err
	}
	msg := strings.ReplaceAll(err.Error(), strings.TrimSuffix(dir, string(filepath.Separator))+string(filepath.Separator), "")
	if msg == err.Error() {
		return err
	}
	return errors.New(msg)
}

// RunMigrations lints migrations already discovered, each file seeing the
// schema the files before it built.
func RunMigrations(ctx context.Context, ms []migrations.Migration, opts Options) (*Result, error) {
	return RunWithHistory(ctx, ms, nil, opts)
}

// fewFiles and fewBytes bound the linted files for which only the rules
// their actions can trigger are compiled. Beyond them most rules are
// triggered anyway, and parsing the files twice to learn their action types
// would cost more than the 20 to 30 ms of compile it saves.
const (
	fewFiles = 32
	fewBytes = 128 << 10
)

// foldAhead is how many documents the fold may complete before they are
// judged: enough to keep the workers busy while the policies compile, few
// enough that the catalog snapshots of a long history are not all alive
// at once.
const foldAhead = 64

// RunWithHistory lints ms with the migrations of history replayed into the
// schema catalog in their order: a history file that is also linted is
// annotated where it stands, the others are only folded, and history after
// the last linted file is left out. Parsing and evaluation run on a pool of
// GOMAXPROCS workers; the facts stage folds the catalog in between, in
// order, because each file's facts depend on every earlier one.
func RunWithHistory(ctx context.Context, ms, history []migrations.Migration, opts Options) (*Result, error) {
	opts.Now = opts.now()
	t := opts.target()
	if opts.Observe != nil {
		t.Observe = func(i int, d *facts.Document) error { return opts.Observe(ctx, i, d.Parsed) }
	}
	opts.Cache = opts.cache()
	// Discovery with the stat index leaves the files it knows unread: a
	// run the cache does not wholly serve reads them before they are
	// folded (below), a served one never (Result.Source reads a file a
	// report quotes).
	if opts.Cache == nil {
		if err := loadAll(ms, history); err != nil {
			return nil, err
		}
	}
	b, err := facts.NewBuilder(facts.Set{Migrations: ms, History: history, Dir: opts.Dir}, t)
	if err != nil {
		return nil, err
	}
	if opts.Progress != nil {
		b.OnParse(func(done, total int, path string, started bool) {
			opts.Progress("parsing", done, total, path, started)
		})
	}
	var rc *runCache
	if opts.Cache != nil {
		// The registry comes from the rule index: keying the run parses no
		// policy.
		if opts.Policies == nil {
			if opts.Policies, err = LoadPolicies(ctx, opts.PolicyDirs); err != nil {
				return nil, err
			}
		}
		if rc, err = openRunCache(opts.Cache, b, opts.Policies, opts); err != nil {
			return nil, err
		}
		if !rc.full() {
			// The files after the cached prefix are folded: they are read
			// (the builder's sequence holds copies of the migrations).
			seq, judged := b.Sequence()
			if err := loadAll(seq[rc.hit:]); err != nil {
				return nil, err
			}
			for _, j := range judged[rc.hit:] {
				if j < 0 {
					continue
				}
				if err := ms[j].Load(); err != nil {
					return nil, err
				}
			}
		}
		if rc.hit > 0 && !rc.full() {
			if err := b.ResumeWith(rc.state); err != nil {
				return nil, err
			}
		}
	}
	res := &Result{Files: make([]*parser.File, len(ms)), Migrations: ms}
	perFile := make([][]finding.Finding, len(ms))
	var l *linter
	if rc != nil && rc.full() {
		// Everything is cached: no file is parsed, no policy prepared
		// unless a project file needs judging.
		l = newLinter(opts.Policies, nil, opts)
	} else {
		if l, err = judge(ctx, b, ms, opts, rc, res, perFile); err != nil {
			return nil, err
		}
	}
	res.Rules = enabled(ConfiguredRules(l.pols, opts.Rules))
	if rc != nil {
		for j, f := range rc.files {
			res.Files[j] = servedFile(&ms[j])
			perFile[j] = l.suppress(ms[j].Path, f.Findings, f.Directives)
		}
	}
	for i, f := range res.Files {
		if c := rc.file(i); c != nil {
			res.Statements += c.Statements
		} else {
			res.Statements += len(f.Statements)
		}
		res.Findings = append(res.Findings, perFile[i]...)
	}
	dirFiles, err := facts.MigrationDirFiles(ms, opts.Dir, opts.target())
	if err != nil {
		return nil, err
	}
	if err := l.judgeProject(ctx, res, dirFiles, func(*facts.Document) bool { return true }); err != nil {
		return nil, err
	}
	if opts.Project != "" {
		if err := l.project(ctx, res); err != nil {
			return nil, err
		}
	}
	if opts.DBSnapshot != nil {
		if err := l.snapshot(ctx, res); err != nil {
			return nil, err
		}
	}
	return res, nil
}

// judge folds and evaluates the files of b not served by rc, filling res.Files
// and perFile, and stores the run's results in rc.
func judge(ctx context.Context, b *facts.Builder, ms []migrations.Migration, opts Options, rc *runCache, res *Result, perFile [][]finding.Finding) (*linter, error) {
	// Compiling the policies takes a fixed 50 to 100 ms; it runs while the
	// files are parsed and the catalog folded, which do not need it. When
	// few files are linted, whatever the history, compiling waits for them
	// to be parsed, so that only the rules their actions can trigger
	// compile.
	size := 0
	for i := range ms {
		size += len(ms[i].Src)
	}
	few := len(ms) < fewFiles && size <= fewBytes
	type prepared struct {
		pols *engine.Policies
		eng  *engine.Engine
		err  error
	}
	ready := make(chan prepared, 1)
	// The compile reads its own context: ctx is replaced below while it
	// runs.
	compileCtx := ctx
	compile := func(types []string) {
		var p prepared
		defer func() { ready <- p }()
		if p.pols = opts.Policies; p.pols == nil {
			if p.pols, p.err = LoadPolicies(compileCtx, opts.PolicyDirs); p.err != nil {
				return
			}
		}
		if types != nil {
			p.eng, p.err = p.pols.PrepareFor(compileCtx, opts.Rules, types)
		} else {
			p.eng, p.err = p.pols.Prepare(compileCtx, opts.Rules)
		}
		if p.err != nil {
			p.err = fmt.Errorf("prepare policies: %w", p.err)
		}
	}
	if !few {
		go compile(nil)
	}
	if err := b.Parse(ctx); err != nil {
		if !few {
			<-ready // the compile started above: let it finish
		}
		return nil, err
	}
	if few {
		// Every action type, not nil, even for files without actions; the
		// files of a cached prefix are not parsed, nor judged.
		parsed := slices.DeleteFunc(b.Judged(), func(f *parser.File) bool { return f == nil })
		go compile(append([]string{}, engine.ActionTypes(parsed...)...))
	}
	// The catalog folds in order in one goroutine while the documents it
	// completes are judged on GOMAXPROCS workers, as soon as the policies
	// are compiled: a document, with its catalog snapshot, lives from its
	// fold to its evaluation, not for the whole run.
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	type job struct {
		i   int
		doc *facts.Document
	}
	jobs := make(chan job, foldAhead)
	var foldErr error
	go func() {
		defer close(jobs)
		for {
			if rc != nil {
				rc.beforeFold(b)
			}
			doc, i, err := b.Next()
			if errors.Is(err, io.EOF) {
				return
			}
			if err != nil {
				foldErr = err
				return
			}
			if i < 0 {
				continue
			}
			select {
			case jobs <- job{i, doc}:
			case <-ctx.Done():
				return
			}
		}
	}()
	p := <-ready
	if p.err != nil {
		return nil, p.err
	}
	l := newLinter(p.pols, p.eng, opts)
	// raw holds each judged file's findings before suppression, for the
	// cache.
	var raw []cachedFile
	if rc != nil {
		raw = make([]cachedFile, len(ms))
	}
	errs := make([]error, len(ms))
	var done atomic.Int64
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for j := range jobs {
				if ctx.Err() != nil {
					continue // drain: the fold stops at the next file
				}
				path := ms[j.i].Path
				opts.progress("judging", int(done.Load()), len(ms), path, true)
				fs, err := l.eval(ctx, j.doc)
				if errs[j.i] = err; err != nil {
					cancel()
				} else {
					directives := j.doc.IgnoreDirectives()
					perFile[j.i] = l.suppress(path, fs, directives)
					if raw != nil {
						raw[j.i] = cachedFile{Statements: len(j.doc.Statements), Findings: fs, Directives: directives}
					}
				}
				res.Files[j.i] = judged(j.doc)
				opts.progress("judging", int(done.Add(1)), len(ms), path, false)
			}
		})
	}
	wg.Wait()
	if err := errors.Join(foldErr, errors.Join(errs...)); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if rc != nil {
		rc.write(raw, b.EncodedState)
	}
	return l, nil
}

// judged is what a result keeps of a judged document: the parser facts
// without the statements' actions and string literals, the bulk of a long
// run's live memory, which only the policies read.
func judged(d *facts.Document) *parser.File {
	for i := range d.Statements {
		d.Statements[i].Actions, d.Statements[i].StringLiterals = nil, nil
	}
	return d.Parsed
}

// cache is the run's cache: none with Observe, whose hook's effect is not
// in the key, nor with PhaseApplied, whose history says how many seconds
// ago each phase was applied (a result holds for the second it was made
// in).
func (o Options) cache() *cache.Store {
	if o.Observe != nil || o.PhaseApplied != nil {
		return nil
	}
	return o.Cache
}

// loadAll reads the files of the migrations discovery left unread.
func loadAll(sets ...[]migrations.Migration) error {
	for _, ms := range sets {
		if err := migrations.LoadAll(ms); err != nil {
			return err
		}
	}
	return nil
}

// target is the facts target of the run.
func (o Options) target() facts.Target {
	return facts.Target{
		PGVersion: o.PGVersion, PGVersionNum: o.PGVersionNum, DefaultSchema: o.DefaultSchema,
		Runner: o.Runner, IncludeAST: o.IncludeAST, DB: o.DB, Applied: o.PhaseApplied, Landed: o.Landed, Now: o.Now,
	}
}

// now is the day of the run: waivers expire and phases age by it.
func (o Options) now() time.Time {
	if o.Now.IsZero() {
		return time.Now()
	}
	return o.Now
}

// Facts returns the facts documents of ms as policies see them: parsed under
// their runner's transaction mode and annotated by the schema catalog folded
// from the migrations of opts.History (see Options.History) and from ms.
func Facts(ctx context.Context, ms []migrations.Migration, opts Options) ([]*facts.Document, error) {
	history, err := discoverHistory(opts, nil)
	if err != nil {
		return nil, err
	}
	opts.Now = opts.now()
	built, err := facts.Build(ctx, facts.Set{Migrations: ms, History: history, Dir: opts.Dir}, opts.target())
	if err != nil {
		return nil, err
	}
	return built.Documents, nil
}

// linter holds what every file of a run shares.
type linter struct {
	// engine is prepared when first needed: a run served from the cache
	// prepares it only to judge its project files.
	engine func() (*engine.Engine, error)
	pols   *engine.Policies
	ids    []string
	// rules are the configured rules by id, for the findings computed in
	// Go.
	rules map[string]engine.Rule
	now   time.Time
	opts  Options
}

// newLinter returns the linter of a run; with a nil eng, the policies are
// prepared when a file needs evaluating.
func newLinter(pols *engine.Policies, eng *engine.Engine, opts Options) *linter {
	l := &linter{pols: pols, opts: opts, now: opts.now(), rules: map[string]engine.Rule{}}
	if eng != nil {
		l.engine = func() (*engine.Engine, error) { return eng, nil }
	} else {
		l.engine = sync.OnceValues(func() (*engine.Engine, error) {
			e, err := pols.Prepare(context.Background(), opts.Rules)
			if err != nil {
				return nil, fmt.Errorf("prepare policies: %w", err)
			}
			return e, nil
		})
	}
	for _, r := range ConfiguredRules(pols, opts.Rules) {
		l.ids = append(l.ids, r.ID)
		l.rules[r.ID] = r
	}
	return l
}

// evaluate judges one document and applies its ignore directives. Called
// from several goroutines: it only reads the linter.
func (l *linter) evaluate(ctx context.Context, f *facts.Document) ([]finding.Finding, error) {
	fs, err := l.eval(ctx, f)
	if err != nil {
		return nil, err
	}
	return l.suppress(f.File.Path, fs, f.IgnoreDirectives()), nil
}

// eval returns a document's findings before suppression: what the cache
// keeps.
func (l *linter) eval(ctx context.Context, f *facts.Document) ([]finding.Finding, error) {
	e, err := l.engine()
	if err != nil {
		return nil, err
	}
	fs, err := e.Eval(ctx, f)
	if err != nil {
		return nil, fmt.Errorf("lint %s: %w", f.File.Path, err)
	}
	return fs, nil
}

// suppress applies a file's ignore directives to its findings, by the day
// of the run, and orders them.
func (l *linter) suppress(path string, fs []finding.Finding, directives []finding.Directive) []finding.Finding {
	fs = finding.Suppress(slices.Clone(fs), directives, finding.SuppressOptions{
		Path: path, Now: l.now, Rule: l.ruleTemplate,
		Suggest: func(id string) string { return config.Suggest(id, l.ids) },
	})
	return finding.SortAndDedupe(fs)
}

// ruleTemplate prefills a finding of a rule computed in Go (unused-ignore,
// waivers) from the registry and the run's configuration.
func (l *linter) ruleTemplate(id string) (finding.Finding, bool, bool) {
	r, known := l.rules[id]
	if !known {
		return finding.Finding{}, false, false
	}
	return finding.Finding{Rule: id, Category: r.Category, Severity: r.Severity, Title: r.Title,
		Help: r.Help, Docs: r.Docs()}, true, r.Enabled
}

// ConfiguredRules returns every rule of the registry with cfg's enabled and
// severity overrides applied.
func ConfiguredRules(pols *engine.Policies, cfg map[string]engine.RuleConfig) []engine.Rule {
	rules := pols.Rules()
	for i := range rules {
		r := &rules[i]
		if c, ok := cfg[r.ID]; ok {
			if c.Enabled != nil {
				r.Enabled = *c.Enabled
			}
			if c.Severity != nil {
				r.Severity = *c.Severity
			}
		}
	}
	return rules
}

func enabled(rules []engine.Rule) []engine.Rule {
	out := rules[:0]
	for _, r := range rules {
		if r.Enabled {
			out = append(out, r)
		}
	}
	return out
}

// policyCache keeps loaded policies per set of directories: loading and
// compiling the embedded bundle is the costliest step of a small run, and
// tests and the apply command lint more than once per process.
var policyCache sync.Map // string -> *policiesOnce

type policiesOnce struct {
	once sync.Once
	pols *engine.Policies
	err  error
}

// LoadPolicies returns the policies of dirs (the embedded bundle plus user
// policy directories), loading them once per process.
func LoadPolicies(ctx context.Context, dirs []string) (*engine.Policies, error) {
	key := strings.Join(dirs, "\x00")
	v, _ := policyCache.LoadOrStore(key, &policiesOnce{})
	po := v.(*policiesOnce)
	po.once.Do(func() { po.pols, po.err = engine.Open(ctx, dirs) })
	if po.err != nil {
		return nil, fmt.Errorf("load policies: %w", po.err)
	}
	return po.pols, nil
}
