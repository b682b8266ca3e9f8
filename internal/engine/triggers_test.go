package engine

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"

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
	var files []*parser.File
	sqls, err := filepath.Glob(filepath.Join(rulesTestdata, "*", "*.sql"))
	if err != nil || len(sqls) < 100 {
		t.Fatalf("rule testdata: %d files, %v", len(sqls), err)
	}
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
	if _, err := os.Stat(corpusDir); err == nil {
		files = append(files, corpusFacts(t)...)
	} else {
		t.Logf("corpus not available at %s: comparing on rule testdata only", corpusDir)
	}
	for _, f := range files {
		want, err := unguarded.Eval(context.Background(), f)
		if err != nil {
			t.Fatal(err)
		}
		got, err := guarded.Eval(context.Background(), f)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.EqualFunc(got, want, func(a, b finding.Finding) bool { return a.Fingerprint == b.Fingerprint && a.Message == b.Message }) {
			t.Errorf("%s: guarded findings differ:\n%s\nunguarded:\n%s", f.File.Path, describe(got), describe(want))
		}
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
	on := true
	cfg := map[string]RuleConfig{}
	for _, r := range p.rules {
		cfg[r.ID] = RuleConfig{Enabled: &on}
	}
	unguarded, err := p.Prepare(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	return guarded, unguarded
}
