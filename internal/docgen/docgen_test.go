package docgen

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ddlgate/ddlgate/internal/engine"
)

// TestCommittedDocsAreCurrent fails when a rule's METADATA changed without
// `make docs`: the pages and the catalog's table must say what the rules do.
func TestCommittedDocsAreCurrent(t *testing.T) {
	root := filepath.Join("..", "..")
	pols, err := engine.Load(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	catalog, err := os.ReadFile(filepath.Join(root, CatalogPage))
	if err != nil {
		t.Fatal(err)
	}
	files, err := Files(pols.Rules(), catalog)
	if err != nil {
		t.Fatal(err)
	}
	for rel, want := range files {
		got, err := os.ReadFile(filepath.Join(root, rel))
		if err != nil || string(got) != string(want) {
			t.Errorf("%s is stale: run `make docs` and commit the result", rel)
		}
	}
	pages, _ := filepath.Glob(filepath.Join(root, RulesDir, "*.md"))
	for _, p := range pages {
		rel, _ := filepath.Rel(root, p)
		if _, ok := files[filepath.ToSlash(rel)]; !ok {
			t.Errorf("%s documents no rule: run `make docs`", rel)
		}
	}
}

func TestRulePageHasEverySection(t *testing.T) {
	page := RulePage(engine.Rule{
		ID: "ban-x", Category: "safety", Title: "No x", Description: "x is bad.", Enabled: true,
		Examples: struct{ Bad, Good string }{"DROP x;", "SELECT 1;"}, Help: "Do y.",
		Params: map[string]any{"min_age": "24h"}, RelatedResources: []string{"https://example.org/x"},
		MinPGVersion: 12,
	})
	for _, want := range []string{"# ban-x", "**No x**", "12 and later", "x is bad.", "```sql\nDROP x;\n```",
		"```sql\nSELECT 1;\n```", "## Fix\n\nDo y.", "| `min_age` | `\"24h\"` |", "ban-x:\n    enabled: true",
		"-- ddlgate:ignore ban-x", "- <https://example.org/x>"} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %q:\n%s", want, page)
		}
	}
}

func TestExampleHeaderBecomesProse(t *testing.T) {
	page := RulePage(engine.Rule{ID: "x", Examples: struct{ Bad, Good string }{
		"-- options: pg_version=11 phase_history={\"a\":1}\nALTER TYPE mood ADD VALUE 'x';", "SELECT 1;"}})
	if !strings.Contains(page, "Reported (with `pg_version=11`):\n\n```sql\nALTER TYPE mood ADD VALUE 'x';\n```") || strings.Contains(page, "options:") {
		t.Errorf("page:\n%s", page)
	}
}

// A rule computed in Go says so on its page, and only such a rule does.
func TestComputedRulePageSaysJudgedInGo(t *testing.T) {
	rule := engine.Rule{ID: "unused-x", Category: "governance", Title: "x", Description: "x."}
	if page := RulePage(rule); strings.Contains(page, "## How it is judged") {
		t.Errorf("a Rego rule's page says it is judged in Go:\n%s", page)
	}
	rule.Computed = true
	page := RulePage(rule)
	if !strings.Contains(page, "## How it is judged\n\nThis rule is judged in Go, not in Rego") || !strings.Contains(page, "`custom.computed: engine`") {
		t.Errorf("a computed rule's page does not say it is judged in Go:\n%s", page)
	}
}
