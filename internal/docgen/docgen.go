// Package docgen renders the rule documentation from rule METADATA: one
// Markdown page per rule (docs/rules/<id>.md), the rule catalog's table
// (docs/rules/README.md), and the text `ddlgate explain` prints. METADATA
// is the single source, so the docs cannot drift from the rules; a test
// fails when the committed files are stale (refresh them with `make docs`).
package docgen

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/ddlgate/ddlgate/internal/engine"
)

// RulesDir is where the rule pages live, relative to the repository root.
const RulesDir = "docs/rules"

// CatalogPage is the rule catalog's page, relative to the repository root:
// the rule table is generated between its markers.
const CatalogPage = RulesDir + "/README.md"

// Markers of the catalog page between which the rule table is generated.
const (
	tableBegin = "<!-- rules:begin -->"
	tableEnd   = "<!-- rules:end -->"
)

// RulePage is the Markdown documentation of one rule.
func RulePage(r engine.Rule) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s\n\n", r.ID)
	fmt.Fprintf(&b, "**%s**\n\n", r.Title)
	fmt.Fprintf(&b, "| category | default severity | enabled by default | PostgreSQL |\n|---|---|---|---|\n")
	fmt.Fprintf(&b, "| %s | %s | %s | %s |\n\n", r.Category, r.Severity, yesNo(r.Enabled), versions(r.MinPGVersion))
	if d := strings.TrimSpace(r.Description); d != "" {
		b.WriteString(d + "\n\n")
	}
	if r.Computed {
		b.WriteString(judgedInGo)
	}
	if r.Examples.Bad != "" || r.Examples.Good != "" {
		b.WriteString("## Examples\n\n")
		if r.Examples.Bad != "" {
			writeExample(&b, "Reported", r.Examples.Bad)
		}
		if r.Examples.Good != "" {
			writeExample(&b, "Accepted", r.Examples.Good)
		}
	}
	if r.Help != "" {
		fmt.Fprintf(&b, "## Fix\n\n%s\n\n", strings.TrimSpace(r.Help))
	}
	if len(r.Params) > 0 {
		b.WriteString("## Parameters\n\n| name | default |\n|---|---|\n")
		keys := make([]string, 0, len(r.Params))
		for k := range r.Params {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			v, _ := json.Marshal(r.Params[k])
			fmt.Fprintf(&b, "| `%s` | `%s` |\n", k, v)
		}
		b.WriteString("\n")
	}
	b.WriteString("## Configuration\n\n```yaml\n# .ddlgate.yaml\nrules:\n")
	fmt.Fprintf(&b, "  %s:\n    enabled: %t\n    severity: %s\n", r.ID, r.Enabled, r.Severity)
	b.WriteString("```\n\n")
	fmt.Fprintf(&b, "Waive one statement with a reviewed reason:\n\n```sql\n-- ddlgate:ignore %s reason=\"...\" until=YYYY-MM-DD\n```\n", r.ID)
	if len(r.RelatedResources) > 0 {
		b.WriteString("\n## References\n\n")
		for _, ref := range r.RelatedResources {
			fmt.Fprintf(&b, "- <%s>\n", ref)
		}
	}
	return b.String()
}

// judgedInGo is the section of a rule computed in Go (METADATA
// custom.computed: engine) rather than by its Rego package: readers of the
// policies and custom-rule authors would otherwise look for Rego that is
// not there.
const judgedInGo = `## How it is judged

This rule is judged in Go, not in Rego: ddlgate computes it while it
applies ` + "`-- ddlgate:ignore`" + ` directives and waivers, after the Rego rules have
reported, because it judges the directives themselves (whether one has a
reason, whether its date has passed, whether it suppressed a finding of
another rule). Its Rego package only documents it (` + "`custom.computed: engine`" + `)
and reports nothing; it is enabled, disabled and given a severity in
` + "`.ddlgate.yaml`" + ` like any other rule.

`

// writeExample writes one METADATA example. Its optional first line
// `-- options: ...` is how the test suite runs it (target version, runner,
// facts a lint run reads from the directory); readers get the simple
// settings in prose and never the test-only facts written as JSON.
func writeExample(b *strings.Builder, label, example string) {
	example = strings.TrimSpace(example)
	var settings []string
	if first, rest, ok := strings.Cut(example, "\n"); ok {
		if fields, isHeader := strings.CutPrefix(first, "-- options:"); isHeader {
			example = strings.TrimSpace(rest)
			for _, f := range strings.Fields(fields) {
				if !strings.ContainsAny(f, "{[") {
					settings = append(settings, f)
				}
			}
		}
	}
	if len(settings) > 0 {
		label += fmt.Sprintf(" (with `%s`)", strings.Join(settings, " "))
	}
	fmt.Fprintf(b, "%s:\n\n```sql\n%s\n```\n\n", label, example)
}

// RuleTable is the Markdown table of rules for the catalog page, which
// lives beside the rule pages.
func RuleTable(rules []engine.Rule) string {
	var b strings.Builder
	b.WriteString("| rule | category | severity | what it catches |\n|---|---|---|---|\n")
	for _, r := range rules {
		sev := r.Severity.String()
		if !r.Enabled {
			sev += " (off)"
		}
		fmt.Fprintf(&b, "| [`%s`](%s.md) | %s | %s | %s |\n", r.ID, r.ID, r.Category, sev, r.Title)
	}
	return b.String()
}

// Files returns every generated file, keyed by path relative to the
// repository root, with the rule table replaced in catalog (the current
// content of CatalogPage).
func Files(rules []engine.Rule, catalog []byte) (map[string][]byte, error) {
	out := map[string][]byte{}
	for _, r := range rules {
		if r.Custom {
			continue
		}
		out[filepath.ToSlash(filepath.Join(RulesDir, r.ID+".md"))] = []byte(RulePage(r))
	}
	begin := bytes.Index(catalog, []byte(tableBegin))
	end := bytes.Index(catalog, []byte(tableEnd))
	if begin < 0 || end < begin {
		return nil, fmt.Errorf("update %s: markers %s and %s not found", CatalogPage, tableBegin, tableEnd)
	}
	var b bytes.Buffer
	b.Write(catalog[:begin+len(tableBegin)])
	b.WriteString("\n" + RuleTable(rules))
	b.Write(catalog[end:])
	out[CatalogPage] = b.Bytes()
	return out, nil
}

// Write writes the generated files under root and removes pages of rules
// that no longer exist.
func Write(root string, files map[string][]byte) error {
	if err := os.MkdirAll(filepath.Join(root, RulesDir), 0o755); err != nil {
		return fmt.Errorf("write docs: %w", err)
	}
	existing, _ := filepath.Glob(filepath.Join(root, RulesDir, "*.md"))
	for _, p := range existing {
		rel, _ := filepath.Rel(root, p)
		if _, keep := files[filepath.ToSlash(rel)]; !keep {
			if err := os.Remove(p); err != nil {
				return fmt.Errorf("remove stale doc %s: %w", rel, err)
			}
		}
	}
	for rel, content := range files {
		if err := os.WriteFile(filepath.Join(root, rel), content, 0o644); err != nil {
			return fmt.Errorf("write doc %s: %w", rel, err)
		}
	}
	return nil
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

func versions(min int) string {
	if min == 0 {
		return "all"
	}
	return fmt.Sprintf("%d and later", min)
}
