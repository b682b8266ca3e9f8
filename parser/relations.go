package parser

import "iter"

// NamedTables yields the relations file f names as tables: those its
// statements lock or act on, those a foreign key references, and the
// parent and partitions of PARTITION OF, ATTACH and DETACH. The catalog
// snapshot and the database facts of a document both keep exactly these
// tables (plus what each knows beyond the file's text, such as an index's
// owner), so they walk the file the same way. A relation may be yielded more
// than once.
func (f *File) NamedTables() iter.Seq[*Relation] {
	return func(yield func(*Relation) bool) {
		emit := func(r *Relation) bool { return r == nil || yield(r) }
		for i := range f.Statements {
			st := &f.Statements[i]
			for j := range st.Locks {
				if !emit(&st.Locks[j].Relation) {
					return
				}
			}
			for j := range st.Actions {
				a := &st.Actions[j]
				if !emit(a.Table) {
					return
				}
				if ct := a.CreateTableAction; ct != nil {
					if !emit(ct.PartitionOf) {
						return
					}
					for k := range ct.Columns {
						if ref := ct.Columns[k].References; ref != nil && !emit(&ref.Table) {
							return
						}
					}
					for k := range ct.Constraints {
						if ref := ct.Constraints[k].References; ref != nil && !emit(&ref.Table) {
							return
						}
					}
				}
				if ca := a.ColumnAction; ca != nil && ca.Column != nil && ca.Column.References != nil && !emit(&ca.Column.References.Table) {
					return
				}
				if con := a.ConstraintAction; con != nil && con.Constraint != nil && con.Constraint.References != nil && !emit(&con.Constraint.References.Table) {
					return
				}
				if pa := a.PartitionAction; pa != nil && !emit(pa.Partition) {
					return
				}
			}
		}
	}
}
