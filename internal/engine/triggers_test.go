package engine

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/ddlgate/ddlgate/internal/facts"
	"github.com/ddlgate/ddlgate/internal/finding"
	"github.com/ddlgate/ddlgate/parser"
)

func TestReportTriggers(t *testing.T) {
	cases := []struct {
		name, module string
		want         []string
	}{
		{"one type", `report contains 1 if {
	some x in input.actions_by_type.drop_table
	x.action.table
}`, []string{"drop_table"}},
		{"types from a literal list", `report contains 1 if {
	some typ in ["create_table", "add_column"]
	some x in input.actions_by_type[typ]
}`, []string{"add_column", "create_table"}},
		{"types from the keys of a package constant", `report contains verb if {
	some typ, verb in _verbs
	some x in input.actions_by_type[typ]
}
_verbs := {"update": "UPDATE", "delete": "DELETE"}`, []string{"delete", "update"}},
		{"a conditional constant proves nothing", `report contains verb if {
	some typ, verb in _verbs
	some x in input.actions_by_type[typ]
}
_verbs := {"update": "UPDATE"} if input.file.runner == "psql"`, nil},
		{"union of the report bodies", `report contains 1 if {
	some x in input.actions_by_type.grant
}
report contains 2 if {
	some x in input.actions_by_type.revoke
}`, []string{"grant", "revoke"}},
		{"through a helper rule", `report contains p if {
	some p in _pairs
}
_pairs contains [a, b] if {
	some a in input.actions_by_type.add_column
	some b in input.actions_by_type.drop_column
}`, []string{"add_column"}},
		{"through a comprehension", `report contains x if {
	some x in _xs
}
_xs := [x | some x in input.actions_by_type.truncate]`, []string{"truncate"}},
		{"a body that iterates statements runs always", `report contains 1 if {
	some x in input.actions_by_type.grant
}
report contains 2 if {
	some stmt in input.statements
}`, nil},
		{"a negated condition proves nothing", `report contains 1 if {
	not input.actions_by_type.create_table
}`, nil},
		{"a mocked input proves nothing", `report contains 1 if {
	some x in input.actions_by_type.grant with input as {}
}`, nil},
		{"recursion proves nothing", `report contains x if {
	some x in _a
}
_a contains x if {
	some x in _a
}`, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			mod := ast.MustParseModuleWithOpts("package ddlgate.rules.x[\"y\"]\n\n"+c.module, ast.ParserOptions{RegoVersion: ast.RegoV1})
			if got := reportTriggers(mod); !slices.Equal(got, c.want) {
				t.Errorf("triggers = %v, want %v", got, c.want)
			}
		})
	}
}

// TestTriggersKeepFindings evaluates the rule testdata and the real corpus
// with every rule enabled, once with the entry point's trigger guards and
// once without: the guards may only skip work, never a finding.
func TestTriggersKeepFindings(t *testing.T) {
	guarded, unguarded := everyRuleEnabledBothWays(t)
	files := ruleTestdataFacts(t)
	if _, err := os.Stat(corpusDir); err == nil {
		files = append(files, corpusFacts(t)...)
	} else {
		t.Logf("corpus not available at %s: comparing on rule testdata only", corpusDir)
	}
	for _, f := range files {
		sameFindings(t, f, guarded, unguarded)
	}
}

// TestPrepareForKeepsFindings compiles, for each rule testdata file, only
// the rules its action types can trigger, and expects the findings of the
// engine that holds every rule. (With the embedded plan, every built-in rule
// is always there: this is the topdown fallback of a stale plan.)
func TestPrepareForKeepsFindings(t *testing.T) {
	p, full := everyRuleEnabled(t)
	p = p.topdown()
	cfg := everyRuleConfig(p)
	engines := map[string]*Engine{}
	for _, f := range ruleTestdataFacts(t) {
		types := ActionTypes(f.Parsed)
		key := strings.Join(types, ",")
		if engines[key] == nil {
			e, err := p.PrepareFor(context.Background(), cfg, types)
			if err != nil {
				t.Fatalf("prepare for %v: %v", types, err)
			}
			engines[key] = e
		}
		sameFindings(t, f, engines[key], full)
	}
	if len(engines) < 20 {
		t.Errorf("only %d distinct sets of action types in the rule testdata", len(engines))
	}
}

func TestPrepareForRefusesOtherActions(t *testing.T) {
	p, err := Load(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	f := document(parser.Parse([]byte("CREATE TABLE t (id bigint PRIMARY KEY);\nDROP TABLE users;\n"), parser.Options{Path: "x.sql"}))
	e, err := p.topdown().PrepareFor(context.Background(), nil, []string{"create_table"})
	if err != nil {
		t.Fatal(err)
	}
	_, err = e.Eval(context.Background(), f)
	if err == nil || !strings.Contains(err.Error(), "without the rules for drop_table actions") {
		t.Fatalf("Eval = %v, want a refusal naming drop_table", err)
	}
	// From the embedded plan, every built-in rule is there.
	e, err = p.PrepareFor(context.Background(), nil, []string{"create_table"})
	if err != nil {
		t.Fatal(err)
	}
	if got, err := e.Eval(context.Background(), f); err != nil || len(findingsOf(got, "ban-drop-table")) != 1 {
		t.Fatalf("Eval = %v, %v; want the finding of ban-drop-table", got, err)
	}
}

// TestReferencedRulesStayCompiled loads a user rule that reads a built-in
// rule's report: compiling for files that cannot trigger the built-in rule
// must keep it, or the user rule's answer would change.
func TestReferencedRulesStayCompiled(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "counts.rego"), `# METADATA
# title: Index findings
# description: Reports when the built-in index rule has findings.
# custom:
#   severity: info
package ddlgate.custom.rules.schema["index-findings"]

import data.ddlgate.lib.result

report contains result.fail(rego.metadata.chain(), {"message": "index findings"}) if {
	count(data.ddlgate.rules.locking["require-concurrent-index-creation"].report) > 0
}
`)
	p, err := Load(context.Background(), []string{dir})
	if err != nil {
		t.Fatal(err)
	}
	if r, _ := p.Rule("require-concurrent-index-creation"); !r.pinned {
		t.Error("require-concurrent-index-creation is not pinned by the user rule that reads it")
	}
	if r, _ := p.Rule("ban-drop-table"); r.pinned {
		t.Error("ban-drop-table is pinned though no other module reads it")
	}
	configured, _, err := p.configure(nil)
	if err != nil {
		t.Fatal(err)
	}
	order, b := p.compiled(configured, map[string]bool{"drop_table": true}, false)
	var ids []string
	for _, r := range order {
		ids = append(ids, r.ID)
	}
	if !slices.Contains(ids, "require-concurrent-index-creation") || !slices.Contains(ids, "index-findings") {
		t.Errorf("compiled rules %v lack the pinned rule or the user rule", ids)
	}
	if slices.Contains(ids, "require-concurrent-reindex") {
		t.Errorf("compiled rules %v keep require-concurrent-reindex, which drop_table cannot trigger", ids)
	}
	if len(b.Modules) >= len(p.bundle.Modules) {
		t.Errorf("the compiled bundle keeps all %d modules", len(b.Modules))
	}
}

// ruleTestdataFacts parses every rule testdata file under its header.
func ruleTestdataFacts(t *testing.T) []*facts.Document {
	t.Helper()
	sqls, err := filepath.Glob(filepath.Join(rulesDir, "*", "*", "testdata", "*.sql"))
	if err != nil || len(sqls) < 100 {
		t.Fatalf("rule testdata: %d files, %v", len(sqls), err)
	}
	var files []*facts.Document
	for _, path := range sqls {
		src, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		f, err := parseWithHeader(string(src), filepath.ToSlash(path))
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		files = append(files, f)
	}
	return files
}

// sameFindings expects got and want to judge f alike.
func sameFindings(t *testing.T, f *facts.Document, got, want *Engine) {
	t.Helper()
	wantFs, err := want.Eval(context.Background(), f)
	if err != nil {
		t.Fatal(err)
	}
	gotFs, err := got.Eval(context.Background(), f)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.EqualFunc(gotFs, wantFs, func(a, b finding.Finding) bool { return a.Fingerprint == b.Fingerprint && a.Message == b.Message }) {
		t.Errorf("%s: findings differ:\n%s\nwant:\n%s", f.File.Path, describe(gotFs), describe(wantFs))
	}
}

// everyRuleEnabledBothWays prepares every rule twice: as in production, and
// with no rule guarded by its triggers.
func everyRuleEnabledBothWays(t *testing.T) (guarded, unguarded *Engine) {
	t.Helper()
	p, guarded := everyRuleEnabled(t)
	for i := range p.rules {
		p.rules[i].triggers = nil
	}
	unguarded, err := p.Prepare(context.Background(), everyRuleConfig(p))
	if err != nil {
		t.Fatal(err)
	}
	return guarded, unguarded
}
