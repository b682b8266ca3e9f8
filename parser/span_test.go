package parser

import "testing"

func TestLineIndexCountsRunesNotBytes(t *testing.T) {
	src := "SELECT 1;\n-- café ☕\nSELECT 'ü';\r\n\nx"
	li := newLineIndex([]byte(src))
	for _, tc := range []struct {
		off, line, col int
	}{
		{0, 1, 1},
		{9, 1, 10},                         // the newline ends line 1
		{10, 2, 1},                         // start of line 2
		{len("SELECT 1;\n-- café "), 2, 9}, // é is 2 bytes, one column
		{len("SELECT 1;\n-- café ☕\n"), 3, 1},
		{len(src) - 1, 5, 1},
		{len(src), 5, 2},
	} {
		if line, col := li.pos(tc.off); line != tc.line || col != tc.col {
			t.Errorf("pos(%d) = %d:%d, want %d:%d", tc.off, line, col, tc.line, tc.col)
		}
	}
	// The span ends at the last character: the 3-byte ☕ is column 9 of line 2.
	start := len("SELECT 1;\n-- café ")
	sp := li.span(start, start+len("☕"))
	if sp.Line != 2 || sp.Col != 9 || sp.EndLine != 2 || sp.EndCol != 9 {
		t.Errorf("span of ☕ = %+v, want 2:9-2:9", sp)
	}
}

func TestCharOffsetConvertsCursorPositions(t *testing.T) {
	// pg_query reports "SELECT 'éé'; CREATE TABL" errors at character 21.
	src := "xx" + "SELECT 'éé'; CREATE TABL x"
	got := charOffset(src, 2, len(src), 21)
	if src[got:got+4] != "TABL" {
		t.Errorf("character 21 maps to byte %d (%q), want the start of TABL", got, src[got:])
	}
	if got := charOffset(src, 2, len(src), 1000); got != len(src) {
		t.Errorf("a position past the end maps to %d, want %d", got, len(src))
	}
}
