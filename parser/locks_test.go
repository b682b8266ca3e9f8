package parser

import (
	"slices"
	"testing"
)

// describeSQL parses sql and fails the test on a syntax error.
func describeSQL(t *testing.T, sql string, opts Options) []Statement {
	t.Helper()
	f := Parse([]byte(sql), opts)
	if len(f.ParseErrors) > 0 {
		t.Fatalf("parse %q: %v", sql, f.ParseErrors)
	}
	return f.Statements
}

// lockOn returns the statement's lock mode on the named relation.
func lockOn(s Statement, name string) string {
	for _, l := range s.Locks {
		if l.Relation.Name == name {
			return l.Mode
		}
	}
	return ""
}

func findAction(s Statement, typ string) *Action {
	for i := range s.Actions {
		if s.Actions[i].Type == typ {
			return &s.Actions[i]
		}
	}
	return nil
}

// TestLockTable runs one statement per row of the lock table
// (docs/architecture.md "Locks and effects"; each row is proven on the real
// server by a case of testdata/server, see internal/dbfacts TestServerCases) and checks the lock on the named relation and the
// effects of the action.
func TestLockTable(t *testing.T) {
	const (
		ae  = "ACCESS EXCLUSIVE"
		sue = "SHARE UPDATE EXCLUSIVE"
		sh  = "SHARE"
		sre = "SHARE ROW EXCLUSIVE"
		ex  = "EXCLUSIVE"
		re  = "ROW EXCLUSIVE"
	)
	rewrite := Effects{RewritesTable: true}
	scan := Effects{ScansTable: true}
	cases := []struct {
		row     string
		sql     string
		action  string
		rel     string // relation whose statement lock is checked
		mode    string
		effects Effects
	}{
		{"create_index", "CREATE INDEX i ON t (a)", "create_index", "t", sh, scan},
		{"create_index_concurrently", "CREATE INDEX CONCURRENTLY i ON t (a)", "create_index", "t", sue, scan},
		{"drop_index", "DROP INDEX i", "drop_index", "i", ae, Effects{}},
		{"drop_index_concurrently", "DROP INDEX CONCURRENTLY i", "drop_index", "i", ae, Effects{}},
		{"reindex", "REINDEX TABLE t", "reindex", "t", sh, scan},
		{"reindex_index", "REINDEX INDEX i", "reindex", "i", ae, scan},
		{"reindex_concurrently", "REINDEX TABLE CONCURRENTLY t", "reindex", "t", sue, scan},
		{"rename_index", "ALTER INDEX i RENAME TO j", "rename_index", "i", sue, Effects{}},
		{"add_column", "ALTER TABLE t ADD COLUMN c int", "add_column", "t", ae, Effects{}},
		{"add_column_rewrite", "ALTER TABLE t ADD COLUMN c bigserial", "add_column", "t", ae, rewrite},
		{"add_column_index", "ALTER TABLE t ADD COLUMN c int UNIQUE", "add_column", "t", ae, scan},
		{"add_column_not_null", "ALTER TABLE t ADD COLUMN c int NOT NULL", "add_column", "t", ae, scan},
		{"drop_column", "ALTER TABLE t DROP COLUMN c", "drop_column", "t", ae, Effects{Destructive: true, BackwardIncompatible: true}},
		{"rename_column", "ALTER TABLE t RENAME COLUMN c TO d", "rename_column", "t", ae, Effects{BackwardIncompatible: true}},
		{"set_default", "ALTER TABLE t ALTER COLUMN c SET DEFAULT 1", "set_default", "t", ae, Effects{}},
		{"drop_default", "ALTER TABLE t ALTER COLUMN c DROP DEFAULT", "drop_default", "t", ae, Effects{}},
		{"drop_not_null", "ALTER TABLE t ALTER COLUMN c DROP NOT NULL", "drop_not_null", "t", ae, Effects{}},
		{"alter_column_type", "ALTER TABLE t ALTER COLUMN c TYPE bigint", "alter_column_type", "t", ae, Effects{RewritesTable: true, BackwardIncompatible: true}},
		{"alter_column_type_coercible", "ALTER TABLE t ALTER COLUMN c TYPE text", "alter_column_type", "t", ae, Effects{BackwardIncompatible: true}},
		{"set_not_null", "ALTER TABLE t ALTER COLUMN c SET NOT NULL", "set_not_null", "t", ae, Effects{ScansTable: true, BackwardIncompatible: true}},
		{"set_statistics", "ALTER TABLE t ALTER COLUMN c SET STATISTICS 500", "set_statistics", "t", sue, Effects{}},
		{"add_check", "ALTER TABLE t ADD CONSTRAINT k CHECK (c > 0)", "add_constraint", "t", ae, scan},
		{"add_check_not_valid", "ALTER TABLE t ADD CONSTRAINT k CHECK (c > 0) NOT VALID", "add_constraint", "t", ae, Effects{}},
		{"add_foreign_key", "ALTER TABLE t ADD CONSTRAINT f FOREIGN KEY (c) REFERENCES p (id)", "add_constraint", "t", sre, scan},
		{"add_foreign_key_not_valid", "ALTER TABLE t ADD CONSTRAINT f FOREIGN KEY (c) REFERENCES p (id) NOT VALID", "add_constraint", "t", sre, Effects{}},
		{"foreign_key_referenced", "ALTER TABLE t ADD CONSTRAINT f FOREIGN KEY (c) REFERENCES p (id) NOT VALID", "add_constraint", "p", sre, Effects{}},
		{"validate_constraint", "ALTER TABLE t VALIDATE CONSTRAINT f", "validate_constraint", "t", sue, scan},
		{"add_unique", "ALTER TABLE t ADD CONSTRAINT u UNIQUE (c)", "add_constraint", "t", ae, scan},
		{"add_primary_key", "ALTER TABLE t ADD PRIMARY KEY (c)", "add_constraint", "t", ae, scan},
		{"add_constraint_using_index", "ALTER TABLE t ADD CONSTRAINT u UNIQUE USING INDEX i", "add_constraint", "t", ae, Effects{}},
		{"add_exclusion", "ALTER TABLE t ADD CONSTRAINT x EXCLUDE USING gist (r WITH &&)", "add_constraint", "t", ae, scan},
		{"drop_constraint", "ALTER TABLE t DROP CONSTRAINT k", "drop_constraint", "t", ae, Effects{}},
		{"rename_constraint", "ALTER TABLE t RENAME CONSTRAINT k TO k2", "rename_constraint", "t", ae, Effects{}},
		{"attach_partition", "ALTER TABLE t ATTACH PARTITION t1 FOR VALUES IN (1)", "attach_partition", "t", sue, scan},
		{"detach_partition", "ALTER TABLE t DETACH PARTITION t1", "detach_partition", "t", ae, Effects{}},
		{"detach_partition", "ALTER TABLE t DETACH PARTITION t1", "detach_partition", "t1", ae, Effects{}},
		{"detach_partition_concurrently", "ALTER TABLE t DETACH PARTITION t1 CONCURRENTLY", "detach_partition", "t", sue, Effects{}},
		{"detach_partition_concurrently", "ALTER TABLE t DETACH PARTITION t1 CONCURRENTLY", "detach_partition", "t1", ae, Effects{}},
		{"create_partition_of", "CREATE TABLE t1 PARTITION OF t FOR VALUES IN (1)", "create_table", "t", ae, Effects{}},
		{"set_storage", "ALTER TABLE t SET (fillfactor = 70)", "set_storage", "t", sue, Effects{}},
		{"cluster_on", "ALTER TABLE t CLUSTER ON i", "cluster_on", "t", sue, Effects{}},
		{"set_logged", "ALTER TABLE t SET LOGGED", "set_logged", "t", ae, rewrite},
		{"set_unlogged", "ALTER TABLE t SET UNLOGGED", "set_unlogged", "t", ae, rewrite},
		{"set_tablespace", "ALTER TABLE t SET TABLESPACE fast", "set_tablespace", "t", ae, rewrite},
		{"set_access_method", "ALTER TABLE t SET ACCESS METHOD heap2", "set_access_method", "t", ae, rewrite},
		{"vacuum_full", "VACUUM FULL t", "vacuum_full", "t", ae, rewrite},
		{"cluster", "CLUSTER t USING i", "cluster", "t", ae, rewrite},
		{"refresh_matview", "REFRESH MATERIALIZED VIEW m", "refresh_matview", "m", ae, rewrite},
		{"refresh_matview_concurrently", "REFRESH MATERIALIZED VIEW CONCURRENTLY m", "refresh_matview", "m", ex, scan},
		{"create_table", "CREATE TABLE t (a int)", "create_table", "t", "", Effects{}},
		{"truncate", "TRUNCATE t", "truncate", "t", ae, Effects{Destructive: true}},
		{"drop_table", "DROP TABLE t", "drop_table", "t", ae, Effects{Destructive: true, BackwardIncompatible: true}},
		{"rename_table", "ALTER TABLE t RENAME TO u", "rename_table", "t", ae, Effects{BackwardIncompatible: true}},
		{"drop_relation", "DROP VIEW v", "drop_view", "v", ae, Effects{}},
		{"drop_schema", "DROP SCHEMA s CASCADE", "drop_schema", "s", "", Effects{Destructive: true}},
		{"drop_database", "DROP DATABASE d", "drop_database", "d", "", Effects{Destructive: true}},
		{"create_trigger", "CREATE TRIGGER g BEFORE UPDATE ON t FOR EACH ROW EXECUTE FUNCTION f()", "create_trigger", "t", sre, Effects{}},
		{"enable_trigger", "ALTER TABLE t ENABLE TRIGGER g", "enable_trigger", "t", sre, Effects{}},
		{"disable_trigger", "ALTER TABLE t DISABLE TRIGGER ALL", "disable_trigger", "t", sre, Effects{}},
		{"alter_table", "ALTER TABLE t ENABLE ROW LEVEL SECURITY", "enable_rls", "t", ae, Effects{}},
		{"update", "UPDATE t SET a = 1", "update", "t", re, Effects{}},
		{"delete", "DELETE FROM t WHERE a = 1", "delete", "t", re, Effects{Destructive: true}},
		{"insert", "INSERT INTO t (a) VALUES (1)", "insert", "t", re, Effects{}},
		{"none", "ALTER TYPE mood ADD VALUE 'meh'", "add_enum_value", "mood", "", Effects{}},
	}
	covered := map[string]bool{}
	for _, tc := range cases {
		covered[tc.row] = true
		t.Run(tc.row, func(t *testing.T) {
			stmts := describeSQL(t, tc.sql, Options{PGVersion: 16})
			if len(stmts) != 1 {
				t.Fatalf("got %d statements", len(stmts))
			}
			s := stmts[0]
			a := findAction(s, tc.action)
			if a == nil {
				t.Fatalf("no %s action in %+v", tc.action, s.Actions)
			}
			if got := lockOn(s, tc.rel); got != tc.mode {
				t.Errorf("lock on %s = %q, want %q (locks %+v)", tc.rel, got, tc.mode, s.Locks)
			}
			if a.Effects != tc.effects {
				t.Errorf("action effects = %+v, want %+v", a.Effects, tc.effects)
			}
			if s.Effects != orEffects(Effects{}, tc.effects) {
				t.Errorf("statement effects = %+v, want %+v", s.Effects, tc.effects)
			}
		})
	}
	for _, r := range []string{"rename_index_before_12", "attach_partition_before_12", "partition_attached",
		"partition_detached", "add_primary_key_using_index", "create_index_only"} {
		// TestLockTableVersionAndPartitionRows covers these.
		covered[r] = true
	}
	for _, r := range lockRows {
		if !covered[r.Kind] {
			t.Errorf("lock table row %q has no test case", r.Kind)
		}
	}
}

func TestLockStrongestModePerRelation(t *testing.T) {
	s := describeSQL(t, `ALTER TABLE t
		ALTER COLUMN c SET STATISTICS 100,
		ADD CONSTRAINT f FOREIGN KEY (c) REFERENCES p (id),
		ADD COLUMN d int`, Options{})[0]
	if len(s.Locks) != 2 {
		t.Fatalf("locks = %+v, want one per relation (t, p)", s.Locks)
	}
	if got := lockOn(s, "t"); got != "ACCESS EXCLUSIVE" {
		t.Errorf("lock on t = %q, want ACCESS EXCLUSIVE (strongest of SUE, SRE, AE)", got)
	}
	if got := lockOn(s, "p"); got != "SHARE ROW EXCLUSIVE" {
		t.Errorf("lock on p = %q, want SHARE ROW EXCLUSIVE", got)
	}
	if !s.Effects.ScansTable {
		t.Error("statement effects must OR the FK validation scan")
	}
}

func TestAddColumnRewriteByVersion(t *testing.T) {
	cases := []struct {
		name    string
		version int
		def     string
		rewrite bool
	}{
		{"constant default before 11", 10, "int DEFAULT 0", true},
		{"constant default on 11", 11, "int DEFAULT 0", false},
		{"stable default on 11", 11, "timestamptz DEFAULT now()", false},
		{"volatile default on 11", 11, "float8 DEFAULT random()", true},
		{"volatile uuid default on 16", 16, "uuid DEFAULT gen_random_uuid()", true},
		{"no default before 11", 10, "int", false},
		{"identity", 16, "bigint GENERATED ALWAYS AS IDENTITY", true},
		{"stored generated", 16, "int GENERATED ALWAYS AS (a * 2) STORED", true},
		{"serial", 16, "serial", true},
		{"unknown version is the newest", 0, "int DEFAULT 0", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := describeSQL(t, "ALTER TABLE t ADD COLUMN c "+tc.def, Options{PGVersion: tc.version})[0]
			a := findAction(s, "add_column")
			if a == nil {
				t.Fatal("no add_column action")
			}
			if a.Effects.RewritesTable != tc.rewrite || s.Effects.RewritesTable != tc.rewrite {
				t.Errorf("rewrite = %v (statement %v), want %v", a.Effects.RewritesTable, s.Effects.RewritesTable, tc.rewrite)
			}
		})
	}
}

// TestHeldLocks follows ACCESS EXCLUSIVE locks through transaction blocks:
// held from the statement that takes them to the end of the block, listed
// once, not held in autocommit, and never on a table the file created.
func TestHeldLocks(t *testing.T) {
	f := Parse([]byte(`BEGIN;
ALTER TABLE users ADD COLUMN a text;
CREATE INDEX users_a_idx ON users (a);
CREATE TABLE fresh (id int);
ALTER TABLE fresh ADD COLUMN b text;
ALTER TABLE users DROP COLUMN old, ALTER COLUMN a SET DEFAULT '';
TRUNCATE orders;
SET lock_timeout = '1s';
COMMIT;
ALTER TABLE users ADD COLUMN c text;
SELECT 1;
`), Options{Runner: "psql"})
	users, orders := HeldLock{Relation: "public.users", Since: 1}, HeldLock{Relation: "public.orders", Since: 6}
	want := [][]HeldLock{
		{}, {}, {users}, {users}, {users}, {users}, {users},
		{users, orders}, {users, orders}, // SET and COMMIT still run under them
		{}, {}, // autocommit: each statement's locks end with it
	}
	if len(f.Statements) != len(want) {
		t.Fatalf("%d statements, want %d", len(f.Statements), len(want))
	}
	for i, s := range f.Statements {
		if got := s.Transaction.HeldAccessExclusive; !slices.Equal(got, want[i]) || got == nil {
			t.Errorf("statement %d (%s): held %+v, want %+v", i, s.Tag, got, want[i])
		}
	}
	// Work after each statement of the block: ALTER, CREATE INDEX, CREATE
	// TABLE, ALTER fresh, ALTER users, TRUNCATE do work; SET and COMMIT do
	// not.
	// BEGIN is outside the block it opens.
	for i, want := range []struct{ after, last int }{{0, -1}, {5, 6}, {4, 6}, {3, 6}, {2, 6}, {1, 6}, {0, -1}, {0, -1}, {0, -1}, {0, -1}, {0, -1}} {
		if tx := f.Statements[i].Transaction; tx.WorkAfter != want.after || tx.LastWork != want.last {
			t.Errorf("statement %d: work_after %d last_work %d, want %d %d", i, tx.WorkAfter, tx.LastWork, want.after, want.last)
		}
	}
	// A plain SET outlives the transaction.
	if !f.Statements[8].Session.LockTimeoutInEffect || f.Statements[7].Session.LockTimeoutInEffect || !f.Statements[9].Session.LockTimeoutInEffect {
		t.Errorf("lock_timeout in effect: SET %v, COMMIT %v, after %v",
			f.Statements[7].Session.LockTimeoutInEffect, f.Statements[8].Session.LockTimeoutInEffect, f.Statements[9].Session.LockTimeoutInEffect)
	}
}

// Rows whose lock depends on the target version or names a second
// relation, checked beside TestLockTable's single-relation rows.
func TestLockTableVersionAndPartitionRows(t *testing.T) {
	for _, tc := range []struct {
		row, sql string
		pg       int
		rel      string
		mode     string
		scans    bool
	}{
		{"rename_index", "ALTER INDEX i RENAME TO j", 12, "i", "SHARE UPDATE EXCLUSIVE", false},
		{"rename_index_before_12", "ALTER INDEX i RENAME TO j", 11, "i", "ACCESS EXCLUSIVE", false},
		{"attach_partition", "ALTER TABLE t ATTACH PARTITION t1 FOR VALUES IN (1)", 12, "t", "SHARE UPDATE EXCLUSIVE", true},
		{"attach_partition_before_12", "ALTER TABLE t ATTACH PARTITION t1 FOR VALUES IN (1)", 11, "t", "ACCESS EXCLUSIVE", true},
		{"partition_attached", "ALTER TABLE t ATTACH PARTITION t1 FOR VALUES IN (1)", 16, "t1", "ACCESS EXCLUSIVE", true},
		{"detach_partition", "ALTER TABLE t DETACH PARTITION t1", 16, "t", "ACCESS EXCLUSIVE", false},
		{"detach_partition_concurrently", "ALTER TABLE t DETACH PARTITION t1 CONCURRENTLY", 16, "t", "SHARE UPDATE EXCLUSIVE", false},
		{"partition_detached", "ALTER TABLE t DETACH PARTITION t1 CONCURRENTLY", 16, "t1", "ACCESS EXCLUSIVE", false},
		{"add_primary_key_using_index", "ALTER TABLE t ADD CONSTRAINT t_pkey PRIMARY KEY USING INDEX t_id", 16, "t", "ACCESS EXCLUSIVE", true},
		{"add_constraint_using_index", "ALTER TABLE t ADD CONSTRAINT t_key UNIQUE USING INDEX t_id", 16, "t", "ACCESS EXCLUSIVE", false},
		{"create_index_only", "CREATE INDEX i ON ONLY t (a)", 16, "t", "SHARE", false},
	} {
		t.Run(tc.row, func(t *testing.T) {
			s := describeSQL(t, tc.sql, Options{PGVersion: tc.pg})[0]
			if got := lockOn(s, tc.rel); got != tc.mode {
				t.Errorf("lock on %s = %q, want %q (locks %+v)", tc.rel, got, tc.mode, s.Locks)
			}
			if s.Effects.ScansTable != tc.scans {
				t.Errorf("scans_table = %v, want %v", s.Effects.ScansTable, tc.scans)
			}
		})
	}
}
