package cli

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/ddlgate/ddlgate/internal/finding"
)

func TestBaselineThenCIReportsOnlyNewFindings(t *testing.T) {
	p := newGitProject(t)
	p.Write("migrations/0001_init.sql", "CREATE TABLE users (id bigint PRIMARY KEY, email text);\n")
	p.Commit("init")
	p.Git("checkout", "--quiet", "-b", "feature")
	p.Write("migrations/0002_cleanup.sql", "DROP TABLE legacy;\n")
	p.Commit("cleanup, accepted in review")

	r := p.ddlgate("baseline")
	r.expect(t, 0)
	if !strings.HasPrefix(r.stdout, "wrote ") || !strings.HasSuffix(r.stdout, " of 2 file(s) to ddlgate-baseline.json\n") {
		t.Errorf("stdout = %q", r.stdout)
	}
	b, err := finding.ReadBaseline(filepath.Join(p.Dir, "ddlgate-baseline.json"))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(b.Findings, func(e finding.BaselineEntry) bool { return e.Rule == "ban-drop-table" }) {
		t.Errorf("baseline %+v lacks the DROP TABLE", b.Findings)
	}

	// The accepted DROP TABLE moves down a line; a new DROP COLUMN joins it.
	p.Write("migrations/0002_cleanup.sql", "-- retire legacy\nDROP TABLE legacy;\nALTER TABLE users DROP COLUMN email;\n")
	r = p.ddlgate("ci", "--baseline", "ddlgate-baseline.json", "--format", "json")
	r.expect(t, 1)
	want := []string{filepath.Join("migrations", "0002_cleanup.sql") + ":ban-drop-column"}
	if got := errorFindings(decodeReport(t, r)); !slices.Equal(got, want) {
		t.Errorf("with baseline: errors %q, want only the new %q", got, want)
	}
	if !strings.Contains(r.stderr, "left out: in the baseline") {
		t.Errorf("stderr = %q, want it to say findings were baselined", r.stderr)
	}

	r = p.ddlgate("ci", "--format", "json")
	r.expect(t, 1)
	if got := errorFindings(decodeReport(t, r)); len(got) != 2 {
		t.Errorf("without baseline: errors %q, want both", got)
	}
}

func TestBaselineOutputAndDirFlags(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "sql", "0001_drop.sql"), []byte("DROP TABLE a;\n"))
	r := ddlgate(t, dir, "", "baseline", "--dir", "sql", "--output", filepath.Join("ci", "accepted.json"))
	r.expect(t, 2)
	if !strings.Contains(r.stderr, "write baseline: open ") {
		t.Errorf("missing output directory: stderr = %q", r.stderr)
	}
	if err := os.Mkdir(filepath.Join(dir, "ci"), 0o755); err != nil {
		t.Fatal(err)
	}
	ddlgate(t, dir, "", "baseline", "--dir", "sql", "--output", filepath.Join("ci", "accepted.json")).expect(t, 0)
	b, err := finding.ReadBaseline(filepath.Join(dir, "ci", "accepted.json"))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range b.Findings {
		if e.File != filepath.Join("sql", "0001_drop.sql") {
			t.Errorf("entry %+v: file should be relative to the working directory", e)
		}
	}

	r = ddlgate(t, t.TempDir(), "", "baseline")
	r.expect(t, 2)
	if !strings.Contains(r.stderr, "no migrations found in .: looked for migrations/") {
		t.Errorf("stderr = %q", r.stderr)
	}
}
