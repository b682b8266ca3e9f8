package cli

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
)

// runTerminal runs a command line in-process with stderr on a terminal and
// progress shown from the first file on.
func runTerminal(dir string, env map[string]string, args ...string) result {
	a, out, errOut := testApp(dir, "", env)
	a.stderrIsTerminal, a.progressAfter = true, -1
	code := a.run(context.Background(), args)
	return result{code: code, stdout: out.String(), stderr: errOut.String()}
}

// TestProgressOnATerminalOnly: long work shows one updating line on a
// terminal's stderr (files done of total, the current file), erased at the
// end; never in CI, with a machine format on stdout, or off a terminal.
func TestProgressOnATerminalOnly(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"0001_a.sql", "0002_b.sql", "0003_c.sql"} {
		writeFile(t, filepath.Join(dir, "migrations", name), []byte("CREATE TABLE t"+name[:4]+" (id bigint PRIMARY KEY);\n"))
	}
	r := runTerminal(dir, nil, "lint", "migrations")
	r.expect(t, 0)
	if !strings.Contains(r.stderr, "\r\x1b[Kddlgate: judging ") || !strings.Contains(r.stderr, "/3 "+filepath.Join("migrations", "000")) {
		t.Errorf("no progress line on the terminal: %q", r.stderr)
	}
	if !strings.HasSuffix(r.stderr, "\r\x1b[K") || strings.Contains(r.stderr, "\n") {
		t.Errorf("the progress line should be one line, erased at the end: %q", r.stderr)
	}
	if strings.Contains(r.stdout, "\r") {
		t.Errorf("progress leaked into stdout: %q", r.stdout)
	}
	r = runTerminal(dir, nil, "lint", "--format", "json", "--output", filepath.Join(dir, "r.json"), "migrations")
	r.expect(t, 0)
	if !strings.Contains(r.stderr, "ddlgate: judging") {
		t.Errorf("a report written to a file leaves the terminal free for progress: %q", r.stderr)
	}

	for name, run := range map[string]func() result{
		"CI": func() result { return runTerminal(dir, map[string]string{"CI": "true"}, "lint", "migrations") },
		"GitHub Actions": func() result {
			return runTerminal(dir, map[string]string{"GITHUB_ACTIONS": "true"}, "lint", "--format", "text", "migrations")
		},
		"json on stdout":     func() result { return runTerminal(dir, nil, "lint", "--format", "json", "migrations") },
		"not a terminal":     func() result { return ddlgate(t, dir, "", "lint", "migrations") },
		"sarif on stdout":    func() result { return runTerminal(dir, nil, "lint", "--format", "sarif", "migrations") },
		"ci, not a terminal": func() result { return ddlgate(t, dir, "", "baseline", "--dir", "migrations") },
	} {
		if r := run(); r.stderr != "" {
			t.Errorf("%s: stderr should stay empty, got %q", name, r.stderr)
		}
	}
}
