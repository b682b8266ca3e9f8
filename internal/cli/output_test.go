package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// ciProject is a migrations directory with a clean file and one that drops
// a table (under a lock_timeout, so ban-drop-table is its only finding).
func ciProject(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "migrations", "0001_accounts.sql"), []byte("CREATE TABLE accounts (id bigint PRIMARY KEY);\n"))
	writeFile(t, filepath.Join(dir, "migrations", "0002_drop_users.sql"), []byte("-- users moved to accounts\nSET lock_timeout = '2s';\nDROP TABLE users;\n"))
	return dir
}

func TestLintGitHubAnnotationsUnderActions(t *testing.T) {
	dir := ciProject(t)
	r := ddlgateEnv(t, dir, map[string]string{"GITHUB_ACTIONS": "true"}, "lint", "migrations")
	r.expect(t, 1)
	want := "::error file=migrations/0002_drop_users.sql,line=3,col=1,endLine=3,endColumn=16,title=ban-drop-table::"
	if !strings.HasPrefix(r.stdout, want) {
		t.Errorf("under GitHub Actions without --format, want annotations starting\n%s\ngot:\n%s", want, r.stdout)
	}

	r = ddlgateEnv(t, dir, map[string]string{"GITHUB_ACTIONS": "true"}, "lint", "--format", "json", "migrations")
	r.expect(t, 1)
	if !strings.HasPrefix(r.stdout, "{") {
		t.Errorf("--format json must win over GITHUB_ACTIONS:\n%s", r.stdout)
	}

	r = ddlgateEnv(t, dir, nil, "lint", "migrations")
	r.expect(t, 1)
	if strings.Contains(r.stdout, "::error") {
		t.Errorf("outside GitHub Actions the default is text:\n%s", r.stdout)
	}
}

type sarifResults struct {
	Runs []struct {
		Results []struct {
			RuleID    string
			Locations []struct {
				PhysicalLocation struct {
					ArtifactLocation struct{ URI string }
					Region           struct{ StartLine int }
				}
			}
			PartialFingerprints map[string]string
		}
	}
}

func TestLintOutputFile(t *testing.T) {
	dir := ciProject(t)
	r := ddlgate(t, dir, "", "lint", "--format", "sarif", "--output", "ddlgate.sarif", "migrations")
	r.expect(t, 1)
	if lines := strings.Count(r.stdout, "\n"); lines != 1 || !strings.Contains(r.stdout, "ddlgate.sarif") || !strings.Contains(r.stdout, "1 error") {
		t.Errorf("stdout should be a one-line summary naming the file, got:\n%s", r.stdout)
	}
	raw, err := os.ReadFile(filepath.Join(dir, "ddlgate.sarif"))
	if err != nil {
		t.Fatal(err)
	}
	var doc sarifResults
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatalf("decode %s: %v", raw, err)
	}
	if res := doc.Runs[0].Results; len(res) != 1 || res[0].RuleID != "ban-drop-table" ||
		res[0].Locations[0].PhysicalLocation.ArtifactLocation.URI != "migrations/0002_drop_users.sql" {
		t.Errorf("results = %+v", res)
	}

	r = ddlgate(t, dir, "", "lint", "--format", "sarif", "--output", filepath.Join("missing", "dir", "x.sarif"), "migrations")
	r.expect(t, 2)
	if !strings.Contains(r.stderr, "x.sarif") {
		t.Errorf("an unwritable --output should be named: %s", r.stderr)
	}
}

func TestLintOutputFileHasNoColour(t *testing.T) {
	dir := ciProject(t)
	var out, errOut bytes.Buffer
	a := &app{stdin: strings.NewReader(""), stdout: &out, stderr: &errOut, getenv: func(string) string { return "" },
		workDir: dir, now: time.Now, stdoutIsTerminal: true}
	if code := a.run(context.Background(), []string{"lint", "--output", "report.txt", "migrations"}); code != 1 {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	raw, err := os.ReadFile(filepath.Join(dir, "report.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(raw, []byte("\x1b[")) || !bytes.Contains(raw, []byte("error[ban-drop-table]")) {
		t.Errorf("a text report written to a file must be plain:\n%q", raw)
	}
}

// The fingerprint code scanning uses to track an alert must not move when
// lines are added above the statement.
func TestSARIFFingerprintSurvivesBlankLinesAbove(t *testing.T) {
	sarif := func(src string) (line int, fp string) {
		t.Helper()
		dir := t.TempDir()
		writeFile(t, filepath.Join(dir, "0001_drop.sql"), []byte(src))
		r := ddlgate(t, dir, "", "lint", "--format", "sarif", "0001_drop.sql")
		r.expect(t, 1)
		var doc sarifResults
		if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil {
			t.Fatal(err)
		}
		for _, res := range doc.Runs[0].Results {
			if res.RuleID == "ban-drop-table" {
				return res.Locations[0].PhysicalLocation.Region.StartLine, res.PartialFingerprints["ddlgate/v1"]
			}
		}
		t.Fatalf("no ban-drop-table result in\n%s", r.stdout)
		return 0, ""
	}
	line1, fp1 := sarif("CREATE TABLE a (id bigint PRIMARY KEY);\nDROP TABLE users;\n")
	line2, fp2 := sarif("CREATE TABLE a (id bigint PRIMARY KEY);\n\n\n-- retire users\n\nDROP   TABLE\n  users;\n")
	if line1 == line2 {
		t.Fatalf("the statement did not move (line %d): the test proves nothing", line1)
	}
	if fp1 == "" || fp1 != fp2 {
		t.Errorf("fingerprint changed when the statement moved from line %d to %d: %q vs %q", line1, line2, fp1, fp2)
	}
	if _, other := sarif("CREATE TABLE a (id bigint PRIMARY KEY);\nDROP TABLE orders;\n"); other == fp1 {
		t.Errorf("dropping another table has the same fingerprint %s", other)
	}
}

func TestLintJUnitHasACasePerFile(t *testing.T) {
	dir := ciProject(t)
	r := ddlgate(t, dir, "", "lint", "--format", "junit", "migrations")
	r.expect(t, 1)
	var doc struct {
		Suite struct {
			Cases []struct {
				Name     string `xml:"name,attr"`
				Failures []struct {
					Type string `xml:"type,attr"`
				} `xml:"failure"`
			} `xml:"testcase"`
		} `xml:"testsuite"`
	}
	if err := xml.Unmarshal([]byte(r.stdout), &doc); err != nil {
		t.Fatalf("decode: %v\n%s", err, r.stdout)
	}
	cases := doc.Suite.Cases
	if len(cases) != 2 || cases[0].Name != "migrations/0001_accounts.sql" || len(cases[0].Failures) != 0 ||
		cases[1].Name != "migrations/0002_drop_users.sql" || len(cases[1].Failures) != 1 || cases[1].Failures[0].Type != "ban-drop-table" {
		t.Errorf("test cases = %+v\n%s", cases, r.stdout)
	}
}

func TestLintGitLabReport(t *testing.T) {
	dir := ciProject(t)
	r := ddlgate(t, dir, "", "lint", "--format", "gitlab", "migrations")
	r.expect(t, 1)
	var issues []struct {
		CheckName   string `json:"check_name"`
		Fingerprint string
		Severity    string
		Location    struct {
			Path  string
			Lines struct{ Begin int }
		}
	}
	if err := json.Unmarshal([]byte(r.stdout), &issues); err != nil {
		t.Fatalf("decode: %v\n%s", err, r.stdout)
	}
	if len(issues) != 1 || issues[0].CheckName != "ban-drop-table" || issues[0].Severity != "major" ||
		issues[0].Location.Path != "migrations/0002_drop_users.sql" || issues[0].Location.Lines.Begin != 3 || len(issues[0].Fingerprint) != 32 {
		t.Errorf("issues = %+v", issues)
	}
}
