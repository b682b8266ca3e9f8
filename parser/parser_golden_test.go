package parser

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

var update = flag.Bool("update", false, "rewrite golden files")

// TestParseGolden parses each testdata/parser/*.sql and compares the whole
// facts document with the .facts.json next to it. A first line
// `-- golden: runner=<r> mode=<m> pg=<n> sections=breakpoint|goose` sets options.
func TestParseGolden(t *testing.T) {
	paths, err := filepath.Glob("testdata/parser/*.sql")
	if err != nil {
		t.Fatal(err)
	}
	if len(paths) == 0 {
		t.Fatal("no golden inputs in testdata/parser")
	}
	for _, path := range paths {
		t.Run(strings.TrimSuffix(filepath.Base(path), ".sql"), func(t *testing.T) {
			src, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			f := Parse(src, goldenOptions(t, filepath.Base(path), src))
			checkInvariants(t, src, f)
			got, err := json.MarshalIndent(f, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, '\n')
			golden := strings.TrimSuffix(path, ".sql") + ".facts.json"
			if *update {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("read golden (run with -update to create it): %v", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("facts differ from %s (run go test ./parser -run TestParseGolden -update and review the diff):\n%s", golden, firstDiff(string(want), string(got)))
			}
		})
	}
}

func goldenOptions(t *testing.T, name string, src []byte) Options {
	opts := Options{Path: name, Format: "plain", Direction: "up", Runner: "ddlgate"}
	first, _, _ := strings.Cut(string(src), "\n")
	settings, ok := strings.CutPrefix(first, "-- golden:")
	if !ok {
		return opts
	}
	for _, kv := range strings.Fields(settings) {
		k, v, _ := strings.Cut(kv, "=")
		switch k {
		case "runner":
			opts.Runner = v
		case "mode":
			opts.TransactionMode = v
		case "sections":
			opts.Sections = testSections(t, src, v)
		default:
			t.Fatalf("unknown golden option %q", k)
		}
	}
	return opts
}

// testSections cuts src the way the migrations package will: drizzle
// breakpoints, or the goose Up part.
func testSections(t *testing.T, src []byte, kind string) []Section {
	switch kind {
	case "breakpoint":
		var out []Section
		start := 0
		marker := []byte("--> statement-breakpoint")
		for {
			i := bytes.Index(src[start:], marker)
			if i < 0 {
				return append(out, Section{start, len(src)})
			}
			out = append(out, Section{start, start + i})
			start += i + len(marker)
		}
	case "goose":
		up := bytes.Index(src, []byte("-- +goose Up"))
		down := bytes.Index(src, []byte("-- +goose Down"))
		if up < 0 || down < up {
			t.Fatal("goose golden needs Up then Down")
		}
		return []Section{{up, down}}
	}
	t.Fatalf("unknown sections kind %q", kind)
	return nil
}

// firstDiff shows the first differing line of two texts.
func firstDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(w) || i < len(g); i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			return "line " + strconv.Itoa(i+1) + ":\n  want: " + wl + "\n  got:  " + gl
		}
	}
	return ""
}

// checkInvariants asserts what must hold for any input: lists are non-nil,
// spans lie within the file, statements are ordered and do not overlap, each
// statement's text is its span's bytes, and every line/column agrees with
// the offsets.
func checkInvariants(t testing.TB, src []byte, f *File) {
	t.Helper()
	if f.Statements == nil || f.Directives == nil || f.ParseErrors == nil ||
		f.Objects.Created == nil || f.Objects.Dropped == nil || f.Objects.Renamed == nil {
		t.Fatal("a list of the facts document is nil")
	}
	if !utf8.Valid(src) || bytes.IndexByte(src, 0) >= 0 {
		if len(f.Statements) != 0 || len(f.ParseErrors) != 1 {
			t.Fatalf("unreadable input: %d statements, %d errors; want 0 and 1", len(f.Statements), len(f.ParseErrors))
		}
		return
	}
	prevEnd, prevInnerEnd := 0, 0
	for i, st := range f.Statements {
		if st.Index != i {
			t.Errorf("statement %d has index %d", i, st.Index)
		}
		checkSpan(t, src, st.Span)
		if st.Parent >= 0 {
			// A statement of a DO body lies inside its DO, after the
			// previous one; it takes the DO's span when the body is not
			// verbatim in the file.
			if st.Parent >= i || (st.Via != "do" && st.Via != "execute") {
				t.Fatalf("statement %d has parent %d via %q", i, st.Parent, st.Via)
			}
			p := f.Statements[st.Parent].Span
			if st.Span.Start < p.Start || st.Span.End > p.End || st.Span.Start >= st.Span.End {
				t.Errorf("statement %d span [%d,%d) is not inside its DO [%d,%d)", i, st.Span.Start, st.Span.End, p.Start, p.End)
			}
			if st.Span != p {
				if int(st.Span.Start) < prevInnerEnd {
					t.Errorf("statement %d span [%d,%d) overlaps the previous one of its DO (ended at %d)", i, st.Span.Start, st.Span.End, prevInnerEnd)
				}
				prevInnerEnd = int(st.Span.End)
				if st.Text != string(src[st.Span.Start:st.Span.End]) {
					t.Errorf("statement %d text %q is not its span's bytes", i, st.Text)
				}
			}
		} else {
			if int(st.Span.Start) < prevEnd || int(st.Span.Start) >= int(st.Span.End) {
				t.Errorf("statement %d span [%d,%d) overlaps or is empty (previous ended at %d)", i, st.Span.Start, st.Span.End, prevEnd)
			}
			prevEnd, prevInnerEnd = int(st.Span.End), int(st.Span.Start)
			if st.Text != string(src[st.Span.Start:st.Span.End]) {
				t.Errorf("statement %d text %q is not its span's bytes", i, st.Text)
			}
			if st.Via != "" {
				t.Errorf("statement %d of the file has via %q", i, st.Via)
			}
		}
		if st.Locks == nil || st.Actions == nil {
			t.Errorf("statement %d has nil locks or actions", i)
		}
		if len(st.Fingerprint) != 16 {
			t.Errorf("statement %d fingerprint %q", i, st.Fingerprint)
		}
		if st.Transaction.InTransaction != (st.Transaction.Block > 0) {
			t.Errorf("statement %d transaction %+v: block must be set exactly in a transaction", i, st.Transaction)
		}
	}
	for _, e := range f.ParseErrors {
		checkSpan(t, src, e.Span)
	}
	for _, d := range f.Directives {
		checkSpan(t, src, d.Span)
		if d.Statement < -1 || d.Statement >= len(f.Statements) {
			t.Errorf("directive %q points at statement %d of %d", d.Text, d.Statement, len(f.Statements))
		}
		if d.Rules == nil {
			t.Errorf("directive %q has nil rules", d.Text)
		}
	}
}

// checkSpan recomputes lines and columns by walking the file from the start.
func checkSpan(t testing.TB, src []byte, sp Span) {
	t.Helper()
	start, end := int(sp.Start), int(sp.End)
	if start < 0 || end > len(src) || start > end {
		t.Fatalf("span [%d,%d) outside a file of %d bytes", sp.Start, sp.End, len(src))
	}
	last := start
	if end > start {
		_, size := utf8.DecodeLastRune(src[:end])
		last = end - size
	}
	line, col := slowPos(src, start)
	endLine, endCol := slowPos(src, last)
	if int(sp.Line) != line || int(sp.Col) != col || int(sp.EndLine) != endLine || int(sp.EndCol) != endCol {
		t.Errorf("span %+v: want line %d col %d end_line %d end_col %d", sp, line, col, endLine, endCol)
	}
}

func slowPos(src []byte, off int) (line, col int) {
	line, col = 1, 1
	for _, r := range string(src[:off]) {
		if r == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
	}
	return line, col
}
