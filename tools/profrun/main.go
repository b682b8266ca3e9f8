// Command profrun runs ddlgate's command line in-process, several times,
// under the CPU profiler, and writes the allocation profile and the peak of
// the runtime's memory classes: the profiles of docs/performance.md.
//
//	go run ./tools/profrun -cpu cpu.prof -mem mem.prof -n 8 -- \
//	    lint --format json --cache-dir /tmp/pc%d ../shared/corpus
//
// %d in an argument becomes the run's number, so that each run of a cold
// lint gets an empty cache directory. The collector runs at the default pace
// (cmd/ddlgate's tuning is not applied): compare profiles with each other,
// and whole runs with the binary.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/metrics"
	"runtime/pprof"
	"strconv"
	"strings"
	"time"

	"github.com/ddlgate/ddlgate/internal/cli"
)

func main() {
	cpu := flag.String("cpu", "", "write a CPU profile of the runs to this file")
	mem := flag.String("mem", "", "write the allocation profile to this file")
	peak := flag.Bool("peak", false, "print the runtime's memory classes at their peak")
	n := flag.Int("n", 5, "runs")
	rate := flag.Int("rate", runtime.MemProfileRate, "runtime.MemProfileRate")
	flag.Parse()
	if err := run(*cpu, *mem, *peak, *n, *rate, flag.Args()); err != nil {
		fmt.Fprintln(os.Stderr, "profrun:", err)
		os.Exit(1)
	}
}

func run(cpu, mem string, peak bool, n, rate int, args []string) error {
	runtime.MemProfileRate = rate
	if peak {
		stop := watchPeak()
		defer func() { fmt.Fprintln(os.Stderr, stop()) }()
	}
	if cpu != "" {
		f, err := os.Create(cpu)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	for i := range n {
		a := make([]string, len(args))
		for j, s := range args {
			a[j] = strings.ReplaceAll(s, "%d", strconv.Itoa(i))
		}
		// Exit code 1 (findings) is a successful lint.
		if code := cli.Main(context.Background(), a, os.Stdin, io.Discard, os.Stderr); code > 1 {
			return fmt.Errorf("run %d: exit code %d", i, code)
		}
	}
	if mem != "" {
		f, err := os.Create(mem)
		if err != nil {
			return err
		}
		defer f.Close()
		return pprof.Lookup("allocs").WriteTo(f, 0)
	}
	return nil
}

// watchPeak samples the runtime's memory classes every 5 ms; the function it
// returns stops it and describes the sample with the largest total.
func watchPeak() func() string {
	var samples []metrics.Sample
	for _, d := range metrics.All() {
		if strings.HasPrefix(d.Name, "/memory/classes/") {
			samples = append(samples, metrics.Sample{Name: d.Name})
		}
	}
	done := make(chan struct{})
	result := make(chan string)
	go func() {
		var best uint64
		var desc string
		tick := time.NewTicker(5 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-done:
				result <- desc
				return
			case <-tick.C:
			}
			metrics.Read(samples)
			var total uint64
			var b strings.Builder
			for _, s := range samples {
				if s.Name == "/memory/classes/total:bytes" {
					total = s.Value.Uint64()
				}
				fmt.Fprintf(&b, "%s %.1f MB\n", strings.TrimPrefix(s.Name, "/memory/classes/"), float64(s.Value.Uint64())/1e6)
			}
			if total > best {
				best, desc = total, b.String()
			}
		}
	}()
	return func() string {
		close(done)
		return <-result
	}
}
