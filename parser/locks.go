package parser

import "slices"

// PostgreSQL table lock modes, weakest first.
const (
	lockAccessShare          = "ACCESS SHARE"
	lockRowShare             = "ROW SHARE"
	lockRowExclusive         = "ROW EXCLUSIVE"
	lockShareUpdateExclusive = "SHARE UPDATE EXCLUSIVE"
	lockShare                = "SHARE"
	lockShareRowExclusive    = "SHARE ROW EXCLUSIVE"
	lockExclusive            = "EXCLUSIVE"
	lockAccessExclusive      = "ACCESS EXCLUSIVE"
)

// lockStrength orders lock modes so a statement reports the strongest mode
// it takes on each relation.
func lockStrength(mode string) int {
	switch mode {
	case lockAccessShare:
		return 1
	case lockRowShare:
		return 2
	case lockRowExclusive:
		return 3
	case lockShareUpdateExclusive:
		return 4
	case lockShare:
		return 5
	case lockShareRowExclusive:
		return 6
	case lockExclusive:
		return 7
	case lockAccessExclusive:
		return 8
	}
	return 0
}

// StrongestBlockingLock summarises locks for the lock-waiting rules: the
// strongest mode of SHARE or above taken on a relation that existed before
// the statement's file (only such a relation can have sessions waiting on
// it; see Relation.ExistsBefore), with the relations locked in that mode. It
// is nil when there is none.
func StrongestBlockingLock(locks []Lock) *BlockingLock {
	best := lockStrength(lockShare)
	var b *BlockingLock
	for _, l := range locks {
		s := lockStrength(l.Mode)
		if s < best || !l.Relation.ExistsBefore {
			continue
		}
		if b == nil || s > best {
			b = &BlockingLock{Mode: l.Mode}
			best = s
		}
		b.Relations = append(b.Relations, l.Relation.QualifiedName())
	}
	if b != nil {
		slices.Sort(b.Relations)
		b.Relations = slices.Compact(b.Relations)
	}
	return b
}

// TrackHeldLocks sets Transaction.HeldAccessExclusive of every statement
// from the BlockingLock of the statements before it in the same transaction
// block: which relations that existed before the file are already locked
// ACCESS EXCLUSIVE, and since which statement. A lock is held until the
// block ends. Whoever changes a BlockingLock (the catalog, which knows more
// about what existed) calls it again. It also counts the work each block
// does after each statement (Transaction.WorkAfter, LastWork).
func TrackHeldLocks(stmts []Statement) {
	countWorkAfter(stmts)
	var held []HeldLock
	block := 0
	for i := range stmts {
		s := &stmts[i]
		if s.Transaction.Block != block {
			held, block = nil, s.Transaction.Block
		}
		// Statements share the prefix of one growing list: appending
		// never changes what an earlier statement holds.
		s.Transaction.HeldAccessExclusive = held[:len(held):len(held)]
		if held == nil {
			s.Transaction.HeldAccessExclusive = []HeldLock{}
		}
		if block == 0 || s.BlockingLock == nil || s.BlockingLock.Mode != lockAccessExclusive {
			continue
		}
		for _, rel := range s.BlockingLock.Relations {
			if !slices.ContainsFunc(held, func(h HeldLock) bool { return h.Relation == rel }) {
				held = append(held, HeldLock{Relation: rel, Since: s.Index})
			}
		}
	}
}

// instantActions take no time and no lock: transaction control and SET.
var instantActions = []string{ActionBegin, ActionCommit, ActionRollback, ActionSavepoint, ActionRelease, ActionSet}

// doesWork tells whether a statement does something that takes time.
func doesWork(s *Statement) bool {
	return slices.ContainsFunc(s.Actions, func(a Action) bool { return !slices.Contains(instantActions, a.Type) })
}

// countWorkAfter fills Transaction.WorkAfter and LastWork, walking each
// block backwards.
func countWorkAfter(stmts []Statement) {
	work, last, block := 0, -1, -1
	for i := len(stmts) - 1; i >= 0; i-- {
		s := &stmts[i]
		if s.Transaction.Block != block {
			work, last, block = 0, -1, s.Transaction.Block
		}
		if block == 0 {
			s.Transaction.WorkAfter, s.Transaction.LastWork = 0, -1
			continue
		}
		s.Transaction.WorkAfter, s.Transaction.LastWork = work, last
		if doesWork(s) {
			work++
			if last < 0 {
				last = s.Index
			}
		}
	}
}

// lockRow is one reviewed row of the lock table: what a kind of action locks
// on its table and what it does to the data already there.
type lockRow struct {
	// Kind names the row; describe code picks it (with the PG-version and
	// option conditions in the helpers below) and the tests cover every row.
	Kind string
	Mode string
	// Rewrites: the table (and its indexes) are rewritten under the lock.
	Rewrites bool
	// Scans: the whole table is read (validation or index build).
	Scans                bool
	Destructive          bool
	BackwardIncompatible bool
}

// lockRows encodes docs/architecture.md "Locks and effects". Keep it in the same order
// as the design table; a change here needs a test case in locks_test.go.
var lockRows = []lockRow{
	// Indexes.
	// Every index build reads the whole table (proven on the server:
	// testdata/server/create_index_concurrently.sql, reindex*.sql), the
	// concurrent ones too.
	{Kind: "create_index", Mode: lockShare, Scans: true},
	// create_index_only is CREATE INDEX ... ON ONLY a partitioned table: an
	// invalid index on the parent alone, which has no rows to read.
	{Kind: "create_index_only", Mode: lockShare},
	{Kind: "create_index_concurrently", Mode: lockShareUpdateExclusive, Scans: true},
	// DROP INDEX takes the mode on the table; the index itself always gets
	// ACCESS EXCLUSIVE, CONCURRENTLY in its last phase (dropIndexLock).
	{Kind: "drop_index", Mode: lockAccessExclusive},
	{Kind: "drop_index_concurrently", Mode: lockShareUpdateExclusive},
	{Kind: "reindex", Mode: lockShare, Scans: true},
	{Kind: "reindex_index", Mode: lockAccessExclusive, Scans: true},
	{Kind: "reindex_concurrently", Mode: lockShareUpdateExclusive, Scans: true},
	// ALTER INDEX ... RENAME locks the index only (verified on 15:
	// testdata/server/alter_index_rename.sql); before 12 it took ACCESS
	// EXCLUSIVE.
	{Kind: "rename_index", Mode: lockShareUpdateExclusive},
	{Kind: "rename_index_before_12", Mode: lockAccessExclusive},

	// Columns.
	{Kind: "add_column", Mode: lockAccessExclusive},
	{Kind: "add_column_rewrite", Mode: lockAccessExclusive, Rewrites: true},
	{Kind: "add_column_index", Mode: lockAccessExclusive, Scans: true},
	// NOT NULL without a default: every row is checked, so the statement
	// fails on a table with rows and scans an empty one.
	{Kind: "add_column_not_null", Mode: lockAccessExclusive, Scans: true},
	{Kind: "drop_column", Mode: lockAccessExclusive, Destructive: true, BackwardIncompatible: true},
	{Kind: "rename_column", Mode: lockAccessExclusive, BackwardIncompatible: true},
	{Kind: "set_default", Mode: lockAccessExclusive},
	{Kind: "drop_default", Mode: lockAccessExclusive},
	{Kind: "drop_not_null", Mode: lockAccessExclusive},
	{Kind: "alter_column_type", Mode: lockAccessExclusive, Rewrites: true, BackwardIncompatible: true},
	{Kind: "alter_column_type_coercible", Mode: lockAccessExclusive, BackwardIncompatible: true},
	{Kind: "set_not_null", Mode: lockAccessExclusive, Scans: true, BackwardIncompatible: true},
	{Kind: "set_statistics", Mode: lockShareUpdateExclusive},

	// Constraints.
	{Kind: "add_check", Mode: lockAccessExclusive, Scans: true},
	{Kind: "add_check_not_valid", Mode: lockAccessExclusive},
	{Kind: "add_foreign_key", Mode: lockShareRowExclusive, Scans: true},
	{Kind: "add_foreign_key_not_valid", Mode: lockShareRowExclusive},
	// foreign_key_referenced is the lock on the referenced table of a
	// foreign key (ADD CONSTRAINT, CREATE TABLE, ADD COLUMN ... REFERENCES).
	{Kind: "foreign_key_referenced", Mode: lockShareRowExclusive},
	{Kind: "validate_constraint", Mode: lockShareUpdateExclusive, Scans: true},
	{Kind: "add_unique", Mode: lockAccessExclusive, Scans: true},
	{Kind: "add_primary_key", Mode: lockAccessExclusive, Scans: true},
	{Kind: "add_constraint_using_index", Mode: lockAccessExclusive},
	// A PRIMARY KEY ... USING INDEX sets NOT NULL on its columns, which
	// scans the table unless they already are; the catalog clears the scan
	// when it knows they are.
	{Kind: "add_primary_key_using_index", Mode: lockAccessExclusive, Scans: true},
	{Kind: "add_exclusion", Mode: lockAccessExclusive, Scans: true},
	{Kind: "drop_constraint", Mode: lockAccessExclusive},
	{Kind: "rename_constraint", Mode: lockAccessExclusive},

	// Partitions.
	// ATTACH PARTITION locks the parent (SHARE UPDATE EXCLUSIVE from 12,
	// ACCESS EXCLUSIVE before) and the partition (partition_attached), and
	// scans the partition unless a valid CHECK proves the bound (the
	// catalog clears the scan then). DETACH locks both in ACCESS
	// EXCLUSIVE; CONCURRENTLY (14+) only the parent's lock is weaker.
	{Kind: "attach_partition", Mode: lockShareUpdateExclusive, Scans: true},
	{Kind: "attach_partition_before_12", Mode: lockAccessExclusive, Scans: true},
	{Kind: "partition_attached", Mode: lockAccessExclusive},
	{Kind: "detach_partition", Mode: lockAccessExclusive},
	{Kind: "detach_partition_concurrently", Mode: lockShareUpdateExclusive},
	{Kind: "partition_detached", Mode: lockAccessExclusive},
	// create_partition_of is the lock CREATE TABLE ... PARTITION OF takes on
	// the parent.
	{Kind: "create_partition_of", Mode: lockAccessExclusive},

	// Table-level storage.
	{Kind: "set_storage", Mode: lockShareUpdateExclusive},
	{Kind: "cluster_on", Mode: lockShareUpdateExclusive},
	{Kind: "set_logged", Mode: lockAccessExclusive, Rewrites: true},
	{Kind: "set_unlogged", Mode: lockAccessExclusive, Rewrites: true},
	{Kind: "set_tablespace", Mode: lockAccessExclusive, Rewrites: true},
	{Kind: "set_access_method", Mode: lockAccessExclusive, Rewrites: true},
	{Kind: "vacuum_full", Mode: lockAccessExclusive, Rewrites: true},
	{Kind: "cluster", Mode: lockAccessExclusive, Rewrites: true},
	// REFRESH fills a new file for the view; CONCURRENTLY reads the whole
	// old contents to diff them with the new (testdata/server/refresh*.sql).
	{Kind: "refresh_matview", Mode: lockAccessExclusive, Rewrites: true},
	{Kind: "refresh_matview_concurrently", Mode: lockExclusive, Scans: true},

	// Whole tables.
	{Kind: "create_table"},
	{Kind: "truncate", Mode: lockAccessExclusive, Destructive: true},
	{Kind: "drop_table", Mode: lockAccessExclusive, Destructive: true, BackwardIncompatible: true},
	{Kind: "rename_table", Mode: lockAccessExclusive, BackwardIncompatible: true},
	{Kind: "drop_relation", Mode: lockAccessExclusive},
	{Kind: "drop_schema", Destructive: true},
	{Kind: "drop_database", Destructive: true},

	// Triggers and the rest of ALTER TABLE.
	{Kind: "create_trigger", Mode: lockShareRowExclusive},
	{Kind: "enable_trigger", Mode: lockShareRowExclusive},
	{Kind: "disable_trigger", Mode: lockShareRowExclusive},
	{Kind: "alter_table", Mode: lockAccessExclusive},

	// Data changes.
	{Kind: "update", Mode: lockRowExclusive},
	{Kind: "delete", Mode: lockRowExclusive, Destructive: true},
	{Kind: "insert", Mode: lockRowExclusive},

	// No table lock: enum values (ALTER TYPE ... ADD VALUE cannot run in a
	// transaction block before 12, a fact of the transaction context, not a
	// lock), session and transaction control, objects that are not tables.
	{Kind: "none"},
}

var lockRowByKind = func() map[string]lockRow {
	m := make(map[string]lockRow, len(lockRows))
	for _, r := range lockRows {
		if _, dup := m[r.Kind]; dup {
			panic("parser: duplicate lock row " + r.Kind)
		}
		m[r.Kind] = r
	}
	return m
}()

// dropIndexLock is the mode DROP INDEX takes on the index itself: ACCESS
// EXCLUSIVE, with CONCURRENTLY too, in its last phase (after waiting for
// every transaction that uses the table).
const dropIndexLock = lockAccessExclusive

// ForeignKeyRebuildLock is the mode a statement that drops a foreign key's
// triggers (DROP CONSTRAINT of the key, a type change of one of its columns,
// which rebuilds it) takes on the key's other table; the catalog, which
// knows the keys, adds it.
const ForeignKeyRebuildLock = lockAccessExclusive

// IndexTableLock is the mode an action on an index (DROP INDEX, REINDEX
// INDEX) takes on the index's table, for the catalog to add when it knows
// the table and the statement does not name it; "" for other actions.
func IndexTableLock(a *Action) string {
	if a.IndexAction == nil {
		return ""
	}
	switch {
	case a.Type == "drop_index" && a.IndexAction.Concurrently:
		return lockFor("drop_index_concurrently").Mode
	case a.Type == "drop_index":
		return lockFor("drop_index").Mode
	case a.Type == "reindex" && a.IndexAction.Kind == "index" && a.IndexAction.Concurrently:
		return lockFor("reindex_concurrently").Mode
	case a.Type == "reindex" && a.IndexAction.Kind == "index":
		return lockFor("reindex").Mode
	}
	return ""
}

// lockFor returns the row of kind; an unknown kind is a programming error
// caught by the tests, answered with the most conservative row.
func lockFor(kind string) lockRow {
	if r, ok := lockRowByKind[kind]; ok {
		return r
	}
	return lockRow{Kind: kind, Mode: lockAccessExclusive}
}

func (r lockRow) effects() Effects {
	return Effects{
		RewritesTable:        r.Rewrites,
		ScansTable:           r.Scans,
		Destructive:          r.Destructive,
		BackwardIncompatible: r.BackwardIncompatible,
	}
}

// addColumnKind picks the ADD COLUMN row. serial, identity and GENERATED
// STORED always rewrite; a default rewrites before 11 and, from 11 on, only
// when volatile (a non-volatile default is stored in the catalog). A unique or
// primary key column builds an index. pgVersion 0 means unknown: the newest
// behaviour applies.
func addColumnKind(c *Column, pgVersion int) string {
	switch {
	case c.Serial != nil || c.Identity != nil || c.Generated != nil:
		return "add_column_rewrite"
	case c.HasDefault && pgVersion != 0 && pgVersion < 11:
		return "add_column_rewrite"
	case c.HasDefault && c.DefaultVolatility != nil && *c.DefaultVolatility == volatile:
		return "add_column_rewrite"
	case c.PrimaryKey || c.Unique:
		return "add_column_index"
	case c.NotNull && !c.HasDefault:
		return "add_column_not_null"
	}
	return "add_column"
}

// AddColumnRewrites reports whether adding column c rewrites the table on
// target pgVersion, the lock table's answer for its ADD COLUMN row. The
// catalog calls it again once it knows the volatility of user functions in
// the default.
func AddColumnRewrites(c *Column, pgVersion int) bool {
	return lockFor(addColumnKind(c, pgVersion)).Rewrites
}

// alterColumnTypeKind picks the ALTER COLUMN TYPE row. Whether a type change
// is binary-coercible depends on the old type, which only the catalog stage
// knows; until it refines this, a change to text or to varchar without a
// length is taken as coercible (the common varchar(n) -> text widening) and
// anything else, or any USING, as a rewrite.
func alterColumnTypeKind(t TypeName, using bool) string {
	if !using && t.Schema == "" && !t.Array &&
		(t.Name == "text" || (t.Name == "varchar" && len(t.Mods) == 0)) {
		return "alter_column_type_coercible"
	}
	return "alter_column_type"
}

// addConstraintKind picks the ADD CONSTRAINT row.
func addConstraintKind(c *Constraint) string {
	switch c.Type {
	case "check":
		if c.NotValid {
			return "add_check_not_valid"
		}
		return "add_check"
	case "foreign_key":
		if c.NotValid {
			return "add_foreign_key_not_valid"
		}
		return "add_foreign_key"
	case "unique", "primary_key":
		if c.UsingIndex != "" && c.Type == "primary_key" {
			return "add_primary_key_using_index"
		}
		if c.UsingIndex != "" {
			return "add_constraint_using_index"
		}
		if c.Type == "unique" {
			return "add_unique"
		}
		return "add_primary_key"
	case "exclusion":
		return "add_exclusion"
	}
	return "alter_table"
}

// Implies lists the action types the catalog may add after this action
// once it knows the schema history: ADD PRIMARY KEY ... USING INDEX sets
// NOT NULL on the index's nullable columns (set_not_null actions). Whoever
// prepares rules from the parser's action types alone must add these.
func (a *Action) Implies() []string {
	if a.Type == ActionAddConstraint && a.ConstraintAction != nil && a.Constraint != nil &&
		a.Constraint.Type == "primary_key" && a.Constraint.UsingIndex != "" {
		return []string{ActionSetNotNull}
	}
	return nil
}
