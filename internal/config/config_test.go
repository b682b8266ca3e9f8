package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ddlgate/ddlgate/internal/finding"
)

func TestParseFullConfig(t *testing.T) {
	src := `
pg_version: "16.4"
runner: goose
format: goose
fail_level: warning
default_schema: app
rules:
  ban-drop-table:
    enabled: false
  require-lock-timeout:
    severity: error
    params: {max: 5s}
migrations:
  dir: db/migrations
policies: [policies/custom]
db_snapshot: ci/prod.dbsnap.json
gates:
  apply: {fail_level: info, require_branch: main}
apply:
  lock_timeout: 5s
  statement_timeout: 0
  lock_retries: 3
  retry_backoff: 1s
`
	c, err := Parse("/repo/.ddlgate.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if c.PGVersion != 16 || c.PGVersionNum != 160004 {
		t.Errorf("pg_version = %d/%d, want 16/160004", c.PGVersion, c.PGVersionNum)
	}
	if c.Runner != "goose" || c.Format != "goose" || c.DefaultSchema != "app" || c.FailLevel != finding.Warning {
		t.Errorf("scalars: %+v", c)
	}
	if r := c.Rules["ban-drop-table"]; r.Enabled == nil || *r.Enabled || r.Pos.Line != 8 {
		t.Errorf("ban-drop-table entry = %+v, want disabled at line 8", r)
	}
	if r := c.Rules["require-lock-timeout"]; r.Severity == nil || *r.Severity != finding.Error || r.Params["max"] != "5s" {
		t.Errorf("require-lock-timeout entry = %+v", r)
	}
	if c.MigrationsDir != "/repo/db/migrations" || len(c.PolicyDirs) != 1 || c.PolicyDirs[0] != "/repo/policies/custom" {
		t.Errorf("dirs not resolved against the config file: %q %q", c.MigrationsDir, c.PolicyDirs)
	}
	if c.DBSnapshot != "/repo/ci/prod.dbsnap.json" {
		t.Errorf("db_snapshot = %q, want it resolved against the config file", c.DBSnapshot)
	}
	if c.GateFailLevel(GateApply) != finding.Info || c.GateFailLevel(GateCI) != finding.Warning {
		t.Errorf("gate levels: apply %v ci %v", c.GateFailLevel(GateApply), c.GateFailLevel(GateCI))
	}
	if c.RequireBranch != "main" {
		t.Errorf("gates.apply.require_branch = %q", c.RequireBranch)
	}
	if *c.Apply.LockTimeout != 5*time.Second || *c.Apply.StatementTimeout != 0 || *c.Apply.LockRetries != 3 || *c.Apply.RetryBackoff != time.Second {
		t.Errorf("apply = %+v", c.Apply)
	}
}

func TestParseErrorsNameFileAndLine(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		{"misspelt key", "pg_version: 16\nfial_level: error\n",
			`x.yaml:2: unknown key "fial_level" (did you mean "fail_level"?)`},
		{"nested misspelt key", "rules:\n  ban-drop-table:\n    enabeld: false\n",
			`x.yaml:3: unknown key "enabeld" in rules.ban-drop-table (did you mean "enabled"?)`},
		{"wrong type", "rules:\n  ban-drop-table:\n    enabled: \"no\"\n",
			`x.yaml:3: rules.ban-drop-table.enabled must be true or false, got "no"`},
		{"bad severity", "fail_level: fatal\n",
			`x.yaml:1: fail_level: unknown severity "fatal"`},
		{"bad pg version", "\npg_version: 9.6\n",
			`x.yaml:2: pg_version: invalid PostgreSQL version "9.6"`},
		{"bad duration", "apply:\n  lock_timeout: soon\n",
			`x.yaml:2: apply.lock_timeout must be a duration`},
		{"unknown gate", "gates:\n  deploy: {fail_level: error}\n",
			`x.yaml:2: unknown key "deploy" in gates (known keys: generate, ci, apply)`},
		{"require_branch is apply's", "gates:\n  ci: {require_branch: main}\n",
			`x.yaml:2: unknown key "require_branch" in gates.ci`},
		{"policies not a list", "policies: custom\n",
			`x.yaml:1: policies must be a list of directories`},
		{"not yaml", "rules: [\n", "x.yaml: yaml:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("x.yaml", []byte(tt.src))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error = %v, want it to contain %q", err, tt.want)
			}
		})
	}
}

func TestParseReportsEveryError(t *testing.T) {
	_, err := Parse("x.yaml", []byte("fial_level: error\nrunner: 3\n"))
	if err == nil || strings.Count(err.Error(), "x.yaml:") != 2 {
		t.Errorf("want two errors, got %v", err)
	}
}

func TestValidateUnknownRuleID(t *testing.T) {
	c, err := Parse("x.yaml", []byte("rules:\n  ban-drop-table: {}\n  ban-drop-tabel:\n    enabled: false\n"))
	if err != nil {
		t.Fatal(err)
	}
	ids := []string{"ban-drop-table", "ban-drop-column"}
	known := func(id string) bool { return id == "ban-drop-table" || id == "ban-drop-column" }
	err = c.Validate(known, ids...)
	want := `x.yaml:3: unknown rule "ban-drop-tabel" (did you mean "ban-drop-table"?)`
	if err == nil || err.Error() != want {
		t.Errorf("Validate = %v, want %s", err, want)
	}
}

func TestFindWalksUpwards(t *testing.T) {
	root := t.TempDir()
	deep := filepath.Join(root, "a", "b")
	if err := os.MkdirAll(deep, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, FileName), []byte("runner: prisma\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	c, err := Load("", deep)
	if err != nil {
		t.Fatal(err)
	}
	if c.Path != filepath.Join(root, FileName) || c.Runner != "prisma" {
		t.Errorf("Load from %s = %+v", deep, c)
	}
}

func TestLoadWithoutConfig(t *testing.T) {
	c, err := Load("", t.TempDir())
	if err != nil || c.Path != "" || c.GateFailLevel(GateCI) != finding.Error {
		t.Errorf("Load = %+v, %v; want empty config failing at error", c, err)
	}
}

func TestParsePGVersion(t *testing.T) {
	for in, want := range map[string][2]int{"16": {16, 160000}, "16.4": {16, 160004}, "10": {10, 100000}, "17.2": {17, 170002}, "18": {18, 180000}} {
		major, num, err := ParsePGVersion(in)
		if err != nil || major != want[0] || num != want[1] {
			t.Errorf("ParsePGVersion(%q) = %d, %d, %v; want %v", in, major, num, err, want)
		}
	}
	for _, in := range []string{"9.6", "19", "sixteen", "", "16.x"} {
		if _, _, err := ParsePGVersion(in); err == nil {
			t.Errorf("ParsePGVersion(%q) succeeded, want an error", in)
		}
	}
}

func TestSuggest(t *testing.T) {
	ids := []string{"ban-drop-table", "ban-drop-column", "ban-truncate"}
	if got := Suggest("ban-drop-colum", ids); got != "ban-drop-column" {
		t.Errorf("Suggest = %q", got)
	}
	if got := Suggest("require-primary-key", ids); got != "" {
		t.Errorf("Suggest of an unrelated id = %q, want none", got)
	}
}

func TestParseNotify(t *testing.T) {
	c, err := Parse("/repo/.ddlgate.yaml", []byte("notify:\n  - https://hooks.example.test/T1\n  - http://127.0.0.1:9/x\n"))
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Notify) != 2 || c.Notify[0] != "https://hooks.example.test/T1" {
		t.Errorf("notify = %q", c.Notify)
	}
	if _, err := Parse("/repo/.ddlgate.yaml", []byte("notify:\n  - ftp://x\n")); err == nil || !strings.Contains(err.Error(), ":2: notify entry must be an http") {
		t.Errorf("a non-HTTP URL: err = %v", err)
	}
	if _, err := Parse("/repo/.ddlgate.yaml", []byte("notify: https://x\n")); err == nil || !strings.Contains(err.Error(), "notify must be a list") {
		t.Errorf("a scalar: err = %v", err)
	}
}
