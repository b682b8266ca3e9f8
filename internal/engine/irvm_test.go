package engine

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/bundle"

	"github.com/ddlgate/ddlgate/internal/facts"
	"github.com/ddlgate/ddlgate/internal/finding"
	"github.com/ddlgate/ddlgate/internal/irvm"
)

// TestBuiltinPlanIsFresh plans the built-in rules again: the embedded plan
// must be what the planner makes of the embedded policies today.
func TestBuiltinPlanIsFresh(t *testing.T) {
	plan, err := BuiltinPlan(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(plan, builtinPlan) {
		t.Fatal("internal/engine/builtin.irvm is stale: run make docs (or go generate ./internal/engine)")
	}
	p, err := Load(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if p.builtinProgram() == nil {
		t.Fatal("the embedded plan does not load")
	}
}

// TestStalePlanIsNotUsed changes a built-in module after planning: the
// plan no longer describes the policies, and the built-in rules run on
// topdown, with the changed module.
func TestStalePlanIsNotUsed(t *testing.T) {
	p, err := Load(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	fresh, err := p.Prepare(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := findingsOf(lint(t, fresh, "x.sql", "TRUNCATE users;"), "ban-truncate"); len(got) != 1 {
		t.Fatalf("ban-truncate from the plan: %v, want one finding", got)
	}
	b := *p.bundle
	b.Modules = slices.Clone(b.Modules)
	i := slices.IndexFunc(b.Modules[:p.builtinModules], func(m bundle.ModuleFile) bool {
		return strings.HasSuffix(m.Path, "/ban-truncate/rule.rego")
	})
	if i < 0 {
		t.Fatal("no module of ban-truncate")
	}
	edited := strings.Replace(string(b.Modules[i].Raw), "report contains", "report_was contains", 1)
	b.Modules[i].Raw = []byte(edited)
	if b.Modules[i].Parsed, err = ast.ParseModuleWithOpts(b.Modules[i].Path, edited, ast.ParserOptions{RegoVersion: ast.RegoV1, ProcessAnnotation: true}); err != nil {
		t.Fatal(err)
	}
	stale := *p
	stale.bundle = &b
	e, err := stale.Prepare(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if e.ir != nil || e.query == nil {
		t.Fatal("the plan of other policies is used")
	}
	if got := findingsOf(lint(t, e, "x.sql", "TRUNCATE users;"), "ban-truncate"); len(got) != 0 {
		t.Errorf("ban-truncate reports from its old Rego: %v", got)
	}
}

// TestIRAgreesWithTopdown evaluates every rule testdata file and the corpus
// with the built-in rules on topdown and from the embedded plan: the
// findings (rule, message, help, span, plan, severity, fingerprint) must be
// the same. With user policies (examples/policies), the user rules stay on
// topdown and their findings join the plan's.
func TestIRAgreesWithTopdown(t *testing.T) {
	docs := testdataDocs(t, filepath.Join(rulesDir, "*", "*", "testdata", "*.sql"))
	t.Run("built-in", func(t *testing.T) {
		td, ir := bothEngines(t, nil, true)
		if n := compareEngines(t, td, ir, docs); n < 1000 {
			t.Errorf("the rule testdata gave %d findings, want over 1,000", n)
		}
		if _, err := os.Stat(corpusDir); err != nil {
			t.Logf("corpus not available at %s: compared the rule testdata only", corpusDir)
			return
		}
		if n := compareEngines(t, td, ir, builtCorpus(t)); n < 10000 {
			t.Errorf("the corpus gave %d findings, want over 10,000", n)
		}
	})
	t.Run("with user policies", func(t *testing.T) {
		examples := filepath.Join("..", "..", "examples", "policies")
		td, ir := bothEngines(t, []string{examples}, false)
		all := append(testdataDocs(t, filepath.Join(examples, "*", "*", "*.sql")), docs...)
		before := compareEngines(t, td, ir, all)
		custom := 0
		for _, d := range all {
			fs, _ := ir.Eval(context.Background(), d)
			for _, f := range fs {
				if ir.rules[f.Rule].Custom {
					custom++
				}
			}
		}
		if custom == 0 || before <= custom {
			t.Errorf("%d findings, %d of user rules: want findings of both", before, custom)
		}
	})
}

// bothEngines prepares the policies of dirs with the built-in rules on
// topdown and from the plan, every rule enabled or the defaults.
func bothEngines(t *testing.T, dirs []string, everyRule bool) (topdown, planned *Engine) {
	t.Helper()
	p, err := Load(context.Background(), dirs)
	if err != nil {
		t.Fatal(err)
	}
	var cfg map[string]RuleConfig
	if everyRule {
		cfg = everyRuleConfig(p)
	}
	if topdown, err = p.topdown().Prepare(context.Background(), cfg); err != nil {
		t.Fatal(err)
	}
	if planned, err = p.Prepare(context.Background(), cfg); err != nil {
		t.Fatal(err)
	}
	if topdown.ir != nil || planned.ir == nil || (planned.query != nil) != (len(dirs) > 0) {
		t.Fatal("want the built-in rules on topdown in one engine, from the plan in the other, user rules on topdown")
	}
	return topdown, planned
}

// testdataDocs parses the SQL files matching pattern under their headers.
func testdataDocs(t *testing.T, pattern string) []*facts.Document {
	t.Helper()
	files, err := filepath.Glob(pattern)
	if err != nil || len(files) == 0 {
		t.Fatalf("no testdata matches %s: %v", pattern, err)
	}
	var docs []*facts.Document
	for _, file := range files {
		src, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		rel, _ := filepath.Rel(filepath.Join("..", ".."), file)
		f, err := parseWithHeader(string(src), filepath.ToSlash(rel))
		if err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		docs = append(docs, f)
	}
	return docs
}

// compareEngines evaluates docs with both engines and returns the number of
// findings they agree on.
func compareEngines(t *testing.T, td, ir *Engine, docs []*facts.Document) int {
	t.Helper()
	total := 0
	for _, d := range docs {
		want, err := td.Eval(context.Background(), d)
		if err != nil {
			t.Fatal(err)
		}
		got, err := ir.Eval(context.Background(), d)
		if err != nil {
			t.Errorf("%s: %v", d.File.Path, err)
			continue
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: the plan's findings differ from topdown's:\nplan:\n%s\ntopdown:\n%s", d.File.Path, describeFull(got), describeFull(want))
			continue
		}
		total += len(want)
	}
	return total
}

func describeFull(fs []finding.Finding) string {
	var b bytes.Buffer
	for _, f := range fs {
		b.WriteString("  " + f.Rule + " " + f.Message + " | " + f.Help + "\n")
	}
	return b.String()
}

// BenchmarkEvalCorpusTopdown is BenchmarkEvalCorpus with the built-in rules
// on topdown.
func BenchmarkEvalCorpusTopdown(b *testing.B) {
	benchEvalCorpus(b, benchPolicies(b, true).Prepare)
}

// BenchmarkEvaluateCorpus and BenchmarkEvaluateCorpusTopdown time
// evaluation without decoding findings: one op is one corpus file. The plan
// reads the facts in place; topdown's time includes converting the
// document to the OPA value it reads.
func BenchmarkEvaluateCorpus(b *testing.B)        { benchEvaluate(b, false) }
func BenchmarkEvaluateCorpusTopdown(b *testing.B) { benchEvaluate(b, true) }

func benchEvaluate(b *testing.B, topdown bool) {
	files := corpusFacts(b)
	e, err := benchPolicies(b, topdown).Prepare(context.Background(), nil)
	if err != nil {
		b.Fatal(err)
	}
	emit := func(*ast.Term) error { return nil }
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if err := e.evaluate(context.Background(), files[i%len(files)], emit); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

// BenchmarkPrepare and BenchmarkPrepareTopdown prepare the default
// configuration: from the embedded plan, and compiled for topdown.
func BenchmarkPrepare(b *testing.B)        { benchPrepare(b, false) }
func BenchmarkPrepareTopdown(b *testing.B) { benchPrepare(b, true) }

func benchPrepare(b *testing.B, topdown bool) {
	p := benchPolicies(b, topdown)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := p.Prepare(context.Background(), nil); err != nil {
			b.Fatal(err)
		}
	}
}

// benchPolicies loads the built-in policies, for topdown or the plan.
func benchPolicies(b *testing.B, topdown bool) *Policies {
	p, err := Load(context.Background(), nil)
	if err != nil {
		b.Fatal(err)
	}
	if topdown {
		return p.topdown()
	}
	return p
}

// BenchmarkDecodeBuiltinPlan decodes the embedded plan: what a process pays
// once, where it compiled the built-in rules for topdown.
func BenchmarkDecodeBuiltinPlan(b *testing.B) {
	rest, _ := bytes.CutPrefix(builtinPlan, []byte(builtinPlanHeader))
	_, program, _ := bytes.Cut(rest, []byte("\n"))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := irvm.Decode(program); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkBuiltinHash hashes the embedded policies, as every process that
// uses the plan does once.
func BenchmarkBuiltinHash(b *testing.B) {
	p, err := Load(context.Background(), nil)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		p.builtinHash()
	}
}
