package parser

import (
	"slices"
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
	// path is the new search_path, for settingSearchPath.
	path []string
	// flyway is how Flyway classes the statement (Options.FlywayDetect).
	flyway flywayClass
}

// settingID names a tracked session setting.
type settingID uint8

const (
	settingLockTimeout settingID = iota
	settingStatementTimeout
	settingSearchPath
	settingAll
)

// trackedSettings counts the settings a txTracker follows.
const trackedSettings = int(settingAll)

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
	case *pg_query.Node_SelectStmt:
		return readSetConfig(n.SelectStmt)
	}
	return control{}
}

// settingByName maps a setting name to the tracked setting; ok is false for
// settings context does not follow.
func settingByName(name string) (settingID, bool) {
	switch strings.ToLower(name) {
	case "lock_timeout":
		return settingLockTimeout, true
	case "statement_timeout":
		return settingStatementTimeout, true
	case "search_path":
		return settingSearchPath, true
	}
	return 0, false
}

// readSetConfig reads SELECT set_config('name', 'value', is_local) with
// constant arguments, which migrations use like SET (and SET LOCAL when
// is_local is true).
func readSetConfig(sel *pg_query.SelectStmt) control {
	if len(sel.TargetList) != 1 || len(sel.FromClause) > 0 || sel.WhereClause != nil {
		return control{}
	}
	f := sel.TargetList[0].GetResTarget().GetVal().GetFuncCall()
	if f == nil || len(f.Args) != 3 {
		return control{}
	}
	name := f.Funcname[len(f.Funcname)-1].GetString_().GetSval()
	if name != "set_config" || (len(f.Funcname) == 2 && f.Funcname[0].GetString_().GetSval() != "pg_catalog") {
		return control{}
	}
	setting, ok := settingByName(constText(f.Args[0]))
	value := constText(f.Args[1])
	local, isBool := constBool(f.Args[2])
	if !ok || !isBool || f.Args[1].GetAConst().GetSval() == nil {
		return control{}
	}
	c := control{kind: ctlSet, setting: setting, local: local, value: value}
	if setting == settingSearchPath {
		c.path = parseSearchPath(value)
	} else if ms, ok := parseDurationMS(value); ok {
		c.ms = &ms
	}
	return c
}

// constText is the value of a string constant (possibly cast), "" otherwise.
func constText(n *pg_query.Node) string {
	if tc := n.GetTypeCast(); tc != nil {
		n = tc.Arg
	}
	return n.GetAConst().GetSval().GetSval()
}

// constBool reads a boolean constant: true/false, or 't'/'f' strings.
func constBool(n *pg_query.Node) (value, ok bool) {
	if tc := n.GetTypeCast(); tc != nil {
		n = tc.Arg
	}
	c := n.GetAConst()
	if c == nil {
		return false, false
	}
	if b := c.GetBoolval(); b != nil {
		return b.Boolval, true
	}
	if s := c.GetSval(); s != nil {
		switch strings.ToLower(s.Sval) {
		case "t", "true", "on", "yes", "1":
			return true, true
		case "f", "false", "off", "no", "0":
			return false, true
		}
	}
	return false, false
}

// parseSearchPath reads a search_path value as set_config takes it:
// comma-separated names, double-quoted ones verbatim, others lower-cased.
func parseSearchPath(v string) []string {
	out := []string{}
	for i := 0; i < len(v); {
		for i < len(v) && (v[i] == ' ' || v[i] == ',' || v[i] == '\t' || v[i] == '\n') {
			i++
		}
		if i >= len(v) {
			break
		}
		var name strings.Builder
		if v[i] == '"' {
			for i++; i < len(v); i++ {
				if v[i] == '"' {
					if i+1 < len(v) && v[i+1] == '"' {
						name.WriteByte('"')
						i++
						continue
					}
					i++
					break
				}
				name.WriteByte(v[i])
			}
		} else {
			j := i
			for j < len(v) && v[j] != ',' {
				j++
			}
			name.WriteString(strings.ToLower(strings.TrimSpace(v[i:j])))
			i = j
		}
		out = append(out, name.String())
	}
	return out
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
	setting, ok := settingByName(v.Name)
	if !ok {
		return control{}
	}
	c.setting = setting
	if c.reset {
		return c
	}
	if setting == settingSearchPath {
		// SET search_path TO a, "B": each schema is one argument, its
		// case already folded by the parser.
		c.path = make([]string, 0, len(v.Args))
		for _, a := range v.Args {
			c.path = append(c.path, a.GetAConst().GetSval().GetSval())
		}
		c.value = strings.Join(c.path, ", ")
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
// server default. path is the schema list of search_path.
type timeoutValue struct {
	text *string
	ms   *int64
	path []string
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
	slots    [trackedSettings]settingSlot // by settingID
	// defaultPath is the search path before any SET: the default schema.
	defaultPath []string
	// session is the last statement's, shared by the next ones while the
	// settings stay the same.
	session *Session
}

// sameSession tells whether b holds the same settings as a, the same
// values (a setting's text and milliseconds are shared until the next SET).
func sameSession(a, b *Session) bool {
	return a.LockTimeout == b.LockTimeout && a.LockTimeoutMS == b.LockTimeoutMS &&
		a.StatementTimeout == b.StatementTimeout && a.StatementTimeoutMS == b.StatementTimeoutMS &&
		a.LockTimeoutInEffect == b.LockTimeoutInEffect && a.StatementTimeoutInEffect == b.StatementTimeoutInEffect &&
		slices.Equal(a.SearchPath, b.SearchPath)
}

func newTxTracker(mode string, statements int, defaultSchema string) *txTracker {
	t := &txTracker{mode: mode, multi: statements > 1, defaultPath: []string{defaultSchema}}
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
func (t *txTracker) step(c control) (Transaction, *Session) {
	if !t.inTx && t.mode == txImplicit && t.multi {
		// A multi-statement query runs in an implicit block; after a COMMIT
		// inside it, the next statement opens a new one.
		t.open(false)
	}
	tx := Transaction{InTransaction: t.inTx, Explicit: t.explicit, Block: t.block}
	lock, stmt := t.slots[settingLockTimeout].effective(), t.slots[settingStatementTimeout].effective()
	sess := Session{LockTimeout: lock.text, LockTimeoutMS: lock.ms, StatementTimeout: stmt.text, StatementTimeoutMS: stmt.ms,
		LockTimeoutInEffect: limits(lock.ms), StatementTimeoutInEffect: limits(stmt.ms),
		SearchPath: t.searchPath()}
	if t.session == nil || !sameSession(t.session, &sess) {
		shared := sess
		t.session = &shared
	}

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
	return tx, t.session
}

// searchPath is the search_path in effect: the schemas unqualified names
// resolve through.
func (t *txTracker) searchPath() []string {
	if v := t.slots[settingSearchPath].effective(); v.text != nil {
		return v.path
	}
	return t.defaultPath
}

func (t *txTracker) applySet(c control) {
	val := timeoutValue{}
	if !c.reset {
		text := c.value
		val = timeoutValue{text: &text, ms: c.ms, path: c.path}
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
