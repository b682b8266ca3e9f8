// Package seedbench holds what the benchmarks of large data seeds share: a
// generated seed migration (a CREATE TABLE and one INSERT ... VALUES per row,
// the shape of the 20 MB seed files users lint; generated when a benchmark
// runs, never committed) and a probe of the heap a run takes at its peak.
package seedbench

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"runtime/metrics"
	"strings"
	"time"
)

// Rows is the row count of the seed the memory target is about: 220,000
// INSERTs, about 20 MB.
const Rows = 220_000

var words = []string{"Alpha", "Bravo", "Charlie", "Delta", "Echo", "Foxtrot", "Golf", "Hotel", "O''Brien", "India", "Juliett", "Kilo"}

// Generate returns a seed migration of rows INSERT statements into a table
// it creates, with text (some with escaped quotes), integers, timestamps and
// NULLs: about 95 bytes per row. The same rows give the same bytes.
func Generate(rows int) []byte {
	r := rand.New(rand.NewPCG(13, uint64(rows)))
	var b strings.Builder
	b.Grow(rows*96 + 256)
	b.WriteString("-- Seed data for the customers table.\n")
	b.WriteString("CREATE TABLE t (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, a text NOT NULL, b integer, c timestamptz);\n\n")
	for i := range rows {
		fmt.Fprintf(&b, "INSERT INTO t (a, b, c) VALUES ('%s %s, customer %d', ", words[r.IntN(len(words))], words[r.IntN(len(words))], i)
		if i%7 == 0 {
			b.WriteString("NULL, ")
		} else {
			fmt.Fprintf(&b, "%d, ", r.IntN(2_000_001)-1_000_000)
		}
		if i%5 == 0 {
			b.WriteString("NULL);\n")
		} else {
			fmt.Fprintf(&b, "'2024-%02d-%02d %02d:%02d:%02d+00');\n", 1+i%12, 1+i%28, i%24, i%60, r.IntN(60))
		}
	}
	return []byte(b.String())
}

// heapObjects is the runtime metric of the bytes held by heap objects, live
// or not yet collected: what the process's resident memory follows.
const heapObjects = "/memory/classes/heap/objects:bytes"

// PeakHeap runs fn and returns the most heap its objects held at once while
// it ran, in MB, sampled every millisecond on top of what was held before.
// Allocation counts say how much work a run does; this says how much memory
// it needs.
func PeakHeap(fn func()) float64 {
	// Twice: what sync.Pools held survives the first collection.
	runtime.GC()
	runtime.GC()
	sample := []metrics.Sample{{Name: heapObjects}}
	read := func() uint64 {
		metrics.Read(sample)
		return sample[0].Value.Uint64()
	}
	base := read()
	done := make(chan struct{})
	peak := make(chan uint64)
	go func() {
		tick := time.NewTicker(time.Millisecond)
		defer tick.Stop()
		var peakSeen uint64
		for {
			select {
			case <-tick.C:
				peakSeen = max(peakSeen, read())
			case <-done:
				peak <- max(peakSeen, read())
				return
			}
		}
	}()
	fn()
	close(done)
	p := <-peak
	if p < base {
		return 0
	}
	return float64(p-base) / (1 << 20)
}
