package cli

import (
	"context"
	"strings"

	"github.com/spf13/cobra"

	"github.com/ddlgate/ddlgate/internal/apply"
	"github.com/ddlgate/ddlgate/internal/dbfacts"
	"github.com/ddlgate/ddlgate/internal/engine"
	"github.com/ddlgate/ddlgate/internal/lint"
	"github.com/ddlgate/ddlgate/internal/migrations"
	"github.com/ddlgate/ddlgate/internal/phase"
	"github.com/ddlgate/ddlgate/internal/report"
	"github.com/ddlgate/ddlgate/parser"
)

type lintFlags struct {
	targetFlags
	format        string
	output        string
	failLevel     string
	stdinFilename string
	includeDown   bool
	allowEmpty    bool
	databaseURL   string
	baseline      string
}

func (a *app) newLintCommand() *cobra.Command {
	var f lintFlags
	cmd := &cobra.Command{
		Use:   "lint [PATH|DIR|GLOB|-]...",
		Short: "Check migrations against the policies",
		Long: `Lint migration files: every statement is parsed with the PostgreSQL parser and
judged by the enabled rules. Directories are read in their tool's order
(drizzle, prisma, golang-migrate, goose, dbmate, flyway, diesel, supabase,
atlas or plain SQL, detected from the layout). "-" reads stdin.

Without a path, lint reads migrations.dir from .ddlgate.yaml, else the first of
migrations/, drizzle/, prisma/migrations/, supabase/migrations/, db/migrations/,
src/db/migrations/, and also checks package.json files and CI workflows for
schema pushes (drizzle-kit push, prisma db push) that bypass migrations.

Silence one finding with a comment before the statement:
  -- ddlgate:ignore ban-drop-table reason="table retired in #123" until=2027-01-31

Exit codes: 0 no finding at or above --fail-level, 1 findings at or above it
(a syntax error is a finding), 2 usage, config or unreadable path.`,
		Example: `  # lint a drizzle project's migrations
  ddlgate lint drizzle/

  # lint two files for PostgreSQL 12, failing on warnings too
  ddlgate lint --pg-version 12 --fail-level warning migrations/0003_*.sql

  # lint what an editor pipes in, named for format detection
  cat 0004_add_index.sql | ddlgate lint --stdin-filename migrations/0004_add_index.sql -

  # machine-readable output
  ddlgate lint --format json migrations/ > findings.json

  # SARIF for code scanning, a summary on the terminal
  ddlgate lint --format sarif --output ddlgate.sarif migrations/`,
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.lint(cmd, &f, args)
		},
	}
	f.register(cmd)
	fl := cmd.Flags()
	fl.StringVar(&f.format, "format", "", "output format: "+strings.Join(report.Names(), ", ")+` (default "text")`)
	fl.StringVar(&f.output, "output", "", "write the report to this file; a one-line summary still goes to stdout")
	fl.StringVar(&f.baseline, "baseline", "", "report only findings not in this baseline (written by `ddlgate baseline`)")
	fl.StringVar(&f.failLevel, "fail-level", "", `exit 1 on findings at or above this severity: error, warning, info (default: config fail_level, else "error")`)
	fl.StringVar(&f.stdinFilename, "stdin-filename", "", `path to report for "-" (stdin), also used to detect the migration format`)
	fl.BoolVar(&f.includeDown, "include-down", false, "lint down migrations too")
	fl.BoolVar(&f.allowEmpty, "allow-empty", false, "succeed when no migration is found")
	fl.StringVar(&f.databaseURL, "database-url", "", "judge expand/contract phases against what this database applied (ddlgate.migrations); read-only")
	return cmd
}

func (a *app) lint(cmd *cobra.Command, f *lintFlags, args []string) error {
	format, err := a.outputFormat(f.format)
	if err != nil {
		return err
	}
	s, err := a.loadSettings(cmd.Context(), cmd, &f.targetFlags)
	if err != nil {
		return err
	}
	failLevel := s.cfg.FailLevel
	if f.failLevel != "" {
		if failLevel, err = parseFailLevel(f.failLevel); err != nil {
			return err
		}
	}
	paths := args
	o := s.opts
	if len(paths) == 0 {
		if paths, err = a.defaultPaths(s.cfg); err != nil {
			return err
		}
		// Linting the project, not chosen files: also look for schema
		// pushes in its package scripts and CI workflows.
		o.Project = a.workDir
	}
	o.Paths = paths
	o.Stdin = a.stdin
	o.StdinFilename = f.stdinFilename
	o.IncludeDown = f.includeDown
	o.AllowEmpty = f.allowEmpty
	if f.databaseURL != "" {
		// Live phase rules: is the expand applied there, and for how long?
		if o.PhaseApplied, err = phase.ReadApplied(cmd.Context(), f.databaseURL); err != nil {
			return err
		}
		// What the database applied: a new file must not sort before it.
		if o.Landed, err = appliedLanded(cmd.Context(), f.databaseURL); err != nil {
			return err
		}
	}
	bl, err := a.readBaseline(f.baseline)
	if err != nil {
		return err
	}
	res, err := lint.Run(cmd.Context(), o)
	if err != nil {
		return err
	}
	rep := &report.Report{
		Findings:    res.Findings,
		Files:       len(res.Files),
		Statements:  res.Statements,
		Paths:       migrationPaths(res),
		Source:      res.Source,
		Color:       a.stdoutIsTerminal && a.getenv("NO_COLOR") == "",
		Rules:       reportRules(res.Rules),
		ToolVersion: Version,
	}
	return a.finishGate(rep, bl, format, f.output, failLevel)
}

// appliedLanded lists the migrations the database at url applied, for
// require-linear-history.
func appliedLanded(ctx context.Context, url string) ([]parser.Landed, error) {
	rows, _, err := apply.History(ctx, url)
	if err != nil {
		return nil, err
	}
	var landed []parser.Landed
	for _, r := range rows {
		if !r.Success || r.Dirty {
			continue
		}
		key := r.Version
		if strings.HasSuffix(key, ".sql") {
			// A plain file, recorded by its path: ordered by its name.
			key = migrations.OrderKey(migrations.Migration{Path: r.Path, Format: migrations.FormatPlain})
		}
		landed = append(landed, parser.Landed{Version: key, Path: r.Path, Where: "database", Ref: dbfacts.Redact(url)})
	}
	return landed, nil
}

// outputFormat validates --format; without it, GitHub Actions gets workflow
// annotations when that reporter exists, everyone else text.
func (a *app) outputFormat(flag string) (string, error) {
	if flag == "" {
		if _, ok := report.Lookup("github"); ok && a.getenv("GITHUB_ACTIONS") == "true" {
			return "github", nil
		}
		return "text", nil
	}
	if _, ok := report.Lookup(flag); !ok {
		return "", usageErrorf("--format: unknown format %q (valid: %s)", flag, strings.Join(report.Names(), ", "))
	}
	return flag, nil
}

// migrationPaths lists the linted files for reports that name every file.
func migrationPaths(res *lint.Result) []string {
	paths := make([]string, len(res.Migrations))
	for i := range res.Migrations {
		paths[i] = res.Migrations[i].Path
	}
	return paths
}

func reportRules(rules []engine.Rule) []report.Rule {
	out := make([]report.Rule, len(rules))
	for i, r := range rules {
		out[i] = report.Rule{ID: r.ID, Category: r.Category, Title: r.Title, Description: r.Description,
			Help: r.Help, Docs: r.Docs(), Severity: r.Severity}
	}
	return out
}
