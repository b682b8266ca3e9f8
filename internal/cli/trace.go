package cli

import (
	"fmt"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/ddlgate/ddlgate/internal/gate"
	"github.com/ddlgate/ddlgate/internal/migrations"
	"github.com/ddlgate/ddlgate/internal/report"
	"github.com/ddlgate/ddlgate/internal/trace"
)

type traceFlags struct {
	targetFlags
	devURL    string
	dir       string
	commit    bool
	format    string
	failLevel string
}

func (a *app) newTraceCommand() *cobra.Command {
	var f traceFlags
	cmd := &cobra.Command{
		Use:   "trace [FILES...]",
		Short: "Run migrations on a scratch database and show what each statement really locks",
		Long: `Replay the earlier migrations into a scratch database on the development
server, then run each statement of the traced files (default: every migration
of the directory) as their runner would, and record after each statement the
locks its backend holds (pg_locks: relation, mode), the tables and indexes it
rewrote (file node changed), the tables it read in full, and whether it failed.
Statements that cannot run in a transaction block (CONCURRENTLY) are watched
from a second connection while they run.

The observations become facts (statements[].observed, with the differences
from the static prediction) judged by the same rules as lint, so a custom
rule can act on what the server did (see docs/drift.md). The report shows,
per statement, the prediction beside the observation and flags every
difference. Predictions are made for the development server's version.

Each traced transaction is rolled back once observed, then applied again
untraced so that the statements after it find what it made; --commit commits
it instead (commit-time checks, such as deferred constraints, then run under
the trace). The scratch database is dropped at the end.

Exit codes: 0 traced, nothing at or above the fail level; 1 findings at or
above it, or a statement failed on the server; 2 bad URL, unreachable server,
usage or config error.`,
		Example: `  ddlgate trace --dev-url postgres://postgres@localhost:5432/postgres
  ddlgate trace --dev-url "$DEV_URL" migrations/0042_orders_index.sql --format json`,
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.trace(cmd, &f, args)
		},
	}
	f.targetFlags.register(cmd)
	fl := cmd.Flags()
	fl.StringVar(&f.devURL, "dev-url", "", "development server to create the scratch database on (default: $DDLGATE_DEV_URL)")
	fl.StringVar(&f.dir, "dir", "", "migrations directory (default: config migrations.dir, else the first of migrations/, drizzle/, ...)")
	fl.BoolVar(&f.commit, "commit", false, "commit each traced transaction instead of rolling it back and re-applying it")
	fl.StringVar(&f.format, "format", "text", "output format: text or json")
	fl.StringVar(&f.failLevel, "fail-level", "", "exit 1 on findings at or above this severity (default: config fail_level, else error)")
	return cmd
}

func (a *app) trace(cmd *cobra.Command, f *traceFlags, args []string) error {
	if f.format != "text" && f.format != "json" {
		return usageErrorf("--format: want text or json, got %q", f.format)
	}
	dev, err := a.devServer(f.devURL)
	if err != nil {
		return err
	}
	s, err := a.loadSettings(cmd.Context(), cmd, &f.targetFlags)
	if err != nil {
		return err
	}
	failLevel := s.cfg.GateFailLevel("")
	if f.failLevel != "" {
		if failLevel, err = parseFailLevel(f.failLevel); err != nil {
			return err
		}
	}
	dir, err := a.requireMigrationsDir(f.dir, s.cfg)
	if err != nil {
		return err
	}
	history, err := a.discover(dir, migrations.Options{Format: s.opts.Format})
	if err != nil {
		return &exitError{code: gate.Broken, err: err}
	}
	traced, err := a.tracedFiles(args, history, s.opts.Format)
	if err != nil {
		return err
	}
	o := s.opts
	o.History = nil
	res, err := trace.Run(cmd.Context(), trace.Options{DevURL: dev, History: history, Traced: traced, Lint: o, Commit: f.commit})
	if err != nil {
		return &exitError{code: gate.Broken, err: err}
	}
	if f.format == "json" {
		err = res.WriteJSON(a.stdout, res.Lint.Findings)
	} else {
		err = res.WriteText(a.stdout)
		if err == nil && len(res.Lint.Findings) > 0 {
			fmt.Fprintln(a.stdout)
			write, _ := report.Lookup("text")
			err = write(a.stdout, &report.Report{Findings: res.Lint.Findings, Files: len(res.Lint.Files),
				Statements: res.Lint.Statements, Source: res.Lint.Source, Rules: reportRules(res.Lint.Rules), ToolVersion: Version})
		}
	}
	if err != nil {
		return &exitError{code: gate.Broken, err: fmt.Errorf("write trace report: %w", err)}
	}
	if res.Stopped != nil || gate.Decide(res.Lint.Findings, failLevel) != gate.Pass {
		return failed()
	}
	return nil
}

// tracedFiles are the migrations FILES names (by path, in the history's
// order), or all of the history when none is named.
func (a *app) tracedFiles(args []string, history []migrations.Migration, format string) ([]migrations.Migration, error) {
	if len(args) == 0 {
		return history, nil
	}
	var out []migrations.Migration
	for _, arg := range args {
		want, _ := filepath.Abs(a.abs(arg))
		found := false
		for _, m := range history {
			if p, _ := filepath.Abs(a.abs(m.Path)); p == want {
				out, found = append(out, m), true
			}
		}
		if found {
			continue
		}
		ms, err := a.discover(arg, migrations.Options{Format: format})
		if err != nil {
			return nil, &exitError{code: gate.Broken, err: err}
		}
		out = append(out, ms...)
	}
	return out, nil
}
