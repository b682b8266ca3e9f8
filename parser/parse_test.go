package parser

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ddlgate/ddlgate/internal/seedbench"
)

func TestParseUnreadableInput(t *testing.T) {
	for _, tc := range []struct {
		name, src, want string
		line, col       int
	}{
		{"binary", "CREATE TABLE t (id int);\x00\x01\x02", "file looks binary", 1, 1},
		// The first invalid byte is located, in characters of its line.
		{"latin1", "COMMENT ON TABLE t IS 'caf\xe9';", "file is not UTF-8 text: byte 0xE9 at line 1, column 27 is not UTF-8 (Latin-1 or Windows-1252? save the file as UTF-8)", 1, 27},
		{"latin1 later line", "SELECT 1;\nSELECT 'é', 'caf\xe9';", "file is not UTF-8 text: byte 0xE9 at line 2, column 17 is not UTF-8 (Latin-1 or Windows-1252? save the file as UTF-8)", 2, 17},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := Parse([]byte(tc.src), Options{})
			if len(f.Statements) != 0 {
				t.Errorf("got %d statements, want none", len(f.Statements))
			}
			if len(f.ParseErrors) != 1 || f.ParseErrors[0].Message != tc.want {
				t.Fatalf("parse errors %+v, want one %q", f.ParseErrors, tc.want)
			}
			if sp := f.ParseErrors[0].Span; int(sp.Line) != tc.line || int(sp.Col) != tc.col || int(sp.EndLine) != tc.line || int(sp.EndCol) != tc.col {
				t.Errorf("error at %+v, want %d:%d", sp, tc.line, tc.col)
			}
		})
	}
}

func TestParseNothingToLint(t *testing.T) {
	for _, src := range []string{"", "  \n\t\n", "-- just a note\n/* and /* nested */ more */\n", ";;\n;"} {
		f := Parse([]byte(src), Options{})
		if len(f.Statements) != 0 || len(f.ParseErrors) != 0 {
			t.Errorf("%q: %d statements, %d errors; want none", src, len(f.Statements), len(f.ParseErrors))
		}
	}
}

func TestParseDefaults(t *testing.T) {
	f := Parse([]byte("SELECT 1;"), Options{Path: "a.sql"})
	if f.Target.PGVersion != 16 || f.Target.PGVersionNum != 160000 || f.Target.DefaultSchema != "public" {
		t.Errorf("target %+v, want pg 16 / 160000 / public", f.Target)
	}
	if f.File.TransactionMode != "wrapped" {
		t.Errorf("transaction mode %q, want wrapped for the ddlgate runner", f.File.TransactionMode)
	}
	// printf 'SELECT 1;' | sha256sum
	if want := "17db4fd369edb9244b9f91d9aeed145c3d04ad8ba6e95d06247f07a63527d11a"; f.File.SHA256 != want {
		t.Errorf("sha256 %q, want %q", f.File.SHA256, want)
	}
}

// TestParseSkipsByteOrderMark: editors do not count a UTF-8 byte order
// mark as a column, so neither do spans; byte offsets still include it.
func TestParseSkipsByteOrderMark(t *testing.T) {
	f := Parse([]byte("\uFEFFCREATE TABLE t (id serial PRIMARY KEY);\nDROP TABLE x;"), Options{})
	if len(f.ParseErrors) != 0 || len(f.Statements) != 2 {
		t.Fatalf("%d statements, errors %+v; want two statements", len(f.Statements), f.ParseErrors)
	}
	if sp := f.Statements[0].Span; sp.Start != 3 || sp.Line != 1 || sp.Col != 1 || sp.EndCol != 38 {
		t.Errorf("span %+v, want start 3, columns 1 to 38 (the BOM is not a column)", sp)
	}
	cols := f.Statements[0].Actions[0].CreateTableAction.Columns
	if len(cols) != 1 || cols[0].Span.Col != 17 {
		t.Errorf("column span %+v, want column 17", cols)
	}
	if sp := f.Statements[1].Span; sp.Line != 2 || sp.Col != 1 {
		t.Errorf("second line span %+v, want 2:1", sp)
	}
}

func TestParseSectionsKeepFileOffsets(t *testing.T) {
	src := "-- +goose Up\nSELECT 1;\n-- +goose Down\nDROP TABLE t;\n"
	down := strings.Index(src, "-- +goose Down")
	f := Parse([]byte(src), Options{Sections: []Section{{0, down}}})
	if len(f.Statements) != 1 || f.Statements[0].Text != "SELECT 1" || f.Statements[0].Span.Line != 2 {
		t.Fatalf("statements %+v, want only SELECT 1 on line 2", f.Statements)
	}
}

func TestParseErrorOnlyLosesTheBadStatement(t *testing.T) {
	src := "CREATE TABLE a (id int);\nALTER TABLE a ADD COLUMN b int NOT NULL DEFAULT;\nDROP TABLE a;\n"
	f := Parse([]byte(src), Options{})
	var texts []string
	for _, st := range f.Statements {
		texts = append(texts, st.Text)
	}
	if got := strings.Join(texts, " | "); got != "CREATE TABLE a (id int) | DROP TABLE a" {
		t.Errorf("statements %q", got)
	}
	if len(f.ParseErrors) != 1 {
		t.Fatalf("parse errors %+v, want one", f.ParseErrors)
	}
	e := f.ParseErrors[0]
	if e.Message != `syntax error at or near ";"` || e.Span.Line != 2 || e.Span.Col != 48 {
		t.Errorf("error %q at %d:%d, want syntax error at or near \";\" at 2:48", e.Message, e.Span.Line, e.Span.Col)
	}
}

func TestParseIncludeAST(t *testing.T) {
	f := Parse([]byte("SELECT 1;"), Options{IncludeAST: true})
	raw, err := jsonOf(f.AST)
	if err != nil || !strings.Contains(raw, `"SelectStmt"`) {
		t.Errorf("ast %s (%v), want pg_query JSON with a SelectStmt", raw, err)
	}
	if f := Parse([]byte("SELECT 1;"), Options{}); f.AST != nil {
		t.Errorf("ast %v without IncludeAST, want nil", f.AST)
	}
}

func TestParseLargeFile(t *testing.T) {
	var b bytes.Buffer
	for i := 0; b.Len() < 10<<20; i++ {
		fmt.Fprintf(&b, "-- step %d\nALTER TABLE t%d ADD COLUMN c%d text DEFAULT 'é';\n", i, i%50, i)
	}
	f := Parse(b.Bytes(), Options{})
	if len(f.ParseErrors) != 0 {
		t.Fatalf("parse errors: %+v", f.ParseErrors[0])
	}
	want := bytes.Count(b.Bytes(), []byte("ALTER TABLE"))
	if len(f.Statements) != want {
		t.Fatalf("%d statements, want %d", len(f.Statements), want)
	}
	last := f.Statements[len(f.Statements)-1]
	if wantLine := bytes.Count(b.Bytes(), []byte("\n")); int(last.Span.Line) != wantLine {
		t.Errorf("last statement on line %d, want %d", last.Span.Line, wantLine)
	}
}

// corpusDir holds real migrations (never copied into the repository).
// corpusDir is the shared corpus beside the checkout (../shared/corpus).
var corpusDir = filepath.Join("..", "..", "shared", "corpus")

// TestParseCorpus parses real migrations from the shared corpus: no panics,
// consistent spans, and almost every file parses (the corpus is real
// PostgreSQL, so a syntax error there is more likely our bug).
func TestParseCorpus(t *testing.T) {
	dir := corpusDir
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("corpus not available at %s: %v", dir, err)
	}
	var files, failed int
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".sql") {
			return err
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		files++
		f := Parse(src, Options{Path: path})
		checkInvariants(t, src, f)
		if len(f.ParseErrors) > 0 {
			failed++
			t.Logf("%s: %s at %d:%d", path, f.ParseErrors[0].Message, f.ParseErrors[0].Span.Line, f.ParseErrors[0].Span.Col)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if files == 0 {
		t.Fatal("corpus holds no .sql files")
	}
	if failed*100 > files {
		t.Errorf("%d of %d corpus files have parse errors; want under 1%%", failed, files)
	}
}

// BenchmarkParse parses the realistic project in ../testdata/bench (shipped
// with the repository, unlike the corpus): one op parses all its files.
func BenchmarkParse(b *testing.B) {
	paths, err := filepath.Glob("../testdata/bench/*.sql")
	if err != nil || len(paths) == 0 {
		b.Fatalf("no benchmark migrations in ../testdata/bench: %v", err)
	}
	var srcs [][]byte
	var size int64
	for _, p := range paths {
		src, err := os.ReadFile(p)
		if err != nil {
			b.Fatal(err)
		}
		srcs = append(srcs, src)
		size += int64(len(src))
	}
	b.ReportAllocs()
	b.SetBytes(size)
	for b.Loop() {
		for _, src := range srcs {
			Parse(src, Options{})
		}
	}
	b.ReportMetric(float64(len(srcs)*b.N)/b.Elapsed().Seconds(), "files/s")
}

func jsonOf(v any) (string, error) {
	b, err := json.Marshal(v)
	return string(b), err
}

// BenchmarkParseCorpus parses every corpus file per iteration; files/s is
// the number the lint speed target is about.
func BenchmarkParseCorpus(b *testing.B) {
	var srcs [][]byte
	_ = filepath.WalkDir(corpusDir, func(path string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(path, ".sql") {
			src, err := os.ReadFile(path)
			if err != nil {
				b.Fatal(err)
			}
			srcs = append(srcs, src)
		}
		return nil
	})
	if len(srcs) == 0 {
		b.Skipf("corpus not available at %s", corpusDir)
	}
	b.ReportAllocs()
	for b.Loop() {
		for _, src := range srcs {
			Parse(src, Options{})
		}
	}
	b.ReportMetric(float64(len(srcs)*b.N)/b.Elapsed().Seconds(), "files/s")
}

// pg_query_go v5 knows the PostgreSQL 16 grammar: on a newer target a
// statement it cannot read is still a syntax error, whose message says it
// may be newer syntax rather than claiming the target rejects it.
func TestSyntaxErrorOnNewerTargetSaysTheGrammarIs16(t *testing.T) {
	// JSON_TABLE is PostgreSQL 17 syntax.
	src := "SELECT * FROM JSON_TABLE('[]'::jsonb, '$[*]' COLUMNS (a int PATH '$.a')) AS jt;\n"
	for _, tc := range []struct {
		pg   int
		want string
	}{
		{16, `syntax error at or near "COLUMNS"`},
		{17, `syntax error at or near "COLUMNS" (the parser knows the PostgreSQL 16 grammar: this may be syntax newer than 16, which the PostgreSQL 17 target accepts)`},
		{18, `syntax error at or near "COLUMNS" (the parser knows the PostgreSQL 16 grammar: this may be syntax newer than 16, which the PostgreSQL 18 target accepts)`},
	} {
		f := Parse([]byte(src), Options{PGVersion: tc.pg})
		if len(f.ParseErrors) != 1 || f.ParseErrors[0].Message != tc.want {
			t.Errorf("pg %d: parse errors = %+v, want %q", tc.pg, f.ParseErrors, tc.want)
		}
	}
}

// BenchmarkParseSeed parses a generated 21 MB data seed (a CREATE TABLE and
// 220,000 INSERTs). peak-heap-MB is the heap the parse holds at its peak: it
// must grow with the statements' facts, not with the file's parse tree.
func BenchmarkParseSeed(b *testing.B) {
	src := seedbench.Generate(seedbench.Rows)
	b.ReportAllocs()
	b.SetBytes(int64(len(src)))
	var stmts int
	var peak float64
	for b.Loop() {
		peak = max(peak, seedbench.PeakHeap(func() { stmts = len(Parse(src, Options{}).Statements) }))
	}
	b.ReportMetric(float64(stmts*b.N)/b.Elapsed().Seconds(), "stmts/s")
	b.ReportMetric(peak, "peak-heap-MB")
}
