package cli

import (
	"path/filepath"
	"strings"
	"testing"
)

// helpLines returns the help block of the finding of rule in text output:
// the "help:" line and its continuation lines.
func helpLines(out, rule string) []string {
	var lines []string
	in, inFinding := false, false
	for _, l := range strings.Split(out, "\n") {
		switch {
		case strings.Contains(l, "["+rule+"]"):
			inFinding = true
		case inFinding && strings.HasPrefix(l, "  help: "):
			in = true
		case in && !strings.HasPrefix(l, "        "):
			return lines
		}
		if in {
			lines = append(lines, l)
		}
	}
	return lines
}

func longHelpProject(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{
		"migrations/0001_users.sql":  "CREATE TABLE users (id bigint PRIMARY KEY, email varchar(50), a text);\n",
		"migrations/0002_retype.sql": "SET lock_timeout = '2s';\nALTER TABLE users ALTER COLUMN email TYPE integer USING email::integer;\nALTER TABLE users RENAME COLUMN a TO b;\n",
	})
	return dir
}

// TestLongHelpIsCutWithAPointerToTheRest: an expand/contract plan is ~40
// lines per finding; text output shows its first lines and the command
// that prints it whole.
func TestLongHelpIsCutWithAPointerToTheRest(t *testing.T) {
	dir := longHelpProject(t)
	r := ddlgate(t, dir, "", "lint", "migrations")
	r.expect(t, 1)
	for _, rule := range []string{"ban-column-type-rewrite", "ban-rename-column"} {
		help := helpLines(r.stdout, rule)
		if len(help) == 0 || len(help) > 8 {
			t.Errorf("%s: %d help lines, want a few:\n%s", rule, len(help), strings.Join(help, "\n"))
			continue
		}
		last := help[len(help)-1]
		want := "more lines: ddlgate phase plan " + filepath.Join("migrations", "0002_retype.sql")
		if !strings.Contains(last, want) {
			t.Errorf("%s: the help should end with %q, got %q", rule, want, last)
		}
	}
	// JSON keeps the whole plan: tools and phase plan read it.
	r = ddlgate(t, dir, "", "lint", "--format", "json", "migrations")
	if !strings.Contains(r.stdout, "-- ddlgate:phase contract change=") {
		t.Errorf("json lost the plan:\n%.2000s", r.stdout)
	}
}

// TestQuietPrintsFindingsWithoutHelp.
func TestQuietPrintsFindingsWithoutHelp(t *testing.T) {
	dir := longHelpProject(t)
	r := ddlgate(t, dir, "", "lint", "--quiet", "migrations")
	r.expect(t, 1)
	if strings.Contains(r.stdout, "help:") || strings.Contains(r.stdout, "docs:") {
		t.Errorf("--quiet printed help:\n%s", r.stdout)
	}
	if !strings.Contains(r.stdout, "error[ban-column-type-rewrite]") || !strings.Contains(r.stdout, "  2 | ALTER TABLE users ALTER COLUMN email TYPE integer") {
		t.Errorf("--quiet should still print findings and their code:\n%s", r.stdout)
	}
}

// TestRunOverSeveralFilesEndsWithCountsPerRule.
func TestRunOverSeveralFilesEndsWithCountsPerRule(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{
		"migrations/0001_a.sql": "DROP TABLE a;\nDROP TABLE b;\n",
		"migrations/0002_b.sql": "SET lock_timeout = '2s';\nDROP TABLE c;\n",
	})
	r := ddlgate(t, dir, "", "lint", "migrations")
	r.expect(t, 1)
	want := "findings by rule:\n      3  error    ban-drop-table\n      2  warning  require-lock-timeout\n\n3 errors, 2 warnings in 2 files (4 statements)\n"
	if !strings.HasSuffix(r.stdout, want) {
		t.Errorf("stdout should end with\n%s\ngot:\n%s", want, r.stdout)
	}
	r = ddlgate(t, dir, "", "lint", filepath.Join("migrations", "0001_a.sql"))
	if strings.Contains(r.stdout, "findings by rule") {
		t.Errorf("one file needs no table:\n%s", r.stdout)
	}
}
