package parser

import (
	"strings"
	"testing"
)

func TestSplitStatementsRespectsQuotingAndComments(t *testing.T) {
	src := "SELECT 'a;b', \"c;d\", E'e\\';f', $$g;h$$, $t$i;$$;j$t$ -- k;l\n/* m; /* n; */ o; */;" +
		"SELECT a$b$c; SELECT $1;SELECT 'unterminated;"
	var got []string
	for _, r := range splitStatements(src, 0, len(src)) {
		got = append(got, strings.TrimSpace(src[r.start:r.end]))
	}
	want := []string{
		"SELECT 'a;b', \"c;d\", E'e\\';f', $$g;h$$, $t$i;$$;j$t$ -- k;l\n/* m; /* n; */ o; */",
		"SELECT a$b$c",
		"SELECT $1",
		"SELECT 'unterminated;",
	}
	if strings.Join(got, "\n|") != strings.Join(want, "\n|") {
		t.Errorf("split into\n%q\nwant\n%q", got, want)
	}
}

func TestTrimStatement(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"\n  -- lead\n/* block /* nested */ */ SELECT 1 /* tail */ \n", "SELECT 1"},
		{"SELECT '-- not a comment' -- comment", "SELECT '-- not a comment'"},
		{"SELECT 1 - -1", "SELECT 1 - -1"},
		{" -- only a comment", ""},
	} {
		a, b := trimStatement(tc.in, 0, len(tc.in))
		if got := tc.in[a:b]; got != tc.want {
			t.Errorf("trim %q = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestHasSQLSeesPastCommentsAndSemicolons(t *testing.T) {
	for src, want := range map[string]bool{
		"":                                  false,
		" ;\n\t;\r\n":                       false,
		"-- drop nothing":                   false,
		"/* outer /* nested; */ still */ ;": false,
		"/* unterminated":                   false,
		"-- comment\nDROP TABLE t;":         true,
		"/* a */ SELECT 1":                  true,
		"'literal'":                         true,
	} {
		if got := HasSQL(src); got != want {
			t.Errorf("HasSQL(%q) = %v, want %v", src, got, want)
		}
	}
}
