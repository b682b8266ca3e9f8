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
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/ddlgate/ddlgate/internal/catalog"
	"github.com/ddlgate/ddlgate/internal/config"
	"github.com/ddlgate/ddlgate/internal/engine"
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
	PGVersion      int
	PGVersionNum   int
	DefaultSchema  string
	IncludeDown    bool
	// AllowEmpty makes "no migrations found" an empty result, not an error.
	AllowEmpty bool
	Rules      map[string]engine.RuleConfig
	PolicyDirs []string
	// Policies, when set, are used instead of loading PolicyDirs, so a
	// command that already loaded them (to validate config) does it once.
	Policies *engine.Policies
	// Now is the day waivers are judged against; zero is time.Now.
	Now time.Time
	// DB holds live database facts, copied to every File.DB.
	DB any
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
}

func (o *Options) progress(stage string, done, total int, path string, started bool) {
	if o.Progress != nil {
		o.Progress(stage, done, total, path, started)
	}
}

// Result is what a lint run found.
type Result struct {
	// Files are the facts of each linted migration, in migration order,
	// without their catalog snapshot (released once evaluated; Facts keeps
	// it); Migrations holds the migration each came from, at the same index.
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
}

// Source returns the bytes of a linted file by its path, for code frames.
func (r *Result) Source(path string) []byte {
	for i := range r.Migrations {
		if r.Migrations[i].Path == path {
			return r.Migrations[i].Src
		}
	}
	return r.ProjectFiles[path]
}

// Default settings when neither config nor flags give one.
const (
	DefaultPGVersion = parser.DefaultPGVersion
	DefaultSchema    = "public"
)

// Run discovers the migrations of opts.Paths (and stdin for "-") and lints
// them. A path that does not exist or cannot be read is an error naming it;
// so is finding no migration at all, unless opts.AllowEmpty.
func Run(ctx context.Context, opts Options) (*Result, error) {
	ms, err := discover(opts)
	if err != nil {
		return nil, err
	}
	if len(ms) == 0 && !opts.AllowEmpty {
		return nil, fmt.Errorf("no migrations found in %s (pass --allow-empty to accept that)", strings.Join(opts.Paths, ", "))
	}
	var history []migrations.Migration
	if len(opts.History) > 0 {
		if history, err = discover(Options{Paths: opts.History, Dir: opts.Dir, Format: opts.Format}); err != nil {
			return nil, fmt.Errorf("read history: %w", err)
		}
	}
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

func discover(opts Options) ([]migrations.Migration, error) {
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
	found, err := migrations.Discover(resolved, migrations.Options{Format: opts.Format, IncludeDown: opts.IncludeDown})
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

// RunWithHistory lints ms with the migrations of history replayed into the
// schema catalog in their order: a history file that is also linted is
// annotated where it stands, the others are only folded, and history after
// the last linted file is left out. Parsing and evaluation run on a pool of
// GOMAXPROCS workers; the catalog is folded in between, in order, because
// each file's facts depend on every earlier one.
func RunWithHistory(ctx context.Context, ms, history []migrations.Migration, opts Options) (*Result, error) {
	// Compiling the policies takes a fixed 50 to 100 ms; it runs while the
	// files are parsed and the catalog folded, which do not need it. When
	// few files are linted, whatever the history, they are parsed once more
	// beforehand so that only the rules their actions can trigger compile.
	size := 0
	for i := range ms {
		size += len(ms[i].Src)
	}
	few := len(ms) < fewFiles && size <= fewBytes
	var types []string
	if few {
		var err error
		if types, err = parsedActionTypes(ms, opts); err != nil {
			return nil, err
		}
	}
	type prepared struct {
		pols *engine.Policies
		eng  *engine.Engine
		err  error
	}
	ready := make(chan prepared, 1)
	go func() {
		var p prepared
		defer func() { ready <- p }()
		if p.pols = opts.Policies; p.pols == nil {
			if p.pols, p.err = LoadPolicies(ctx, opts.PolicyDirs); p.err != nil {
				return
			}
		}
		if few {
			p.eng, p.err = p.pols.PrepareFor(ctx, opts.Rules, types)
		} else {
			p.eng, p.err = p.pols.Prepare(ctx, opts.Rules)
		}
		if p.err != nil {
			p.err = fmt.Errorf("prepare policies: %w", p.err)
		}
	}()
	files, factsErr := facts(ctx, ms, history, opts)
	p := <-ready
	if p.err != nil {
		return nil, p.err
	}
	if factsErr != nil {
		return nil, factsErr
	}
	pols, eng := p.pols, p.eng
	l, err := newLinter(pols, eng, opts)
	if err != nil {
		return nil, err
	}
	if err := checksums(files, ms, opts); err != nil {
		return nil, fmt.Errorf("verify %s: %w", migrations.SumFileName, err)
	}
	if err := directoryFacts(files, ms, history, opts); err != nil {
		return nil, err
	}
	if err := governanceFacts(files, ms, opts); err != nil {
		return nil, err
	}
	res := &Result{Files: files, Migrations: ms, Rules: enabled(ConfiguredRules(pols, opts.Rules))}

	perFile := make([][]finding.Finding, len(ms))
	var judged atomic.Int64
	if err := parallel(ctx, len(ms), func(i int) error {
		opts.progress("judging", int(judged.Load()), len(ms), ms[i].Path, true)
		defer func() { opts.progress("judging", int(judged.Add(1)), len(ms), ms[i].Path, false) }()
		var err error
		perFile[i], err = l.evaluate(ctx, res.Files[i])
		// The catalog snapshot was only for the policies; on a long
		// history the snapshots are the bulk of the facts kept.
		res.Files[i].Catalog = nil
		return err
	}); err != nil {
		return nil, err
	}
	for i, f := range res.Files {
		res.Statements += len(f.Statements)
		res.Findings = append(res.Findings, perFile[i]...)
	}
	if err := l.migrationDirFiles(ctx, ms, res); err != nil {
		return nil, err
	}
	if opts.Project != "" {
		if err := l.project(ctx, res); err != nil {
			return nil, err
		}
	}
	return res, nil
}

// parsedActionTypes are the types of the actions of ms. The history and the
// catalog change what an action says, never its type.
func parsedActionTypes(ms []migrations.Migration, opts Options) ([]string, error) {
	files := make([]*parser.File, len(ms))
	for i := range ms {
		po, err := ParseOptions(&ms[i], opts)
		if err != nil {
			return nil, err
		}
		files[i] = parser.Parse(ms[i].Src, po)
	}
	return engine.ActionTypes(files...), nil
}

// Facts returns the facts documents of ms as policies see them: parsed under
// their runner's transaction mode and annotated by the schema catalog folded
// from the migrations of opts.History (see Options.History) and from ms.
func Facts(ctx context.Context, ms []migrations.Migration, opts Options) ([]*parser.File, error) {
	var history []migrations.Migration
	if len(opts.History) > 0 {
		var err error
		if history, err = discover(Options{Paths: opts.History, Dir: opts.Dir, Format: opts.Format}); err != nil {
			return nil, fmt.Errorf("read history: %w", err)
		}
	}
	return facts(ctx, ms, history, opts)
}

// facts parses the history and ms in parallel, then folds the catalog in
// order: a file's facts depend on every earlier file.
func facts(ctx context.Context, ms, history []migrations.Migration, opts Options) ([]*parser.File, error) {
	seq, linted := sequence(ms, history, opts.Dir)
	parsed := make([]*parser.File, len(seq))
	var done atomic.Int64
	err := parallel(ctx, len(seq), func(i int) error {
		opts.progress("parsing", int(done.Load()), len(seq), seq[i].Path, true)
		defer func() { opts.progress("parsing", int(done.Add(1)), len(seq), seq[i].Path, false) }()
		po, err := ParseOptions(&seq[i], opts)
		if err != nil {
			return err
		}
		po.IncludeAST = opts.IncludeAST && linted[i] >= 0
		parsed[i] = parser.Parse(seq[i].Src, po)
		return nil
	})
	// Concurrent parses can leave stderr redirected (see RestoreStderr).
	parser.RestoreStderr()
	if err != nil {
		return nil, err
	}
	files := make([]*parser.File, len(ms))
	schema := opts.DefaultSchema
	if schema == "" {
		schema = DefaultSchema
	}
	cat := catalog.New(schema)
	for i, f := range parsed {
		if linted[i] < 0 {
			cat.Fold(f)
			continue
		}
		cat.Annotate(f)
		f.DB = opts.DB
		files[linted[i]] = f
	}
	// The ledger reads every file, history included: a contract's expand
	// is usually in a file that is not linted.
	now := opts.Now
	if now.IsZero() {
		now = time.Now()
	}
	phase.Annotate(parsed, schema, opts.PhaseApplied, now)
	return files, nil
}

// sequence merges the linted migrations into the history's order. linted[i]
// is the index in ms of seq[i], or -1 for a history-only file. Linted files
// the history does not hold follow it in their own order; history after the
// last linted file is dropped, since no linted file can see it.
func sequence(ms, history []migrations.Migration, dir string) (seq []migrations.Migration, linted []int) {
	if len(history) == 0 {
		linted = make([]int, len(ms))
		for i := range ms {
			linted[i] = i
		}
		return ms, linted
	}
	key := func(m *migrations.Migration) string {
		p := resolve(dir, m.Path)
		if abs, err := filepath.Abs(p); err == nil {
			p = abs
		}
		return m.Direction + "\x00" + p
	}
	index := make(map[string]int, len(ms))
	for i := range ms {
		index[key(&ms[i])] = i
	}
	placed := make([]bool, len(ms))
	last := -1
	for i := range history {
		j, ok := index[key(&history[i])]
		if ok {
			last = i
		}
		if ok && !placed[j] {
			placed[j] = true
			seq, linted = append(seq, ms[j]), append(linted, j)
			continue
		}
		seq, linted = append(seq, history[i]), append(linted, -1)
	}
	// Keep history only up to the last linted file of it, unless some linted
	// file is not part of the history: then all of it precedes that file.
	cut := last + 1
	for j := range ms {
		if !placed[j] {
			cut = len(history)
			break
		}
	}
	seq, linted = seq[:cut], linted[:cut]
	for j := range ms {
		if !placed[j] {
			seq, linted = append(seq, ms[j]), append(linted, j)
		}
	}
	return seq, linted
}

// parallel runs fn(0..n-1) on GOMAXPROCS workers and joins their errors.
func parallel(ctx context.Context, n int, fn func(i int) error) error {
	errs := make([]error, n)
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), n) {
		wg.Go(func() {
			for i := range next {
				errs[i] = fn(i)
			}
		})
	}
feed:
	for i := range n {
		select {
		case next <- i:
		case <-ctx.Done():
			break feed
		}
	}
	close(next)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return err
	}
	return errors.Join(errs...)
}

// linter holds what every file of a run shares.
type linter struct {
	eng  *engine.Engine
	pols *engine.Policies
	ids  []string
	now  time.Time
	opts Options
}

func newLinter(pols *engine.Policies, eng *engine.Engine, opts Options) (*linter, error) {
	if opts.Runner != "" {
		if _, err := migrations.ProfileFor(opts.Runner); err != nil {
			return nil, err
		}
	}
	l := &linter{eng: eng, pols: pols, opts: opts, now: opts.Now}
	if l.now.IsZero() {
		l.now = time.Now()
	}
	for _, r := range pols.Rules() {
		l.ids = append(l.ids, r.ID)
	}
	return l, nil
}

// evaluate judges one parsed file and applies its ignore directives. Called
// from several goroutines: it only reads the linter.
func (l *linter) evaluate(ctx context.Context, f *parser.File) ([]finding.Finding, error) {
	fs, err := l.eng.Eval(ctx, f)
	if err != nil {
		return nil, fmt.Errorf("lint %s: %w", f.File.Path, err)
	}
	fs = finding.Suppress(fs, directives(f), finding.SuppressOptions{
		Path: f.File.Path, Now: l.now, Rule: l.ruleTemplate,
		Suggest: func(id string) string { return config.Suggest(id, l.ids) },
	})
	return finding.SortAndDedupe(fs), nil
}

// ParseOptions are the parser settings of migration m under opts: the
// configured runner (else the format's own) decides the transaction mode, and
// the PostgreSQL version and schema fall back to the defaults.
func ParseOptions(m *migrations.Migration, opts Options) (parser.Options, error) {
	runner := opts.Runner
	if runner == "" {
		runner = migrations.DefaultRunner(m.Format)
	}
	p, err := migrations.ProfileFor(runner)
	if err != nil {
		return parser.Options{}, err
	}
	o := parser.Options{
		Path:            m.Path,
		PGVersion:       opts.PGVersion,
		PGVersionNum:    opts.PGVersionNum,
		DefaultSchema:   opts.DefaultSchema,
		Runner:          p.Runner,
		TransactionMode: p.ModeFor(*m),
		RunnerProfile:   p.Facts(),
		Format:          m.Format,
		Version:         m.Version,
		Name:            m.Name,
		Direction:       m.Direction,
	}
	if o.PGVersion == 0 {
		o.PGVersion = DefaultPGVersion
	}
	if o.PGVersionNum == 0 {
		o.PGVersionNum = o.PGVersion * 10000
	}
	if o.DefaultSchema == "" {
		o.DefaultSchema = DefaultSchema
	}
	if m.Sections != nil {
		o.Sections = make([]parser.Section, len(m.Sections))
		for i, s := range m.Sections {
			o.Sections[i] = parser.Section{Start: s.Start, End: s.End}
		}
	}
	return o, nil
}

// ruleTemplate prefills a finding of a rule computed in Go (unused-ignore,
// waivers) from the registry and the run's configuration.
func (l *linter) ruleTemplate(id string) (finding.Finding, bool, bool) {
	r, known := l.pols.Rule(id)
	if !known {
		return finding.Finding{}, false, false
	}
	sev, enabled := l.eng.RuleSeverity(id)
	return finding.Finding{Rule: id, Category: r.Category, Severity: sev, Title: r.Title,
		Help: r.Help, Docs: r.Docs()}, true, enabled
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

// directives copies the file's ignore directives for finding.Suppress.
func directives(f *parser.File) []finding.Directive {
	var out []finding.Directive
	for _, d := range f.Directives {
		var file bool
		switch d.Kind {
		case "ignore":
		case "ignore-file":
			file = true
		case "unknown":
			if d.Error == "" {
				continue
			}
		default:
			continue
		}
		out = append(out, finding.Directive{
			File: file, Rules: d.Rules, Statement: d.Statement, Nested: parser.Nested(f.Statements, d.Statement),
			Reason: d.Reason, Until: d.Until,
			Error: d.Error, Text: d.Text,
			Line: d.Span.Line, Column: d.Span.Col, EndLine: d.Span.EndLine, EndColumn: d.Span.EndCol,
			Start: d.Span.Start, End: d.Span.End,
		})
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
	po.once.Do(func() { po.pols, po.err = engine.Load(ctx, dirs) })
	if po.err != nil {
		return nil, fmt.Errorf("load policies: %w", po.err)
	}
	return po.pols, nil
}
