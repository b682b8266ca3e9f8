package report

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/open-policy-agent/opa/v1/rego"

	"github.com/ddlgate/ddlgate/internal/finding"
)

// ciReport is the sample report plus what CI formats need on top: the
// linted paths (one of them clean), the rules that ran, a tool version, and
// a finding whose message and help are not ASCII.
func ciReport() *Report {
	r := sampleReport()
	r.ToolVersion = "1.2.3"
	r.Paths = []string{"migrations/0001_init.sql", "migrations/0002_drop_users.sql",
		"./migrations/0003_backfill.sql", "migrations/0004_größe.sql"}
	r.Files = len(r.Paths)
	r.Findings = append(r.Findings, finding.Finding{
		Rule: "ban-rename-column", Category: "compat", Severity: finding.Error,
		Message: `RENAME COLUMN "größe" TO "taille" breaks readers of public.artikel — 旧コード`,
		File:    "migrations/0004_größe.sql", Line: 2, Column: 3, EndLine: 2, EndColumn: 40,
		Start: 30, End: 68, Help: "add «taille», dual-write, then drop «größe»",
		Docs:        "https://github.com/ddlgate/ddlgate/blob/main/docs/rules/ban-rename-column.md",
		Fingerprint: "aaaaaaaaaaaaaaaabbbbbbbbbbbbbbbb",
	})
	r.Rules = []Rule{
		{ID: "ban-drop-table", Category: "safety", Title: "Dropping a table loses its data",
			Description: "DROP TABLE deletes the table and its data.", Help: "Rename it first, drop it in a later release.",
			Docs: "https://github.com/ddlgate/ddlgate/blob/main/docs/rules/ban-drop-table.md", Severity: finding.Error},
		{ID: "ban-rename-column", Category: "compat", Title: "Renaming a column breaks running code",
			Description: "The running application still reads the old name.",
			Docs:        "https://github.com/ddlgate/ddlgate/blob/main/docs/rules/ban-rename-column.md", Severity: finding.Error},
		{ID: "ban-backfill-in-ddl-transaction", Category: "locking", Title: "Backfill outside the DDL transaction",
			Docs: "https://github.com/ddlgate/ddlgate/blob/main/docs/rules/ban-backfill-in-ddl-transaction.md", Severity: finding.Warning},
		{ID: "prefer-text-over-varchar", Category: "schema", Title: "Prefer text over varchar",
			Docs: "https://github.com/ddlgate/ddlgate/blob/main/docs/rules/prefer-text-over-varchar.md", Severity: finding.Info},
		{ID: "require-default-for-not-null-column", Category: "safety", Title: "NOT NULL columns need a default",
			Docs: "https://github.com/ddlgate/ddlgate/blob/main/docs/rules/require-default-for-not-null-column.md", Severity: finding.Error},
		{ID: "unused-ignore", Category: "governance", Title: "An ignore directive that suppresses nothing",
			Docs: "https://github.com/ddlgate/ddlgate/blob/main/docs/rules/unused-ignore.md", Severity: finding.Warning},
	}
	return r
}

func TestSARIFGolden(t *testing.T)  { golden(t, "sarif.golden", render(t, "sarif", ciReport())) }
func TestGitHubGolden(t *testing.T) { golden(t, "github.golden", render(t, "github", ciReport())) }
func TestJUnitGolden(t *testing.T)  { golden(t, "junit.golden", render(t, "junit", ciReport())) }
func TestGitLabGolden(t *testing.T) { golden(t, "gitlab.golden", render(t, "gitlab", ciReport())) }

// sarifSchemaPath is the OASIS schema beside the checkout: ../shared/schemas
// relative to the repository root.
var sarifSchemaPath = filepath.Join("..", "..", "..", "shared", "schemas", "sarif-schema-2.1.0.json")

func TestSARIFValidatesAgainstSchema(t *testing.T) {
	raw, err := os.ReadFile(sarifSchemaPath)
	if os.IsNotExist(err) {
		t.Skipf("SARIF schema not found at %s: skipping schema validation", sarifSchemaPath)
	}
	if err != nil {
		t.Fatal(err)
	}
	var schema any
	if err := json.Unmarshal(raw, &schema); err != nil {
		t.Fatalf("decode schema: %v", err)
	}
	// OPA's json.match_schema wraps the JSON Schema validator OPA already
	// ships, so the test needs no extra module.
	q, err := rego.New(rego.Query("x := json.match_schema(input.doc, input.schema)")).PrepareForEval(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	inRepo := ciReport()
	inRepo.PathPrefix, inRepo.RootURI = "backend/", "file:///home/ci/repo/"
	for name, r := range map[string]*Report{"sample": ciReport(), "empty": {Files: 1, Paths: []string{"a.sql"}}, "in a repository": inRepo} {
		var doc any
		if err := json.Unmarshal(render(t, "sarif", r), &doc); err != nil {
			t.Fatalf("%s: decode sarif: %v", name, err)
		}
		rs, err := q.Eval(context.Background(), rego.EvalInput(map[string]any{"doc": doc, "schema": schema}))
		if err != nil {
			t.Fatalf("%s: validate: %v", name, err)
		}
		verdict := rs[0].Bindings["x"].([]any)
		if verdict[0] != true {
			t.Errorf("%s: SARIF output does not match the 2.1.0 schema: %v", name, verdict[1])
		}
	}
}

// TestSARIFSchemaCheckCanFail guards the validation above: a log the schema
// rejects must be reported as such.
func TestSARIFSchemaCheckCanFail(t *testing.T) {
	raw, err := os.ReadFile(sarifSchemaPath)
	if os.IsNotExist(err) {
		t.Skipf("SARIF schema not found at %s", sarifSchemaPath)
	}
	var schema any
	if err := json.Unmarshal(raw, &schema); err != nil {
		t.Fatal(err)
	}
	bad := map[string]any{"version": "2.1.0", "runs": []any{map[string]any{"tool": map[string]any{"driver": map[string]any{}}}}}
	rs, err := rego.New(rego.Query("x := json.match_schema(input.doc, input.schema)"),
		rego.Input(map[string]any{"doc": bad, "schema": schema})).Eval(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if rs[0].Bindings["x"].([]any)[0] != false {
		t.Error("a driver without a name passed the schema")
	}
}

type sarifDoc struct {
	Runs []struct {
		Tool struct {
			Driver struct {
				Name, Version string
				Rules         []struct {
					ID                   string
					HelpURI              string
					Help                 struct{ Text, Markdown string }
					DefaultConfiguration struct{ Level string }
					Properties           struct{ Category string }
				}
			}
		}
		Results []struct {
			RuleID    string
			RuleIndex int
			Level     string
			Message   struct{ Text string }
			Locations []struct {
				PhysicalLocation struct {
					ArtifactLocation struct{ URI, URIBaseID string }
					Region           struct{ StartLine, StartColumn, EndLine, EndColumn int }
				}
			}
			PartialFingerprints map[string]string
		}
	}
}

func TestSARIFContent(t *testing.T) {
	r := ciReport()
	var doc sarifDoc
	if err := json.Unmarshal(render(t, "sarif", r), &doc); err != nil {
		t.Fatal(err)
	}
	run := doc.Runs[0]
	if run.Tool.Driver.Name != "ddlgate" || run.Tool.Driver.Version != "1.2.3" {
		t.Errorf("driver = %s %s, want ddlgate 1.2.3", run.Tool.Driver.Name, run.Tool.Driver.Version)
	}
	ids := map[string]bool{}
	for _, rule := range run.Tool.Driver.Rules {
		ids[rule.ID] = true
		if rule.HelpURI != "https://github.com/ddlgate/ddlgate/blob/main/docs/rules/"+rule.ID+".md" {
			t.Errorf("rule %s helpUri = %q", rule.ID, rule.HelpURI)
		}
	}
	for _, rule := range r.Rules {
		if !ids[rule.ID] {
			t.Errorf("rule %s ran but is not in tool.driver.rules", rule.ID)
		}
	}
	if len(run.Results) != len(r.Findings) {
		t.Fatalf("%d results for %d findings", len(run.Results), len(r.Findings))
	}
	wantLevel := map[finding.Severity]string{finding.Error: "error", finding.Warning: "warning", finding.Info: "note"}
	for i, res := range run.Results {
		f := r.Findings[i]
		if got := run.Tool.Driver.Rules[res.RuleIndex].ID; got != res.RuleID || res.RuleID != f.Rule {
			t.Errorf("result %d: ruleId %s, ruleIndex points at %s, finding rule %s", i, res.RuleID, got, f.Rule)
		}
		if res.Level != wantLevel[f.Severity] {
			t.Errorf("result %d: level %s for %s", i, res.Level, f.Severity)
		}
		if !strings.HasPrefix(res.Message.Text, f.Message) {
			t.Errorf("result %d: message %q does not start with %q", i, res.Message.Text, f.Message)
		}
		loc := res.Locations[0].PhysicalLocation
		if loc.ArtifactLocation.URIBaseID != "%SRCROOT%" || strings.HasPrefix(loc.ArtifactLocation.URI, "/") {
			t.Errorf("result %d: artifact %+v is not relative to %%SRCROOT%%", i, loc.ArtifactLocation)
		}
		if loc.Region.StartLine != f.Line || loc.Region.StartColumn != f.Column || loc.Region.EndLine != f.EndLine {
			t.Errorf("result %d: region %+v for finding at %d:%d-%d", i, loc.Region, f.Line, f.Column, f.EndLine)
		}
		if f.Fingerprint != "" && res.PartialFingerprints["ddlgate/v1"] != f.Fingerprint {
			t.Errorf("result %d: partialFingerprints %v, want ddlgate/v1 %s", i, res.PartialFingerprints, f.Fingerprint)
		}
	}
	// DROP TABLE users: columns 1..16 inclusive in the finding, SARIF's end
	// column is the one after the last character.
	if got := run.Results[1].Locations[0].PhysicalLocation.Region.EndColumn; got != 17 {
		t.Errorf("endColumn = %d, want 17 (exclusive)", got)
	}
	// A file-level finding is an empty span: it must not grow a character.
	if got := run.Results[3].Locations[0].PhysicalLocation.Region.EndColumn; got != 1 {
		t.Errorf("empty span endColumn = %d, want 1", got)
	}
	if got := run.Results[4].Locations[0].PhysicalLocation.ArtifactLocation.URI; got != "migrations/0004_gr%C3%B6%C3%9Fe.sql" {
		t.Errorf("non-ASCII path URI = %q, want percent-encoded", got)
	}
}

func TestSARIFListsRulesOnlyFindingsName(t *testing.T) {
	r := &Report{Findings: []finding.Finding{{Rule: "syntax-error", Category: "governance", Severity: finding.Error,
		Message: "syntax error at or near \"TABEL\"", File: "/abs/x.sql", Line: 1, Column: 8, EndLine: 1, EndColumn: 12, Start: 7, End: 12}}}
	var doc sarifDoc
	if err := json.Unmarshal(render(t, "sarif", r), &doc); err != nil {
		t.Fatal(err)
	}
	run := doc.Runs[0]
	if len(run.Tool.Driver.Rules) != 1 || run.Tool.Driver.Rules[0].ID != "syntax-error" || run.Results[0].RuleIndex != 0 {
		t.Errorf("rules %+v, result ruleIndex %d: want syntax-error at 0", run.Tool.Driver.Rules, run.Results[0].RuleIndex)
	}
	art := run.Results[0].Locations[0].PhysicalLocation.ArtifactLocation
	if art.URI != "file:///abs/x.sql" || art.URIBaseID != "" {
		t.Errorf("absolute path became %+v, want a file URI without a base", art)
	}
}

func TestSARIFEmptyResultsIsAnArray(t *testing.T) {
	out := render(t, "sarif", &Report{})
	if !bytes.Contains(out, []byte(`"results": []`)) || !bytes.Contains(out, []byte(`"rules": []`)) {
		t.Errorf("empty report should have empty arrays, got:\n%s", out)
	}
}

func TestGitHubEscaping(t *testing.T) {
	r := &Report{Files: 1, Findings: []finding.Finding{{
		Rule: "ban-drop-table", Severity: finding.Warning, File: "db/a,b:c%.sql",
		Message: "100% gone:\r\nreally, gone", Line: 2, Column: 1, EndLine: 3, EndColumn: 4,
	}}}
	got := strings.SplitN(string(render(t, "github", r)), "\n", 2)[0]
	want := "::warning file=db/a%2Cb%3Ac%25.sql,line=2,col=1,endLine=3,endColumn=4,title=ban-drop-table::100%25 gone:%0D%0Areally, gone"
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

func TestGitHubCommandPerSeverity(t *testing.T) {
	out := string(render(t, "github", ciReport()))
	for _, prefix := range []string{"::error file=migrations/0002_drop_users.sql,line=3,col=6,endLine=3,endColumn=37,title=require-default-for-not-null-column::",
		"::warning file=migrations/0003_backfill.sql,", "::notice file=migrations/gone.sql,"} {
		if !strings.Contains(out, "\n"+prefix) && !strings.HasPrefix(out, prefix) {
			t.Errorf("no line starting %q in:\n%s", prefix, out)
		}
	}
	if lines := strings.Count(out, "\n"); lines != len(ciReport().Findings)+1 {
		t.Errorf("%d lines, want one per finding and a summary:\n%s", lines, out)
	}
}

type junitDoc struct {
	Tests    int `xml:"tests,attr"`
	Failures int `xml:"failures,attr"`
	Suites   []struct {
		Tests    int `xml:"tests,attr"`
		Failures int `xml:"failures,attr"`
		Cases    []struct {
			Name     string `xml:"name,attr"`
			Failures []struct {
				Message string `xml:"message,attr"`
				Type    string `xml:"type,attr"`
				Body    string `xml:",chardata"`
			} `xml:"failure"`
		} `xml:"testcase"`
	} `xml:"testsuite"`
}

func TestJUnitOneCasePerFile(t *testing.T) {
	var doc junitDoc
	if err := xml.Unmarshal(render(t, "junit", ciReport()), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Suites) != 1 {
		t.Fatalf("%d testsuites, want 1", len(doc.Suites))
	}
	failures := map[string][]string{}
	var names []string
	for _, c := range doc.Suites[0].Cases {
		names = append(names, c.Name)
		for _, f := range c.Failures {
			failures[c.Name] = append(failures[c.Name], f.Type)
		}
	}
	// The four linted files in order, then the file only a finding named.
	want := "migrations/0001_init.sql migrations/0002_drop_users.sql migrations/0003_backfill.sql migrations/0004_größe.sql migrations/gone.sql"
	if got := strings.Join(names, " "); got != want {
		t.Errorf("test cases %s\nwant       %s", got, want)
	}
	if len(failures["migrations/0001_init.sql"]) != 0 {
		t.Errorf("the clean file failed: %v", failures["migrations/0001_init.sql"])
	}
	if got := strings.Join(failures["migrations/0002_drop_users.sql"], ","); got != "require-default-for-not-null-column,ban-drop-table" {
		t.Errorf("0002 failures = %s", got)
	}
	// At the default fail level (error) the warning and the info are not
	// failures (see TestJUnitFindingsBelowTheFailLevelAreNotFailures).
	if doc.Tests != 5 || doc.Failures != 2 || doc.Suites[0].Tests != 5 || doc.Suites[0].Failures != 2 {
		t.Errorf("counts tests=%d failures=%d suite tests=%d failures=%d, want 5 and 2",
			doc.Tests, doc.Failures, doc.Suites[0].Tests, doc.Suites[0].Failures)
	}
	body := doc.Suites[0].Cases[3].Failures[0].Body
	if !strings.Contains(body, "migrations/0004_größe.sql:2:3: error[ban-rename-column]") || !strings.Contains(body, "help: add «taille»") {
		t.Errorf("failure body lacks position or help:\n%s", body)
	}
}

type gitlabDoc []struct {
	Description, Fingerprint, Severity string
	CheckName                          string `json:"check_name"`
	Location                           struct {
		Path  string
		Lines struct{ Begin, End int }
	}
}

func decodeGitLab(t *testing.T, r *Report) gitlabDoc {
	t.Helper()
	var doc gitlabDoc
	out := render(t, "gitlab", r)
	if err := json.Unmarshal(out, &doc); err != nil {
		t.Fatalf("decode: %v\n%s", err, out)
	}
	return doc
}

func TestGitLabIssues(t *testing.T) {
	r := ciReport()
	doc := decodeGitLab(t, r)
	want := map[finding.Severity]string{finding.Error: "major", finding.Warning: "minor", finding.Info: "info"}
	for i, issue := range doc {
		f := r.Findings[i]
		if issue.CheckName != f.Rule || issue.Description != f.Message || issue.Severity != want[f.Severity] {
			t.Errorf("issue %d = %+v for finding %s %s", i, issue, f.Severity, f.Rule)
		}
		if issue.Location.Lines.Begin != f.Line || issue.Location.Lines.End != f.EndLine {
			t.Errorf("issue %d lines %+v, want %d-%d", i, issue.Location.Lines, f.Line, f.EndLine)
		}
	}
	if doc[2].Location.Path != "migrations/0003_backfill.sql" {
		t.Errorf("path = %q, want it as linted, cleaned", doc[2].Location.Path)
	}
}

func TestGitLabFingerprintsAreUnique(t *testing.T) {
	f := finding.Finding{Rule: "ban-drop-table", Severity: finding.Error, Message: "DROP TABLE t", File: "a.sql", Line: 1}
	noPrint := f
	dup := f
	dup.Fingerprint = "0123456789abcdef0123456789abcdef"
	r := &Report{Findings: []finding.Finding{dup, dup, noPrint, noPrint}}
	doc := decodeGitLab(t, r)
	seen := map[string]bool{}
	for _, issue := range doc {
		if len(issue.Fingerprint) != 32 || strings.Trim(issue.Fingerprint, "0123456789abcdef") != "" {
			t.Errorf("fingerprint %q is not 32 hex digits", issue.Fingerprint)
		}
		if seen[issue.Fingerprint] {
			t.Errorf("fingerprint %s used twice", issue.Fingerprint)
		}
		seen[issue.Fingerprint] = true
	}
	if doc[0].Fingerprint != dup.Fingerprint {
		t.Errorf("the finding's own fingerprint was replaced: %s", doc[0].Fingerprint)
	}
}

func TestGitLabEmptyIsAnArray(t *testing.T) {
	if out := strings.TrimSpace(string(render(t, "gitlab", &Report{}))); out != "[]" {
		t.Errorf("empty report = %s, want []", out)
	}
}

func TestCIFormatsRegistered(t *testing.T) {
	for _, name := range []string{"sarif", "github", "junit", "gitlab"} {
		if _, ok := Lookup(name); !ok {
			t.Errorf("no %s reporter", name)
		}
	}
}

// TestJUnitFindingsBelowTheFailLevelAreNotFailures: a warning that does not
// fail the job must not turn the test report red; it is the case's output.
func TestJUnitFindingsBelowTheFailLevelAreNotFailures(t *testing.T) {
	type doc struct {
		Failures int `xml:"failures,attr"`
		Suite    struct {
			Failures int `xml:"failures,attr"`
			Cases    []struct {
				Name     string   `xml:"name,attr"`
				Failures []string `xml:"failure"`
				Out      string   `xml:"system-out"`
			} `xml:"testcase"`
		} `xml:"testsuite"`
	}
	for _, tc := range []struct {
		level    finding.Severity
		failures int
		failed   string
	}{
		{0, 2, "migrations/0002_drop_users.sql migrations/0004_größe.sql"},
		{finding.Error, 2, "migrations/0002_drop_users.sql migrations/0004_größe.sql"},
		{finding.Warning, 3, "migrations/0002_drop_users.sql migrations/0003_backfill.sql migrations/0004_größe.sql"},
		{finding.Info, 4, "migrations/0002_drop_users.sql migrations/0003_backfill.sql migrations/0004_größe.sql migrations/gone.sql"},
	} {
		r := ciReport()
		r.FailLevel = tc.level
		var d doc
		if err := xml.Unmarshal(render(t, "junit", r), &d); err != nil {
			t.Fatal(err)
		}
		var failed []string
		for _, c := range d.Suite.Cases {
			if len(c.Failures) > 0 {
				failed = append(failed, c.Name)
			}
			if c.Name == "migrations/0003_backfill.sql" && tc.level == finding.Error &&
				!strings.Contains(c.Out, "migrations/0003_backfill.sql:1:1: warning[ban-backfill-in-ddl-transaction] UPDATE of public.orders spans 8 lines") {
				t.Errorf("the warning should be the case's output, got %q", c.Out)
			}
		}
		if d.Failures != tc.failures || d.Suite.Failures != tc.failures || strings.Join(failed, " ") != tc.failed {
			t.Errorf("fail level %v: %d failures in %v, want %d in %s", tc.level, d.Failures, failed, tc.failures, tc.failed)
		}
	}
}

// TestRepositoryRelativePaths: with the working directory at backend/ of a
// repository, SARIF, GitHub and GitLab name files from the root; SARIF says
// where the root is.
func TestRepositoryRelativePaths(t *testing.T) {
	r := ciReport()
	r.PathPrefix, r.RootURI = "backend/", "file:///home/ci/repo/"
	sarif := string(render(t, "sarif", r))
	for _, want := range []string{
		`"originalUriBaseIds": {
        "%SRCROOT%": {
          "uri": "file:///home/ci/repo/"
        }
      }`,
		`"uri": "backend/migrations/0002_drop_users.sql",`,
		`"uri": "backend/migrations/0004_gr%C3%B6%C3%9Fe.sql",`,
	} {
		if !strings.Contains(sarif, want) {
			t.Errorf("sarif lacks %s", want)
		}
	}
	if gh := string(render(t, "github", r)); !strings.Contains(gh, "::error file=backend/migrations/0002_drop_users.sql,") {
		t.Errorf("github:\n%s", gh)
	}
	if gl := string(render(t, "gitlab", r)); !strings.Contains(gl, `"path": "backend/migrations/0003_backfill.sql"`) {
		t.Errorf("gitlab:\n%s", gl)
	}
}
