package report

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ddlgate/ddlgate/internal/finding"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// sources are the migration files the sample findings point into.
var sources = map[string][]byte{
	"migrations/0002_drop_users.sql": []byte("-- users moved to accounts\nALTER TABLE orders\n\tADD COLUMN total numeric NOT NULL;\nDROP TABLE users;\n"),
	"migrations/0003_backfill.sql":   []byte("UPDATE orders\nSET total = 0\nWHERE total IS NULL\nAND id > 0\nAND id < 100\nAND note <> ''\nAND x = 1\nAND y = 2;\n"),
}

func sampleReport() *Report {
	return &Report{
		Files:      3,
		Statements: 14,
		Source:     func(p string) []byte { return sources[p] },
		Findings: []finding.Finding{
			{
				Rule: "require-default-for-not-null-column", Category: "safety", Severity: finding.Error,
				Message: "ADD COLUMN total NOT NULL without a DEFAULT fails on public.orders when it has rows",
				File:    "migrations/0002_drop_users.sql", Line: 3, Column: 6, EndLine: 3, EndColumn: 37,
				Start: 45, End: 77, StatementIndex: 0,
				Statement:   "ALTER TABLE orders\n\tADD COLUMN total numeric NOT NULL",
				Help:        "ALTER TABLE orders ADD COLUMN total numeric NOT NULL DEFAULT 0;",
				Docs:        "https://github.com/ddlgate/ddlgate/blob/main/docs/rules/require-default-for-not-null-column.md",
				Fingerprint: "0123456789abcdef0123456789abcdef",
			},
			{
				Rule: "ban-drop-table", Category: "safety", Severity: finding.Error,
				Message: "DROP TABLE public.users deletes the table and its data",
				File:    "migrations/0002_drop_users.sql", Line: 4, Column: 1, EndLine: 4, EndColumn: 16,
				Start: 79, End: 95, StatementIndex: 1, Statement: "DROP TABLE users",
				Docs:        "https://github.com/ddlgate/ddlgate/blob/main/docs/rules/ban-drop-table.md",
				Fingerprint: "fedcba9876543210fedcba9876543210",
			},
			{
				Rule: "ban-backfill-in-ddl-transaction", Category: "locking", Severity: finding.Warning,
				Message: "UPDATE of public.orders spans 8 lines",
				File:    "migrations/0003_backfill.sql", Line: 1, Column: 1, EndLine: 8, EndColumn: 9,
				StatementIndex: 0, Statement: "UPDATE orders ...",
				Help:        "batch the update:\nUPDATE orders SET total = 0 WHERE id IN (...);",
				Fingerprint: "00000000000000000000000000000000",
			},
			{
				Rule: "unused-ignore", Category: "governance", Severity: finding.Info,
				Message: "file-level note without a frame", File: "migrations/gone.sql", Line: 1, Column: 1,
				EndLine: 1, EndColumn: 1, StatementIndex: -1,
			},
		},
	}
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read golden (run go test -update): %v", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs (go test ./internal/report -update to accept):\n--- got\n%s\n--- want\n%s", path, got, want)
	}
}

func render(t *testing.T, format string, r *Report) []byte {
	t.Helper()
	write, ok := Lookup(format)
	if !ok {
		t.Fatalf("no %s reporter; have %v", format, Names())
	}
	var buf bytes.Buffer
	if err := write(&buf, r); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestTextGolden(t *testing.T) {
	golden(t, "text.golden", render(t, "text", sampleReport()))
}

func TestTextColorGolden(t *testing.T) {
	r := sampleReport()
	r.Color = true
	r.Findings = r.Findings[1:2]
	golden(t, "text-color.golden", render(t, "text", r))
}

func TestTextWithoutColorHasNoEscapes(t *testing.T) {
	if out := render(t, "text", sampleReport()); bytes.Contains(out, []byte("\x1b[")) {
		t.Errorf("uncoloured output contains ANSI escapes:\n%s", out)
	}
}

func TestTextSummary(t *testing.T) {
	tests := []struct {
		s    Summary
		want string
	}{
		{Summary{Files: 2, Statements: 14, Errors: 3, Warnings: 1}, "3 errors, 1 warning in 2 files (14 statements)"},
		{Summary{Files: 1, Statements: 1}, "no findings in 1 file (1 statement)"},
		{Summary{Files: 5, Statements: 0, Infos: 2}, "2 infos in 5 files (0 statements)"},
	}
	for _, tt := range tests {
		if got := summaryLine(tt.s); got != tt.want {
			t.Errorf("summaryLine(%+v) = %q, want %q", tt.s, got, tt.want)
		}
	}
}

func TestTextFrameSkipsBinary(t *testing.T) {
	r := &Report{Files: 1, Source: func(string) []byte { return []byte("\x00\x01\xff\xfe") },
		Findings: []finding.Finding{{Rule: "syntax-error", Severity: finding.Error, File: "x.sql", Line: 1, Column: 1,
			Message: "file looks binary"}}}
	if out := string(render(t, "text", r)); strings.Contains(out, "|") {
		t.Errorf("binary source got a code frame:\n%s", out)
	}
}

func TestJSONGolden(t *testing.T) {
	golden(t, "json.golden", render(t, "json", sampleReport()))
}

func TestJSONLayout(t *testing.T) {
	var doc map[string]any
	if err := json.Unmarshal(render(t, "json", &Report{Files: 2}), &doc); err != nil {
		t.Fatal(err)
	}
	if doc["version"] != 1.0 {
		t.Errorf("version = %v, want 1", doc["version"])
	}
	if fs, ok := doc["findings"].([]any); !ok || len(fs) != 0 {
		t.Errorf("findings = %#v, want an empty array", doc["findings"])
	}
	summary := doc["summary"].(map[string]any)
	for _, k := range []string{"files", "statements", "findings", "errors", "warnings", "infos"} {
		if _, ok := summary[k]; !ok {
			t.Errorf("summary lacks %q", k)
		}
	}
	var full struct {
		Findings []map[string]any `json:"findings"`
	}
	if err := json.Unmarshal(render(t, "json", sampleReport()), &full); err != nil {
		t.Fatal(err)
	}
	want := []string{"rule", "category", "severity", "message", "file", "line", "column", "end_line",
		"end_column", "statement", "help", "docs", "fingerprint"}
	if got := len(full.Findings[0]); got != len(want) {
		t.Errorf("finding has %d keys, want exactly %v: %v", got, want, full.Findings[0])
	}
	for _, k := range want {
		if _, ok := full.Findings[0][k]; !ok {
			t.Errorf("finding lacks %q", k)
		}
	}
}

func TestRegistry(t *testing.T) {
	names := strings.Join(Names(), ",")
	if !strings.Contains(names, "json") || !strings.Contains(names, "text") {
		t.Errorf("Names() = %s, want json and text", names)
	}
	if _, ok := Lookup("yaml"); ok {
		t.Error("Lookup(yaml) found a reporter")
	}
}

// A rule whose findings have different severities (a lock on a small table
// is lowered to info) is counted once per severity, not under the first
// one's.
func TestTextCountsPerRuleAndSeverity(t *testing.T) {
	f := func(sev finding.Severity, line int) finding.Finding {
		return finding.Finding{Rule: "require-concurrent-index-creation", Severity: sev, File: "m.sql", Line: line, Column: 1, Message: "CREATE INDEX"}
	}
	r := &Report{Files: 2, Quiet: true, Findings: []finding.Finding{f(finding.Info, 1), f(finding.Error, 2), f(finding.Info, 3)}}
	out := string(render(t, "text", r))
	for _, want := range []string{"      1  error    require-concurrent-index-creation\n", "      2  info     require-concurrent-index-creation\n"} {
		if !strings.Contains(out, want) {
			t.Errorf("counts lack %q:\n%s", want, out)
		}
	}
}
