package catalog

import (
	"slices"
	"strings"

	"github.com/ddlgate/ddlgate/parser"
)

// refine.go holds the refinements of the parser's effects that need the
// schema history beyond column types: table persistence, domains, partition
// bounds, constraints added earlier in the file, and the NOT NULL that a
// primary key sets.

// refinePersistence makes SET LOGGED of a table known to be logged (and SET
// UNLOGGED of one known to be unlogged) the no-op it is: the server takes
// the lock and writes nothing (testdata/server/set_logged_noop.sql).
func (st *fileState) refinePersistence(a *parser.Action) bool {
	t := st.c.tables[st.c.key(a.Table)]
	if t == nil || t.Unlogged != (a.Type == "set_unlogged") {
		return false
	}
	if !a.Effects.RewritesTable {
		return false
	}
	a.Effects.RewritesTable = false
	return true
}

// refineDomain marks ADD COLUMN of a domain type that carries CHECK or NOT
// NULL constraints: the server checks every row by rewriting the table,
// with or without a default (testdata/server/add_column_domain_check.sql).
func (st *fileState) refineDomain(a *parser.Action) bool {
	col := a.ColumnAction.Column
	if col == nil || col.Type.Array {
		return false
	}
	constrained, known := st.c.domains[st.c.key(&parser.Relation{Schema: col.Type.Schema, Name: col.Type.Name})]
	if !known || !constrained {
		return false
	}
	col.DomainConstraints = true
	if a.Effects.RewritesTable {
		return false
	}
	a.Effects.RewritesTable = true
	return true
}

// indexesOn lists the indexes that name the column, plainly or inside an
// expression.
func (t *Table) indexesOn(column string) []string {
	out := []string{}
	for _, ix := range t.Indexes {
		for _, c := range ix.Columns {
			if c == column || (!isPlainIdentifier(c) && mentions(c, column)) {
				out = append(out, ix.Name)
				break
			}
		}
	}
	return out
}

// mentions reports whether an expression's text names the identifier as a
// whole word.
func mentions(expr, ident string) bool {
	for i := 0; ; {
		k := strings.Index(expr[i:], ident)
		if k < 0 {
			return false
		}
		k += i
		before := k == 0 || !isWordByte(expr[k-1])
		after := k+len(ident) == len(expr) || !isWordByte(expr[k+len(ident)])
		if before && after {
			return true
		}
		i = k + 1
	}
}

func isWordByte(c byte) bool {
	return c == '_' || c == '$' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80
}

// refineAttach fills the CHECK that would prove an ATTACH PARTITION's
// bound, and clears the scan when the partition already has it validated.
func (st *fileState) refineAttach(a *parser.Action) bool {
	pa := a.PartitionAction
	if pa == nil || pa.Partition == nil || pa.Bound == nil {
		return false
	}
	parent := st.c.tables[st.c.key(a.Table)]
	if parent == nil || len(parent.PartitionKey) != 1 {
		return false
	}
	key := parent.PartitionKey[0]
	pa.BoundCheck = parser.BoundCheck(key, pa.Bound)
	part := st.c.tables[st.c.key(pa.Partition)]
	if part == nil {
		part = st.c.altered[st.c.key(pa.Partition)]
	}
	if part == nil || !a.Effects.ScansTable {
		return false
	}
	for _, con := range part.Constraints {
		if con.Type == "check" && con.Validated && parser.CheckProvesBound(con.Expression, key, pa.Bound) {
			a.Effects.ScansTable = false
			return true
		}
	}
	return false
}

// refineValidate tells VALIDATE CONSTRAINT which constraint it validates
// and whether this file added it NOT VALID, so a rule can see that ADD's
// lock is still held when both run in one transaction.
func (st *fileState) refineValidate(a *parser.Action) {
	ca := a.ConstraintAction
	if ca == nil {
		return
	}
	if i, ok := st.notValid[st.c.key(a.Table)+"."+ca.ConstraintName]; ok {
		ca.AddedInStatement = &i
	}
	t := st.c.tables[st.c.key(a.Table)]
	if t == nil {
		t = st.c.altered[st.c.key(a.Table)]
	}
	if t == nil || ca.Constraint != nil {
		return
	}
	if i := t.constraintIndex(ca.ConstraintName); i >= 0 {
		con := t.Constraints[i]
		pc := &parser.Constraint{Name: con.Name, Type: con.Type, NotValid: !con.Validated,
			Columns: slices.Clone(nonNil(con.Columns)), Expression: con.Expression, Span: a.Span}
		if r := con.References; r != nil {
			pc.References = &parser.References{
				Table:   parser.Relation{Schema: r.Schema, Name: r.Name, Qualified: true, ExistsBefore: true, Known: st.c.tables[r.Table] != nil},
				Columns: slices.Clone(nonNil(r.Columns)), OnDelete: "no_action", OnUpdate: "no_action",
			}
		}
		ca.Constraint = pc
	}
}

// impliedNotNull returns the set_not_null actions that ADD PRIMARY KEY ...
// USING INDEX performs on the index's columns not known to be NOT NULL:
// the server sets NOT NULL on them, scanning the table under ACCESS
// EXCLUSIVE (testdata/server/primary_key_using_index_nullable.sql). It
// clears the add_constraint's own scan when every column is known NOT NULL.
func (st *fileState) impliedNotNull(a *parser.Action) (implied []parser.Action, changed bool) {
	con := a.ConstraintAction
	if a.Type != "add_constraint" || con == nil || con.Constraint == nil || con.Constraint.Type != "primary_key" ||
		con.Constraint.UsingIndex == "" || a.Table == nil {
		return nil, false
	}
	t := st.c.tables[st.c.key(a.Table)]
	if t == nil {
		return nil, false
	}
	var cols []string
	for _, ix := range t.Indexes {
		if ix.Name == con.Constraint.UsingIndex {
			cols = ix.Columns
		}
	}
	if len(cols) == 0 {
		return nil, false
	}
	var out []parser.Action
	for _, name := range cols {
		if col, ok := t.Columns[name]; ok && col.NotNull {
			continue
		}
		table := *a.Table
		out = append(out, parser.Action{
			Type: parser.ActionSetNotNull, Span: a.Span, Table: &table, Lock: a.Lock,
			Effects:      parser.Effects{ScansTable: true, BackwardIncompatible: true},
			ColumnAction: &parser.ColumnAction{ColumnName: name, ImpliedBy: "primary_key", DefaultFunctions: []parser.FunctionRef{}, RebuiltIndexes: []string{}},
		})
	}
	if len(out) == 0 && a.Effects.ScansTable {
		a.Effects.ScansTable = false
		return nil, true
	}
	return out, len(out) > 0
}

// lockPartitions adds the locks that an index build on a partitioned table
// takes on every partition the history knows (the server builds each
// partition's index under the same SHARE lock:
// testdata/server/create_index_partitioned.sql). It reports whether it
// added any.
func (st *fileState) lockPartitions(s *parser.Statement) bool {
	added := false
	for i := range s.Actions {
		a := &s.Actions[i]
		if a.Type == "validate_constraint" && a.ConstraintAction != nil && a.Constraint != nil && a.Constraint.References != nil {
			// VALIDATE of a foreign key reads the referenced table under
			// ROW SHARE (testdata/server/validate_same_transaction_foreign_key.sql).
			ref := a.Constraint.References.Table
			st.annotateTableRef(&ref)
			s.Locks = append(s.Locks, parser.Lock{Mode: "ROW SHARE", Relation: ref})
			added = true
		}
		if a.Type != "create_index" || a.Table == nil || !a.Table.Partitioned || a.IndexAction == nil || a.IndexAction.Only {
			continue
		}
		for _, key := range st.c.partitionsOf(st.c.key(a.Table)) {
			t := st.c.tables[key]
			s.Locks = append(s.Locks, parser.Lock{Mode: a.Lock, Relation: parser.Relation{
				Schema: t.Schema, Name: t.Name, Qualified: true, ExistsBefore: !st.created[key], CreatedInFile: st.created[key], Known: true,
			}})
			added = true
		}
	}
	return added
}

// partitionsOf lists the partitions of a table, and theirs, sorted.
func (c *Catalog) partitionsOf(parent string) []string {
	var out []string
	for key, t := range c.tables {
		if t.PartitionOf == parent {
			out = append(out, key)
			out = append(out, c.partitionsOf(key)...)
		}
	}
	slices.Sort(out)
	return out
}
