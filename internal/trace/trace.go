// Package trace runs migrations on a scratch database and records what each
// statement really did (locks, rewrites, scans, failure) as facts
// (statements[].observed), beside the static prediction, for the policies
// to judge and the report to compare. The observing itself is
// dbfacts.Tracer's, the same machinery that proves the lock table in
// TestServerCases.
package trace

import (
	"context"
	"fmt"
	"path/filepath"

	"github.com/ddlgate/ddlgate/internal/dbfacts"
	"github.com/ddlgate/ddlgate/internal/lint"
	"github.com/ddlgate/ddlgate/internal/migrations"
	"github.com/ddlgate/ddlgate/parser"
)

// Options configure Run.
type Options struct {
	// DevURL is the development server the scratch database is made on.
	DevURL string
	// History are every migration of the directory, in order: those before
	// a traced file are replayed (untraced) before it.
	History []migrations.Migration
	// Traced are the files to trace, in order.
	Traced []migrations.Migration
	// Lint are the settings of the prediction and of the rules.
	Lint lint.Options
	// Commit commits each traced transaction; without it the transaction
	// is rolled back once observed, then applied again untraced so that
	// what follows builds on it.
	Commit bool
}

// Stop says where tracing stopped: a statement failed on the server.
type Stop struct {
	Path      string `json:"path"`
	Line      int    `json:"line"`
	Statement string `json:"statement"`
	Error     string `json:"error"`
}

// Result is a trace: the lint result of the traced files, whose statements
// carry Observed (nil for statements not run), and where it stopped.
type Result struct {
	Lint    *lint.Result
	Stopped *Stop
	// Database is the scratch database the trace ran in (dropped since).
	Database string
}

// Run creates a scratch database on the development server, and lints the
// traced files with the history as lint does, observing each file's
// statements on the scratch database before the rules judge them. The
// scratch database is dropped at the end, also on failure or interrupt.
func Run(ctx context.Context, o Options) (_ *Result, err error) {
	scratch, err := dbfacts.NewScratch(ctx, o.DevURL, "trace")
	if err != nil {
		return nil, err
	}
	defer func() {
		if derr := scratch.Drop(); derr != nil && err == nil {
			err = derr
		}
	}()
	tr, err := dbfacts.NewTracerWith(ctx, scratch.Connect)
	if err != nil {
		return nil, err
	}
	defer tr.Close(context.Background())

	res := &Result{Database: scratch.Name}
	t := &tracer{o: o, tr: tr, res: res}
	lo := o.Lint
	lo.Observe = t.observe
	// The prediction is made for the server the statements run on.
	if _, num, err := dbfacts.ServerVersion(ctx, tr.Conn()); err == nil {
		lo.PGVersion, lo.PGVersionNum = parser.ClampPGVersion(num/10000), num
	}
	if res.Lint, err = lint.RunWithHistory(ctx, o.Traced, o.History, lo); err != nil {
		return nil, err
	}
	return res, nil
}

// tracer walks the traced files in order.
type tracer struct {
	o       Options
	tr      *dbfacts.Tracer
	res     *Result
	applied int // migrations of History applied so far
}

// observe traces linted file i, called in migration order; once a
// statement failed on the server, the files after it are not run.
func (t *tracer) observe(ctx context.Context, i int, f *parser.File) error {
	if t.res.Stopped != nil {
		return nil
	}
	if err := t.replayBefore(ctx, &t.o.Traced[i]); err != nil {
		return err
	}
	if err := t.tr.MarkBaseline(ctx); err != nil {
		return err
	}
	return t.file(ctx, f)
}

// replayBefore applies, untraced, the history migrations that come before
// m (all of them when m is not part of the history) and marks m applied.
func (t *tracer) replayBefore(ctx context.Context, m *migrations.Migration) error {
	end, self := len(t.o.History), -1
	for j := t.applied; j < len(t.o.History); j++ {
		if samePath(t.o.History[j].Path, m.Path) {
			end, self = j, j
			break
		}
	}
	if end > t.applied {
		if _, err := dbfacts.Replay(ctx, t.tr.Conn(), dbfacts.ReplayOptions{
			Migrations: t.o.History[t.applied:end], Schema: t.o.Lint.DefaultSchema}); err != nil {
			return fmt.Errorf("replay the migrations before %s: %w", m.Path, err)
		}
	}
	t.applied = end
	if self >= 0 {
		t.applied = self + 1
	}
	return nil
}

func samePath(a, b string) bool {
	aa, err1 := filepath.Abs(a)
	bb, err2 := filepath.Abs(b)
	return err1 == nil && err2 == nil && aa == bb
}

// unit is statements that run together: one transaction block of the file,
// or one autocommit statement.
type unit struct {
	stmts []int
	tx    bool
}

// units groups the file's statements as its runner runs them. Transaction
// control statements are left out (the tracer opens and ends transactions
// itself), and so are statements nested in an earlier one (statements of a
// DO body run with it).
func units(f *parser.File) []unit {
	var out []unit
	block := -1
	for i := range f.Statements {
		s := &f.Statements[i]
		if !dbfacts.Executes(f, i) || s.Node == "TransactionStmt" {
			continue
		}
		if !s.Transaction.InTransaction {
			out, block = append(out, unit{stmts: []int{i}}), -1
			continue
		}
		if s.Transaction.Block != block || len(out) == 0 || !out[len(out)-1].tx {
			out = append(out, unit{tx: true})
			block = s.Transaction.Block
		}
		last := &out[len(out)-1]
		last.stmts = append(last.stmts, i)
	}
	return out
}

func (t *tracer) file(ctx context.Context, f *parser.File) error {
	for _, u := range units(f) {
		texts := make([]string, len(u.stmts))
		for k, i := range u.stmts {
			texts[k] = f.Statements[i].Text
		}
		var obs []*parser.Observed
		var err error
		if u.tx {
			obs, err = t.tr.Run(ctx, texts, dbfacts.InTransaction, t.o.Commit)
		} else {
			// An autocommit statement is observed in a transaction of its
			// own, committed as autocommit would; one that cannot run in a
			// transaction block is watched while it runs.
			obs, err = t.tr.Run(ctx, texts, dbfacts.InTransaction, true)
			if err == nil && dbfacts.CannotRunInTransaction(obs[0]) {
				obs, err = t.tr.Run(ctx, texts, dbfacts.Autocommit, true)
			}
		}
		if err != nil {
			return fmt.Errorf("trace %s: %w", f.File.Path, err)
		}
		for k, o := range obs {
			st := &f.Statements[u.stmts[k]]
			o.Differences = dbfacts.Compare(dbfacts.Predicted(f, u.stmts[k]), o)
			st.Observed = o
			if o.Error != nil {
				t.res.Stopped = &Stop{Path: f.File.Path, Line: int(st.Span.Line), Statement: st.Text, Error: o.Error.Message}
				return nil
			}
		}
		if u.tx && !t.o.Commit {
			if err := t.reapply(ctx, f.File.Path, texts); err != nil {
				return err
			}
		}
	}
	return nil
}

// reapply runs a traced (and rolled back) transaction block again, untraced
// and committed, so that the statements after it find what it made.
func (t *tracer) reapply(ctx context.Context, path string, texts []string) (err error) {
	conn := t.tr.Conn()
	if _, err := conn.Exec(ctx, "BEGIN"); err != nil {
		return fmt.Errorf("reapply %s: %w", path, err)
	}
	for _, s := range texts {
		if _, err := conn.Exec(ctx, s); err != nil {
			_, _ = conn.Exec(context.Background(), "ROLLBACK")
			return fmt.Errorf("reapply %s after tracing it: %w", path, err)
		}
	}
	if _, err := conn.Exec(ctx, "COMMIT"); err != nil {
		return fmt.Errorf("reapply %s: %w", path, err)
	}
	return nil
}
