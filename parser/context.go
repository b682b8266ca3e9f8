package parser

import (
	"strconv"
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v5"
)

// Transaction modes of File.File.TransactionMode.
const (
	txWrapped  = "wrapped"
	txNone     = "none"
	txImplicit = "implicit"
)

// runnerTransactionMode is the default transaction mode of each runner
// (docs/architecture.md "Transactions: runner profiles").
func runnerTransactionMode(runner string) string {
	switch runner {
	case "prisma", "golang-migrate":
		return txImplicit
	case "psql", "none":
		return txNone
	}
	// ddlgate apply, drizzle-kit, goose, dbmate, flyway, atlas and unknown
	// runners wrap each file (drizzle wraps all pending files in one).
	return txWrapped
}

// controlKind is what a statement does to the transaction or to the
// settings context tracks.
type controlKind uint8

const (
	ctlNone controlKind = iota
	ctlBegin
	ctlCommit   // COMMIT, END, PREPARE TRANSACTION
	ctlRollback // ROLLBACK, ABORT
	ctlSet      // SET, SET LOCAL, RESET, RESET ALL of a tracked setting
)

// control is the part of a statement that context tracking needs, read from
// the AST once so the statements' RawStmts need not be kept.
type control struct {
	kind  controlKind
	chain bool // COMMIT/ROLLBACK AND CHAIN
	// For ctlSet: which setting (all for RESET ALL), whether LOCAL, and the
	// new value; reset means back to the server default.
	setting settingID
	local   bool
	reset   bool
	value   string
	ms      *int64
}

// settingID names a tracked session setting.
type settingID uint8

const (
	settingLockTimeout settingID = iota
	settingStatementTimeout
	settingAll
)

// readControl extracts transaction control and timeout settings from a raw
// statement. It reads the AST rather than the describer's actions so that
// the context does not depend on how actions spell values.
func readControl(raw *pg_query.RawStmt) control {
	switch n := raw.GetStmt().GetNode().(type) {
	case *pg_query.Node_TransactionStmt:
		t := n.TransactionStmt
		switch t.Kind {
		case pg_query.TransactionStmtKind_TRANS_STMT_BEGIN, pg_query.TransactionStmtKind_TRANS_STMT_START:
			return control{kind: ctlBegin}
		case pg_query.TransactionStmtKind_TRANS_STMT_COMMIT, pg_query.TransactionStmtKind_TRANS_STMT_PREPARE:
			return control{kind: ctlCommit, chain: t.Chain}
		case pg_query.TransactionStmtKind_TRANS_STMT_ROLLBACK:
			return control{kind: ctlRollback, chain: t.Chain}
		}
	case *pg_query.Node_VariableSetStmt:
		return readSetControl(n.VariableSetStmt)
	}
	return control{}
}

func readSetControl(v *pg_query.VariableSetStmt) control {
	c := control{kind: ctlSet, local: v.IsLocal}
	switch v.Kind {
	case pg_query.VariableSetKind_VAR_RESET_ALL:
		c.setting, c.reset = settingAll, true
		return c
	case pg_query.VariableSetKind_VAR_RESET, pg_query.VariableSetKind_VAR_SET_DEFAULT:
		c.reset = true
	case pg_query.VariableSetKind_VAR_SET_VALUE:
	default:
		return control{}
	}
	switch strings.ToLower(v.Name) {
	case "lock_timeout":
		c.setting = settingLockTimeout
	case "statement_timeout":
		c.setting = settingStatementTimeout
	default:
		return control{}
	}
	if c.reset {
		return c
	}
	if len(v.Args) != 1 {
		return control{}
	}
	ac := v.Args[0].GetAConst()
	if ac == nil {
		return control{}
	}
	switch val := ac.Val.(type) {
	case *pg_query.A_Const_Sval:
		c.value = val.Sval.Sval
	case *pg_query.A_Const_Ival:
		c.value = strconv.FormatInt(int64(val.Ival.Ival), 10)
	case *pg_query.A_Const_Fval:
		c.value = val.Fval.Fval
	default:
		return control{}
	}
	if ms, ok := parseDurationMS(c.value); ok {
		c.ms = &ms
	}
	return c
}

// parseDurationMS reads a PostgreSQL time setting whose base unit is
// milliseconds: a bare number is milliseconds, units us, ms, s, min, h and d
// may follow (with optional spaces), fractions round to the nearest
// millisecond. 0 means disabled and stays 0.
func parseDurationMS(v string) (int64, bool) {
	v = strings.TrimSpace(v)
	i := 0
	for i < len(v) && (v[i] >= '0' && v[i] <= '9' || v[i] == '.' || v[i] == '-' || v[i] == '+') {
		i++
	}
	num, err := strconv.ParseFloat(v[:i], 64)
	if err != nil {
		return 0, false
	}
	var scale float64
	switch strings.TrimSpace(v[i:]) {
	case "", "ms":
		scale = 1
	case "us":
		scale = 0.001
	case "s":
		scale = 1000
	case "min":
		scale = 60 * 1000
	case "h":
		scale = 60 * 60 * 1000
	case "d":
		scale = 24 * 60 * 60 * 1000
	default:
		return 0, false
	}
	ms := num * scale
	if ms < 0 || ms > 1<<62 {
		return 0, false
	}
	return int64(ms + 0.5), true
}

// timeoutValue is one setting as seen by the session: nil text means the
// server default.
type timeoutValue struct {
	text *string
	ms   *int64
}

// settingSlot tracks one setting through transactions: the session value,
// the value to restore on ROLLBACK, and a SET LOCAL override that ends with
// the transaction block.
type settingSlot struct {
	session, atBegin timeoutValue
	local            timeoutValue
	hasLocal         bool
}

func (s *settingSlot) effective() timeoutValue {
	if s.hasLocal {
		return s.local
	}
	return s.session
}

// txTracker replays transaction control and SET statements in file order.
type txTracker struct {
	mode     string
	multi    bool // implicit mode: the file holds more than one statement
	inTx     bool
	explicit bool
	block    int
	blocks   int
	slots    [2]settingSlot // by settingID
}

func newTxTracker(mode string, statements int) *txTracker {
	t := &txTracker{mode: mode, multi: statements > 1}
	if mode == txWrapped {
		t.open(false)
	}
	return t
}

func (t *txTracker) open(explicit bool) {
	t.blocks++
	t.inTx, t.explicit, t.block = true, explicit, t.blocks
	for i := range t.slots {
		t.slots[i].atBegin = t.slots[i].session
	}
}

func (t *txTracker) close(commit bool) {
	for i := range t.slots {
		s := &t.slots[i]
		if !commit {
			s.session = s.atBegin
		}
		s.local, s.hasLocal = timeoutValue{}, false
	}
	t.inTx, t.explicit, t.block = false, false, 0
}

// limits tells whether a timeout setting in milliseconds sets a limit: 0
// disables the timeout, nil means the file never set it.
func limits(ms *int64) bool { return ms != nil && *ms > 0 }

// step returns the context a statement starts in, then applies its effect.
// Contexts describe the moment before the statement runs: BEGIN itself is
// outside the block it opens and COMMIT inside the block it closes, so a
// BEGIN with in_transaction set is a nested BEGIN.
func (t *txTracker) step(c control) (Transaction, Session) {
	if !t.inTx && t.mode == txImplicit && t.multi {
		// A multi-statement query runs in an implicit block; after a COMMIT
		// inside it, the next statement opens a new one.
		t.open(false)
	}
	tx := Transaction{InTransaction: t.inTx, Explicit: t.explicit, Block: t.block}
	lock, stmt := t.slots[settingLockTimeout].effective(), t.slots[settingStatementTimeout].effective()
	sess := Session{LockTimeout: lock.text, LockTimeoutMS: lock.ms, StatementTimeout: stmt.text, StatementTimeoutMS: stmt.ms,
		LockTimeoutInEffect: limits(lock.ms), StatementTimeoutInEffect: limits(stmt.ms)}

	switch c.kind {
	case ctlBegin:
		if t.inTx {
			// A nested BEGIN only warns. In an implicit block it turns the
			// block into an explicit one; the runner's own transaction stays
			// the runner's.
			if t.mode == txImplicit {
				t.explicit = true
			}
		} else {
			t.open(true)
		}
	case ctlCommit, ctlRollback:
		if t.inTx {
			explicit := t.explicit
			t.close(c.kind == ctlCommit)
			if c.chain {
				t.open(explicit)
			}
		}
	case ctlSet:
		t.applySet(c)
	}
	return tx, sess
}

func (t *txTracker) applySet(c control) {
	val := timeoutValue{}
	if !c.reset {
		text := c.value
		val = timeoutValue{text: &text, ms: c.ms}
	}
	for i := range t.slots {
		if c.setting != settingAll && settingID(i) != c.setting {
			continue
		}
		s := &t.slots[i]
		switch {
		case c.local:
			// SET LOCAL outside a transaction block has no effect.
			if t.inTx {
				s.local, s.hasLocal = val, true
			}
		default:
			s.session, s.local, s.hasLocal = val, timeoutValue{}, false
		}
	}
}
