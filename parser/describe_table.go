package parser

import (
	"sort"

	pg_query "github.com/pganalyze/pg_query_go/v5"
)

func (st *stmt) createTable(c *pg_query.CreateStmt) {
	table := st.s.creating(st.s.rangeVar(c.Relation))
	ct := &CreateTableAction{
		Columns:      make([]Column, 0, len(c.TableElts)),
		Constraints:  []Constraint{},
		PrimaryKey:   []string{},
		IfNotExists:  c.IfNotExists,
		Temporary:    c.Relation.GetRelpersistence() == "t",
		Unlogged:     c.Relation.GetRelpersistence() == "u",
		Partitioned:  c.Partspec != nil,
		PartitionKey: []string{},
	}
	if c.Partspec != nil {
		for _, p := range c.Partspec.PartParams {
			ct.PartitionKey = append(ct.PartitionKey, p.GetPartitionElem().GetName())
		}
	}
	var refs []Relation
	for _, e := range c.TableElts {
		switch x := e.Node.(type) {
		case *pg_query.Node_ColumnDef:
			col, checks := st.column(x.ColumnDef)
			ct.Columns = append(ct.Columns, col)
			if col.PrimaryKey {
				ct.PrimaryKey = append(ct.PrimaryKey, col.Name)
			}
			if col.References != nil {
				refs = append(refs, col.References.Table)
			}
			ct.Constraints = append(ct.Constraints, checks...)
		case *pg_query.Node_Constraint:
			con := st.constraint(x.Constraint)
			ct.Constraints = append(ct.Constraints, con)
			if con.Type == "primary_key" {
				ct.PrimaryKey = append(ct.PrimaryKey, con.Columns...)
			}
			if con.References != nil {
				refs = append(refs, con.References.Table)
			}
		}
	}
	a := newAction("create_table", "create_table", st.span, relPtr(table))
	a.CreateTableAction = ct
	if c.Partbound != nil && len(c.InhRelations) == 1 {
		if rv := c.InhRelations[0].GetRangeVar(); rv != nil {
			parent := st.s.rangeVar(rv)
			ct.PartitionOf = relPtr(parent)
			st.b.lock(parent, lockFor("create_partition_of").Mode)
		}
	}
	// A self-referencing foreign key names the table being created: it is
	// new, not an existing table to lock.
	for i := range ct.Columns {
		markSelfReference(ct.Columns[i].References, table)
	}
	for i := range ct.Constraints {
		markSelfReference(ct.Constraints[i].References, table)
	}
	st.b.add(a)
	for _, r := range refs {
		if r.Schema != table.Schema || r.Name != table.Name {
			st.b.lock(r, lockFor("foreign_key_referenced").Mode)
		}
	}
	st.s.recordCreate(table, "table")
}

func markSelfReference(r *References, table Relation) {
	if r != nil && r.Table.Schema == table.Schema && r.Table.Name == table.Name {
		r.Table.ExistsBefore, r.Table.CreatedInFile = false, true
	}
}

func (st *stmt) createTableAs(c *pg_query.CreateTableAsStmt) {
	if c.Into == nil || c.Into.Rel == nil {
		st.other(st.b.d.Node)
		return
	}
	rel := st.s.rangeVar(c.Into.Rel)
	if c.Objtype == pg_query.ObjectType_OBJECT_MATVIEW {
		st.createObject("create_materialized_view", rel, "materialized_view")
		return
	}
	table := st.s.creating(rel)
	a := newAction("create_table", "create_table", st.span, relPtr(table))
	a.CreateTableAction = &CreateTableAction{
		Columns: []Column{}, Constraints: []Constraint{}, PrimaryKey: []string{},
		IfNotExists: c.IfNotExists, AsQuery: true,
		Temporary: c.Into.Rel.Relpersistence == "t", Unlogged: c.Into.Rel.Relpersistence == "u",
	}
	st.b.add(a)
	st.s.recordCreate(table, "table")
}

// column describes a column definition; it also returns the column's CHECK
// constraints, which belong to the table.
func (st *stmt) column(cd *pg_query.ColumnDef) (Column, []Constraint) {
	src := st.s.src
	start := st.loc(cd.Location)
	end := st.end
	if cd.Location >= 0 && start < st.end {
		end, _ = clauseEnd(src, start, st.end)
	} else {
		start = st.start
	}
	col := Column{Name: cd.Colname, Span: st.spanOf(start, end), DefaultFunctions: []FunctionRef{}}

	// Clause boundaries inside the definition: each constraint runs to the
	// next constraint or COLLATE clause.
	bounds := make([]int, 0, len(cd.Constraints)+2)
	for _, n := range cd.Constraints {
		if c := n.GetConstraint(); c != nil && c.Location >= 0 {
			bounds = append(bounds, st.loc(c.Location))
		}
	}
	if cd.CollClause != nil && cd.CollClause.Location >= 0 {
		bounds = append(bounds, st.loc(cd.CollClause.Location))
	}
	sort.Ints(bounds)
	nextBound := func(pos int) int {
		for _, b := range bounds {
			if b > pos && b < end {
				return b
			}
		}
		return end
	}

	typeLimit := end
	if cd.TypeName != nil {
		typeLimit = nextBound(st.loc(cd.TypeName.Location))
	}
	t, serial := st.s.canonicalType(cd.TypeName, st.base, typeLimit)
	col.Type = t
	col.Collation = collationName(cd.CollClause)
	if serial != "" {
		col.Serial = strPtr(serial)
	}

	var checks []Constraint
	for _, n := range cd.Constraints {
		c := n.GetConstraint()
		if c == nil {
			continue
		}
		cstart := st.loc(c.Location)
		switch c.Contype {
		case pg_query.ConstrType_CONSTR_NOTNULL:
			col.NotNull = true
		case pg_query.ConstrType_CONSTR_DEFAULT:
			col.HasDefault = true
			col.Default = strPtr(st.expressionAfter(cstart, nextBound(cstart), "default"))
			vol, funcs := exprVolatility(c.RawExpr)
			col.DefaultVolatility, col.DefaultFunctions = strPtr(vol), funcs
		case pg_query.ConstrType_CONSTR_IDENTITY:
			col.NotNull = true
			if c.GeneratedWhen == "a" {
				col.Identity = strPtr("always")
			} else {
				col.Identity = strPtr("by_default")
			}
		case pg_query.ConstrType_CONSTR_GENERATED:
			col.Generated = strPtr("stored")
		case pg_query.ConstrType_CONSTR_PRIMARY:
			col.PrimaryKey, col.NotNull = true, true
		case pg_query.ConstrType_CONSTR_UNIQUE:
			col.Unique = true
		case pg_query.ConstrType_CONSTR_FOREIGN:
			col.References = st.references(c)
			if len(col.References.Columns) == 0 {
				col.References.Columns = []string{}
			}
		case pg_query.ConstrType_CONSTR_CHECK:
			con := st.constraint(c)
			con.Columns = []string{cd.Colname}
			con.Span = st.spanOf(cstart, lastTokenEnd(src, cstart, nextBound(cstart)))
			checks = append(checks, con)
		}
	}
	return col, checks
}

// expressionAfter returns the text after keyword (DEFAULT) in
// src[start:limit], without surrounding whitespace and comments.
func (st *stmt) expressionAfter(start, limit int, keyword string) string {
	src := st.s.src
	if start < 0 || limit > len(src) || start >= limit {
		return ""
	}
	_, ke := findWord(src, start, limit, keyword)
	if ke < 0 {
		return ""
	}
	s := skipSpace(src, ke, limit)
	return src[s:lastTokenEnd(src, s, limit)]
}

func strPtr(s string) *string { return &s }

// constraint describes a table constraint or an ALTER TABLE ADD CONSTRAINT.
func (st *stmt) constraint(c *pg_query.Constraint) Constraint {
	con := Constraint{
		Name:       c.Conname,
		Columns:    []string{},
		NotValid:   c.SkipValidation,
		UsingIndex: c.Indexname,
		Deferrable: c.Deferrable,
		Span:       st.span,
	}
	start := st.loc(c.Location)
	if c.Location >= 0 && start < st.end {
		last, _ := clauseEnd(st.s.src, start, st.end)
		con.Span = st.spanOf(start, last)
	}
	switch c.Contype {
	case pg_query.ConstrType_CONSTR_PRIMARY:
		con.Type = "primary_key"
		con.Columns = stringList(c.Keys)
	case pg_query.ConstrType_CONSTR_UNIQUE:
		con.Type = "unique"
		con.Columns = stringList(c.Keys)
	case pg_query.ConstrType_CONSTR_FOREIGN:
		con.Type = "foreign_key"
		con.Columns = stringList(c.FkAttrs)
		con.References = st.references(c)
	case pg_query.ConstrType_CONSTR_CHECK:
		con.Type = "check"
		con.Expression = st.parenthesised(int(con.Span.Start), int(con.Span.End), "check")
	case pg_query.ConstrType_CONSTR_EXCLUSION:
		con.Type = "exclusion"
		for _, e := range c.Exclusions {
			if l := e.GetList(); l != nil && len(l.Items) > 0 {
				if ie := l.Items[0].GetIndexElem(); ie != nil && ie.Name != "" {
					con.Columns = append(con.Columns, ie.Name)
				}
			}
		}
	case pg_query.ConstrType_CONSTR_NOTNULL:
		con.Type = "not_null"
	default:
		con.Type = constraintTypeName(c.Contype)
	}
	return con
}

func constraintTypeName(t pg_query.ConstrType) string {
	switch t {
	case pg_query.ConstrType_CONSTR_DEFAULT:
		return "default"
	case pg_query.ConstrType_CONSTR_NULL:
		return "null"
	case pg_query.ConstrType_CONSTR_IDENTITY:
		return "identity"
	case pg_query.ConstrType_CONSTR_GENERATED:
		return "generated"
	}
	return "attribute"
}

// parenthesised returns the text inside the parentheses that follow keyword
// in src[start:end] (the expression of CHECK (...)).
func (st *stmt) parenthesised(start, end int, keyword string) string {
	src := st.s.src
	_, ke := findWord(src, start, end, keyword)
	if ke < 0 {
		return ""
	}
	kind, ps, _ := nextToken(src, ke, end)
	if kind != tokPunct || src[ps] != '(' {
		return ""
	}
	close := matchParen(src, ps, end)
	inner := skipSpace(src, ps+1, close-1)
	return src[inner:lastTokenEnd(src, inner, close-1)]
}

func (st *stmt) references(c *pg_query.Constraint) *References {
	r := &References{
		Columns:  stringList(c.PkAttrs),
		OnDelete: fkAction(c.FkDelAction),
		OnUpdate: fkAction(c.FkUpdAction),
	}
	if c.Pktable != nil {
		r.Table = st.s.rangeVar(c.Pktable)
	}
	return r
}

func fkAction(a string) string {
	switch a {
	case "r":
		return "restrict"
	case "c":
		return "cascade"
	case "n":
		return "set_null"
	case "d":
		return "set_default"
	}
	return "no_action"
}

// stringList returns the values of a list of String nodes (column names).
func stringList(nodes []*pg_query.Node) []string {
	out := make([]string, 0, len(nodes))
	for _, n := range nodes {
		if s := n.GetString_(); s != nil {
			out = append(out, s.Sval)
		}
	}
	return out
}

// collationName is the name of a COLLATE clause, "" when there is none.
func collationName(c *pg_query.CollateClause) string {
	if c == nil || len(c.Collname) == 0 {
		return ""
	}
	return c.Collname[len(c.Collname)-1].GetString_().GetSval()
}
