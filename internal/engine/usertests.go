package engine

import (
	"context"
	"fmt"
	"io/fs"
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/storage/inmem"
	"github.com/open-policy-agent/opa/v1/tester"

	"github.com/ddlgate/ddlgate/policies"
)

// Tests runs the Rego tests of the policy directories, and those of the
// embedded policies when builtin is set, sandboxed like production plus the
// ddlgate.parse_sql builtin. It returns one result per test in run order;
// err is set when the tests could not run (a compile error, with sandbox
// violations explained). The embedded library and rules are always compiled
// in, for user tests to import; their tests only with builtin, so that a
// user's run neither pays for nor depends on them.
func Tests(ctx context.Context, policyDirs []string, builtin bool) ([]TestResult, error) {
	modules, err := testModules(policyDirs, builtin)
	if err != nil {
		return nil, err
	}
	parseSQL := parseSQLBuiltin()
	compiler := ast.NewCompiler().WithCapabilities(capabilities(parseSQL.Decl)).
		WithSchemas(schemaSet()).
		WithEnablePrintStatements(true)
	ch, err := tester.NewRunner().
		SetCompiler(compiler).
		SetModules(modules).
		SetStore(inmem.New()).
		AddCustomBuiltins([]*tester.Builtin{parseSQL}).
		RaiseBuiltinErrors(true).
		RunTests(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("compile policy tests: %w", explainCompileError(err))
	}
	var results []TestResult
	for r := range ch {
		tr := TestResult{
			Name:     strings.TrimPrefix(r.Package, "data.") + "." + r.Name,
			Passed:   r.Pass(),
			Duration: r.Duration,
		}
		if r.Location != nil {
			tr.Location = fmt.Sprintf("%s:%d", r.Location.File, r.Location.Row)
		}
		switch {
		case r.Error != nil:
			tr.Detail = r.Error.Error()
		case r.FailedAt != nil:
			tr.Detail = "failed at " + r.FailedAt.String()
		case r.Fail:
			tr.Detail = "test is false or undefined"
		}
		if len(r.Output) > 0 {
			tr.Detail += "\n" + strings.TrimSpace(string(r.Output))
		}
		results = append(results, tr)
	}
	return results, nil
}

// testModules parses the embedded modules (their tests only when
// builtinTests) and every module under policyDirs, tests included, keyed by
// path.
func testModules(policyDirs []string, builtinTests bool) (map[string]*ast.Module, error) {
	modules := map[string]*ast.Module{}
	err := fs.WalkDir(policies.FS, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".rego") || (!builtinTests && isTestFile(d.Name())) {
			return err
		}
		src, err := fs.ReadFile(policies.FS, path)
		if err != nil {
			return err
		}
		mod, err := parseModule("policies/"+path, src)
		if err != nil {
			return err
		}
		modules["policies/"+path] = mod
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read embedded policies: %w", err)
	}
	for _, dir := range policyDirs {
		paths, err := regoFiles(dir, true)
		if err != nil {
			return nil, err
		}
		for _, path := range paths {
			_, mod, err := readModule(path)
			if err != nil {
				return nil, err
			}
			modules[path] = mod
		}
	}
	return modules, nil
}
