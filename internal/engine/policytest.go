package engine

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/tester"
	"github.com/open-policy-agent/opa/v1/types"

	"github.com/ddlgate/ddlgate/internal/catalog"
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
	// Like lint: the history (earlier migrations, as SQL strings) is
	// folded into a catalog that then annotates the file.
	cat := catalog.New(so.parser.DefaultSchema)
	for _, h := range so.history {
		cat.Fold(parser.Parse([]byte(h), so.parser))
	}
	f := parser.Parse([]byte(src), so.parser)
	if so.projectFile {
		f = parser.ProjectFile(so.parser.Path, []byte(src), so.parser)
	}
	f.File.Checksum = so.checksum
	cat.Annotate(f)
	v, err := inputValue(f)
	if err != nil {
		return nil, fmt.Errorf("ddlgate.parse_sql: %w", err)
	}
	return ast.NewTerm(v), nil
}

// sqlOptions are parse_sql's options: the parser's, the history (earlier
// migrations as SQL) folded into the catalog first, and the comparison with
// ddlgate.sum the lint stage would make.
type sqlOptions struct {
	parser   parser.Options
	history  []string
	checksum string
	// projectFile reads the text as a project file (package.json, a CI
	// workflow) rather than SQL.
	projectFile bool
}

// parseOptions reads parse_sql's options object.
func parseOptions(opts ast.Object) (sqlOptions, error) {
	so := sqlOptions{parser: parser.Options{Path: "migration.sql"}}
	o := &so.parser
	var err error
	opts.Foreach(func(k, v *ast.Term) {
		if err != nil {
			return
		}
		key, _ := k.Value.(ast.String)
		switch string(key) {
		case "pg_version":
			n, ok := v.Value.(ast.Number)
			i, isInt := n.Int()
			if !ok || !isInt {
				err = fmt.Errorf("option pg_version must be an integer, got %v", v)
				return
			}
			o.PGVersion = i
		case "runner", "transaction_mode", "path", "default_schema", "checksum":
			s, ok := v.Value.(ast.String)
			if !ok {
				err = fmt.Errorf("option %s must be a string, got %v", key, v)
				return
			}
			switch key {
			case "runner":
				o.Runner = string(s)
			case "transaction_mode":
				o.TransactionMode = string(s)
			case "path":
				o.Path = string(s)
			case "default_schema":
				o.DefaultSchema = string(s)
			case "checksum":
				so.checksum = string(s)
			}
		case "project_file":
			b, ok := v.Value.(ast.Boolean)
			if !ok {
				err = fmt.Errorf("option project_file must be a boolean, got %v", v)
				return
			}
			so.projectFile = bool(b)
		case "history":
			arr, ok := v.Value.(*ast.Array)
			if !ok {
				err = fmt.Errorf("option history must be an array of SQL strings, got %v", v)
				return
			}
			arr.Foreach(func(t *ast.Term) {
				if s, ok := t.Value.(ast.String); ok {
					so.history = append(so.history, string(s))
				} else if err == nil {
					err = fmt.Errorf("option history must be an array of SQL strings, got %v", t)
				}
			})
		default:
			err = fmt.Errorf("unknown option %v (want pg_version, runner, transaction_mode, path, default_schema, history, checksum, project_file)", k)
		}
	})
	return so, err
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
