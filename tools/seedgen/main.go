// Command seedgen writes a generated data-seed migration (a CREATE TABLE and
// one INSERT ... VALUES per row, about 95 bytes a row) for measuring a whole
// ddlgate process on a large file, as make bench-seed does:
//
//	go run ./tools/seedgen -o /tmp/seed.sql
//	/usr/bin/time -v bin/ddlgate lint --format json /tmp/seed.sql
//
// The default of 220,000 rows is the 21 MB seed the memory target is about.
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/ddlgate/ddlgate/internal/seedbench"
)

func main() {
	out := flag.String("o", "", "file to write (required)")
	rows := flag.Int("rows", seedbench.Rows, "number of INSERT statements")
	flag.Parse()
	if *out == "" || *rows < 0 || flag.NArg() > 0 {
		fmt.Fprintln(os.Stderr, "usage: seedgen -o FILE [-rows N]")
		os.Exit(2)
	}
	if err := os.WriteFile(*out, seedbench.Generate(*rows), 0o644); err != nil {
		fmt.Fprintf(os.Stderr, "seedgen: write seed: %v\n", err)
		os.Exit(1)
	}
}
