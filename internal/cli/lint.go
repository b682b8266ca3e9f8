package cli

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/ddlgate/ddlgate/internal/engine"
	"github.com/ddlgate/ddlgate/internal/finding"
	"github.com/ddlgate/ddlgate/internal/lint"
	"github.com/ddlgate/ddlgate/internal/report"
)

type lintFlags struct {
	targetFlags
	cache         cacheFlags
	format        string
	output        string
	failLevel     string
	stdinFilename string
	includeDown   bool
	allowEmpty    bool
	databaseURL   string
	dbSnapshot    string
	baseline      string
	quiet         bool
	// migrationsOnly lints only the given files that belong to a migrations
	// directory (the pre-commit hook passes every staged .sql file).
	migrationsOnly bool
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

A directory that is not itself a migrations directory (the project root,
apps/web, prisma) is searched for migrations directories: first migrations/,
drizzle/, prisma/migrations/, supabase/migrations/, db/migrations/,
src/db/migrations/, src/main/resources/db/migration/ under it, then any folder
of a known format below it (not in node_modules, vendor, test fixtures or
hidden folders). Each directory found is linted as its own sequence, so a
monorepo's two databases are judged apart. Without a path, lint reads
migrations.dir from .ddlgate.yaml, else searches the current directory; both
also check package.json files and CI workflows for schema pushes
(drizzle-kit push, prisma db push) that bypass migrations.

--database-url judges against a database (read-only): its server version,
the migrations it applied (expand/contract phases, linear history) and its
table sizes: an index build, validation scan or rewrite on a table under a
rule's small_table parameter (10,000 rows and 10 MB) is reported at info with
the table's size. --db-snapshot FILE (or db_snapshot in .ddlgate.yaml) does
the same offline from a file ddlgate db snapshot wrote.

--migrations-only (the pre-commit hook) lints only the files given that are
migrations of migrations.dir or of a directory found that way, each with its
whole directory replayed for context, and skips the other .sql files.

Silence one finding with a comment before the statement:
  -- ddlgate:ignore ban-drop-table reason="table retired in #123" until=2027-01-31

Exit codes: 0 no finding at or above --fail-level, 1 findings at or above it
(a syntax error is a finding), 2 usage, config, unreadable path or snapshot,
unreachable database.`,
		Example: `  # lint every migrations directory of the project
  ddlgate lint .

  # lint a drizzle project's migrations
  ddlgate lint drizzle/

  # lint two files for PostgreSQL 12, failing on warnings too
  ddlgate lint --pg-version 12 --fail-level warning migrations/0003_*.sql

  # lint what an editor pipes in, named for format detection
  cat 0004_add_index.sql | ddlgate lint --stdin-filename migrations/0004_add_index.sql -

  # machine-readable output
  ddlgate lint --format json migrations/ > findings.json

  # judge by production's table sizes, from a snapshot taken where it is reachable
  ddlgate lint --db-snapshot prod.dbsnap.json migrations/

  # SARIF for code scanning, a summary on the terminal
  ddlgate lint --format sarif --output ddlgate.sarif migrations/`,
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.lint(cmd, &f, args)
		},
	}
	f.register(cmd)
	f.cache.register(cmd)
	fl := cmd.Flags()
	fl.StringVar(&f.format, "format", "", "output format: "+strings.Join(report.Names(), ", ")+` (default "text")`)
	fl.StringVar(&f.output, "output", "", "write the report to this file; a one-line summary still goes to stdout")
	fl.StringVar(&f.baseline, "baseline", "", "report only findings not in this baseline `FILE` (written by ddlgate baseline)")
	fl.StringVar(&f.failLevel, "fail-level", "", `exit 1 on findings at or above this severity: error, warning, info (default: config fail_level, else "error")`)
	fl.StringVar(&f.stdinFilename, "stdin-filename", "", `path to report for "-" (stdin), also used to detect the migration format`)
	fl.BoolVar(&f.includeDown, "include-down", false, "lint down migrations too")
	fl.BoolVar(&f.allowEmpty, "allow-empty", false, "succeed when no migration is found")
	fl.BoolVar(&f.quiet, "quiet", false, "text output: findings and their code only, without help and docs")
	fl.BoolVar(&f.migrationsOnly, "migrations-only", false, "lint only the given files that are migrations of the configured or discovered migrations directories, each with its directory as history; skip the others (sqlc queries, schema dumps); for pre-commit")
	fl.StringVar(&f.databaseURL, "database-url", "", "judge against this database: its tables' sizes (a small table's locking findings drop to info), its server version and what it applied (ddlgate.migrations); a URL or keyword/value string; read-only")
	fl.StringVar(&f.dbSnapshot, "db-snapshot", "", "judge against the database snapshot `FILE` written by ddlgate db snapshot, as --database-url would (default: config db_snapshot)")
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
	o := s.opts
	o.Stdin = a.stdin
	o.StdinFilename = f.stdinFilename
	o.IncludeDown = f.includeDown
	o.AllowEmpty = f.allowEmpty
	o.Cache = a.resultCache(&f.cache, s.cfg)
	if f.databaseURL != "" && f.dbSnapshot != "" {
		return usageErrorf("--database-url and --db-snapshot both name the database to judge against: pass one")
	}
	// Table sizes (the locking rules), live phase rules (is the expand
	// applied there, and for how long?) and linear history (a new file
	// must not sort before what the database applied).
	if err := a.judgeAgainst(cmd.Context(), &o, f.databaseURL, pick(cmd, "db-snapshot", f.dbSnapshot, s.cfg.DBSnapshot)); err != nil {
		return err
	}
	bl, err := a.readBaseline(f.baseline)
	if err != nil {
		return err
	}
	var runs []lint.Options
	if f.migrationsOnly {
		runs, err = a.migrationsOnlyRuns(o, s.cfg, args, cmd.Flags().Changed("history"))
	} else {
		runs, err = a.lintRuns(o, s.cfg, args, cmd.Flags().Changed("history"))
	}
	if err != nil {
		return err
	}
	if len(runs) == 0 {
		fmt.Fprintln(a.stderr, "ddlgate: no migration among the files given: nothing to lint")
		return nil
	}
	for i := 1; i < len(runs); i++ {
		runs[i].DBSnapshot = nil // judged once, with the first set
	}
	results := make([]*lint.Result, len(runs))
	prog := a.newProgress(format, f.output)
	for i, o := range runs {
		o.Progress = prog.hook()
		if results[i], err = lint.Run(cmd.Context(), o); err != nil {
			prog.finish()
			return err
		}
	}
	prog.finish()
	res := mergeResults(results)
	rep := a.lintReport(res)
	rep.Quiet = f.quiet
	return a.finishGate(cmd.Context(), rep, bl, format, f.output, failLevel)
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

// lintReport is the report of a lint run. The project files judged besides
// the migrations (package.json with a schema push) count as files.
func (a *app) lintReport(res *lint.Result) *report.Report {
	return &report.Report{
		Findings:    res.Findings,
		Files:       len(res.Files) + reportedProjectFiles(res),
		Statements:  res.Statements,
		Paths:       judgedPaths(res),
		Source:      res.Source,
		Color:       a.stdoutIsTerminal && a.getenv("NO_COLOR") == "",
		Rules:       reportRules(res.Rules),
		ToolVersion: Version,
		MoreHelp:    moreHelp,
	}
}

// reportedProjectFiles counts the project files (package.json, a journal,
// a CI workflow) that carry a finding: the summary counts them beside the
// migrations, while the many judged without a finding stay out of it.
func reportedProjectFiles(res *lint.Result) int {
	seen := map[string]bool{}
	for i := range res.Findings {
		if p := res.Findings[i].File; res.ProjectFiles[p] != nil {
			seen[p] = true
		}
	}
	return len(seen)
}

// moreHelp names the command that prints a finding's whole help when text
// output cuts it: the expand/contract plan of the statement, else the rule's
// documentation.
func moreHelp(f *finding.Finding) string {
	if f.Plan != nil && len(f.Plan.Steps) > 0 {
		return "ddlgate phase plan " + f.File
	}
	return "ddlgate explain " + f.Rule
}

// judgedPaths lists the linted files, then the project files judged, for
// reports that name every file.
func judgedPaths(res *lint.Result) []string {
	paths := make([]string, 0, len(res.Migrations)+len(res.ProjectFiles))
	for i := range res.Migrations {
		paths = append(paths, res.Migrations[i].Path)
	}
	project := slices.Sorted(maps.Keys(res.ProjectFiles))
	return append(paths, project...)
}

func reportRules(rules []engine.Rule) []report.Rule {
	out := make([]report.Rule, len(rules))
	for i, r := range rules {
		out[i] = report.Rule{ID: r.ID, Category: r.Category, Title: r.Title, Description: r.Description,
			Help: r.Help, Docs: r.Docs(), Severity: r.Severity}
	}
	return out
}
