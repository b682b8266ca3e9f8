package parser

import (
	"reflect"
	"testing"
)

func TestClauseEnd(t *testing.T) {
	cases := []struct {
		name, src, want string
	}{
		{"comma", "a int, b int", "a int"},
		{"closing paren", "a int DEFAULT 1) rest", "a int DEFAULT 1"},
		{"nested parens", "a numeric(10, 2) CHECK (a IN (1, 2)), b", "a numeric(10, 2) CHECK (a IN (1, 2))"},
		{"brackets", "a int[] DEFAULT ARRAY[1, 2], b", "a int[] DEFAULT ARRAY[1, 2]"},
		{"string with comma", "a text DEFAULT 'x, )y', b", "a text DEFAULT 'x, )y'"},
		{"doubled quote", "a text DEFAULT 'it''s, ok', b", "a text DEFAULT 'it''s, ok'"},
		{"escape string", `a text DEFAULT E'\', x', b`, `a text DEFAULT E'\', x'`},
		{"quoted identifier", `"a,b" int, c`, `"a,b" int`},
		{"dollar quote", "a text DEFAULT $t$x, y$t$, b", "a text DEFAULT $t$x, y$t$"},
		{"empty dollar tag", "a text DEFAULT $$x;y$$; b", "a text DEFAULT $$x;y$$"},
		{"line comment", "a int -- note, with comma\n, b", "a int"},
		{"nested block comment", "a int /* x /* y, */ z, */ NOT NULL, b", "a int /* x /* y, */ z, */ NOT NULL"},
		{"semicolon", "DROP COLUMN a; x", "DROP COLUMN a"},
		{"parameter", "a = $1, b", "a = $1"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			src := tc.src
			last, _ := clauseEnd(src, 0, len(src))
			if got := tc.src[:last]; got != tc.want {
				t.Errorf("clause = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestSplitTopLevel(t *testing.T) {
	src := " ADD COLUMN a int DEFAULT f(1, 2) ,\n  -- c\n  DROP COLUMN b , ALTER COLUMN c SET DEFAULT '(,'"
	var got []string
	for _, r := range splitTopLevel(src, 0, len(src)) {
		got = append(got, src[r.start:r.end])
	}
	want := []string{"ADD COLUMN a int DEFAULT f(1, 2)", "DROP COLUMN b", "ALTER COLUMN c SET DEFAULT '(,'"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("parts = %q, want %q", got, want)
	}
}

func TestSkipQualifiedName(t *testing.T) {
	cases := map[string]string{
		`users ADD`:               " ADD",
		`public.users ADD`:        " ADD",
		`"My Schema" . "T.x" ADD`: " ADD",
		`"a""b".c* ADD`:           "* ADD",
		`db.sch.tab, x`:           ", x",
	}
	for in, rest := range cases {
		if got := in[skipQualifiedName(in, 0, len(in)):]; got != rest {
			t.Errorf("skipQualifiedName(%q) leaves %q, want %q", in, got, rest)
		}
	}
}
