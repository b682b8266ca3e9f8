package parser

import (
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v5"
)

// comment describes COMMENT ON. A table or column comment names its table
// (resolved like any relation, so created_in_file tells whether the table is
// new); a column comment's object is the name list [schema.]table.column.
func (st *stmt) comment(c *pg_query.CommentStmt) {
	d := &CommentAction{
		ObjectType: strings.ToLower(strings.TrimPrefix(c.Objtype.String(), "OBJECT_")),
		// PostgreSQL deletes the comment for NULL and for the empty string.
		Removed: c.Comment == "",
	}
	a := Action{Type: "comment", Span: st.span, CommentAction: d}
	switch c.Objtype {
	case pg_query.ObjectType_OBJECT_COLUMN:
		if names := c.GetObject().GetList().GetItems(); len(names) >= 2 {
			d.CommentedColumn = names[len(names)-1].GetString_().GetSval()
			a.Table = relPtr(st.s.nameList(names[:len(names)-1]))
		}
	case pg_query.ObjectType_OBJECT_TABLE:
		a.Table = relPtr(st.s.nameList(c.GetObject().GetList().GetItems()))
	}
	st.b.add(a)
}
