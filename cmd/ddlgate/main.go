// Command ddlgate is a policy-as-code gate for PostgreSQL schema migrations.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/ddlgate/ddlgate/internal/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := cli.Main(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
