package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/spf13/cobra"

	"github.com/ddlgate/ddlgate/internal/apply"
	"github.com/ddlgate/ddlgate/internal/config"
	"github.com/ddlgate/ddlgate/internal/lint"
	"github.com/ddlgate/ddlgate/internal/migrations"
	"github.com/ddlgate/ddlgate/parser"
)

// dbFlags are the flags of every command that talks to a database about a
// migrations directory.
type dbFlags struct {
	targetFlags
	databaseURL string
	dir         string
}

func (f *dbFlags) register(cmd *cobra.Command, withDir bool) {
	cmd.Flags().StringVar(&f.databaseURL, "database-url", "", "connection string: a URL (postgres://user@localhost:5432/app) or keyword/value (host=localhost user=app dbname=app) (default: $DATABASE_URL)")
	f.registerProject(cmd, withDir)
}

// registerProject adds the flags that find the migrations and the config.
func (f *dbFlags) registerProject(cmd *cobra.Command, withDir bool) {
	fl := cmd.Flags()
	if withDir {
		fl.StringVar(&f.dir, "dir", "", dirFlagUsage)
		fl.StringVar(&f.migrationFormat, "migration-format", "", "migration format, overriding detection")
	}
	fl.StringVar(&f.configPath, "config", "", "config file (default: .ddlgate.yaml found from the current directory upwards)")
}

// url returns --database-url, else $DATABASE_URL.
func (f *dbFlags) url(a *app) (string, error) {
	if f.databaseURL != "" {
		return f.databaseURL, nil
	}
	if u := a.getenv("DATABASE_URL"); u != "" {
		return u, nil
	}
	return "", usageErrorf("no database: pass --database-url or set DATABASE_URL")
}

// project loads the config and discovers the migrations of the directory
// the flags name, for commands that need no policies.
func (f *dbFlags) project(cmd *cobra.Command, a *app) (*config.Config, string, []migrations.Migration, error) {
	cfg, err := loadConfig(a, f.configPath)
	if err != nil {
		return nil, "", nil, err
	}
	dir, ms, err := f.migrationsDir(a, cfg, pick(cmd, "migration-format", f.migrationFormat, cfg.Format))
	if err != nil {
		return nil, "", nil, err
	}
	return cfg, dir, ms, nil
}

// migrationsDir resolves --dir, else the configured or conventional
// directory, and discovers its up migrations.
func (f *dbFlags) migrationsDir(a *app, cfg *config.Config, format string) (string, []migrations.Migration, error) {
	dir, err := a.requireMigrationsDir(f.dir, cfg)
	if err != nil {
		return "", nil, err
	}
	dir = a.abs(dir)
	ms, err := migrations.Discover([]string{dir}, migrations.Options{Format: format})
	if err != nil {
		return "", nil, &exitError{code: 2, err: err}
	}
	return dir, ms, nil
}

// applyError turns an error of the apply package into the exit it deserves.
func applyError(err error) error {
	if err == nil {
		return nil
	}
	var exit *exitError
	if errors.As(err, &exit) {
		return err
	}
	return &exitError{code: apply.ExitCode(err), err: err}
}

type applyFlags struct {
	dbFlags
	fleet            fleetFlags
	to               string
	dryRun           bool
	allowOutOfOrder  bool
	failLevel        string
	lockTimeout      time.Duration
	statementTimeout time.Duration
	lockRetries      int
	retryBackoff     time.Duration
	requireMerged    string
}

func newApplyCommand(a *app) *cobra.Command {
	var f applyFlags
	cmd := &cobra.Command{
		Use:   "apply",
		Short: "Apply pending migrations that are reviewed, unmodified and pass policy",
		Long: `Apply pending migrations to a PostgreSQL database, recording each in the audit
table ddlgate.migrations (version, checksum, phase, who, git commit, duration,
the lint verdict and the waivers that let it through).

Before anything runs, under an advisory lock that serialises concurrent appliers,
apply refuses (exit 1, nothing executed) when:
  - an applied migration's file changed or disappeared,
  - a file differs from ddlgate.sum (when the directory has one; see ddlgate hash),
  - a non-transactional migration is dirty (see ddlgate repair),
  - a new file sorts before an applied one (unless --allow-out-of-order),
  - a pending file has findings at the apply fail level, judged with live facts
    from the database (server version, table sizes, existing columns and indexes),
  - with --require-merged BRANCH (config gates.apply.require_branch), a pending
    file is not committed on that branch as it is: uncommitted, modified in the
    working tree, or only on a feature branch. The audit rows then record the
    branch's commit.

Each file runs in its own transaction with SET LOCAL lock_timeout and
statement_timeout; a lock timeout is retried with backoff. A file with
"-- ddlgate:no-transaction" (needed for CREATE INDEX CONCURRENTLY) runs
statement by statement and stays marked dirty until it finishes.

Ctrl-C (or SIGTERM) stops at once: the statement running is cancelled on the
server and the file's transaction rolled back; a no-transaction file is left
dirty. Files applied before it stay applied. A second Ctrl-C kills ddlgate.

Exit codes: 0 applied or nothing to do, 1 refused or a migration failed,
2 bad URL, unreachable server, usage or config error, 130 interrupted.`,
		Example: `  # what would run, with findings and locks; executes nothing
  ddlgate apply --database-url postgres://app@localhost:5432/app --dry-run

  # apply everything pending in migrations/
  DATABASE_URL=postgres://app@localhost:5432/app ddlgate apply --dir migrations

  # only what is merged on main reaches production
  ddlgate apply --require-merged main

  # apply up to and including one version, waiting at most 2s for locks
  ddlgate apply --to 0007 --lock-timeout 2s --lock-retries 5`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return applyError(runApplyFleet(cmd, a, &f))
		},
	}
	f.registerProject(cmd, true)
	f.fleet.register(cmd, "apply to")
	fl := cmd.Flags()
	fl.StringArrayVar(&f.policyDirs, "policy", nil, "directory of custom Rego rules (repeatable; added to config policies)")
	fl.StringVar(&f.to, "to", "", "apply pending migrations up to and including this version: as ddlgate status shows it, its number (0007) or its file name")
	fl.BoolVar(&f.dryRun, "dry-run", false, "print the plan (pending files, findings, locks) and execute nothing")
	fl.BoolVar(&f.allowOutOfOrder, "allow-out-of-order", false, "apply pending files that sort before applied ones")
	fl.StringVar(&f.failLevel, "fail-level", "", `refuse on findings at or above: error, warning, info (default: gates.apply.fail_level, else fail_level, else "error")`)
	fl.DurationVar(&f.lockTimeout, "lock-timeout", 5*time.Second, "lock_timeout for each file (config apply.lock_timeout)")
	fl.DurationVar(&f.statementTimeout, "statement-timeout", 0, "statement_timeout for each file, 0 = none (config apply.statement_timeout)")
	fl.IntVar(&f.lockRetries, "lock-retries", 3, "retries of a file after a lock timeout (config apply.lock_retries)")
	fl.StringVar(&f.requireMerged, "require-merged", "", "refuse pending files not committed, as they are, on this branch (config gates.apply.require_branch)")
	fl.DurationVar(&f.retryBackoff, "retry-backoff", time.Second, "wait before the n-th retry is n times this (config apply.retry_backoff)")
	return cmd
}

// runApply applies the migrations to one database, writing progress to out.
func runApply(cmd *cobra.Command, a *app, f *applyFlags, url string, out io.Writer) (*apply.Result, error) {
	s, err := a.loadSettings(cmd.Context(), cmd, &f.targetFlags)
	if err != nil {
		return nil, err
	}
	dir, ms, err := f.migrationsDir(a, s.cfg, s.opts.Format)
	if err != nil {
		return nil, err
	}
	o := apply.Options{
		DatabaseURL: url, Dir: dir, Migrations: ms,
		To: f.to, DryRun: f.dryRun, AllowOutOfOrder: f.allowOutOfOrder,
		FailLevel:        s.cfg.GateFailLevel(config.GateApply),
		LockTimeout:      durationSetting(cmd, "lock-timeout", f.lockTimeout, s.cfg.Apply.LockTimeout),
		StatementTimeout: durationSetting(cmd, "statement-timeout", f.statementTimeout, s.cfg.Apply.StatementTimeout),
		LockRetries:      f.lockRetries,
		RetryBackoff:     durationSetting(cmd, "retry-backoff", f.retryBackoff, s.cfg.Apply.RetryBackoff),
		Linter:           a.liveLinter(s.opts),
		Out:              out,
		Getenv:           a.getenv,
		RequireMerged:    pick(cmd, "require-merged", f.requireMerged, s.cfg.RequireBranch),
	}
	if !cmd.Flags().Changed("lock-retries") && s.cfg.Apply.LockRetries != nil {
		o.LockRetries = *s.cfg.Apply.LockRetries
	}
	if f.failLevel != "" {
		if o.FailLevel, err = parseFailLevel(f.failLevel); err != nil {
			return nil, err
		}
	}
	return apply.Apply(cmd.Context(), o)
}

// durationSetting picks the flag when given, else the config, else the
// flag's default.
func durationSetting(cmd *cobra.Command, flag string, flagValue time.Duration, configValue *time.Duration) time.Duration {
	if !cmd.Flags().Changed(flag) && configValue != nil {
		return *configValue
	}
	return flagValue
}

// liveLinter lints with the real orchestrator as ddlgate's own runner would
// execute the files, with the live database as input.db, its version as the
// target and its history table as the phase ledger's record.
func (a *app) liveLinter(base lint.Options) apply.Linter {
	return apply.LinterFunc(func(ctx context.Context, in apply.LintInput) ([]apply.Verdict, error) {
		o := base
		o.Runner = "ddlgate"
		o.DB = in.DB
		o.PhaseApplied = in.Applied
		if db := in.DB; db != nil && db.ServerVersionNum > 0 {
			o.PGVersion, o.PGVersionNum = parser.ClampPGVersion(db.ServerVersionNum/10000), db.ServerVersionNum
		}
		prog := a.newProgress("text", "")
		o.Progress = prog.hook()
		res, err := lint.RunMigrations(ctx, in.Migrations, o)
		prog.finish()
		if err != nil {
			return nil, err
		}
		return verdicts(in.Migrations, res), nil
	})
}

// verdicts regroups a lint result per migration.
func verdicts(ms []migrations.Migration, res *lint.Result) []apply.Verdict {
	out := make([]apply.Verdict, len(ms))
	index := make(map[string]int, len(ms))
	for i, m := range ms {
		index[m.Path] = i
	}
	for i, f := range res.Files {
		if f == nil || i >= len(out) {
			continue
		}
		v := &out[i]
		for _, s := range f.Statements {
			st := apply.Statement{Text: s.Text, Line: int(s.Span.Line), Col: int(s.Span.Col)}
			for _, l := range s.Locks {
				st.Locks = append(st.Locks, fmt.Sprintf("%s on %s.%s", l.Mode, l.Relation.Schema, l.Relation.Name))
			}
			v.Statements = append(v.Statements, st)
		}
		for _, d := range f.Directives {
			if d.Kind == "ignore" || d.Kind == "ignore-file" {
				v.Waivers = append(v.Waivers, apply.Waiver{Rules: d.Rules, Reason: d.Reason, Until: d.Until,
					Owner: d.Owner, Line: int(d.Span.Line), File: d.Kind == "ignore-file"})
			}
		}
		if p := f.File.Phase; p != nil {
			v.Phase, v.Change = p.Phase, p.Change
		}
		v.Autocommit = f.File.TransactionMode == migrations.ModeNone
	}
	for _, fd := range res.Findings {
		if i, ok := index[fd.File]; ok {
			out[i].Findings = append(out[i].Findings, fd)
		}
	}
	return out
}

// databaseCommands are the commands that talk to a database: apply, status,
// repair, hash (no database, but the same directory handling) and baseline-db.
func databaseCommands(a *app) []*cobra.Command {
	return []*cobra.Command{newApplyCommand(a), newStatusCommand(a), newRepairCommand(a), newHashCommand(a), newBaselineDBCommand(a)}
}
