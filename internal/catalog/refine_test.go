package catalog

import (
	"slices"
	"testing"

	"github.com/ddlgate/ddlgate/parser"
)

// Every route to NOT NULL makes a later SET NOT NULL skip its scan: the
// mutation test found that a table-level primary key no longer marking its
// columns went unnoticed (testdata/server/set_not_null_after_*.sql prove the
// server skips the scan).
func TestEveryRouteToNotNullSparesTheScan(t *testing.T) {
	for _, tc := range []struct {
		name    string
		history []string
		file    string
		scans   bool
	}{
		{"column NOT NULL", []string{"CREATE TABLE t (id bigint NOT NULL);"}, "", false},
		{"column PRIMARY KEY", []string{"CREATE TABLE t (id bigint PRIMARY KEY);"}, "", false},
		{"table PRIMARY KEY", []string{"CREATE TABLE t (id bigint, PRIMARY KEY (id));"}, "", false},
		{"named table PRIMARY KEY", []string{"CREATE TABLE t (id bigint, CONSTRAINT t_pk PRIMARY KEY (id));"}, "", false},
		{"ADD PRIMARY KEY", []string{"CREATE TABLE t (id bigint);", "ALTER TABLE t ADD PRIMARY KEY (id);"}, "", false},
		{"ADD CONSTRAINT PRIMARY KEY", []string{"CREATE TABLE t (id bigint);", "ALTER TABLE t ADD CONSTRAINT t_pk PRIMARY KEY (id);"}, "", false},
		{"PRIMARY KEY USING INDEX", []string{"CREATE TABLE t (id bigint);", "CREATE UNIQUE INDEX t_id ON t (id);",
			"ALTER TABLE t ADD CONSTRAINT t_pk PRIMARY KEY USING INDEX t_id;"}, "", false},
		{"identity", []string{"CREATE TABLE t (id bigint GENERATED ALWAYS AS IDENTITY);"}, "", false},
		{"serial", []string{"CREATE TABLE t (id bigserial);"}, "", false},
		{"earlier SET NOT NULL", []string{"CREATE TABLE t (id bigint);", "ALTER TABLE t ALTER COLUMN id SET NOT NULL;"}, "", false},
		{"ADD COLUMN NOT NULL", []string{"CREATE TABLE t (x int);", "ALTER TABLE t ADD COLUMN id bigint NOT NULL DEFAULT 0;"}, "", false},
		{"validated CHECK, earlier file", []string{"CREATE TABLE t (id bigint);", "ALTER TABLE t ADD CONSTRAINT t_id_nn CHECK (id IS NOT NULL) NOT VALID;",
			"ALTER TABLE t VALIDATE CONSTRAINT t_id_nn;"}, "", false},
		{"validated CHECK, same file", []string{"CREATE TABLE t (id bigint);"},
			"ALTER TABLE t ADD CONSTRAINT t_id_nn CHECK (id IS NOT NULL) NOT VALID;\nALTER TABLE t VALIDATE CONSTRAINT t_id_nn;\n", false},
		{"validated CHECK, same file, table unknown", nil,
			"ALTER TABLE t ADD CONSTRAINT t_id_nn CHECK (id IS NOT NULL) NOT VALID;\nALTER TABLE t VALIDATE CONSTRAINT t_id_nn;\n", false},
		{"validated CHECK, earlier file, table unknown", []string{"ALTER TABLE t ADD CONSTRAINT t_id_nn CHECK (id IS NOT NULL) NOT VALID;",
			"ALTER TABLE t VALIDATE CONSTRAINT t_id_nn;"}, "", false},
		{"ADD COLUMN NOT NULL, table unknown", []string{"ALTER TABLE t ADD COLUMN id bigint NOT NULL DEFAULT 0;"}, "", false},
		{"nullable", []string{"CREATE TABLE t (id bigint);"}, "", true},
		{"unknown table", nil, "", true},
		{"CHECK not validated", []string{"CREATE TABLE t (id bigint);", "ALTER TABLE t ADD CONSTRAINT t_id_nn CHECK (id IS NOT NULL) NOT VALID;"}, "", true},
		{"CHECK on another column", []string{"CREATE TABLE t (id bigint, x int);", "ALTER TABLE t ADD CONSTRAINT t_x_nn CHECK (x IS NOT NULL);"}, "", true},
		{"dropped NOT NULL", []string{"CREATE TABLE t (id bigint NOT NULL);", "ALTER TABLE t ALTER COLUMN id DROP NOT NULL;"}, "", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := history(t, tc.history...)
			f := lint(t, c, tc.file+"ALTER TABLE t ALTER COLUMN id SET NOT NULL;", parser.Options{})
			last := len(f.Statements) - 1
			a := action(t, f, last, "set_not_null")
			if a.Effects.ScansTable != tc.scans || f.Statements[last].Effects.ScansTable != tc.scans {
				t.Errorf("scans_table = %v (statement %v), want %v", a.Effects.ScansTable, f.Statements[last].Effects.ScansTable, tc.scans)
			}
		})
	}
}

// ADD PRIMARY KEY ... USING INDEX sets NOT NULL on the index's columns:
// the catalog adds that set_not_null (with its scan) for each column not
// known to be NOT NULL, and clears the scan when all are.
func TestPrimaryKeyUsingIndexImpliesSetNotNull(t *testing.T) {
	c := history(t, "CREATE TABLE t (id bigint, n int NOT NULL);", "CREATE UNIQUE INDEX t_id ON t (id);", "CREATE UNIQUE INDEX t_n ON t (n);")
	f := lint(t, c, "ALTER TABLE t ADD CONSTRAINT t_pk PRIMARY KEY USING INDEX t_id;", parser.Options{})
	s := f.Statements[0]
	if len(s.Actions) != 2 || s.Actions[1].Type != "set_not_null" || s.Actions[1].ColumnName != "id" ||
		s.Actions[1].ImpliedBy != "primary_key" || !s.Actions[1].Effects.ScansTable || !s.Effects.ScansTable {
		t.Fatalf("actions = %+v, want add_constraint then an implied set_not_null of id that scans", s.Actions)
	}
	c = history(t, "CREATE TABLE t (id bigint, n int NOT NULL);", "CREATE UNIQUE INDEX t_n ON t (n);")
	f = lint(t, c, "ALTER TABLE t ADD CONSTRAINT t_pk PRIMARY KEY USING INDEX t_n;", parser.Options{})
	if s := f.Statements[0]; len(s.Actions) != 1 || s.Effects.ScansTable {
		t.Errorf("actions = %+v, scans = %v; want no implied SET NOT NULL and no scan on a NOT NULL column", s.Actions, s.Effects.ScansTable)
	}
}

func TestSetLoggedOfALoggedTableIsANoOp(t *testing.T) {
	for _, tc := range []struct {
		history, sql string
		rewrite      bool
	}{
		{"CREATE TABLE t (id bigint);", "ALTER TABLE t SET LOGGED;", false},
		{"CREATE UNLOGGED TABLE t (id bigint);", "ALTER TABLE t SET LOGGED;", true},
		{"CREATE UNLOGGED TABLE t (id bigint);", "ALTER TABLE t SET UNLOGGED;", false},
		{"CREATE TABLE t (id bigint);", "ALTER TABLE t SET UNLOGGED;", true},
		{"CREATE TABLE u (id bigint);", "ALTER TABLE t SET LOGGED;", true},
		{"CREATE UNLOGGED TABLE t (id bigint); ALTER TABLE t SET LOGGED;", "ALTER TABLE t SET LOGGED;", false},
	} {
		f := lint(t, history(t, tc.history), tc.sql, parser.Options{})
		if got := f.Statements[0].Effects.RewritesTable; got != tc.rewrite {
			t.Errorf("%s then %s: rewrites_table = %v, want %v", tc.history, tc.sql, got, tc.rewrite)
		}
	}
}

func TestAddColumnOfAConstrainedDomainRewrites(t *testing.T) {
	c := history(t, "CREATE TABLE t (id bigint);", "CREATE DOMAIN positive AS int CHECK (VALUE > 0);",
		"CREATE DOMAIN plain AS int;", "CREATE DOMAIN required AS int NOT NULL;", "CREATE DOMAIN later AS int;",
		"ALTER DOMAIN later ADD CONSTRAINT later_pos CHECK (VALUE > 0);")
	for col, rewrite := range map[string]bool{"positive": true, "plain": false, "required DEFAULT 1": true, "later": true, "int": false} {
		f := lint(t, c, "ALTER TABLE t ADD COLUMN d "+col+";", parser.Options{})
		a := action(t, f, 0, "add_column")
		if a.Effects.RewritesTable != rewrite || a.Column.DomainConstraints != rewrite || f.Statements[0].Effects.RewritesTable != rewrite {
			t.Errorf("ADD COLUMN d %s: rewrites_table = %v, domain_constraints = %v, want %v", col, a.Effects.RewritesTable, a.Column.DomainConstraints, rewrite)
		}
	}
}

// A type change that keeps the storage but changes the collation rewrites
// no table, but rebuilds every index on the column under the lock.
func TestCollationChangeRebuildsIndexes(t *testing.T) {
	for _, tc := range []struct {
		sql     string
		rebuilt []string
	}{
		{`ALTER TABLE t ALTER COLUMN c TYPE text COLLATE "C";`, []string{"t_c", "t_lower_c"}},
		{`ALTER TABLE t ALTER COLUMN d TYPE text;`, []string{"t_d"}},
		{`ALTER TABLE t ALTER COLUMN d TYPE text COLLATE "C";`, []string{}},
		{`ALTER TABLE t ALTER COLUMN e TYPE text COLLATE "C";`, []string{}},
	} {
		c := history(t, `CREATE TABLE t (c text, d text COLLATE "C", e text);`, "CREATE INDEX t_c ON t (c);", "CREATE INDEX t_lower_c ON t (lower(c));",
			"CREATE INDEX t_d ON t (d);")
		f := lint(t, c, tc.sql, parser.Options{})
		a := action(t, f, 0, "alter_column_type")
		if a.Effects.RewritesTable || !slices.Equal(a.RebuiltIndexes, tc.rebuilt) || a.Effects.ScansTable != (len(tc.rebuilt) > 0) {
			t.Errorf("%s: rewrites %v, scans %v, rebuilt %v; want no rewrite, rebuilt %v", tc.sql, a.Effects.RewritesTable, a.Effects.ScansTable, a.RebuiltIndexes, tc.rebuilt)
		}
	}
}

func TestAttachPartitionScansUnlessACheckProvesTheBound(t *testing.T) {
	partitions := func() *Catalog {
		return history(t, "CREATE TABLE p (id bigint, k int) PARTITION BY RANGE (k);",
			"CREATE TABLE p2 (id bigint, k int);",
			"CREATE TABLE p3 (id bigint, k int, CONSTRAINT p3_k CHECK (k IS NOT NULL AND k >= 200 AND k < 300));",
			"CREATE TABLE p4 (id bigint, k int);",
			"ALTER TABLE p4 ADD CONSTRAINT p4_k CHECK (k IS NOT NULL AND 300 <= k AND k < 400) NOT VALID;")
	}
	for _, tc := range []struct {
		sql   string
		scans bool
		check string
	}{
		{"ALTER TABLE p ATTACH PARTITION p2 FOR VALUES FROM (100) TO (200);", true, "k IS NOT NULL AND k >= 100 AND k < 200"},
		{"ALTER TABLE p ATTACH PARTITION p3 FOR VALUES FROM (200) TO (300);", false, "k IS NOT NULL AND k >= 200 AND k < 300"},
		{"ALTER TABLE p ATTACH PARTITION p4 FOR VALUES FROM (300) TO (400);", true, "k IS NOT NULL AND k >= 300 AND k < 400"},
		{"ALTER TABLE p4 VALIDATE CONSTRAINT p4_k; ALTER TABLE p ATTACH PARTITION p4 FOR VALUES FROM (300) TO (400);", false, "k IS NOT NULL AND k >= 300 AND k < 400"},
		{"ALTER TABLE unknown ATTACH PARTITION p2 FOR VALUES FROM (100) TO (200);", true, ""},
	} {
		f := lint(t, partitions(), tc.sql, parser.Options{})
		last := len(f.Statements) - 1
		a := action(t, f, last, "attach_partition")
		if a.Effects.ScansTable != tc.scans || a.BoundCheck != tc.check {
			t.Errorf("%s: scans %v, bound_check %q; want %v, %q", tc.sql, a.Effects.ScansTable, a.BoundCheck, tc.scans, tc.check)
		}
		if got := f.Statements[last].Locks; len(got) != 2 || got[1].Relation.Name == "" || got[1].Mode != "ACCESS EXCLUSIVE" {
			t.Errorf("%s: locks %+v, want the parent and the partition (ACCESS EXCLUSIVE)", tc.sql, got)
		}
	}
	f := lint(t, partitions(), "CREATE INDEX p_k ON p (k);", parser.Options{})
	if !action(t, f, 0, "create_index").Table.Partitioned {
		t.Error("p is partitioned: its relation must say so")
	}
}

func TestValidateKnowsWhereTheConstraintWasAdded(t *testing.T) {
	c := history(t, "CREATE TABLE users (id bigint PRIMARY KEY);", "CREATE TABLE orders (id bigint, user_id bigint);",
		"ALTER TABLE orders ADD CONSTRAINT old_fk FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;")
	f := lint(t, c, `ALTER TABLE orders ADD FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;
ALTER TABLE orders VALIDATE CONSTRAINT orders_user_id_fkey;
ALTER TABLE orders VALIDATE CONSTRAINT old_fk;
`, parser.Options{})
	v := action(t, f, 1, "validate_constraint")
	if v.AddedInStatement == nil || *v.AddedInStatement != 0 || v.Constraint == nil || v.Constraint.Type != "foreign_key" ||
		v.Constraint.References == nil || v.Constraint.References.Table.Name != "users" {
		t.Errorf("validate of this file's key: added_in_statement %v, constraint %+v", v.AddedInStatement, v.Constraint)
	}
	old := action(t, f, 2, "validate_constraint")
	if old.AddedInStatement != nil || old.Constraint == nil || old.Constraint.Type != "foreign_key" {
		t.Errorf("validate of an earlier file's key: added_in_statement %v, constraint %+v", old.AddedInStatement, old.Constraint)
	}
}

func TestIndexOnPartitionedTableLocksEveryPartition(t *testing.T) {
	c := history(t, "CREATE TABLE p (id bigint, k int) PARTITION BY RANGE (k);",
		"CREATE TABLE p1 PARTITION OF p FOR VALUES FROM (0) TO (100) PARTITION BY RANGE (k);",
		"CREATE TABLE p1a PARTITION OF p1 FOR VALUES FROM (0) TO (50);",
		"CREATE TABLE p2 (id bigint, k int);", "ALTER TABLE p ATTACH PARTITION p2 FOR VALUES FROM (100) TO (200);")
	f := lint(t, c, "CREATE INDEX p_k ON p (k);\nCREATE INDEX p_id ON ONLY p (id);\n", parser.Options{})
	var got []string
	for _, l := range f.Statements[0].Locks {
		got = append(got, l.Relation.Name+" "+l.Mode)
	}
	if want := []string{"p SHARE", "p1 SHARE", "p1a SHARE", "p2 SHARE"}; !slices.Equal(got, want) {
		t.Errorf("locks = %v, want %v", got, want)
	}
	if b := f.Statements[0].BlockingLock; b == nil || len(b.Relations) != 4 {
		t.Errorf("blocking lock = %+v, want the four tables", b)
	}
	if n := len(f.Statements[1].Locks); n != 1 {
		t.Errorf("ON ONLY locks %d relations, want the parent alone", n)
	}
}
