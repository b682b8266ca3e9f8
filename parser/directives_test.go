package parser

import (
	"reflect"
	"testing"
)

func TestParseDirective(t *testing.T) {
	for _, tc := range []struct {
		body string
		want Directive
	}{
		{`ignore ban-drop-table, ban-drop-column reason="a \"quoted\" reason" owner=@db`,
			Directive{Kind: "ignore", Rules: []string{"ban-drop-table", "ban-drop-column"}, Reason: `a "quoted" reason`, Owner: "@db"}},
		{`ignore-file ban-truncate reason="x" until=2027-02-30`,
			Directive{Kind: "ignore-file", Rules: []string{"ban-truncate"}, Reason: "x", Error: `until="2027-02-30" is not a date (want YYYY-MM-DD)`}},
		{`ignore ban-truncate reason="unterminated`,
			Directive{Kind: "ignore", Rules: []string{}, Error: "unterminated quoted value of reason"}},
		{`ignore ban-truncate colour=red`,
			Directive{Kind: "ignore", Rules: []string{"ban-truncate"}, Error: `unknown attribute "colour" (want reason, until or owner)`}},
		{`phase contract change=users-email`,
			Directive{Kind: "phase", Rules: []string{}, Phase: "contract", Change: "users-email"}},
		{`phase shrink change=x`,
			Directive{Kind: "phase", Rules: []string{}, Phase: "shrink", Change: "x", Error: `unknown phase "shrink" (want expand, backfill or contract)`}},
		{`phase expand`,
			Directive{Kind: "phase", Rules: []string{}, Phase: "expand", Error: "phase needs change=<change-id>"}},
		{`no-transaction`, Directive{Kind: "no-transaction", Rules: []string{}}},
		{`ignore-all`, Directive{Kind: "unknown", Rules: []string{}, Error: `unknown directive "ignore-all" (want ignore, ignore-file, phase or no-transaction)`}},
	} {
		got := parseDirective(tc.body)
		tc.want.Statement = -1
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("parseDirective(%q)\n got %+v\nwant %+v", tc.body, got, tc.want)
		}
	}
}

func TestDirectivesOnlyInLineComments(t *testing.T) {
	src := "SELECT '-- ddlgate:ignore ban-truncate';\nSELECT $$\n-- ddlgate:ignore ban-truncate\n$$;\n--ddlgate:no-transaction\n"
	f := Parse([]byte(src), Options{})
	if len(f.Directives) != 1 || f.Directives[0].Kind != "no-transaction" {
		t.Fatalf("directives %+v, want only the no-transaction comment", f.Directives)
	}
	if f.File.TransactionMode != "none" {
		t.Errorf("transaction mode %q, want none under -- ddlgate:no-transaction", f.File.TransactionMode)
	}
	f = Parse([]byte(src), Options{Runner: "goose"})
	if f.File.TransactionMode != "wrapped" {
		t.Errorf("goose: transaction mode %q, want wrapped (the directive is for ddlgate apply)", f.File.TransactionMode)
	}
}
