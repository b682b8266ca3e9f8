package seedbench

import (
	"bytes"
	"runtime"
	"testing"

	"github.com/ddlgate/ddlgate/parser"
)

// The seed is valid SQL of the announced shape and size, and the same for
// the same row count, so benchmark figures compare across runs.
func TestGenerateWritesAValidSeed(t *testing.T) {
	src := Generate(1000)
	if !bytes.Equal(src, Generate(1000)) {
		t.Fatal("two seeds of 1,000 rows differ")
	}
	if per := len(src) / 1000; per < 85 || per > 105 {
		t.Errorf("%d bytes per row, want about 95", per)
	}
	f := parser.Parse(src, parser.Options{Path: "seed.sql"})
	if len(f.ParseErrors) > 0 {
		t.Fatalf("seed does not parse: %+v", f.ParseErrors)
	}
	if len(f.Statements) != 1001 || f.Statements[0].Tag != "CREATE TABLE" || f.Statements[1000].Tag != "INSERT" {
		t.Errorf("%d statements, first %q; want a CREATE TABLE and 1,000 INSERTs", len(f.Statements), f.Statements[0].Tag)
	}
}

// PeakHeap sees memory that fn holds only while it runs.
func TestPeakHeapSeesWhatTheRunHolds(t *testing.T) {
	var held []byte
	peak := PeakHeap(func() {
		held = make([]byte, 64<<20)
		for i := range held {
			held[i] = byte(i)
		}
		held = nil
	})
	runtime.KeepAlive(held)
	if peak < 60 {
		t.Errorf("peak heap %.1f MB while holding 64 MB", peak)
	}
}
