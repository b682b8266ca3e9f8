package catalog

import (
	"testing"

	"github.com/ddlgate/ddlgate/parser"
)

// An unqualified name resolves through the search_path in effect: to the
// first schema of the path where the history (or the file) has the table.
func TestSearchPathResolvesThroughTheHistory(t *testing.T) {
	c := history(t,
		"CREATE SCHEMA app; CREATE TABLE app.foo (id bigint PRIMARY KEY, c text);",
		"CREATE TABLE public.users (id bigint PRIMARY KEY);")
	f := lint(t, c, `SET search_path TO app, public;
CREATE INDEX foo_c ON foo (c);
ALTER TABLE users ADD COLUMN note text;
SELECT set_config('search_path', 'public', false);
CREATE INDEX foo_c2 ON foo (c);
`, parser.Options{})
	for _, tc := range []struct {
		stmt  int
		typ   string
		want  string
		known bool
	}{
		{1, "create_index", "app.foo", true},
		{2, "add_column", "public.users", true},
		{4, "create_index", "public.foo", false},
	} {
		a := action(t, f, tc.stmt, tc.typ)
		if got := a.Table.QualifiedName(); got != tc.want || a.Table.Known != tc.known || !a.Table.ExistsBefore {
			t.Errorf("statement %d: table %s known=%v exists_before=%v, want %s known=%v existing", tc.stmt, got, a.Table.Known, a.Table.ExistsBefore, tc.want, tc.known)
		}
	}
	if got := f.Statements[1].Locks[0].Relation.QualifiedName(); got != "app.foo" {
		t.Errorf("lock on %s, want app.foo", got)
	}
}

// A table the same file creates in a schema, found through SET search_path,
// is new: nothing waits on its locks.
func TestSearchPathFindsATableOfTheFile(t *testing.T) {
	c := New("public")
	f := lint(t, c, "CREATE TABLE app.foo (id bigint, c text);\nSET search_path TO app;\nCREATE INDEX ON foo (c);\n", parser.Options{})
	a := action(t, f, 2, "create_index")
	if a.Table.QualifiedName() != "app.foo" || !a.Table.CreatedInFile || f.Statements[2].BlockingLock != nil {
		t.Errorf("table %+v, blocking lock %+v; want app.foo created in the file, no blocking lock", a.Table, f.Statements[2].BlockingLock)
	}
}
