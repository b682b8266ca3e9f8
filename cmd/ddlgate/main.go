// Command ddlgate is a policy-as-code gate for PostgreSQL schema migrations.
package main

import (
	"context"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"
	"time"

	"github.com/ddlgate/ddlgate/internal/cli"
)

func main() {
	relaxStartupGC()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	// After the first Ctrl-C the command winds down (apply rolls back); a
	// second one kills the process.
	context.AfterFunc(ctx, stop)
	code := cli.Main(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// startupGCPercent and startup are the collector's pace at start-up and how
// long start-up lasts. Most runs lint a few files and end within 60 ms,
// most of it parsing and compiling the policies, which allocate tens of
// megabytes of short-lived objects: collecting them at the default pace
// took a fifth of such a run. Runs that last longer go back to the default
// pace, so that their memory stays bounded however many files they lint.
const (
	startupGCPercent = 400
	startup          = 150 * time.Millisecond
)

// relaxStartupGC collects garbage less often during start-up, unless GOGC
// says otherwise.
func relaxStartupGC() {
	if _, set := os.LookupEnv("GOGC"); set {
		return
	}
	normal := debug.SetGCPercent(startupGCPercent)
	time.AfterFunc(startup, func() { debug.SetGCPercent(normal) })
}
