package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/ddlgate/ddlgate/internal/gate"
)

// Main runs the ddlgate command line with the process's environment and
// returns the exit code: 0 nothing at or above the fail level, 1 findings at
// or above it, 2 the tool could not do its job, 130 interrupted (ctx
// cancelled by Ctrl-C or SIGTERM).
func Main(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	wd, err := os.Getwd()
	if err != nil {
		fmt.Fprintf(stderr, "ddlgate: find working directory: %v\n", err)
		return gate.Broken
	}
	a := &app{
		stdin:            stdin,
		stdout:           stdout,
		stderr:           stderr,
		getenv:           os.Getenv,
		workDir:          wd,
		now:              time.Now,
		stdoutIsTerminal: isTerminal(stdout),
		stderrIsTerminal: isTerminal(stderr),
	}
	return a.run(ctx, args)
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// run executes one command line in-process; tests call it with their own app.
func (a *app) run(ctx context.Context, args []string) int {
	root := a.newRootCommand()
	root.SetArgs(args)
	root.SetIn(a.stdin)
	root.SetOut(a.stdout)
	root.SetErr(a.stderr)
	cmd, err := root.ExecuteContextC(ctx)
	if err == nil {
		return gate.Pass
	}
	var exit *exitError
	if ctx.Err() != nil && !(errors.As(err, &exit) && exit.code == gate.Interrupted) {
		// Ctrl-C: whatever the command was doing stopped there.
		fmt.Fprintln(a.stderr, "ddlgate: interrupted")
		return gate.Interrupted
	}
	if errors.As(err, &exit) {
		if exit.err != nil {
			fmt.Fprintf(a.stderr, "ddlgate: %v\n", exit.err)
		}
		if exit.usage && cmd != nil {
			fmt.Fprintf(a.stderr, "Run '%s --help' for usage.\n", cmd.CommandPath())
		}
		return exit.code
	}
	fmt.Fprintf(a.stderr, "ddlgate: %v\n", err)
	return gate.Broken
}

// exitError carries an exit code out of a command; a nil err prints nothing
// (the findings already said it all).
type exitError struct {
	code  int
	err   error
	usage bool
}

func (e *exitError) Error() string {
	if e.err == nil {
		return fmt.Sprintf("exit status %d", e.code)
	}
	return e.err.Error()
}

func (e *exitError) Unwrap() error { return e.err }

// usageErrorf is a mistake on the command line: exit 2 with a pointer to
// --help.
func usageErrorf(format string, args ...any) error {
	return &exitError{code: gate.Broken, err: fmt.Errorf(format, args...), usage: true}
}

// failed is the exit of a gate that found findings at or above its level.
func failed() error { return &exitError{code: gate.Fail} }

// flagError turns cobra's flag parsing errors into usage errors.
func flagError(_ *cobra.Command, err error) error {
	return &exitError{code: gate.Broken, err: err, usage: true}
}
