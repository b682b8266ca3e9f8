package finding

import (
	"strings"
	"testing"
	"time"
)

// registry mimics the engine's rule registry: known rules with their
// severity; disabled lists the rules switched off in config.
type registry struct {
	disabled map[string]bool
}

func (r registry) rule(id string) (Finding, bool, bool) {
	sev := map[string]Severity{
		"ban-drop-table": Error, "ban-drop-column": Error, "ban-truncate": Error,
		RuleUnusedIgnore: Warning, RuleRequireWaiverReason: Error, RuleExpiredWaiver: Error,
	}
	s, ok := sev[id]
	return Finding{Rule: id, Category: "governance", Severity: s}, ok, ok && !r.disabled[id]
}

func opts(r registry) SuppressOptions {
	return SuppressOptions{
		Path: "m.sql",
		Now:  time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC),
		Rule: r.rule,
		Suggest: func(id string) string {
			if id == "ban-drop-tabel" {
				return "ban-drop-table"
			}
			return ""
		},
	}
}

// dropTable is the finding of `DROP TABLE users;`, statement 1 on line 3.
func dropTable() Finding {
	return Finding{Rule: "ban-drop-table", Severity: Error, Line: 3, Column: 1, StatementIndex: 1}
}

func ignore(stmt int, line int, rules ...string) Directive {
	return Directive{Rules: rules, Statement: stmt, Reason: "table is empty", Line: line, Column: 1,
		Text: "-- ddlgate:ignore " + strings.Join(rules, ",")}
}

func rulesOf(fs []Finding) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Rule+"@"+f.Severity.String()+": "+f.Message)
	}
	return out
}

func TestSuppress(t *testing.T) {
	tests := []struct {
		name       string
		findings   []Finding
		directives []Directive
		disabled   map[string]bool
		want       []string // rule@severity: message prefix
	}{
		{
			name:       "ignore waives the next statement's finding",
			findings:   []Finding{dropTable()},
			directives: []Directive{ignore(1, 2, "ban-drop-table")},
		},
		{
			name:       "ignore on another statement waives nothing and is unused",
			findings:   []Finding{dropTable()},
			directives: []Directive{ignore(0, 1, "ban-drop-table")},
			want: []string{
				"ban-drop-table@error: ",
				"unused-ignore@warning: ignore of ban-drop-table suppresses nothing: no ban-drop-table finding on the next statement",
			},
		},
		{
			name:     "ignore-file waives every statement and file-level findings",
			findings: []Finding{dropTable(), {Rule: "ban-drop-table", StatementIndex: -1, Line: 1}},
			directives: []Directive{{File: true, Rules: []string{"ban-drop-table"}, Reason: "retired schema",
				Statement: 0}},
		},
		{
			name:       "a statement ignore cannot waive a file-level finding",
			findings:   []Finding{{Rule: "ban-drop-table", Severity: Error, StatementIndex: -1, Line: 1}},
			directives: []Directive{ignore(-1, 1, "ban-drop-table")},
			want: []string{
				"ban-drop-table@error: ",
				"unused-ignore@warning: ignore of ban-drop-table suppresses nothing: no ban-drop-table finding (no statement follows it)",
			},
		},
		{
			name:       "unused ignore of a disabled rule is not reported",
			directives: []Directive{ignore(1, 2, "ban-truncate")},
			disabled:   map[string]bool{"ban-truncate": true},
		},
		{
			name:       "unused ignore is not reported when unused-ignore is disabled",
			directives: []Directive{ignore(1, 2, "ban-truncate")},
			disabled:   map[string]bool{RuleUnusedIgnore: true},
		},
		{
			name:       "unknown rule id is an error with a suggestion, even with unused-ignore disabled",
			findings:   []Finding{dropTable()},
			directives: []Directive{ignore(1, 2, "ban-drop-tabel")},
			disabled:   map[string]bool{RuleUnusedIgnore: true},
			want: []string{
				"ban-drop-table@error: ",
				`unused-ignore@error: unknown rule id "ban-drop-tabel" in ddlgate:ignore (did you mean "ban-drop-table"?)`,
			},
		},
		{
			name:       "expired waiver waives nothing",
			findings:   []Finding{dropTable()},
			directives: []Directive{func() Directive { d := ignore(1, 2, "ban-drop-table"); d.Until = "2026-11-21"; return d }()},
			want: []string{
				"ban-drop-table@error: ",
				"ban-expired-waiver@error: waiver for ban-drop-table expired on 2026-11-21",
			},
		},
		{
			name:       "waiver is valid through its until day",
			findings:   []Finding{dropTable()},
			directives: []Directive{func() Directive { d := ignore(1, 2, "ban-drop-table"); d.Until = "2026-11-22"; return d }()},
		},
		{
			name:       "waiver without a reason still waives but is a finding",
			findings:   []Finding{dropTable()},
			directives: []Directive{func() Directive { d := ignore(1, 2, "ban-drop-table"); d.Reason = ""; return d }()},
			want:       []string{"require-waiver-reason@error: ddlgate:ignore ban-drop-table has no reason"},
		},
		{
			name:       "malformed directive is reported",
			directives: []Directive{{Error: "no rule ids", Statement: 0}},
			want:       []string{"unused-ignore@error: malformed ddlgate:ignore directive: no rule ids"},
		},
		{
			name:     "one directive with two rules: the used one waives, the other is unused",
			findings: []Finding{dropTable()},
			directives: []Directive{
				ignore(1, 2, "ban-drop-table", "ban-truncate"),
			},
			want: []string{"unused-ignore@warning: ignore of ban-truncate suppresses nothing"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := rulesOf(Suppress(tt.findings, tt.directives, opts(registry{disabled: tt.disabled})))
			if len(got) != len(tt.want) {
				t.Fatalf("got %d findings, want %d:\n%s", len(got), len(tt.want), strings.Join(got, "\n"))
			}
			for i := range got {
				if !strings.HasPrefix(got[i], tt.want[i]) {
					t.Errorf("finding %d:\n got %s\nwant %s...", i, got[i], tt.want[i])
				}
			}
		})
	}
}

func TestSuppressReportsAtTheDirective(t *testing.T) {
	d := Directive{Rules: []string{"ban-truncate"}, Reason: "r", Statement: 0, Line: 4, Column: 3,
		EndLine: 4, EndColumn: 40, Start: 50, End: 87, Text: "-- ddlgate:ignore ban-truncate"}
	got := Suppress(nil, []Directive{d}, opts(registry{}))
	if len(got) != 1 {
		t.Fatalf("got %d findings, want 1", len(got))
	}
	f := got[0]
	if f.File != "m.sql" || f.Line != 4 || f.Column != 3 || f.EndColumn != 40 || f.Start != 50 || f.StatementIndex != -1 {
		t.Errorf("finding not at the directive: %+v", f)
	}
	if len(f.Fingerprint) != 32 {
		t.Errorf("fingerprint %q: want 32 hex digits", f.Fingerprint)
	}
}

func TestSortAndDedupe(t *testing.T) {
	fs := []Finding{
		{Rule: "b", Line: 5, Column: 1, Message: "x"},
		{Rule: "a", Line: 5, Column: 1, Message: "x"},
		{Rule: "z", Line: 2, Column: 7, Message: "x"},
		{Rule: "a", Line: 5, Column: 1, Message: "x"},
		{Rule: "z", Line: 2, Column: 3, Message: "x"},
	}
	var got []string
	for _, f := range SortAndDedupe(fs) {
		got = append(got, f.Rule+"@"+string(rune('0'+f.Line))+":"+string(rune('0'+f.Column)))
	}
	want := "z@2:3 z@2:7 a@5:1 b@5:1"
	if strings.Join(got, " ") != want {
		t.Errorf("got %v, want %s", got, want)
	}
}

func TestCount(t *testing.T) {
	e, w, i := Count([]Finding{{Severity: Error}, {Severity: Warning}, {Severity: Error}, {Severity: Info}})
	if e != 2 || w != 1 || i != 1 {
		t.Errorf("Count = %d, %d, %d; want 2, 1, 1", e, w, i)
	}
}
