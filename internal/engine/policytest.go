package engine

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/tester"
	"github.com/open-policy-agent/opa/v1/types"

	"github.com/ddlgate/ddlgate/internal/dbfacts"
	"github.com/ddlgate/ddlgate/internal/facts"
	"github.com/ddlgate/ddlgate/internal/migrations"
	"github.com/ddlgate/ddlgate/internal/phase"
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
	doc, err := sqlFacts(string(src), so)
	if err != nil {
		return nil, fmt.Errorf("ddlgate.parse_sql: %w", err)
	}
	v, err := inputValue(doc)
	if err != nil {
		return nil, fmt.Errorf("ddlgate.parse_sql: %w", err)
	}
	return ast.NewTerm(v), nil
}

// sqlOptions say how to read a piece of SQL in a test: the target, the
// file's path and format, and the facts a lint run takes from elsewhere —
// earlier migrations of the directory (history, SQL folded into the
// catalog), its ddlgate.sum (checksum), sibling versions
// (duplicate_versions), drizzle's journal (in_journal), the expand/contract
// ledger (phase_history), the target database (db) — or that the text is a
// project file such as package.json (project_file), or a database snapshot
// (db_snapshot).
type sqlOptions struct {
	target        facts.Target
	path, format  string
	version, name string
	history       []string
	stated        facts.Stated
	projectFile   bool
	project       facts.ProjectStated
	// down is missing, empty or present: the file's down part, stated.
	down string
	// dbSnapshot, when set, makes the text a database snapshot file judged
	// on its own, with these facts of it.
	dbSnapshot *parser.DBSnapshot
	// forceTransaction and mixedAllowed are what Flyway's configuration
	// says of the file (executeInTransaction=true in its .sql.conf,
	// flyway.mixed=true in the project's).
	forceTransaction, mixedAllowed bool
}

// sqlOptionNames lists the options, for error messages.
const sqlOptionNames = "pg_version, runner, transaction_mode, path, default_schema, format, version, name, history, checksum, duplicate_versions, in_journal, phase_history, project_file, exists, committed, run_by, down, ordered_before, next_version, db, db_snapshot, force_transaction, mixed_allowed"

// sqlFacts builds the document of src as lint would, through the facts
// stage: the history folded into the catalog before it, the directory facts
// and phase history the options state.
func sqlFacts(src string, so sqlOptions) (*facts.Document, error) {
	if so.dbSnapshot != nil {
		return facts.SnapshotDocument(facts.SnapshotFile{Path: so.path, Src: []byte(src), DB: so.target.DB}, so.target, so.dbSnapshot)
	}
	if so.projectFile {
		return facts.ProjectDocument(so.path, []byte(src), so.target, &so.project)
	}
	down, err := downOption(so.path, so.down)
	if err != nil {
		return nil, err
	}
	so.stated.Directory.Down = down
	set := facts.Set{
		Migrations: []migrations.Migration{{Path: so.path, Format: so.format, Version: so.version, Name: so.name, Src: []byte(src),
			ForceTransaction: so.forceTransaction, MixedAllowed: so.mixedAllowed}},
		Stated: []facts.Stated{so.stated},
	}
	for i, h := range so.history {
		set.History = append(set.History, migrations.Migration{Path: fmt.Sprintf("history/%04d.sql", i+1), Format: so.format, Src: []byte(h)})
	}
	built, err := facts.Build(context.Background(), set, so.target)
	if err != nil {
		return nil, err
	}
	return built.Documents[0], nil
}

// parseOptions reads an options object: parse_sql's second argument, or a
// testdata header converted to one.
func parseOptions(opts ast.Object) (sqlOptions, error) {
	so := sqlOptions{path: "migration.sql"}
	t := &so.target
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
			t.PGVersion = i
		case "runner":
			t.Runner = str(name, v)
		case "transaction_mode":
			t.TransactionMode = str(name, v)
		case "path":
			so.path = str(name, v)
		case "default_schema":
			t.DefaultSchema = str(name, v)
		case "format":
			so.format = str(name, v)
		case "version":
			so.version = str(name, v)
		case "name":
			so.name = str(name, v)
		case "checksum":
			so.stated.Directory.Checksum = str(name, v)
		case "history":
			so.history = strs(name, v)
		case "duplicate_versions":
			so.stated.Directory.DuplicateVersions = strs(name, v)
		case "in_journal":
			in := boolean(name, v)
			so.stated.Directory.InJournal = &in
		case "project_file":
			so.projectFile = boolean(name, v)
		case "phase_history":
			so.stated.History, err = phaseHistory(v)
		case "exists":
			so.project.Exists = strs(name, v)
		case "committed":
			c := boolean(name, v)
			so.project.Committed = &c
		case "run_by":
			so.project.RunBy, err = runBy(strs(name, v))
		case "down":
			so.down = str(name, v)
			_, err = downOption("", so.down)
		case "ordered_before":
			so.stated.Directory.OrderedBefore, err = orderedBefore(v)
		case "next_version":
			so.stated.Directory.NextVersion = str(name, v)
		case "db":
			t.DB, err = dbOption(v)
		case "force_transaction":
			so.forceTransaction = boolean(name, v)
		case "mixed_allowed":
			so.mixedAllowed = boolean(name, v)
		case "db_snapshot":
			so.dbSnapshot = &parser.DBSnapshot{}
			err = strictJSON(name, v, so.dbSnapshot)
		default:
			err = fmt.Errorf("unknown option %v (want %s)", k, sqlOptionNames)
		}
	})
	return so, err
}

// phaseHistory reads the phase_history option as the typed history facts.
func phaseHistory(v *ast.Term) (*phase.History, error) {
	var h phase.History
	if err := strictJSON("phase_history", v, &h); err != nil {
		return nil, err
	}
	return &h, nil
}

// dbOption reads the db option as the typed facts of a target database
// (input.db): {"server_version_num": 150000, "tables": {"public.orders":
// {"estimated_rows": 1200, "analyzed": true, "size_bytes": 98304}}}. A
// table's schema and name default to its key's, its columns and indexes to
// none.
func dbOption(v *ast.Term) (*dbfacts.Facts, error) {
	var db dbfacts.Facts
	if err := strictJSON("db", v, &db); err != nil {
		return nil, err
	}
	if db.Tables == nil {
		db.Tables = map[string]dbfacts.Table{}
	}
	for key, t := range db.Tables {
		schema, name, ok := strings.Cut(key, ".")
		if !ok {
			return nil, fmt.Errorf("option db: table key %q is not schema.table", key)
		}
		if t.Schema == "" && t.Name == "" {
			t.Schema, t.Name = schema, name
		}
		if t.Columns == nil {
			t.Columns = []dbfacts.Column{}
		}
		if t.Indexes == nil {
			t.Indexes = []dbfacts.Index{}
		}
		db.Tables[key] = t
	}
	return &db, nil
}

// strictJSON decodes an option's JSON value into out: a misspelt key is an
// error, as it would be in a policy.
func strictJSON(name string, v *ast.Term, out any) error {
	doc, err := ast.JSON(v.Value)
	if err != nil {
		return fmt.Errorf("option %s: %w", name, err)
	}
	raw, err := json.Marshal(doc)
	if err != nil {
		return fmt.Errorf("option %s: %w", name, err)
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(out); err != nil {
		return fmt.Errorf("option %s: %w", name, err)
	}
	return nil
}

// orderedBefore reads the ordered_before option: the landed migrations the
// file sorts before.
func orderedBefore(v *ast.Term) ([]parser.Landed, error) {
	out := []parser.Landed{}
	return out, strictJSON("ordered_before", v, &out)
}

// runBy reads the run_by option: "path:line" workflow steps that run the
// file's package scripts.
func runBy(steps []string) ([]parser.ScriptCaller, error) {
	var out []parser.ScriptCaller
	for _, r := range steps {
		path, line, _ := strings.Cut(r, ":")
		n, err := strconv.Atoi(line)
		if err != nil {
			return nil, fmt.Errorf("option run_by: %q is not path:line", r)
		}
		out = append(out, parser.ScriptCaller{Path: path, Line: n})
	}
	return out, nil
}

// downOption reads the down option: the down part of the file at path is
// missing, empty or present.
func downOption(path, down string) (*parser.DownPart, error) {
	switch down {
	case "":
		return nil, nil
	case "missing":
		return &parser.DownPart{Path: path}, nil
	case "empty":
		return &parser.DownPart{Path: path, Exists: true, Empty: true}, nil
	case "present":
		return &parser.DownPart{Path: path, Exists: true}, nil
	}
	return nil, fmt.Errorf("option down must be missing, empty or present, got %q", down)
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
