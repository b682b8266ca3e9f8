package parser

import "testing"

func TestCommentOnNamesItsObject(t *testing.T) {
	sql := `CREATE TABLE customers (id bigint PRIMARY KEY, email text);
COMMENT ON COLUMN customers.email IS 'PII: contact address';
COMMENT ON COLUMN billing."Invoices".payer_email IS 'PII';
COMMENT ON TABLE customers IS 'People who order';
COMMENT ON INDEX customers_pkey IS NULL;`
	stmts := describeSQL(t, sql, Options{})
	type want struct {
		objectType, schema, table, column string
		createdInFile, removed            bool
	}
	for i, w := range []want{
		1: {"column", "public", "customers", "email", true, false},
		2: {"column", "billing", "Invoices", "payer_email", false, false},
		3: {"table", "public", "customers", "", true, false},
		4: {"index", "", "", "", false, true},
	} {
		if i == 0 {
			continue
		}
		a := findAction(stmts[i], "comment")
		if a == nil || a.CommentAction == nil {
			t.Fatalf("statement %d: no comment action", i)
		}
		got := want{objectType: a.CommentAction.ObjectType, column: a.CommentedColumn, removed: a.Removed}
		if a.Table != nil {
			got.schema, got.table, got.createdInFile = a.Table.Schema, a.Table.Name, a.Table.CreatedInFile
		}
		if got != w {
			t.Errorf("statement %d: got %+v, want %+v", i, got, w)
		}
	}
}
