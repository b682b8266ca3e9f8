package catalog

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/ddlgate/ddlgate/parser"
)

var update = flag.Bool("update", false, "rewrite golden files")

const testdataDir = "../../testdata/catalog"

// lint parses sql as one migration file and annotates it with c, as the
// linter does for every file in version order.
func lint(t *testing.T, c *Catalog, sql string, opts parser.Options) *parser.File {
	t.Helper()
	f := parser.Parse([]byte(sql), opts)
	if len(f.ParseErrors) > 0 {
		t.Fatalf("parse %q: %v", sql, f.ParseErrors)
	}
	c.Annotate(f)
	return f
}

// history folds the SQL files in order into a new catalog.
func history(t *testing.T, files ...string) *Catalog {
	t.Helper()
	c := New("public")
	for _, sql := range files {
		lint(t, c, sql, parser.Options{})
	}
	return c
}

// action returns the first action of the given type in statement i.
func action(t *testing.T, f *parser.File, i int, typ string) *parser.Action {
	t.Helper()
	if i >= len(f.Statements) {
		t.Fatalf("file has %d statements, want statement %d", len(f.Statements), i)
	}
	for j := range f.Statements[i].Actions {
		if a := &f.Statements[i].Actions[j]; a.Type == typ {
			return a
		}
	}
	t.Fatalf("statement %d (%s) has no %s action", i, f.Statements[i].Text, typ)
	return nil
}

func assertGolden(t *testing.T, name string, v any) {
	t.Helper()
	got, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	got = append(got, '\n')
	path := filepath.Join(testdataDir, name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read golden (run with -update): %v", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file; run go test -update and review the diff\ngot:\n%s", path, got)
	}
}

// TestHistoryDisprovesFindings folds a directory whose earlier files create a
// table, widen a varchar, add an index and a validated NOT NULL check, then
// checks what the last file's facts say thanks to that history.
func TestHistoryDisprovesFindings(t *testing.T) {
	paths, err := filepath.Glob(filepath.Join(testdataDir, "history", "*.sql"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no history files: %v", err)
	}
	slices.Sort(paths)
	c := New("public")
	var before Snapshot
	var last *parser.File
	for _, p := range paths {
		src, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		last = parser.Parse(src, parser.Options{Path: p, PGVersion: 16})
		before = c.SnapshotFor(last)
		c.Annotate(last)
	}
	assertGolden(t, "history.before-0005.json", before)

	type want struct {
		stmt             int
		typ              string
		oldType          string // as written in history; "" for none
		rewrites         bool
		scans            bool
		dependsOnTZ      bool
		hasNotNullCheck  bool
		known            bool
		existsBefore     bool
		createdInFile    bool
		statementRewrite bool
	}
	cases := []want{
		{stmt: 0, typ: "alter_column_type", oldType: "varchar(50)", known: true, existsBefore: true},
		{stmt: 1, typ: "set_not_null", hasNotNullCheck: true, known: true, existsBefore: true},
		{stmt: 2, typ: "alter_column_type", oldType: "numeric(10, 2)", known: true, existsBefore: true},
		{stmt: 3, typ: "alter_column_type", oldType: "integer", rewrites: true, known: true, existsBefore: true, statementRewrite: true},
		{stmt: 4, typ: "alter_column_type", oldType: "timestamp", rewrites: true, dependsOnTZ: true, known: true, existsBefore: true, statementRewrite: true},
		{stmt: 5, typ: "alter_column_type", oldType: "text", rewrites: true, known: true, existsBefore: true, statementRewrite: true},
		{stmt: 8, typ: "alter_column_type", oldType: "bigint", known: true, createdInFile: true},
		{stmt: 9, typ: "alter_column_type", rewrites: true, existsBefore: true, statementRewrite: true},
	}
	for _, w := range cases {
		a := action(t, last, w.stmt, w.typ)
		ca := a.ColumnAction
		old := ""
		if ca.OldType != nil {
			old = ca.OldType.Text
		}
		if old != w.oldType {
			t.Errorf("statement %d: old_type %q, want %q", w.stmt, old, w.oldType)
		}
		if a.Effects.RewritesTable != w.rewrites || a.Effects.ScansTable != w.scans {
			t.Errorf("statement %d: rewrites_table %v scans_table %v, want %v %v",
				w.stmt, a.Effects.RewritesTable, a.Effects.ScansTable, w.rewrites, w.scans)
		}
		if got := last.Statements[w.stmt].Effects.RewritesTable; got != w.statementRewrite {
			t.Errorf("statement %d: statement rewrites_table %v, want %v", w.stmt, got, w.statementRewrite)
		}
		if ca.RewriteDependsOnTimezone != w.dependsOnTZ || ca.HasNotNullCheck != w.hasNotNullCheck {
			t.Errorf("statement %d: rewrite_depends_on_timezone %v has_not_null_check %v, want %v %v",
				w.stmt, ca.RewriteDependsOnTimezone, ca.HasNotNullCheck, w.dependsOnTZ, w.hasNotNullCheck)
		}
		r := a.Table
		if r.Known != w.known || r.ExistsBefore != w.existsBefore || r.CreatedInFile != w.createdInFile {
			t.Errorf("statement %d: table known %v exists_before %v created_in_file %v, want %v %v %v",
				w.stmt, r.Known, r.ExistsBefore, r.CreatedInFile, w.known, w.existsBefore, w.createdInFile)
		}
	}

	fk := action(t, last, 6, "add_constraint").ConstraintAction.Constraint.References.Table
	if !fk.Known || !fk.ExistsBefore || fk.Name != "Customers" {
		t.Errorf("foreign key target %+v: want the known, existing \"Customers\"", fk)
	}
	for _, lock := range last.Statements[9].Locks {
		if lock.Relation.Known {
			t.Errorf("lock on %s.%s is known, but no history mentions it", lock.Relation.Schema, lock.Relation.Name)
		}
	}

	orders := c.Table("public.orders")
	if orders == nil || !orders.Columns["status"].NotNull || orders.Columns["code"].Type.Name != "int8" {
		t.Fatalf("after the last file, orders = %+v: want status NOT NULL and code bigint", orders)
	}
	if c.Table("public.refunds") == nil {
		t.Error("refunds, created by the last file, is missing from the catalog after it")
	}
}

func TestSetNotNullScanDependsOnValidatedCheckAndVersion(t *testing.T) {
	const create = `CREATE TABLE accounts (id bigint PRIMARY KEY, email text, name text);`
	cases := []struct {
		name      string
		history   string
		pg        int
		column    string
		wantScan  bool
		wantCheck bool
	}{
		{"validated check", `ALTER TABLE accounts ADD CONSTRAINT email_nn CHECK (email IS NOT NULL);`, 16, "email", false, true},
		{"check not yet validated", `ALTER TABLE accounts ADD CONSTRAINT email_nn CHECK (email IS NOT NULL) NOT VALID;`, 16, "email", true, false},
		{"validated in a later statement", `ALTER TABLE accounts ADD CONSTRAINT email_nn CHECK (email IS NOT NULL) NOT VALID;
			ALTER TABLE accounts VALIDATE CONSTRAINT email_nn;`, 16, "email", false, true},
		{"check on another column", `ALTER TABLE accounts ADD CONSTRAINT name_nn CHECK (name IS NOT NULL);`, 16, "email", true, false},
		{"check dropped again", `ALTER TABLE accounts ADD CONSTRAINT email_nn CHECK (email IS NOT NULL);
			ALTER TABLE accounts DROP CONSTRAINT email_nn;`, 16, "email", true, false},
		{"PostgreSQL 11 always scans", `ALTER TABLE accounts ADD CONSTRAINT email_nn CHECK (email IS NOT NULL);`, 11, "email", true, false},
		{"column already NOT NULL", ``, 16, "id", false, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := history(t, create, tc.history)
			f := lint(t, c, `ALTER TABLE accounts ALTER COLUMN `+tc.column+` SET NOT NULL;`, parser.Options{PGVersion: tc.pg})
			a := action(t, f, 0, "set_not_null")
			if a.Effects.ScansTable != tc.wantScan || a.ColumnAction.HasNotNullCheck != tc.wantCheck {
				t.Errorf("scans_table %v has_not_null_check %v, want %v %v",
					a.Effects.ScansTable, a.ColumnAction.HasNotNullCheck, tc.wantScan, tc.wantCheck)
			}
			if f.Statements[0].Effects.ScansTable != tc.wantScan {
				t.Errorf("statement scans_table %v, want %v", f.Statements[0].Effects.ScansTable, tc.wantScan)
			}
		})
	}
}

func TestFoldFollowsRenamesAndDrops(t *testing.T) {
	c := history(t, `
		CREATE SCHEMA billing;
		CREATE TABLE billing.users (id int PRIMARY KEY, email varchar(100) UNIQUE, team_id int);
		CREATE TABLE billing.invoices (id int PRIMARY KEY, user_id int REFERENCES billing.users (id));
		CREATE INDEX invoices_user_idx ON billing.invoices (user_id);`,
		`ALTER TABLE billing.users RENAME TO members;
		ALTER TABLE billing.members RENAME COLUMN id TO member_id;
		ALTER INDEX billing.invoices_user_idx RENAME TO invoices_member_idx;
		ALTER TABLE billing.members RENAME CONSTRAINT users_email_key TO members_email_key;
		ALTER TABLE billing.members DROP COLUMN team_id;`)

	if c.Table("billing.users") != nil {
		t.Error("billing.users still present after RENAME TO members")
	}
	members := c.Table("billing.members")
	if members == nil {
		t.Fatal("billing.members missing")
	}
	if _, ok := members.Columns["member_id"]; !ok || !slices.Equal(members.PrimaryKey, []string{"member_id"}) {
		t.Errorf("members columns %v primary key %v: want member_id renamed everywhere", keys(members.Columns), members.PrimaryKey)
	}
	if _, ok := members.Columns["team_id"]; ok {
		t.Error("team_id still present after DROP COLUMN")
	}
	if !hasIndex(members, "members_email_key", true) {
		t.Errorf("members indexes %+v: want the unique index renamed with its constraint", members.Indexes)
	}
	invoices := c.Table("billing.invoices")
	fk := invoices.Constraints[slices.IndexFunc(invoices.Constraints, func(con Constraint) bool { return con.Type == "foreign_key" })]
	if fk.References.Table != "billing.members" || !slices.Equal(fk.References.Columns, []string{"member_id"}) {
		t.Errorf("invoice foreign key references %+v: want billing.members(member_id)", fk.References)
	}
	if !hasIndex(invoices, "invoices_member_idx", false) {
		t.Errorf("invoices indexes %+v: want invoices_member_idx", invoices.Indexes)
	}

	lint(t, c, `DROP TABLE billing.members CASCADE;`, parser.Options{})
	invoices = c.Table("billing.invoices")
	if slices.ContainsFunc(invoices.Constraints, func(con Constraint) bool { return con.Type == "foreign_key" }) {
		t.Errorf("invoices constraints %+v: the foreign key to the dropped table must go", invoices.Constraints)
	}
	lint(t, c, `DROP SCHEMA billing CASCADE;`, parser.Options{})
	if len(c.Snapshot().Tables) != 0 {
		t.Errorf("tables left after DROP SCHEMA CASCADE: %v", keys(c.Snapshot().Tables))
	}
}

func TestFoldConstraintsAndIndexes(t *testing.T) {
	c := history(t, `
		CREATE TABLE events (id bigint NOT NULL, kind text, payload jsonb, tenant_id int);
		CREATE UNIQUE INDEX CONCURRENTLY events_id_idx ON events (id);
		ALTER TABLE events ADD CONSTRAINT events_pkey PRIMARY KEY USING INDEX events_id_idx;
		ALTER TABLE events ADD CONSTRAINT events_tenant_fk FOREIGN KEY (tenant_id) REFERENCES tenants (id) NOT VALID;
		CREATE INDEX ON events (tenant_id) WHERE kind IS NOT NULL;
		ALTER TABLE events ADD UNIQUE (kind, tenant_id);
		CREATE INDEX IF NOT EXISTS events_tenant_id_idx ON events (kind);
		DROP INDEX events_kind_tenant_id_key;`)
	events := c.Table("public.events")
	if !slices.Equal(events.PrimaryKey, []string{"id"}) || !hasIndex(events, "events_pkey", true) || hasIndex(events, "events_id_idx", true) {
		t.Errorf("events primary key %v indexes %+v: USING INDEX renames events_id_idx to events_pkey", events.PrimaryKey, events.Indexes)
	}
	var partial *Index
	for i := range events.Indexes {
		if events.Indexes[i].Name == "events_tenant_id_idx" {
			partial = &events.Indexes[i]
		}
	}
	if partial == nil || !partial.Partial || !slices.Equal(partial.Columns, []string{"tenant_id"}) {
		t.Errorf("unnamed partial index: got %+v (IF NOT EXISTS on its name must not add another)", events.Indexes)
	}
	fk := events.Constraints[slices.IndexFunc(events.Constraints, func(con Constraint) bool { return con.Name == "events_tenant_fk" })]
	if fk.Validated || fk.References.Table != "public.tenants" {
		t.Errorf("NOT VALID foreign key %+v: want not validated, referencing public.tenants", fk)
	}
	if !slices.ContainsFunc(events.Constraints, func(con Constraint) bool { return con.Name == "events_kind_tenant_id_key" }) {
		t.Errorf("constraints %+v: ADD UNIQUE gets PostgreSQL's default name", events.Constraints)
	}

	lint(t, c, `ALTER TABLE events VALIDATE CONSTRAINT events_tenant_fk;
		ALTER TABLE events DROP CONSTRAINT events_kind_tenant_id_key;`, parser.Options{})
	events = c.Table("public.events")
	if i := slices.IndexFunc(events.Constraints, func(con Constraint) bool { return con.Name == "events_tenant_fk" }); !events.Constraints[i].Validated {
		t.Error("VALIDATE CONSTRAINT did not mark the foreign key validated")
	}
	if hasIndex(events, "events_kind_tenant_id_key", true) {
		t.Error("DROP CONSTRAINT of a unique constraint must drop its index")
	}
}

func TestFoldEnumsViewsAndTransactions(t *testing.T) {
	c := history(t, `
		CREATE TYPE mood AS ENUM ('sad', 'ok');
		ALTER TYPE mood ADD VALUE 'happy';
		CREATE VIEW active_users AS SELECT 1;
		CREATE MATERIALIZED VIEW stats AS SELECT 1;
		DROP VIEW active_users;
		BEGIN;
		CREATE TABLE scratch (id int);
		ROLLBACK;
		BEGIN;
		CREATE TABLE kept (id int);
		COMMIT;`)
	s := c.Snapshot()
	if got := s.Enums["public.mood"]; !slices.Equal(got, []string{"sad", "ok", "happy"}) {
		t.Errorf("enum public.mood = %v, want [sad ok happy]", got)
	}
	if !slices.Equal(s.Views, []string{"public.stats"}) {
		t.Errorf("views = %v, want [public.stats]", s.Views)
	}
	if s.Tables["public.scratch"] != nil {
		t.Error("a table created in a ROLLBACK'd block is in the catalog")
	}
	if s.Tables["public.kept"] == nil {
		t.Error("a table created in a committed block is missing")
	}
}

func TestSnapshotsDoNotChangeAfterwards(t *testing.T) {
	c := history(t, `CREATE TABLE t (a varchar(10), b int);`)
	before := c.Snapshot()
	encoded, _ := json.Marshal(before)
	lint(t, c, `ALTER TABLE t ALTER COLUMN a TYPE varchar(20);
		ALTER TABLE t RENAME COLUMN b TO c;
		CREATE INDEX t_a_idx ON t (a);
		ALTER TABLE t RENAME TO u;`, parser.Options{})
	again, _ := json.Marshal(before)
	if !bytes.Equal(encoded, again) {
		t.Errorf("an earlier snapshot changed when the catalog moved on:\nbefore %s\nafter  %s", encoded, again)
	}
	if c.Table("public.u") == nil || c.Table("public.u").Columns["a"].Type.Mods[0] != 20 {
		t.Error("the catalog did not move on")
	}
}

func TestDownMigrationLeavesHistoryAlone(t *testing.T) {
	c := history(t, `CREATE TABLE t (id int);`)
	f := lint(t, c, `DROP TABLE t; CREATE TABLE t2 (id int); ALTER TABLE t2 ADD COLUMN x int;`, parser.Options{Direction: "down"})
	if c.Table("public.t") == nil || c.Table("public.t2") != nil {
		t.Error("a down migration changed the catalog")
	}
	if a := action(t, f, 2, "add_column"); !a.Table.Known || !a.Table.CreatedInFile {
		t.Errorf("within the down file, t2 is created earlier in the file: %+v", a.Table)
	}
}

func TestUnknownTablesStayUnknown(t *testing.T) {
	c := New("public")
	f := lint(t, c, `ALTER TABLE orders ADD COLUMN note text; CREATE INDEX orders_note_idx ON orders (note);
		ALTER TABLE orders ALTER COLUMN note TYPE varchar(10);`, parser.Options{})
	a := action(t, f, 0, "add_column")
	if a.Table.Known || !a.Table.ExistsBefore || a.Table.CreatedInFile {
		t.Errorf("unknown table annotated %+v: want existing, not known", a.Table)
	}
	if a := action(t, f, 2, "alter_column_type"); a.ColumnAction.OldType != nil || !a.Effects.RewritesTable {
		t.Errorf("unknown column: old_type %v rewrites %v: want nil and the parser's conservative answer", a.ColumnAction.OldType, a.Effects.RewritesTable)
	}
	if len(c.Snapshot().Tables) != 0 {
		t.Error("altering an unknown table must not invent it in the catalog")
	}
}

func TestQuotedAndQualifiedNamesAreDistinct(t *testing.T) {
	c := history(t, `CREATE TABLE "Users" (id int); CREATE TABLE app.users (id int);`)
	f := lint(t, c, `ALTER TABLE users ADD COLUMN x int; ALTER TABLE "Users" ADD COLUMN y int; ALTER TABLE APP.Users ADD COLUMN z int;`, parser.Options{})
	for i, wantKnown := range []bool{false, true, true} {
		if a := action(t, f, i, "add_column"); a.Table.Known != wantKnown {
			t.Errorf("statement %d (%s): known %v, want %v", i, f.Statements[i].Text, a.Table.Known, wantKnown)
		}
	}
	if _, ok := c.Table("public.Users").Columns["y"]; !ok {
		t.Error(`"Users" did not get column y`)
	}
	if _, ok := c.Table("app.users").Columns["z"]; !ok {
		t.Error("app.users did not get column z")
	}
}

func hasIndex(t *Table, name string, unique bool) bool {
	return slices.ContainsFunc(t.Indexes, func(ix Index) bool { return ix.Name == name && ix.Unique == unique })
}

func keys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

func TestFileScopedSnapshotListsOnlyTheTablesTheFileNames(t *testing.T) {
	const past = `CREATE TABLE customers (id int PRIMARY KEY);
		CREATE TABLE orders (id int PRIMARY KEY, customer_id int);
		CREATE INDEX orders_customer_idx ON orders (customer_id);
		CREATE TABLE audit_log (id int);
		CREATE TABLE tags (id int);`
	const next = `ALTER TABLE orders ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id) NOT VALID;
		ALTER INDEX orders_customer_idx RENAME TO orders_customer_id_idx;
		CREATE TABLE notes (id int, tag_id int REFERENCES tags (id));`
	c := history(t, past)
	f := parser.Parse([]byte(next), parser.Options{})
	published := c.SnapshotFor(f)
	c.Annotate(f)

	got := keys(published.Tables)
	if want := []string{"public.customers", "public.orders", "public.tags"}; !slices.Equal(got, want) {
		t.Errorf("published snapshot tables %v, want %v", got, want)
	}
	if n := len(c.Snapshot().Tables); n != 5 {
		t.Errorf("full snapshot after the file has %d tables, want 5 (with notes)", n)
	}
}

func TestTableRenamedInTheFileIsStillCreatedInTheFile(t *testing.T) {
	c := New("public")
	f := lint(t, c, `CREATE TABLE draft (id int); ALTER TABLE draft RENAME TO final; ALTER TABLE final ADD COLUMN x int;`, parser.Options{})
	if a := action(t, f, 2, "add_column"); !a.Table.Known || !a.Table.CreatedInFile || a.Table.ExistsBefore {
		t.Errorf("table renamed after its creation in the file: %+v, want known, created in file", a.Table)
	}
}

func TestCreateIfNotExistsOfAKnownTableCreatesNothing(t *testing.T) {
	c := history(t, `CREATE TABLE orders (id int PRIMARY KEY, note text);`)
	f := lint(t, c, `CREATE TABLE IF NOT EXISTS orders (id int PRIMARY KEY);
		CREATE INDEX orders_note_idx ON orders (note);`, parser.Options{})
	for i, typ := range []string{"create_table", "create_index"} {
		if a := action(t, f, i, typ); a.Table.CreatedInFile || !a.Table.ExistsBefore || !a.Table.Known {
			t.Errorf("statement %d: %+v, want the existing orders table", i, a.Table)
		}
	}
	if _, ok := c.Table("public.orders").Columns["note"]; !ok {
		t.Error("CREATE TABLE IF NOT EXISTS replaced the existing table")
	}
}
