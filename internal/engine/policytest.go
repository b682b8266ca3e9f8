package engine

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/tester"
	"github.com/open-policy-agent/opa/v1/types"

	"github.com/ddlgate/ddlgate/internal/catalog"
	"github.com/ddlgate/ddlgate/internal/migrations"
	"github.com/ddlgate/ddlgate/parser"
)

// parseSQLDecl declares the test-only builtin ddlgate.parse_sql(sql,
// options): it runs the real parser so Rego tests are written in SQL.
// options is an object with pg_version, runner, transaction_mode, path and
// default_schema; pass {} for the defaults. There is no one-argument form:
// Rego reads an extra last argument as the output, so parse_sql(sql) and
// parse_sql(sql, options) cannot share a name. It exists only in the test
// runner's capabilities.
var parseSQLDecl = &ast.Builtin{
	Name: "ddlgate.parse_sql",
	Decl: types.NewFunction(types.Args(types.S, types.NewObject(nil, types.NewDynamicProperty(types.S, types.A))), types.A),
}

func parseSQLBuiltin() *tester.Builtin {
	return &tester.Builtin{
		Decl: parseSQLDecl,
		Func: rego.Function2(&rego.Function{Name: parseSQLDecl.Name, Decl: parseSQLDecl.Decl},
			func(_ rego.BuiltinContext, sql, opts *ast.Term) (*ast.Term, error) {
				obj, ok := opts.Value.(ast.Object)
				if !ok {
					return nil, fmt.Errorf("ddlgate.parse_sql: options must be an object")
				}
				return parseSQL(sql, obj)
			}),
	}
}

func parseSQL(sql *ast.Term, opts ast.Object) (*ast.Term, error) {
	src, ok := sql.Value.(ast.String)
	if !ok {
		return nil, fmt.Errorf("ddlgate.parse_sql: sql must be a string")
	}
	so, err := parseOptions(opts)
	if err != nil {
		return nil, fmt.Errorf("ddlgate.parse_sql: %w", err)
	}
	v, err := inputValue(sqlFacts(string(src), so))
	if err != nil {
		return nil, fmt.Errorf("ddlgate.parse_sql: %w", err)
	}
	return ast.NewTerm(v), nil
}

// sqlOptions say how to read a piece of SQL in a test: the parser's options
// and the facts a lint run takes from elsewhere — earlier migrations of the
// directory (history, SQL folded into the catalog), its ddlgate.sum
// (checksum), sibling versions (duplicate_versions), drizzle's journal
// (in_journal), the expand/contract ledger (phase_history) — or that the
// text is a project file such as package.json (project_file).
type sqlOptions struct {
	parser       parser.Options
	history      []string
	checksum     string
	duplicates   []string
	inJournal    *bool
	phaseHistory any
	projectFile  bool
	// exists lists the migrations folders and journal-named files that are
	// on disk; committed is what git says of the project file and its
	// folders; runBy are "path:line" workflow steps running a package
	// script that pushes; down is missing, empty or present; orderedBefore
	// and nextVersion are the linear-history facts.
	exists        []string
	committed     *bool
	runBy         []string
	down          string
	orderedBefore any
	nextVersion   string
}

// sqlOptionNames lists the options, for error messages.
const sqlOptionNames = "pg_version, runner, transaction_mode, path, default_schema, format, version, name, history, checksum, duplicate_versions, in_journal, phase_history, project_file, exists, committed, run_by, down, ordered_before, next_version"

// sqlFacts builds the facts of src as lint would: parsed under the options,
// annotated by a catalog folded from the history, with the directory facts
// the options state.
func sqlFacts(src string, so sqlOptions) *parser.File {
	cat := catalog.New(so.parser.DefaultSchema)
	for _, h := range so.history {
		cat.Fold(parser.Parse([]byte(h), so.parser))
	}
	var f *parser.File
	if so.projectFile {
		f = parser.ProjectFile(so.parser.Path, []byte(src), so.parser)
	} else {
		f = parser.Parse([]byte(src), so.parser)
	}
	f.File.Checksum = so.checksum
	if so.duplicates != nil {
		f.File.DuplicateVersions = so.duplicates
	}
	f.File.InJournal = so.inJournal
	if so.phaseHistory != nil {
		f.History = so.phaseHistory
	}
	projectOptions(f, so)
	downOption(f, so.down)
	if so.orderedBefore != nil {
		if b, err := json.Marshal(so.orderedBefore); err == nil {
			_ = json.Unmarshal(b, &f.File.OrderedBefore)
		}
	}
	f.File.NextVersion = so.nextVersion
	cat.Annotate(f)
	return f
}

// projectOptions sets the project facts the lint stage computes from other
// files: what exists on disk, what git tracks, who runs a script.
func projectOptions(f *parser.File, so sqlOptions) {
	if f.Project == nil {
		return
	}
	f.Project.Committed = so.committed
	for i := range f.Project.MigrationDirs {
		d := &f.Project.MigrationDirs[i]
		d.Exists = slices.Contains(so.exists, d.Dir)
		d.Committed = so.committed
	}
	for i := range f.Project.JournalEntries {
		e := &f.Project.JournalEntries[i]
		e.FileExists = slices.Contains(so.exists, filepath.ToSlash(e.File))
	}
	for i := range f.PushCommands {
		pc := &f.PushCommands[i]
		if pc.Script == "" {
			continue
		}
		for _, r := range so.runBy {
			path, line, _ := strings.Cut(r, ":")
			n, _ := strconv.Atoi(line)
			pc.RunBy = append(pc.RunBy, parser.ScriptCaller{Path: path, Line: n, Text: "npm run " + pc.Script})
		}
	}
}

// downOptions are the values of the down option.
var downOptions = []string{"", "missing", "empty", "present"}

// downOption sets file.down as the option says: missing, empty or present.
func downOption(f *parser.File, down string) {
	switch down {
	case "missing":
		f.File.Down = &parser.DownPart{Path: f.File.Path}
	case "empty":
		f.File.Down = &parser.DownPart{Path: f.File.Path, Exists: true, Empty: true}
	case "present":
		f.File.Down = &parser.DownPart{Path: f.File.Path, Exists: true}
	}
}

// parseOptions reads an options object: parse_sql's second argument, or a
// testdata header converted to one.
func parseOptions(opts ast.Object) (sqlOptions, error) {
	so := sqlOptions{parser: parser.Options{Path: "migration.sql"}}
	o := &so.parser
	var err error
	str := func(key string, v *ast.Term) string {
		s, ok := v.Value.(ast.String)
		if !ok && err == nil {
			err = fmt.Errorf("option %s must be a string, got %v", key, v)
		}
		return string(s)
	}
	strs := func(key string, v *ast.Term) []string {
		arr, ok := v.Value.(*ast.Array)
		if !ok {
			err = fmt.Errorf("option %s must be an array of strings, got %v", key, v)
			return nil
		}
		out := []string{}
		arr.Foreach(func(t *ast.Term) { out = append(out, str(key, t)) })
		return out
	}
	boolean := func(key string, v *ast.Term) bool {
		b, ok := v.Value.(ast.Boolean)
		if !ok && err == nil {
			err = fmt.Errorf("option %s must be a boolean, got %v", key, v)
		}
		return bool(b)
	}
	opts.Foreach(func(k, v *ast.Term) {
		if err != nil {
			return
		}
		key, _ := k.Value.(ast.String)
		switch name := string(key); name {
		case "pg_version":
			n, ok := v.Value.(ast.Number)
			i, isInt := n.Int()
			if !ok || !isInt {
				err = fmt.Errorf("option pg_version must be an integer, got %v", v)
				return
			}
			o.PGVersion = i
		case "runner":
			o.Runner = str(name, v)
		case "transaction_mode":
			o.TransactionMode = str(name, v)
		case "path":
			o.Path = str(name, v)
		case "default_schema":
			o.DefaultSchema = str(name, v)
		case "format":
			o.Format = str(name, v)
		case "version":
			o.Version = str(name, v)
		case "name":
			o.Name = str(name, v)
		case "checksum":
			so.checksum = str(name, v)
		case "history":
			so.history = strs(name, v)
		case "duplicate_versions":
			so.duplicates = strs(name, v)
		case "in_journal":
			in := boolean(name, v)
			so.inJournal = &in
		case "project_file":
			so.projectFile = boolean(name, v)
		case "phase_history":
			so.phaseHistory, err = ast.JSON(v.Value)
		case "exists":
			so.exists = strs(name, v)
		case "committed":
			c := boolean(name, v)
			so.committed = &c
		case "run_by":
			so.runBy = strs(name, v)
		case "down":
			if so.down = str(name, v); !slices.Contains(downOptions, so.down) {
				err = fmt.Errorf("option down must be missing, empty or present, got %q", so.down)
			}
		case "ordered_before":
			so.orderedBefore, err = ast.JSON(v.Value)
		case "next_version":
			so.nextVersion = str(name, v)
		default:
			err = fmt.Errorf("unknown option %v (want %s)", k, sqlOptionNames)
		}
	})
	o.RunnerProfile = runnerProfile(o.Runner)
	return so, err
}

// runnerProfile is what lint tells policies of runner's profile; the
// parser reads no runner ("") as ddlgate apply, and so does this.
func runnerProfile(runner string) parser.RunnerProfile {
	if runner == "" {
		runner = "ddlgate"
	}
	p, err := migrations.ProfileFor(runner)
	if err != nil {
		return parser.RunnerProfile{}
	}
	return p.Facts()
}

// TestResult is the outcome of one Rego test.
type TestResult struct {
	// Name is the test's package and rule name, e.g.
	// ddlgate.rules.safety["ban-drop-table_test"].test_drop_is_reported.
	Name     string
	Location string
	Passed   bool
	// Detail explains a failure: the failing expression or the error.
	Detail   string
	Duration time.Duration
}

// RunTests runs the Rego tests (test_* rules in *_test.rego and other
// modules) of the embedded policies and of the policy directories, sandboxed
// like production plus the ddlgate.parse_sql builtin. It prints one line per
// failure to w and a summary line, and returns the counts; err is set when
// the tests could not run (a compile error).
func RunTests(ctx context.Context, policyDirs []string, w io.Writer) (passed, failed int, err error) {
	results, err := Tests(ctx, policyDirs, true)
	if err != nil {
		return 0, 0, err
	}
	for _, r := range results {
		if r.Passed {
			passed++
			continue
		}
		failed++
		fmt.Fprintf(w, "FAIL %s (%s)\n", r.Name, r.Location)
		if r.Detail != "" {
			fmt.Fprintf(w, "     %s\n", strings.ReplaceAll(r.Detail, "\n", "\n     "))
		}
	}
	fmt.Fprintf(w, "%d passed, %d failed\n", passed, failed)
	return passed, failed, nil
}
