package parser

import (
	pg_query "github.com/pganalyze/pg_query_go/v5"
)

func (st *stmt) createIndex(ix *pg_query.IndexStmt) {
	table := st.s.rangeVar(ix.Relation)
	ia := &IndexAction{
		Concurrently: ix.Concurrent,
		Unique:       ix.Unique,
		Columns:      st.indexColumns(ix),
		Method:       ix.AccessMethod,
		Partial:      ix.WhereClause != nil,
		IfNotExists:  ix.IfNotExists,
		Only:         ix.Relation != nil && !ix.Relation.Inh,
	}
	var index Relation
	if ix.Idxname != "" {
		// An index lives in its table's schema; CREATE INDEX cannot qualify it.
		index = newRelation(st.s.relation(table.Schema, ix.Idxname))
		index.Qualified = false
		ia.Index = relPtr(index)
	}
	kind := "create_index"
	switch {
	case ix.Concurrent:
		kind = "create_index_concurrently"
	case ia.Only:
		kind = "create_index_only"
	}
	a := newAction("create_index", kind, st.span, relPtr(table))
	a.IndexAction = ia
	st.b.add(a)
	if ix.Idxname != "" {
		st.s.recordCreate(index, "index")
		st.s.indexTable[relKey{index.Schema, index.Name}] = relKey{table.Schema, table.Name}
	}
}

// indexColumns lists the indexed columns; an expression is given as written
// (found lexically: IndexElem has no location).
func (st *stmt) indexColumns(ix *pg_query.IndexStmt) []string {
	cols := make([]string, 0, len(ix.IndexParams))
	var parts []textRange
	for i, p := range ix.IndexParams {
		ie := p.GetIndexElem()
		if ie == nil {
			continue
		}
		if ie.Name != "" {
			cols = append(cols, ie.Name)
			continue
		}
		if parts == nil {
			parts = st.indexParamRanges(ix)
		}
		if i < len(parts) {
			cols = append(cols, st.s.src[parts[i].start:parts[i].end])
		} else {
			cols = append(cols, "")
		}
	}
	return cols
}

// indexParamRanges finds the parenthesised column list after
// "ON [ONLY] table [USING method]".
func (st *stmt) indexParamRanges(ix *pg_query.IndexStmt) []textRange {
	rv := ix.Relation
	if rv == nil || rv.Location < 0 {
		return []textRange{}
	}
	src := st.s.src
	p := st.loc(rv.Location)
	if p < st.start || p >= st.end {
		return []textRange{}
	}
	p = skipQualifiedName(src, p, st.end)
	for {
		kind, ts, te := nextToken(src, p, st.end)
		if kind == tokEOF {
			return []textRange{}
		}
		if kind == tokPunct && src[ts] == '(' {
			close := matchParen(src, ts, st.end)
			parts := splitTopLevel(src, te, close-1)
			if len(parts) != len(ix.IndexParams) {
				return []textRange{}
			}
			return parts
		}
		p = te
	}
}

func (st *stmt) drop(d *pg_query.DropStmt) {
	objType := objectTypeName(d.RemoveType)
	typ := "drop_" + objType
	cascade := d.Behavior == pg_query.DropBehavior_DROP_CASCADE
	for _, obj := range d.Objects {
		da := &DropAction{ObjectType: objType, IfExists: d.MissingOk, Cascade: cascade}
		a := Action{Type: typ, Span: st.span, DropAction: da}
		switch d.RemoveType {
		case pg_query.ObjectType_OBJECT_TABLE:
			rel := st.s.nameList(listItems(obj))
			a = newAction(typ, "drop_table", st.span, relPtr(rel))
			a.DropAction = da
			st.s.recordDrop(rel)
		case pg_query.ObjectType_OBJECT_VIEW, pg_query.ObjectType_OBJECT_MATVIEW,
			pg_query.ObjectType_OBJECT_SEQUENCE, pg_query.ObjectType_OBJECT_FOREIGN_TABLE:
			rel := st.s.nameList(listItems(obj))
			a = newAction(typ, "drop_relation", st.span, relPtr(rel))
			a.DropAction = da
			st.s.recordDrop(rel)
		case pg_query.ObjectType_OBJECT_INDEX:
			a = st.dropIndex(obj, d, da)
		case pg_query.ObjectType_OBJECT_SCHEMA:
			a.Effects = lockFor("drop_schema").effects()
			da.Object = &Relation{Name: lastName(obj)}
		case pg_query.ObjectType_OBJECT_TRIGGER, pg_query.ObjectType_OBJECT_POLICY, pg_query.ObjectType_OBJECT_RULE:
			// The name list is [schema.]table.name: the table is locked.
			items := listItems(obj)
			if len(items) >= 2 {
				rel := st.s.nameList(items[:len(items)-1])
				a = newAction(typ, "drop_relation", st.span, relPtr(rel))
				a.DropAction = da
				da.Object = &Relation{Schema: rel.Schema, Name: lastName(obj)}
			}
		case pg_query.ObjectType_OBJECT_TYPE, pg_query.ObjectType_OBJECT_DOMAIN:
			if tn := obj.GetTypeName(); tn != nil {
				rel := st.s.nameList(tn.Names)
				da.Object = relPtr(rel)
				st.s.recordDrop(rel)
			}
		case pg_query.ObjectType_OBJECT_FUNCTION, pg_query.ObjectType_OBJECT_PROCEDURE,
			pg_query.ObjectType_OBJECT_ROUTINE, pg_query.ObjectType_OBJECT_AGGREGATE:
			if ow := obj.GetObjectWithArgs(); ow != nil {
				da.Object = relPtr(st.s.nameList(ow.Objname))
			}
		default:
			if items := listItems(obj); len(items) > 0 && items[0].GetString_() != nil {
				da.Object = relPtr(st.s.nameList(items))
			} else {
				da.Object = &Relation{Name: lastName(obj)}
			}
		}
		st.b.add(a)
	}
}

// dropIndex describes DROP INDEX of one index. The statement names only the
// index; its table is known when the index was created earlier in the file.
func (st *stmt) dropIndex(obj *pg_query.Node, d *pg_query.DropStmt, da *DropAction) Action {
	index := st.s.nameList(listItems(obj))
	kind := "drop_index"
	if d.Concurrent {
		kind = "drop_index_concurrently"
	}
	var table *Relation
	if tk, ok := st.s.indexTable[relKey{index.Schema, index.Name}]; ok {
		table = relPtr(st.s.indexedTable(tk))
	}
	a := newAction("drop_index", kind, st.span, table)
	da.Object = relPtr(index)
	a.DropAction = da
	a.IndexAction = &IndexAction{Index: relPtr(index), Concurrently: d.Concurrent, IfExists: d.MissingOk, Columns: []string{}}
	st.b.lock(index, dropIndexLock)
	st.s.recordDrop(index)
	return a
}

// listItems returns the items of a List node, or the node itself.
func listItems(n *pg_query.Node) []*pg_query.Node {
	if l := n.GetList(); l != nil {
		return l.Items
	}
	return []*pg_query.Node{n}
}

func (st *stmt) truncate(t *pg_query.TruncateStmt) {
	cascade := t.Behavior == pg_query.DropBehavior_DROP_CASCADE
	for _, n := range t.Relations {
		rv := n.GetRangeVar()
		if rv == nil {
			continue
		}
		a := newAction("truncate", "truncate", st.span, relPtr(st.s.rangeVar(rv)))
		a.DropAction = &DropAction{ObjectType: "table", Cascade: cascade}
		st.b.add(a)
	}
}

func (st *stmt) reindex(r *pg_query.ReindexStmt) {
	concurrently := false
	for _, p := range r.Params {
		if d := p.GetDefElem(); d != nil && d.Defname == "concurrently" {
			concurrently = !isFalse(d.Arg)
		}
	}
	ia := &IndexAction{Concurrently: concurrently, Columns: []string{}}
	var table *Relation
	kind := "reindex"
	switch r.Kind {
	case pg_query.ReindexObjectType_REINDEX_OBJECT_INDEX:
		ia.Kind = "index"
		kind = "reindex_index"
		if r.Relation != nil {
			index := st.s.rangeVar(r.Relation)
			ia.Index = relPtr(index)
			if tk, ok := st.s.indexTable[relKey{index.Schema, index.Name}]; ok {
				table = relPtr(st.s.indexedTable(tk))
			}
			if !concurrently {
				st.b.lock(index, lockAccessExclusive)
			}
		}
	case pg_query.ReindexObjectType_REINDEX_OBJECT_TABLE:
		ia.Kind = "table"
		if r.Relation != nil {
			table = relPtr(st.s.rangeVar(r.Relation))
		}
	case pg_query.ReindexObjectType_REINDEX_OBJECT_SCHEMA:
		ia.Kind = "schema"
	case pg_query.ReindexObjectType_REINDEX_OBJECT_DATABASE:
		ia.Kind = "database"
	case pg_query.ReindexObjectType_REINDEX_OBJECT_SYSTEM:
		ia.Kind = "system"
	}
	if table != nil && ia.Kind == "index" {
		kind = "reindex"
	}
	if concurrently {
		kind = "reindex_concurrently"
	}
	a := newAction("reindex", kind, st.span, table)
	a.IndexAction = ia
	st.b.add(a)
}

func (st *stmt) refresh(r *pg_query.RefreshMatViewStmt) {
	kind := "refresh_matview"
	if r.Concurrent {
		kind = "refresh_matview_concurrently"
	}
	a := newAction("refresh_matview", kind, st.span, relPtr(st.s.rangeVar(r.Relation)))
	a.IndexAction = &IndexAction{Concurrently: r.Concurrent, Columns: []string{}}
	st.b.add(a)
}
