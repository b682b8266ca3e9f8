// Package apply is the apply gate: it applies only migrations that are
// unmodified since review (ddlgate.sum and the history table agree) and that
// pass policy against live database facts, one transaction per file under an
// advisory lock with lock and statement timeouts, and records an audit row per
// file in ddlgate.migrations. It also reports status, repairs dirty
// migrations and baselines databases that predate ddlgate.
package apply

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/ddlgate/ddlgate/internal/connstr"
	"github.com/ddlgate/ddlgate/internal/dbfacts"
	"github.com/ddlgate/ddlgate/internal/finding"
	"github.com/ddlgate/ddlgate/internal/gate"
	"github.com/ddlgate/ddlgate/internal/migrations"
	"github.com/ddlgate/ddlgate/internal/phase"
)

// Statement is one statement of a migration as the linter's parser split it.
type Statement struct {
	Text string
	// Line and Col locate the statement's first character (1-based).
	Line, Col int
	// Locks are the table locks it takes, e.g. "ACCESS EXCLUSIVE on public.users".
	Locks []string
}

// Waiver is an ignore directive that let a finding through.
type Waiver struct {
	Rules  []string `json:"rules"`
	Reason string   `json:"reason"`
	Until  string   `json:"until"`
	Owner  string   `json:"owner"`
	Line   int      `json:"line"`
	File   bool     `json:"file"` // ignore-file rather than ignore
}

// Verdict is what the linter says about one migration.
type Verdict struct {
	Statements []Statement
	// Findings left after suppression, at every severity.
	Findings []finding.Finding
	Waivers  []Waiver
	// Phase and Change come from the file's phase directive; "" when none.
	Phase, Change string
	// Autocommit is set when the linter judged the file as running outside
	// a transaction (file.transaction_mode none): it opts out, or it is a
	// Flyway script whose statements cannot run in one, which Flyway, and so
	// ddlgate apply, runs statement by statement. Apply runs it as judged.
	Autocommit bool
}

// LintInput is what the gate asks a Linter to judge.
type LintInput struct {
	// Migrations are every migration of the directory in order, so the
	// history folds into the catalog.
	Migrations []migrations.Migration
	// DB holds the live database's facts: its server version, its tables.
	DB *dbfacts.Facts
	// Applied is what the database applied (ddlgate.migrations) and which
	// migrations this run applies: the phase rules (require-expand-before-
	// contract, ban-contract-too-soon) judge contracts against it.
	Applied *phase.Applied
}

// Linter lints migrations with live database facts and returns one verdict
// per migration, in the order of LintInput.Migrations. The gate refuses on
// the findings it returns and judges nothing itself.
type Linter interface {
	Lint(ctx context.Context, in LintInput) ([]Verdict, error)
}

// LinterFunc adapts a function to Linter.
type LinterFunc func(ctx context.Context, in LintInput) ([]Verdict, error)

// Lint calls f.
func (f LinterFunc) Lint(ctx context.Context, in LintInput) ([]Verdict, error) {
	return f(ctx, in)
}

// Options configure Apply.
type Options struct {
	DatabaseURL string
	// Dir is the migrations directory: ddlgate.sum and history paths are
	// relative to it.
	Dir string
	// Migrations are the up migrations of Dir in order.
	Migrations []migrations.Migration
	// To stops after this version ("" = apply everything pending).
	To              string
	DryRun          bool
	AllowOutOfOrder bool
	// FailLevel refuses pending files with findings at or above it.
	FailLevel finding.Severity
	// LockTimeout (default 5s) and StatementTimeout (0 = none) are set with
	// SET LOCAL around each file.
	LockTimeout      time.Duration
	StatementTimeout time.Duration
	// LockRetries is how many times a file is retried after a lock timeout;
	// the n-th retry waits n × RetryBackoff.
	LockRetries  int
	RetryBackoff time.Duration
	Linter       Linter
	// Out receives progress and the plan; nil discards it.
	Out io.Writer
	// Getenv reads CI identity variables; nil means none.
	Getenv func(string) string
	// RequireMerged, when set, is the branch every pending file must be
	// committed on, with the content about to run (gates.apply.require_branch,
	// --require-merged); the audit rows then record that branch's commit.
	RequireMerged string
}

// Result tells what Apply did.
type Result struct {
	// Applied lists the versions applied (or, in a dry run, planned).
	Applied []string
	// Pending is how many files were pending before the run.
	Pending int
}

// RefusedError means the gate refused: nothing was executed.
type RefusedError struct {
	// Command is what refused: "" is apply, else "repair" or "baseline-db".
	Command string
	Reasons []string
}

func (e *RefusedError) Error() string {
	if e.Command != "" {
		return e.Command + " refused: " + strings.Join(e.Reasons, "; ")
	}
	return "apply refused, nothing executed:\n  " + strings.Join(e.Reasons, "\n  ")
}

// MigrationError is a failed statement: Path:Line:Col locate it in the file.
type MigrationError struct {
	Version string
	Path    string
	Line    int
	Col     int
	// Dirty is true when the file ran outside a transaction, so part of it
	// may be applied and the history row is left dirty.
	Dirty bool
	Err   error
}

func (e *MigrationError) Error() string {
	msg := fmt.Sprintf("%s:%d:%d: migration %s failed: %v", e.Path, e.Line, e.Col, e.Version, e.Err)
	// The server's DETAIL and HINT (the duplicated key, the cast to add)
	// are what the user needs to fix the file; pgx leaves them out.
	var pgErr *pgconn.PgError
	if errors.As(e.Err, &pgErr) {
		if pgErr.Detail != "" {
			msg += "\n  detail: " + pgErr.Detail
		}
		if pgErr.Hint != "" {
			msg += "\n  hint: " + pgErr.Hint
		}
	}
	if e.Dirty {
		return msg + fmt.Sprintf("\n  the file ran outside a transaction and is marked dirty; fix the database, then run `ddlgate repair --version %s`", e.Version)
	}
	return msg + "\n  the transaction was rolled back: nothing of this file was applied"
}

func (e *MigrationError) Unwrap() error { return e.Err }

// InterruptedError means the run was interrupted (Ctrl-C, SIGTERM): the file
// being applied was rolled back, or, outside a transaction, left dirty.
type InterruptedError struct {
	// Version names the file being applied; "" when none was.
	Version string
	// Dirty is set when that file ran outside a transaction: what ran of it
	// stays, and its history row is dirty.
	Dirty bool
	// Applied are the versions this run applied before the interruption.
	Applied []string
	Err     error
}

func (e *InterruptedError) Error() string {
	var msg string
	switch {
	case e.Version == "" && len(e.Applied) == 0:
		return "interrupted before any migration ran: nothing was applied"
	case e.Version == "":
		msg = "interrupted between migrations"
	case e.Dirty:
		msg = fmt.Sprintf("interrupted while applying %s: it ran outside a transaction and is left dirty; check what of it ran, finish or undo it by hand, then run `ddlgate repair --version %s`", e.Version, e.Version)
	default:
		msg = fmt.Sprintf("interrupted while applying %s: its transaction was rolled back, nothing of it was applied", e.Version)
	}
	if len(e.Applied) > 0 {
		msg += fmt.Sprintf("\n  the %d migration(s) this run applied before stay applied: %s", len(e.Applied), strings.Join(e.Applied, ", "))
	}
	return msg
}

func (e *InterruptedError) Unwrap() error { return e.Err }

// ExitCode maps an error of this package to the process exit code: 0 for
// nil, 1 when the gate refused or a migration failed, 2 when the tool could
// not do its job (bad URL, unreachable server, unreadable files), 130 when
// it was interrupted.
func ExitCode(err error) int {
	if err == nil {
		return 0
	}
	var interrupted *InterruptedError
	if errors.As(err, &interrupted) {
		return gate.Interrupted
	}
	var refused *RefusedError
	var failed *MigrationError
	if errors.As(err, &refused) || errors.As(err, &failed) {
		return 1
	}
	return 2 // a *VersionError among others
}

func (o *Options) defaults() {
	if o.Out == nil {
		o.Out = io.Discard
	}
	if o.Getenv == nil {
		o.Getenv = func(string) string { return "" }
	}
	if o.FailLevel == 0 {
		o.FailLevel = finding.Error
	}
	if o.LockTimeout == 0 {
		o.LockTimeout = 5 * time.Second
	}
}

// Apply runs the gate and applies what passes. Interrupted (ctx cancelled
// by Ctrl-C), it returns an *InterruptedError saying what became of the file
// being applied.
func Apply(ctx context.Context, o Options) (*Result, error) {
	res, err := apply(ctx, o)
	if err != nil && ctx.Err() != nil {
		var interrupted *InterruptedError
		if !errors.As(err, &interrupted) {
			interrupted = &InterruptedError{Err: err}
			err = interrupted
		}
		if res != nil {
			interrupted.Applied = res.Applied
		}
	}
	return res, err
}

func apply(ctx context.Context, o Options) (*Result, error) {
	o.defaults()
	if o.Linter == nil {
		return nil, errors.New("apply needs a linter")
	}
	conn, err := dbfacts.Connect(ctx, o.DatabaseURL)
	if err != nil {
		return nil, err
	}
	defer conn.Close(context.Background())
	if err := prepareSession(ctx, conn); err != nil {
		return nil, err
	}

	if !o.DryRun {
		err := lockHistory(ctx, conn, func() {
			fmt.Fprintln(o.Out, "another ddlgate apply holds the migration lock; waiting for it to finish...")
		})
		if err != nil {
			return nil, err
		}
		defer unlockHistory(conn)
		if err := ensureHistory(ctx, conn); err != nil {
			return nil, err
		}
	}
	rows, err := readHistory(ctx, conn)
	if err != nil {
		return nil, err
	}
	entries, err := compare(o.Dir, o.Migrations, rows)
	if err != nil {
		return nil, err
	}
	sum, err := migrations.VerifySum(o.Dir, o.Migrations)
	if errors.Is(err, migrations.ErrSumConflict) {
		return nil, &RefusedError{Reasons: []string{err.Error()}}
	}
	if err != nil {
		return nil, err
	}
	if reasons := append(sumRefusals(sum), refusals(entries, o.AllowOutOfOrder)...); len(reasons) > 0 {
		return nil, &RefusedError{Reasons: reasons}
	}
	pending, err := selectPending(o.Dir, entries, o.To)
	if err != nil {
		return nil, err
	}
	res := &Result{Pending: len(pending)}
	if len(pending) == 0 {
		fmt.Fprintln(o.Out, "nothing to apply: the database is up to date")
		return res, nil
	}
	appliedFrom := gitCommit
	if o.RequireMerged != "" {
		commit, reasons, err := requireMerged(ctx, o.Dir, o.RequireMerged, pending)
		if err != nil {
			return nil, err
		}
		if len(reasons) > 0 {
			return nil, &RefusedError{Reasons: reasons}
		}
		appliedFrom = func(context.Context, string) *string { return &commit }
	}

	facts, err := dbfacts.Load(ctx, conn)
	if err != nil {
		return nil, err
	}
	applied := appliedOf(o.Dir, connstr.Redact(o.DatabaseURL), rows)
	for _, e := range pending {
		applied.AddPending(e.Version, e.Path)
	}
	verdicts, err := o.Linter.Lint(ctx, LintInput{Migrations: o.Migrations, DB: facts, Applied: applied})
	if err != nil {
		return nil, fmt.Errorf("lint pending migrations: %w", err)
	}
	if len(verdicts) != len(o.Migrations) {
		return nil, fmt.Errorf("lint pending migrations: %d verdicts for %d migrations", len(verdicts), len(o.Migrations))
	}
	if reasons := policyRefusals(pending, verdicts, o.FailLevel); len(reasons) > 0 {
		return nil, &RefusedError{Reasons: reasons}
	}

	if o.DryRun {
		printPlan(o.Out, pending, verdicts, o)
		for _, e := range pending {
			res.Applied = append(res.Applied, e.Version)
		}
		return res, nil
	}

	rec := recorder{
		appliedBy: appliedBy(ctx, conn, o.Getenv),
		gitCommit: appliedFrom(ctx, o.Dir),
		failLevel: o.FailLevel,
	}
	x := executor{conn: conn, o: o}
	for _, e := range pending {
		v := verdicts[e.index]
		row, err := rec.row(o.Dir, e, v)
		if err != nil {
			return res, err
		}
		if err := x.run(ctx, e, v, row); err != nil {
			return res, err
		}
		res.Applied = append(res.Applied, e.Version)
	}
	fmt.Fprintf(o.Out, "applied %d migration(s)\n", len(res.Applied))
	return res, nil
}

// prepareSession names the session and, on PostgreSQL 14+, makes the server
// notice within a second when the applier dies (kill -9, lost network) so it
// rolls back and releases the advisory lock instead of finishing a long
// statement for nobody.
func prepareSession(ctx context.Context, conn *pgx.Conn) error {
	if _, err := conn.Exec(ctx, `SET application_name = 'ddlgate'`); err != nil {
		return fmt.Errorf("prepare session: %w", err)
	}
	// Platforms without the check refuse the setting: not fatal.
	_, _ = conn.Exec(ctx, `SELECT set_config('client_connection_check_interval', '1s', false)
		WHERE current_setting('server_version_num')::int >= 140000`)
	return nil
}

// selectPending returns the files to apply, up to and including the one
// to names (see resolveVersion).
func selectPending(dir string, entries []Entry, to string) ([]Entry, error) {
	last := len(entries) - 1
	if to != "" {
		var cands []candidate
		var at []int
		for i, e := range entries {
			if e.file != nil {
				cands = append(cands, candidateOf(dir, e.Version, e.Path))
				at = append(at, i)
			}
		}
		i, err := resolveVersion("--to", to, cands, false)
		if err != nil {
			return nil, err
		}
		last = at[i]
	}
	var pending []Entry
	for _, e := range entries[:last+1] {
		if e.State == StatePending || e.State == StateOutOfOrder {
			pending = append(pending, e)
		}
	}
	return pending, nil
}

// candidateOf is a migration as a version argument may name it.
func candidateOf(dir, version, p string) candidate {
	if rel, err := migrations.SumPath(dir, p); err == nil {
		p = rel
	}
	return candidate{key: version, path: filepath.ToSlash(p)}
}

// policyRefusals lists the findings at or above the fail level in pending
// files, as path:line:col: severity[rule] message.
func policyRefusals(pending []Entry, verdicts []Verdict, failLevel finding.Severity) []string {
	var out []string
	for _, e := range pending {
		for _, f := range verdicts[e.index].Findings {
			if f.Severity >= failLevel {
				out = append(out, fmt.Sprintf("%s:%d:%d: %s[%s] %s", f.File, f.Line, f.Column, f.Severity, f.Rule, f.Message))
			}
		}
	}
	return out
}

func printPlan(w io.Writer, pending []Entry, verdicts []Verdict, o Options) {
	fmt.Fprintf(w, "dry run: %d migration(s) would be applied (lock_timeout %s, statement_timeout %s); nothing executed\n",
		len(pending), o.LockTimeout, durationSetting(o.StatementTimeout))
	for _, e := range pending {
		v := verdicts[e.index]
		mode := "in one transaction"
		if !transactional(*e.file, v) {
			mode = "without a transaction, statement by statement"
		}
		fmt.Fprintf(w, "\n%s  %s  (%s)\n", e.Version, e.Path, mode)
		for _, s := range v.Statements {
			fmt.Fprintf(w, "  line %d: %s\n", s.Line, firstLine(s.Text))
			for _, l := range s.Locks {
				fmt.Fprintf(w, "    lock: %s\n", l)
			}
		}
		for _, f := range v.Findings {
			fmt.Fprintf(w, "  %s:%d:%d: %s[%s] %s\n", f.File, f.Line, f.Column, f.Severity, f.Rule, f.Message)
		}
	}
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i] + " ..."
	}
	return s
}

// transactional tells whether ddlgate runs the file in one transaction:
// unless it opts out, or its verdict says it runs outside one.
func transactional(m migrations.Migration, v Verdict) bool {
	p, err := migrations.ProfileFor(migrations.RunnerDDLGate)
	if err != nil {
		return !v.Autocommit
	}
	return p.ModeFor(m) != migrations.ModeNone && !v.Autocommit
}
