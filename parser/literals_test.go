package parser

import "testing"

func TestStringLiteralsAfterAddValue(t *testing.T) {
	sql := "UPDATE t SET a = 'before';\n" +
		"ALTER TYPE mood ADD VALUE 'ecstatic';\n" +
		"UPDATE people SET mood = 'ecstatic', note = E'O\\'Brien', body = $x$it's$x$ WHERE name = 'it''s';\n"
	f := Parse([]byte(sql), Options{})
	if n := len(f.Statements[0].StringLiterals); n != 0 {
		t.Errorf("statement before ADD VALUE has %d literals, want none (not scanned)", n)
	}
	got := f.Statements[2].StringLiterals
	want := []struct {
		value string
		col   int32
	}{{"ecstatic", 26}, {"O'Brien", 45}, {"it's", 65}, {"it's", 89}}
	if len(got) != len(want) {
		t.Fatalf("literals = %+v", got)
	}
	for i, w := range want {
		if got[i].Value != w.value || got[i].Span.Line != 3 || got[i].Span.Col != w.col {
			t.Errorf("literal %d = %q at %d:%d, want %q at 3:%d", i, got[i].Value, got[i].Span.Line, got[i].Span.Col, w.value, w.col)
		}
	}
}
