package apply

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os/exec"
	"os/user"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"

	"github.com/ddlgate/ddlgate/internal/dbfacts"
	"github.com/ddlgate/ddlgate/internal/finding"
	"github.com/ddlgate/ddlgate/internal/migrations"
)

// executor runs migration files on one connection.
type executor struct {
	conn *pgx.Conn
	o    Options
}

// run applies one file, retrying it after a lock timeout.
func (x executor) run(ctx context.Context, e Entry, v Verdict, row Row) error {
	tx := transactional(*e.file, v)
	fmt.Fprintf(x.o.Out, "applying %s (%s)\n", e.Version, e.Path)
	if !tx {
		return x.runAutocommit(ctx, e, v, row)
	}
	for attempt := 0; ; attempt++ {
		start := time.Now()
		err := x.runTransaction(ctx, e, v, row, start)
		if err == nil {
			fmt.Fprintf(x.o.Out, "applied %s in %s\n", e.Version, time.Since(start).Round(time.Millisecond))
			return nil
		}
		if ctx.Err() != nil {
			// The deferred rollback ran on the live connection (the query
			// was cancelled server-side, see dbfacts.Connect).
			return &InterruptedError{Version: e.Version, Err: err}
		}
		if !isLockTimeout(err) || attempt >= x.o.LockRetries {
			return x.fail(err, e, false, attempt)
		}
		if err := x.backoff(ctx, e, attempt); err != nil {
			return &InterruptedError{Version: e.Version, Err: err}
		}
	}
}

func (x executor) backoff(ctx context.Context, e Entry, attempt int) error {
	wait := time.Duration(attempt+1) * x.o.RetryBackoff
	fmt.Fprintf(x.o.Out, "%s: lock timeout (%s), retry %d of %d in %s\n", e.Path, x.o.LockTimeout, attempt+1, x.o.LockRetries, wait)
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-time.After(wait):
		return nil
	}
}

// stmtError is a failed statement of a file.
type stmtError struct {
	stmt Statement
	err  error
}

func (e *stmtError) Error() string { return e.err.Error() }
func (e *stmtError) Unwrap() error { return e.err }

func (x executor) fail(err error, e Entry, dirty bool, attempts int) error {
	me := &MigrationError{Version: e.Version, Path: e.Path, Line: 1, Col: 1, Dirty: dirty, Err: err}
	var se *stmtError
	if errors.As(err, &se) {
		me.Line, me.Col = errorPosition(se.stmt, se.err)
		me.Err = se.err
	}
	if isLockTimeout(err) && attempts > 0 {
		me.Err = fmt.Errorf("%w (gave up after %d attempts; another session holds a conflicting lock: look for it in pg_locks/pg_stat_activity)", me.Err, attempts+1)
	}
	return me
}

// errorPosition refines a statement's position with the server's cursor
// position when it gives one.
func errorPosition(s Statement, err error) (int, int) {
	return dbfacts.ErrorPosition(s.Text, s.Line, s.Col, err)
}

func (x executor) runTransaction(ctx context.Context, e Entry, v Verdict, row Row, start time.Time) error {
	tx, err := x.conn.Begin(ctx)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	// Rollback after Commit is a no-op; on any error it undoes the file.
	defer func() { _ = tx.Rollback(context.Background()) }()
	if _, err := tx.Exec(ctx, fmt.Sprintf("SET LOCAL lock_timeout = '%s'; SET LOCAL statement_timeout = '%s'",
		durationSetting(x.o.LockTimeout), durationSetting(x.o.StatementTimeout))); err != nil {
		return fmt.Errorf("set timeouts: %w", err)
	}
	for _, s := range v.Statements {
		if _, err := tx.Exec(ctx, s.Text); err != nil {
			return &stmtError{stmt: s, err: err}
		}
	}
	row.DurationMS = time.Since(start).Milliseconds()
	if err := insertRow(ctx, tx, row); err != nil {
		return err
	}
	if err := tx.Commit(ctx); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// runAutocommit applies a no-transaction file: a dirty row first, so an
// interruption is visible, then each statement in autocommit (retrying a
// statement after a lock timeout), then the row is marked clean.
func (x executor) runAutocommit(ctx context.Context, e Entry, v Verdict, row Row) error {
	start := time.Now()
	row.Dirty, row.Success = true, false
	if err := insertRow(ctx, x.conn, row); err != nil {
		return err
	}
	if _, err := x.conn.Exec(ctx, fmt.Sprintf("SET lock_timeout = '%s'; SET statement_timeout = '%s'",
		durationSetting(x.o.LockTimeout), durationSetting(x.o.StatementTimeout))); err != nil {
		return fmt.Errorf("set timeouts: %w", err)
	}
	defer func() { _, _ = x.conn.Exec(context.Background(), "RESET lock_timeout; RESET statement_timeout") }()
	for _, s := range v.Statements {
		for attempt := 0; ; attempt++ {
			_, err := x.conn.Exec(ctx, s.Text)
			if err == nil {
				break
			}
			if ctx.Err() != nil {
				return &InterruptedError{Version: e.Version, Dirty: true, Err: err}
			}
			err = &stmtError{stmt: s, err: err}
			if !isLockTimeout(err) || attempt >= x.o.LockRetries {
				return x.fail(err, e, true, attempt)
			}
			if err := x.backoff(ctx, e, attempt); err != nil {
				return &InterruptedError{Version: e.Version, Dirty: true, Err: err}
			}
		}
	}
	elapsed := time.Since(start)
	if err := markClean(ctx, x.conn, e.Version, elapsed.Milliseconds()); err != nil {
		return err
	}
	fmt.Fprintf(x.o.Out, "applied %s in %s\n", e.Version, elapsed.Round(time.Millisecond))
	return nil
}

// durationSetting renders a duration as a PostgreSQL setting value in
// milliseconds; 0 disables the timeout.
func durationSetting(d time.Duration) string {
	return fmt.Sprintf("%dms", d.Milliseconds())
}

// recorder builds the audit rows of one run.
type recorder struct {
	appliedBy string
	gitCommit *string
	failLevel finding.Severity
}

// verdictJSON is the verdict column: the decision, the level it was taken at
// and every finding the file had (all below the fail level, or it would not
// be applied).
type verdictJSON struct {
	Decision  string            `json:"decision"`
	FailLevel string            `json:"fail_level"`
	Findings  []finding.Finding `json:"findings"`
}

func (r recorder) row(dir string, e Entry, v Verdict) (Row, error) {
	findings := v.Findings
	if findings == nil {
		findings = []finding.Finding{}
	}
	verdict, err := json.Marshal(verdictJSON{Decision: "pass", FailLevel: r.failLevel.String(), Findings: findings})
	if err != nil {
		return Row{}, fmt.Errorf("encode verdict of %s: %w", e.Path, err)
	}
	waiverList := v.Waivers
	if waiverList == nil {
		waiverList = []Waiver{}
	}
	waivers, err := json.Marshal(waiverList)
	if err != nil {
		return Row{}, fmt.Errorf("encode waivers of %s: %w", e.Path, err)
	}
	path, err := migrations.SumPath(dir, e.Path)
	if err != nil {
		path = e.Path
	}
	return Row{
		Version: e.Version, Name: e.Name, Path: path, Checksum: e.Checksum,
		Phase: optional(v.Phase), Change: optional(v.Change),
		AppliedBy: r.appliedBy, GitCommit: r.gitCommit,
		Verdict: verdict, Waivers: waivers, Success: true,
	}, nil
}

func optional(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// appliedBy identifies who applied: the database user, the OS user and the
// CI identity, e.g. "app_migrator (os: runner; ci: github:octocat)".
func appliedBy(ctx context.Context, conn *pgx.Conn, getenv func(string) string) string {
	var dbUser string
	if err := conn.QueryRow(ctx, `SELECT current_user`).Scan(&dbUser); err != nil {
		dbUser = "unknown"
	}
	var parts []string
	osUser := getenv("USER")
	if u, err := user.Current(); err == nil && osUser == "" {
		osUser = u.Username
	}
	if osUser != "" {
		parts = append(parts, "os: "+osUser)
	}
	if ci := ciIdentity(getenv); ci != "" {
		parts = append(parts, "ci: "+ci)
	}
	if len(parts) == 0 {
		return dbUser
	}
	return dbUser + " (" + strings.Join(parts, "; ") + ")"
}

// ciIdentity names the CI actor from the environment variables of common CI
// systems.
func ciIdentity(getenv func(string) string) string {
	for _, c := range []struct{ system, actor, run string }{
		{"github", "GITHUB_ACTOR", "GITHUB_RUN_ID"},
		{"gitlab", "GITLAB_USER_LOGIN", "CI_PIPELINE_ID"},
		{"buildkite", "BUILDKITE_BUILD_CREATOR", "BUILDKITE_BUILD_NUMBER"},
		{"circleci", "CIRCLE_USERNAME", "CIRCLE_BUILD_NUM"},
	} {
		if actor := getenv(c.actor); actor != "" {
			id := c.system + ":" + actor
			if run := getenv(c.run); run != "" {
				id += " run " + run
			}
			return id
		}
	}
	if getenv("CI") != "" {
		return "ci"
	}
	return ""
}

// gitCommit returns HEAD of the repository holding dir, nil outside git.
func gitCommit(ctx context.Context, dir string) *string {
	if dir == "" {
		dir = "."
	}
	out, err := exec.CommandContext(ctx, "git", "-C", dir, "rev-parse", "HEAD").Output()
	if err != nil {
		return nil
	}
	commit := strings.TrimSpace(string(out))
	if commit == "" || !utf8.ValidString(commit) {
		return nil
	}
	return &commit
}
