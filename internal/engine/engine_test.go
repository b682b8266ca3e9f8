package engine

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/open-policy-agent/opa/v1/bundle"

	"github.com/ddlgate/ddlgate/internal/finding"
	"github.com/ddlgate/ddlgate/parser"
)

func prepare(t testing.TB, dirs []string, cfg map[string]RuleConfig) *Engine {
	t.Helper()
	p, err := Load(context.Background(), dirs)
	if err != nil {
		t.Fatal(err)
	}
	e, err := p.Prepare(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func lint(t testing.TB, e *Engine, path, sql string) []finding.Finding {
	t.Helper()
	f := document(parser.Parse([]byte(sql), parser.Options{Path: path}))
	got, err := e.Eval(context.Background(), f)
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func findingsOf(fs []finding.Finding, rule string) []finding.Finding {
	var out []finding.Finding
	for _, f := range fs {
		if f.Rule == rule {
			out = append(out, f)
		}
	}
	return out
}

func TestLoadReadsRegistryFromMetadata(t *testing.T) {
	p, err := Load(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	r, ok := p.Rule("syntax-error")
	if !ok {
		t.Fatal("syntax-error is not registered")
	}
	if r.Category != "governance" || r.Severity != finding.Error || !r.Enabled || r.Title != "Syntax error" || r.Custom || r.Computed {
		t.Errorf("syntax-error = %+v", r)
	}
	if r.Source != "policies/rules/governance/syntax-error/rule.rego" {
		t.Errorf("Source = %q", r.Source)
	}
	if u, _ := p.Rule("unused-ignore"); !u.Computed || u.Severity != finding.Warning {
		t.Errorf("unused-ignore = %+v, want computed warning", u)
	}
	rules := p.Rules()
	for i := 1; i < len(rules); i++ {
		a, b := rules[i-1], rules[i]
		if a.Category > b.Category || (a.Category == b.Category && a.ID >= b.ID) {
			t.Errorf("rules not sorted by category then id: %s/%s before %s/%s", a.Category, a.ID, b.Category, b.ID)
		}
	}
}

func TestEvalReportsSyntaxErrorWithPositionAndFingerprint(t *testing.T) {
	e := prepare(t, nil, nil)
	got := findingsOf(lint(t, e, "db/0001_init.sql", "CREATE TABLE accounts (id bigint PRIMARY KEY,);"), "syntax-error")
	if len(got) != 1 {
		t.Fatalf("got %d syntax-error findings, want 1: %+v", len(got), got)
	}
	f := got[0]
	if f.File != "db/0001_init.sql" || f.Severity != finding.Error || f.Category != "governance" || f.StatementIndex != -1 {
		t.Errorf("finding = %+v", f)
	}
	if f.Line < 1 || f.Column < 1 || f.EndLine < f.Line {
		t.Errorf("position = %d:%d-%d:%d, want 1-based", f.Line, f.Column, f.EndLine, f.EndColumn)
	}
	if !strings.Contains(f.Message, "syntax error") {
		t.Errorf("message = %q", f.Message)
	}
	if f.Help != "Fix the SQL so PostgreSQL can parse it." {
		t.Errorf("help = %q, want METADATA custom.help", f.Help)
	}
	if f.Docs != "https://github.com/ddlgate/ddlgate/blob/main/docs/rules/syntax-error.md" {
		t.Errorf("docs = %q", f.Docs)
	}
	if len(f.Fingerprint) != 32 {
		t.Errorf("fingerprint = %q, want 32 hex digits", f.Fingerprint)
	}
	again := findingsOf(lint(t, e, "db/0001_init.sql", "CREATE TABLE accounts (id bigint PRIMARY KEY,);"), "syntax-error")
	if again[0].Fingerprint != f.Fingerprint {
		t.Errorf("fingerprint not stable: %s then %s", f.Fingerprint, again[0].Fingerprint)
	}
	other := findingsOf(lint(t, e, "db/0002_other.sql", "CREATE TABLE accounts (id bigint PRIMARY KEY,);"), "syntax-error")
	if other[0].Fingerprint == f.Fingerprint {
		t.Error("fingerprint does not depend on the file path")
	}
}

func TestConfigDisablesAndOverridesSeverity(t *testing.T) {
	off, warn := false, finding.Warning
	bad := "CREATE TABLE accounts (id bigint PRIMARY KEY,);"
	disabled := prepare(t, nil, map[string]RuleConfig{"syntax-error": {Enabled: &off}})
	if got := findingsOf(lint(t, disabled, "a.sql", bad), "syntax-error"); len(got) != 0 {
		t.Errorf("disabled rule reported %+v", got)
	}
	if _, enabled := disabled.RuleSeverity("syntax-error"); enabled {
		t.Error("RuleSeverity says a disabled rule is enabled")
	}
	lowered := prepare(t, nil, map[string]RuleConfig{"syntax-error": {Severity: &warn}})
	got := findingsOf(lint(t, lowered, "a.sql", bad), "syntax-error")
	if len(got) != 1 || got[0].Severity != finding.Warning {
		t.Errorf("severity override not applied: %+v", got)
	}
}

func TestPrepareRejectsUnknownRulesAndParams(t *testing.T) {
	p, err := Load(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	_, err = p.Prepare(context.Background(), map[string]RuleConfig{"syntax-eror": {}})
	if err == nil || !strings.Contains(err.Error(), "unknown rule") || !strings.Contains(err.Error(), "did you mean syntax-error") {
		t.Errorf("unknown rule id: err = %v", err)
	}
	_, err = p.Prepare(context.Background(), map[string]RuleConfig{"syntax-error": {Params: map[string]any{"limit": 1}}})
	if err == nil || !strings.Contains(err.Error(), `unknown parameter "limit"`) {
		t.Errorf("unknown parameter: err = %v", err)
	}
}

const customRule = `# METADATA
# title: No TRUNCATE of audit tables
# description: Audit tables are append-only.
# custom:
#   severity: warning
#   min_pg_version: %d
#   params:
#     prefix: audit_
#   examples:
#     bad: TRUNCATE audit_log;
#     good: TRUNCATE scratch;
package ddlgate.custom.rules.acme["no-audit-truncate"]

import data.ddlgate.lib.result

report contains result.fail(rego.metadata.chain(), stmt, stmt.span, msg) if {
	some stmt in input.statements
	stmt.tag == "TRUNCATE TABLE"
	msg := sprintf("prefix %s", [result.params(rego.metadata.chain()).prefix])
}

report contains result.fail_file(rego.metadata.chain(), {"start": 0, "end": 0, "line": 1, "col": 1, "end_line": 1, "end_col": 1}, "file") if {
	input.file.path == "audit.sql"
}
`

func TestCustomPolicyDirectory(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "acme", "rule.rego"), strings.Replace(customRule, "%d", "0", 1))
	writeFile(t, filepath.Join(dir, "acme", "rule_test.rego"), "package ddlgate.custom.rules.acme[\"x_test\"]\ntest_not_loaded if false\n")
	p, err := Load(context.Background(), []string{dir})
	if err != nil {
		t.Fatal(err)
	}
	r, ok := p.Rule("no-audit-truncate")
	if !ok || !r.Custom || r.Category != "acme" || r.Severity != finding.Warning || r.Params["prefix"] != "audit_" {
		t.Fatalf("custom rule = %+v, %v", r, ok)
	}
	e, err := p.Prepare(context.Background(), map[string]RuleConfig{"no-audit-truncate": {Params: map[string]any{"prefix": "log_"}}})
	if err != nil {
		t.Fatal(err)
	}
	got := findingsOf(lint(t, e, "audit.sql", "SELECT 1;"), "no-audit-truncate")
	if len(got) != 1 || got[0].Message != "file" || got[0].Category != "acme" || got[0].StatementIndex != -1 {
		t.Errorf("custom file-level finding = %+v", got)
	}
}

func TestMinPGVersionSkipsRulesForOlderTargets(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "rule.rego"), strings.Replace(customRule, "%d", "14", 1))
	e := prepare(t, []string{dir}, nil)
	for _, tc := range []struct {
		pg   int
		want int
	}{{13, 0}, {14, 1}, {16, 1}} {
		f := document(parser.Parse([]byte("SELECT 1;"), parser.Options{Path: "audit.sql", PGVersion: tc.pg}))
		got, err := e.Eval(context.Background(), f)
		if err != nil {
			t.Fatal(err)
		}
		if n := len(findingsOf(got, "no-audit-truncate")); n != tc.want {
			t.Errorf("pg %d: %d findings, want %d", tc.pg, n, tc.want)
		}
	}
}

func TestLoadRejectsPolicyOutsideCustomNamespace(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "evil.rego"), "package ddlgate.main\n\nfindings contains 1 if true\n")
	_, err := Load(context.Background(), []string{dir})
	if err == nil || !strings.Contains(err.Error(), "outside ddlgate.custom") {
		t.Errorf("err = %v", err)
	}
}

func TestLoadRejectsDuplicateRuleID(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "dup.rego"), "# METADATA\n# title: dup\n# custom:\n#   severity: error\npackage ddlgate.custom.rules.acme[\"syntax-error\"]\n\nreport := set()\n")
	_, err := Load(context.Background(), []string{dir})
	if err == nil || !strings.Contains(err.Error(), "rule id syntax-error collides with the built-in rule") || !strings.Contains(err.Error(), "dup.rego") {
		t.Errorf("err = %v", err)
	}
}

func TestSandboxRejectsNetworkBuiltins(t *testing.T) {
	for name, call := range map[string]string{
		"http.send":          `http.send({"method": "GET", "url": "https://example.com"})`,
		"net.lookup_ip_addr": `net.lookup_ip_addr("example.com")`,
		"opa.runtime":        `opa.runtime()`,
	} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			writeFile(t, filepath.Join(dir, "leak.rego"), `# METADATA
# title: leak
# custom:
#   severity: error
package ddlgate.custom.rules.acme["leak"]

report contains x if {
	x := `+call+`
}
`)
			p, err := Load(context.Background(), []string{dir})
			if err != nil {
				t.Fatal(err)
			}
			_, err = p.Prepare(context.Background(), nil)
			if err == nil || !strings.Contains(err.Error(), "leak.rego:8:") || !strings.Contains(err.Error(), name+" is not allowed: ddlgate policies run sandboxed") {
				t.Errorf("err = %v, want leak.rego:8: %s is not allowed", err, name)
			}
		})
	}
}

func TestFingerprintsSurviveReformattingAndSeparateRepeats(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "rule.rego"), strings.Replace(customRule, "%d", "0", 1))
	e := prepare(t, []string{dir}, nil)
	fingerprints := func(sql string) []string {
		var fps []string
		for _, f := range findingsOf(lint(t, e, "db/0007.sql", sql), "no-audit-truncate") {
			fps = append(fps, f.Fingerprint)
		}
		slices.Sort(fps)
		return fps
	}
	compact := fingerprints("TRUNCATE audit_log;\nTRUNCATE audit_log;\n")
	if len(compact) != 2 || compact[0] == compact[1] {
		t.Fatalf("two identical statements: fingerprints %v, want two distinct", compact)
	}
	reformatted := fingerprints("-- cleanup\n\n\nTRUNCATE   audit_log;\n\nTRUNCATE\n  audit_log;\n")
	if !slices.Equal(compact, reformatted) {
		t.Errorf("fingerprints changed with layout: %v then %v", compact, reformatted)
	}
}

func TestEvalIsSafeForConcurrentUse(t *testing.T) {
	e := prepare(t, nil, nil)
	files := []string{
		"CREATE TABLE accounts (id bigint PRIMARY KEY,);",
		realisticMigration,
		"CREATE INDEX idx ON orders (user_id);\nDROP TABLE legacy;",
	}
	want := make([]int, len(files))
	for i, sql := range files {
		want[i] = len(lint(t, e, "f.sql", sql))
	}
	var wg sync.WaitGroup
	errs := make(chan string, 64)
	for g := range 8 {
		wg.Go(func() {
			for i := range 20 {
				k := (g + i) % len(files)
				f := document(parser.Parse([]byte(files[k]), parser.Options{Path: "f.sql"}))
				got, err := e.Eval(context.Background(), f)
				if err != nil {
					errs <- err.Error()
					return
				}
				if len(got) != want[k] {
					errs <- fmt.Sprintf("file %d: %d findings, want %d", k, len(got), want[k])
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

// TestBuiltinPoliciesTypeCheck compiles every built-in rule against the
// facts schema, which production skips when no user policy is loaded.
func TestBuiltinPoliciesTypeCheck(t *testing.T) {
	p, err := Load(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	p.userModules = true
	if _, err := p.Prepare(context.Background(), everyRuleConfig(p)); err != nil {
		t.Fatal(err)
	}
}

// A rule reading an action type the parser never produces would never
// fire: loading it fails, naming the type and the closest real one.
func TestUnknownActionTypeIsRefused(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "typo.rego"), "# METADATA\n# title: typo\n# custom:\n#   severity: error\npackage ddlgate.custom.rules.acme[\"typo\"]\n\nreport contains x if {\n\tsome x in input.actions_by_type.crate_table\n}\n")
	_, err := Load(context.Background(), []string{dir})
	if err == nil || !strings.Contains(err.Error(), "typo.rego:8: input.actions_by_type.crate_table: no action type is named crate_table (did you mean create_table?)") {
		t.Errorf("err = %v", err)
	}
	for _, mf := range builtinModules(t) {
		if err := checkActionTypes(mf.Path, mf.Parsed); err != nil {
			t.Error(err)
		}
	}
}

func TestPoliciesAreTypeCheckedAgainstFactsSchema(t *testing.T) {
	for name, body := range map[string]string{
		"input.statments":           "some stmt in input.statments\n\tx := stmt.index",
		"action.tabel.name":         "some stmt in input.statements\n\tsome action in stmt.actions\n\tx := action.tabel.name",
		"transaction.in_transacton": "some stmt in input.statements\n\tx := stmt.transaction.in_transacton",
		// The stages beyond the parser are typed too: the live database,
		// the phase history, the catalog and the engine's index.
		"db.tabels":               "some t in input.db.tabels\n\tx := t.name",
		"db.server_verison":       "x := input.db.server_verison",
		"history.earlier applyed": "some e in input.history.earlier\n\tx := e.applyed",
		"catalog.tabels":          "some t in input.catalog.tabels\n\tx := t.name",
		"actions_by_type actoin":  "some x1 in input.actions_by_type.add_column\n\tx := x1.actoin",
		"held lock sinse":         "some stmt in input.statements\n\tsome h in stmt.transaction.held_access_exclusive\n\tx := h.sinse",
	} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			writeFile(t, filepath.Join(dir, "typo.rego"), "# METADATA\n# title: typo\n# custom:\n#   severity: error\npackage ddlgate.custom.rules.acme[\"typo\"]\n\nreport contains x if {\n\t"+body+"\n}\n")
			p, err := Load(context.Background(), []string{dir})
			if err != nil {
				t.Fatal(err)
			}
			_, err = p.Prepare(context.Background(), nil)
			if err == nil || !strings.Contains(err.Error(), "undefined ref") {
				t.Errorf("err = %v, want an undefined ref type error", err)
			}
		})
	}
}

// builtinModules are the parsed modules of the embedded bundle.
func builtinModules(t *testing.T) []bundle.ModuleFile {
	t.Helper()
	b, err := readEmbedded()
	if err != nil {
		t.Fatal(err)
	}
	return b.Modules
}
