package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// result is what one in-process ddlgate invocation produced.
type result struct {
	code           int
	stdout, stderr string
}

// testNow is the clock of in-process runs.
var testNow = time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC)

// runIn runs a command line in-process as main does: in dir, with stdin, the
// environment env and the clock now, and no terminal.
func runIn(dir, stdin string, env map[string]string, now time.Time, args ...string) result {
	a, out, errOut := testApp(dir, stdin, env)
	a.now = func() time.Time { return now }
	code := a.run(context.Background(), args)
	return result{code: code, stdout: out.String(), stderr: errOut.String()}
}

// testApp is an app in dir with stdin, the environment env, the real clock
// and no terminal, writing to the buffers it returns.
func testApp(dir, stdin string, env map[string]string) (a *app, stdout, stderr *bytes.Buffer) {
	stdout, stderr = &bytes.Buffer{}, &bytes.Buffer{}
	a = &app{
		stdin:   strings.NewReader(stdin),
		stdout:  stdout,
		stderr:  stderr,
		getenv:  func(k string) string { return env[k] },
		workDir: dir,
		now:     time.Now,
	}
	return a, stdout, stderr
}

// ddlgate runs a command line in-process in dir, with stdin, a fixed clock
// and an empty environment.
func ddlgate(t *testing.T, dir, stdin string, args ...string) result {
	t.Helper()
	return runIn(dir, stdin, nil, testNow, args...)
}

// ddlgateEnv runs a command line in-process like ddlgate, with environment
// variables.
func ddlgateEnv(t *testing.T, dir string, env map[string]string, args ...string) result {
	t.Helper()
	return runIn(dir, "", env, testNow, args...)
}

// fixture copies testdata/cli/<name> to a temporary directory, so config
// discovery cannot climb into the repository's own .ddlgate.yaml.
func fixture(t *testing.T, name string) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS(filepath.Join("testdata", "cli", name))); err != nil {
		t.Fatal(err)
	}
	return dir
}

func writeFile(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", "cli", name)
	if *update {
		writeFile(t, path, []byte(got))
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read golden (go test ./internal/cli -update): %v", err)
	}
	if got != string(want) {
		t.Errorf("%s differs (go test ./internal/cli -update to accept):\n--- got\n%s\n--- want\n%s", path, got, want)
	}
}

func (r result) expect(t *testing.T, code int) {
	t.Helper()
	if r.code != code {
		t.Fatalf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", r.code, code, r.stdout, r.stderr)
	}
}

// jsonReport decodes `lint --format json` output.
type jsonReport struct {
	Version int `json:"version"`
	Summary struct {
		Files, Statements, Findings, Errors, Warnings, Infos int
	} `json:"summary"`
	Findings []struct {
		Rule, Severity, Message, File string
		Line, Column                  int
	} `json:"findings"`
}

func decodeReport(t *testing.T, r result) jsonReport {
	t.Helper()
	var rep jsonReport
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
		t.Fatalf("decode json report: %v\n%s", err, r.stdout)
	}
	return rep
}

// without drops the findings of the given rules. require-lock-timeout fires
// on nearly every statement of these fixtures; tests about something else
// leave it out rather than restate it everywhere.
func (rep jsonReport) without(rules ...string) jsonReport {
	kept := rep.Findings[:0:0]
	for _, f := range rep.Findings {
		if !slices.Contains(rules, f.Rule) {
			kept = append(kept, f)
		}
	}
	rep.Findings = kept
	return rep
}

func (rep jsonReport) rules() []string {
	var out []string
	for _, f := range rep.Findings {
		out = append(out, f.Rule)
	}
	return out
}

func TestLintDropTableText(t *testing.T) {
	dir := fixture(t, "drop")
	r := ddlgate(t, dir, "", "lint", "0001_drop_users.sql")
	r.expect(t, 1)
	golden(t, "drop.text.golden", r.stdout)
	if !strings.HasPrefix(r.stdout, "0001_drop_users.sql:3:1: error[ban-drop-table]") {
		t.Errorf("first line should name the file as given, the line and the rule:\n%s", r.stdout)
	}
}

func TestLintDropTableJSON(t *testing.T) {
	dir := fixture(t, "drop")
	r := ddlgate(t, dir, "", "lint", "--format", "json", ".")
	r.expect(t, 1)
	golden(t, "drop.json.golden", r.stdout)
	rep := decodeReport(t, r)
	if rep.Version != 1 || rep.Summary.Files != 1 || rep.Summary.Statements != 2 || rep.Summary.Errors != 1 {
		t.Errorf("summary = %+v", rep.Summary)
	}
	if got := rep.rules(); len(got) != 2 || got[0] != "ban-drop-table" || got[1] != "require-lock-timeout" || rep.Findings[0].Line != 3 {
		t.Errorf("findings = %+v, want ban-drop-table and require-lock-timeout at line 3", rep.Findings)
	}
}

func TestLintCleanExitsZero(t *testing.T) {
	dir := fixture(t, "clean")
	r := ddlgate(t, dir, "", "lint", "--format", "json", "0001_accounts.sql")
	r.expect(t, 0)
	if rep := decodeReport(t, r); rep.Findings == nil || len(rep.Findings) != 0 {
		t.Errorf("want an empty findings array, got %s", r.stdout)
	}
	if !strings.Contains(r.stdout, `"findings": []`) {
		t.Errorf("findings must be [] not null:\n%s", r.stdout)
	}
}

func TestLintDefaultDirectory(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "db", "migrations", "20240101000000_drop.sql"), []byte("-- migrate:up\nDROP TABLE users;\n\n-- migrate:down\n"))
	r := ddlgate(t, dir, "", "lint", "--format", "json")
	r.expect(t, 1)
	rep := decodeReport(t, r)
	rep = rep.without("require-lock-timeout")
	if len(rep.Findings) != 1 || rep.Findings[0].File != filepath.Join("db", "migrations", "20240101000000_drop.sql") {
		t.Errorf("findings = %+v", rep.Findings)
	}

	r = ddlgate(t, t.TempDir(), "", "lint")
	r.expect(t, 2)
	if !strings.Contains(r.stderr, "no migrations found in .: looked for migrations/") || !strings.Contains(r.stderr, "--help") {
		t.Errorf("stderr = %s", r.stderr)
	}
}

func TestLintWaivers(t *testing.T) {
	dir := fixture(t, "waivers")
	r := ddlgate(t, dir, "", "lint", "--format", "json", "0001_waivers.sql")
	r.expect(t, 1)
	rep := decodeReport(t, r)
	rep = rep.without("require-lock-timeout")
	got := rep.rules()
	// The first DROP is waived; the CREATE's waiver is unused; the typo'd
	// rule id waives nothing, so the second DROP is still reported.
	want := []string{"unused-ignore", "unused-ignore", "ban-drop-table"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Fatalf("rules = %v, want %v\n%s", got, want, r.stdout)
	}
	if f := rep.Findings[0]; f.Line != 4 || f.Severity != "warning" {
		t.Errorf("unused waiver finding = %+v, want a warning at line 4", f)
	}
	if f := rep.Findings[1]; f.Line != 7 || f.Severity != "error" || !strings.Contains(f.Message, `did you mean "ban-drop-table"?`) {
		t.Errorf("unknown rule id finding = %+v", f)
	}
}

func TestLintFailLevel(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "m.sql"), []byte("-- ddlgate:ignore ban-drop-table reason=\"x\"\nCREATE TABLE a (id bigint PRIMARY KEY);\n"))
	ddlgate(t, dir, "", "lint", "m.sql").expect(t, 0) // one warning, fail level error
	ddlgate(t, dir, "", "lint", "--fail-level", "warning", "m.sql").expect(t, 1)
	writeFile(t, filepath.Join(dir, ".ddlgate.yaml"), []byte("fail_level: warning\n"))
	ddlgate(t, dir, "", "lint", "m.sql").expect(t, 1)
	ddlgate(t, dir, "", "lint", "--fail-level", "error", "m.sql").expect(t, 0)
	r := ddlgate(t, dir, "", "lint", "--fail-level", "fatal", "m.sql")
	r.expect(t, 2)
	if !strings.Contains(r.stderr, `unknown severity "fatal"`) {
		t.Errorf("stderr = %s", r.stderr)
	}
}

func TestLintSyntaxErrorIsAFinding(t *testing.T) {
	dir := fixture(t, "syntax")
	r := ddlgate(t, dir, "", "lint", "--format", "json", "0001_typo.sql")
	r.expect(t, 1)
	rep := decodeReport(t, r)
	if len(rep.Findings) != 1 || rep.Findings[0].Rule != "syntax-error" || rep.Findings[0].Line != 2 {
		t.Errorf("findings = %+v, want one syntax-error on line 2", rep.Findings)
	}
}

func TestLintBadInput(t *testing.T) {
	t.Run("missing path names it", func(t *testing.T) {
		r := ddlgate(t, t.TempDir(), "", "lint", "nope/0001.sql")
		r.expect(t, 2)
		if !strings.Contains(r.stderr, "nope/0001.sql") {
			t.Errorf("stderr does not name the path: %s", r.stderr)
		}
	})
	t.Run("binary file is a finding and the good file is still linted", func(t *testing.T) {
		dir := t.TempDir()
		writeFile(t, filepath.Join(dir, "0001_blob.sql"), []byte("\x00\x01\x02\xff\xfe binary\x00"))
		writeFile(t, filepath.Join(dir, "0002_drop.sql"), []byte("DROP TABLE users;\n"))
		r := ddlgate(t, dir, "", "lint", "--format", "json", ".")
		r.expect(t, 1)
		rep := decodeReport(t, r)
		rep = rep.without("require-lock-timeout")
		if len(rep.Findings) != 2 || rep.Findings[0].Rule != "syntax-error" || rep.Findings[0].File != "0001_blob.sql" ||
			rep.Findings[1].Rule != "ban-drop-table" || rep.Findings[1].File != "0002_drop.sql" {
			t.Errorf("findings = %+v", rep.Findings)
		}
		// The text reporter must not print the binary bytes as a code frame.
		if r := ddlgate(t, dir, "", "lint", "0001_blob.sql"); strings.Contains(r.stdout, "\x00") {
			t.Errorf("text output contains NUL bytes:\n%q", r.stdout)
		}
	})
	t.Run("empty file has no findings", func(t *testing.T) {
		dir := t.TempDir()
		writeFile(t, filepath.Join(dir, "0001_empty.sql"), nil)
		r := ddlgate(t, dir, "", "lint", "0001_empty.sql")
		r.expect(t, 0)
		if !strings.Contains(r.stdout, "no findings in 1 file (0 statements)") {
			t.Errorf("stdout = %s", r.stdout)
		}
	})
	t.Run("10 MB file", func(t *testing.T) {
		dir := t.TempDir()
		// A seed-data file: ~10,000 inserts of 1 KB each.
		var b bytes.Buffer
		row := "INSERT INTO events (id, payload) VALUES (1, '" + strings.Repeat("payload ", 128) + "');\n"
		for b.Len() < 10<<20 {
			b.WriteString(row)
		}
		b.WriteString("DROP TABLE users;\n")
		writeFile(t, filepath.Join(dir, "0001_big.sql"), b.Bytes())
		r := ddlgate(t, dir, "", "lint", "--format", "json", "0001_big.sql")
		r.expect(t, 1)
		if rep := decodeReport(t, r).without("require-lock-timeout"); len(rep.Findings) != 1 || rep.Findings[0].Rule != "ban-drop-table" {
			t.Errorf("findings = %+v", rep.Findings)
		}
	})
	t.Run("empty directory", func(t *testing.T) {
		dir := t.TempDir()
		if err := os.Mkdir(filepath.Join(dir, "migrations"), 0o755); err != nil {
			t.Fatal(err)
		}
		r := ddlgate(t, dir, "", "lint", "migrations")
		r.expect(t, 2)
		if !strings.Contains(r.stderr, "no migrations found in migrations") {
			t.Errorf("stderr = %s", r.stderr)
		}
		r = ddlgate(t, dir, "", "lint", "--allow-empty", "migrations")
		r.expect(t, 0)
		if !strings.Contains(r.stdout, "no findings in 0 files") {
			t.Errorf("stdout = %s", r.stdout)
		}
	})
}

func TestLintStdin(t *testing.T) {
	dir := t.TempDir()
	r := ddlgate(t, dir, "CREATE INDEX idx_orders_user ON orders (user_id);\n",
		"lint", "--format", "json", "--stdin-filename", "migrations/0004_index.sql", "-")
	r.expect(t, 1)
	rep := decodeReport(t, r)
	rep = rep.without("require-lock-timeout")
	if len(rep.Findings) != 1 || rep.Findings[0].Rule != "require-concurrent-index-creation" ||
		rep.Findings[0].File != "migrations/0004_index.sql" {
		t.Errorf("findings = %+v", rep.Findings)
	}
}

func TestLintConfig(t *testing.T) {
	t.Run("unknown key with file and line", func(t *testing.T) {
		dir := fixture(t, "config-typo")
		r := ddlgate(t, dir, "", "lint", "migrations")
		r.expect(t, 2)
		want := `.ddlgate.yaml:2: unknown key "fial_level" (did you mean "fail_level"?)`
		if !strings.Contains(r.stderr, want) {
			t.Errorf("stderr = %s\nwant it to contain %s", r.stderr, want)
		}
	})
	t.Run("unknown rule id with file and line", func(t *testing.T) {
		dir := t.TempDir()
		writeFile(t, filepath.Join(dir, "conf", "ddlgate.yaml"), []byte("rules:\n  ban-drop-table: {enabled: false}\n  ban-drop-colum:\n    enabled: false\n"))
		writeFile(t, filepath.Join(dir, "m.sql"), []byte("SELECT 1;\n"))
		r := ddlgate(t, dir, "", "lint", "--config", "conf/ddlgate.yaml", "m.sql")
		r.expect(t, 2)
		want := `ddlgate.yaml:3: unknown rule "ban-drop-colum" (did you mean "ban-drop-column"?)`
		if !strings.Contains(r.stderr, want) {
			t.Errorf("stderr = %s\nwant it to contain %s", r.stderr, want)
		}
	})
	t.Run("unknown runner and format name the config file and line, not a flag", func(t *testing.T) {
		dir := t.TempDir()
		writeFile(t, filepath.Join(dir, ".ddlgate.yaml"), []byte("pg_version: 16\nrunner: flyweight\nformat: drizle\n"))
		writeFile(t, filepath.Join(dir, "migrations", "0001_a.sql"), []byte("SELECT 1;\n"))
		for _, args := range [][]string{{"lint", "migrations"}, {"status", "--database-url", "postgres://x@127.0.0.1:1/db"}, {"hash"}} {
			r := ddlgate(t, dir, "", args...)
			r.expect(t, 2)
			for _, want := range []string{
				`.ddlgate.yaml:2: runner: unknown runner "flyweight" (valid: `,
				`.ddlgate.yaml:3: format: unknown migration format "drizle" (did you mean "drizzle"?)`,
			} {
				if !strings.Contains(r.stderr, want) {
					t.Errorf("%v: stderr = %s\nwant it to contain %s", args, r.stderr, want)
				}
			}
			if strings.Contains(r.stderr, "--runner") || strings.Contains(r.stderr, "--migration-format") {
				t.Errorf("%v: a config error blamed on a flag: %s", args, r.stderr)
			}
		}
	})
	t.Run("disabled rule and severity override", func(t *testing.T) {
		dir := fixture(t, "drop")
		writeFile(t, filepath.Join(dir, ".ddlgate.yaml"), []byte("rules:\n  ban-drop-table:\n    severity: warning\n"))
		r := ddlgate(t, dir, "", "lint", "--format", "json", ".")
		r.expect(t, 0)
		if rep := decodeReport(t, r).without("require-lock-timeout"); len(rep.Findings) != 1 || rep.Findings[0].Severity != "warning" {
			t.Errorf("findings = %+v", rep.Findings)
		}
		writeFile(t, filepath.Join(dir, ".ddlgate.yaml"), []byte("rules:\n  ban-drop-table:\n    enabled: false\n"))
		r = ddlgate(t, dir, "", "lint", "--format", "json", ".")
		r.expect(t, 0)
		if rep := decodeReport(t, r).without("require-lock-timeout"); len(rep.Findings) != 0 {
			t.Errorf("disabled rule still reported: %+v", rep.Findings)
		}
	})
	t.Run("missing --config file", func(t *testing.T) {
		r := ddlgate(t, t.TempDir(), "", "lint", "--config", "nope.yaml", "x.sql")
		r.expect(t, 2)
		if !strings.Contains(r.stderr, "nope.yaml") {
			t.Errorf("stderr = %s", r.stderr)
		}
	})
}

func TestLintPGVersion(t *testing.T) {
	dir := fixture(t, "clean")
	for _, v := range []string{"10", "16.4", "17", "18"} {
		ddlgate(t, dir, "", "lint", "--pg-version", v, "0001_accounts.sql").expect(t, 0)
	}
	for _, v := range []string{"9.6", "19", "latest"} {
		r := ddlgate(t, dir, "", "lint", "--pg-version", v, "0001_accounts.sql")
		r.expect(t, 2)
		if !strings.Contains(r.stderr, "--pg-version") || !strings.Contains(r.stderr, "from 10 to 18") {
			t.Errorf("--pg-version %s: stderr = %s", v, r.stderr)
		}
	}
}

func TestLintUsageErrors(t *testing.T) {
	dir := fixture(t, "clean")
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"lint", "--format", "xml", "."}, `unknown format "xml"`},
		{[]string{"lint", "--runner", "liquibase", "."}, `unknown runner "liquibase"`},
		{[]string{"lint", "--migration-format", "rails", "."}, `unknown format "rails"`},
		{[]string{"lint", "--no-such-flag", "."}, "unknown flag: --no-such-flag"},
		{[]string{"lnit"}, `unknown command "lnit"`},
	}
	for _, tt := range tests {
		r := ddlgate(t, dir, "", tt.args...)
		if r.code != 2 || !strings.Contains(r.stderr, tt.want) {
			t.Errorf("%v: exit %d, stderr %q; want 2 and %q", tt.args, r.code, r.stderr, tt.want)
		}
	}
}

func TestRules(t *testing.T) {
	dir := t.TempDir()
	r := ddlgate(t, dir, "", "rules")
	r.expect(t, 0)
	if !strings.HasPrefix(r.stdout, "ID") || !strings.Contains(r.stdout, "ban-drop-table") {
		t.Errorf("rules table:\n%s", r.stdout)
	}
	writeFile(t, filepath.Join(dir, ".ddlgate.yaml"), []byte("rules:\n  ban-drop-table: {enabled: false, severity: warning}\n"))
	r = ddlgate(t, dir, "", "rules", "--format", "json")
	r.expect(t, 0)
	var rules []struct {
		ID, Category, Severity, Title string
		Enabled                       bool
	}
	if err := json.Unmarshal([]byte(r.stdout), &rules); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, rule := range rules {
		if rule.ID == "ban-drop-table" {
			found = true
			if rule.Enabled || rule.Severity != "warning" || rule.Category != "safety" || rule.Title == "" {
				t.Errorf("ban-drop-table with config = %+v", rule)
			}
		}
	}
	if !found {
		t.Errorf("ban-drop-table not listed:\n%s", r.stdout)
	}
}

func TestExplain(t *testing.T) {
	dir := t.TempDir()
	r := ddlgate(t, dir, "", "explain", "require-concurrent-index-creation")
	r.expect(t, 0)
	for _, want := range []string{"# require-concurrent-index-creation", "| locking | error | yes |",
		"Reported:\n\n```sql\nCREATE INDEX", "Accepted:\n\n```sql\nCREATE INDEX CONCURRENTLY", "Docs: https://"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("explain output lacks %q:\n%s", want, r.stdout)
		}
	}
	r = ddlgate(t, dir, "", "explain", "ban-drop-tabel")
	r.expect(t, 2)
	if !strings.Contains(r.stderr, `unknown rule "ban-drop-tabel" (did you mean "ban-drop-table"?)`) {
		t.Errorf("stderr = %s", r.stderr)
	}
}

func TestFacts(t *testing.T) {
	dir := fixture(t, "drop")
	r := ddlgate(t, dir, "", "facts", "0001_drop_users.sql")
	r.expect(t, 0)
	var doc struct {
		Target struct {
			PGVersion int `json:"pg_version"`
		} `json:"target"`
		File struct {
			Path string `json:"path"`
		} `json:"file"`
		Statements []struct {
			Tag string `json:"tag"`
		} `json:"statements"`
		AST any `json:"ast"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil {
		t.Fatalf("decode facts: %v\n%s", err, r.stdout)
	}
	if doc.Target.PGVersion != 16 || doc.File.Path != "0001_drop_users.sql" || len(doc.Statements) != 2 ||
		doc.Statements[1].Tag != "DROP TABLE" || doc.AST != nil {
		t.Errorf("facts = %+v", doc)
	}
	r = ddlgate(t, dir, "DROP TABLE users;", "facts", "--include-ast", "--pg-version", "12", "-")
	r.expect(t, 0)
	if !strings.Contains(r.stdout, `"pg_version": 12`) || strings.Contains(r.stdout, `"ast": null`) {
		t.Errorf("facts from stdin with AST:\n%.400s", r.stdout)
	}
}

func TestVersion(t *testing.T) {
	r := ddlgate(t, t.TempDir(), "", "version")
	r.expect(t, 0)
	if !strings.HasPrefix(r.stdout, "ddlgate "+Version+" (") {
		t.Errorf("version output = %q", r.stdout)
	}
}

func TestHelpTeaches(t *testing.T) {
	for _, cmd := range []string{"lint", "rules", "explain", "facts", "version"} {
		r := ddlgate(t, t.TempDir(), "", cmd, "--help")
		r.expect(t, 0)
		if !strings.Contains(r.stdout, "Examples:") {
			t.Errorf("%s --help has no examples:\n%s", cmd, r.stdout)
		}
	}
}

func TestLintColour(t *testing.T) {
	dir := fixture(t, "drop")
	for _, tt := range []struct {
		terminal bool
		noColor  string
		want     bool
	}{{true, "", true}, {true, "1", false}, {false, "", false}} {
		var out bytes.Buffer
		a := &app{stdin: strings.NewReader(""), stdout: &out, stderr: &out, workDir: dir,
			getenv:           func(k string) string { return map[string]string{"NO_COLOR": tt.noColor}[k] },
			now:              time.Now,
			stdoutIsTerminal: tt.terminal}
		if code := a.run(context.Background(), []string{"lint", "."}); code != 1 {
			t.Fatalf("exit %d, want 1:\n%s", code, out.String())
		}
		if got := strings.Contains(out.String(), "\x1b["); got != tt.want {
			t.Errorf("terminal=%v NO_COLOR=%q: colour %v, want %v", tt.terminal, tt.noColor, got, tt.want)
		}
	}
}

func TestFactsOfADirectoryAndMissingFile(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "migrations", "1_a.sql"), []byte("CREATE TABLE a (id bigint PRIMARY KEY);"))
	writeFile(t, filepath.Join(dir, "migrations", "2_b.sql"), []byte("DROP TABLE a;"))
	r := ddlgate(t, dir, "", "facts", "migrations")
	r.expect(t, 0)
	var docs []struct {
		File struct {
			Path string `json:"path"`
		} `json:"file"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &docs); err != nil || len(docs) != 2 ||
		docs[0].File.Path != filepath.Join("migrations", "1_a.sql") {
		t.Errorf("facts of a directory: %v %+v", err, docs)
	}
	r = ddlgate(t, dir, "", "facts", "nope.sql")
	r.expect(t, 2)
	if !strings.Contains(r.stderr, "nope.sql") {
		t.Errorf("stderr = %s", r.stderr)
	}
}

func TestLintProjectFindsSchemaPush(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "migrations", "0001_users.sql"), []byte("CREATE TABLE users (id bigint PRIMARY KEY);\n"))
	writeFile(t, filepath.Join(dir, "package.json"), []byte("{\n  \"scripts\": {\n    \"db:sync\": \"drizzle-kit push\"\n  }\n}\n"))
	// A script no workflow runs is development-only: reported, not failing.
	r := ddlgate(t, dir, "", "lint")
	r.expect(t, 0)
	if !strings.Contains(r.stdout, "package.json:3:17: info[ban-push-workflow] drizzle-kit push in package.json script \"db:sync\" changes the schema without a migration") ||
		!strings.Contains(r.stdout, `3 |     "db:sync": "drizzle-kit push"`) {
		t.Errorf("stdout = %s", r.stdout)
	}
	// package.json carries a finding: it is one of the files judged.
	if !strings.Contains(r.stdout, "1 info in 2 files (1 statement)") {
		t.Errorf("summary should count package.json:\n%s", r.stdout)
	}
	// A workflow that runs it pushes from CI: an error where CI runs it.
	writeFile(t, filepath.Join(dir, ".github", "workflows", "deploy.yml"), []byte("jobs:\n  deploy:\n    steps:\n      - run: npm run db:sync\n"))
	r = ddlgate(t, dir, "", "lint")
	r.expect(t, 1)
	if !strings.Contains(r.stdout, filepath.Join(".github", "workflows", "deploy.yml")+":4:14: error[ban-push-workflow] npm run db:sync in "+filepath.Join(".github", "workflows", "deploy.yml")+" runs drizzle-kit push (package.json:3, script db:sync)") ||
		strings.Contains(r.stdout, "package.json:3:17") {
		t.Errorf("stdout = %s", r.stdout)
	}
	// Files named explicitly are judged alone.
	ddlgate(t, dir, "", "lint", "migrations/0001_users.sql").expect(t, 0)
}

func TestLintBaselineLeavesOutAcceptedFindings(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "migrations", "0001_drop.sql"), []byte("SET lock_timeout = '2s';\nDROP TABLE users;\n"))
	ddlgate(t, dir, "", "baseline", "--dir", "migrations").expect(t, 0)
	ddlgate(t, dir, "", "lint", "--baseline", "ddlgate-baseline.json", "migrations").expect(t, 0)
	writeFile(t, filepath.Join(dir, "migrations", "0002_drop.sql"), []byte("SET lock_timeout = '2s';\nDROP TABLE orders;\n"))
	r := ddlgate(t, dir, "", "lint", "--baseline", "ddlgate-baseline.json", "--format", "json", "migrations")
	r.expect(t, 1)
	if got := decodeReport(t, r).rules(); len(got) != 1 || got[0] != "ban-drop-table" || !strings.Contains(r.stdout, "0002_drop.sql") || strings.Contains(r.stdout, "0001_drop.sql") {
		t.Errorf("findings = %s", r.stdout)
	}
}
