package catalog

import "github.com/ddlgate/ddlgate/parser"

// annotateAction sets known, exists_before and created_in_file on the
// relations an action names, from the state before the action.
func (st *fileState) annotateAction(a *parser.Action) {
	c := st.c
	switch a.Type {
	case "create_table":
		if a.Table != nil {
			key := c.key(a.Table)
			ifNotExists := a.CreateTableAction != nil && a.CreateTableAction.IfNotExists
			if !ifNotExists || c.tables[key] == nil {
				// Marked before folding so the table's own relation reads
				// "created in this file".
				st.created[key] = true
			}
		}
	case "create_view", "create_materialized_view":
		if a.Table != nil {
			if key := c.key(a.Table); c.tables[key] == nil && !c.hasView(key) {
				st.created[key] = true
			}
		}
	case "create_index":
		if a.IndexAction != nil && a.IndexAction.Index != nil && a.IndexAction.Index.Name != "" {
			r := a.IndexAction.Index
			if !a.IndexAction.IfNotExists || !c.hasIndex(c.schemaOf(r), r.Name) {
				st.createdIndexes[c.schemaOf(r)+"."+r.Name] = true
			}
		}
	}

	switch a.Type {
	case "rename_index":
		// ALTER INDEX ... RENAME names the index in the table field.
		if a.Table != nil {
			r := *a.Table
			st.annotateIndexRef(&r)
			a.Table = st.shared.Relation(r)
		}
		return
	case "drop_index":
		if a.DropAction != nil {
			st.annotateIndexRef(a.DropAction.Object)
		}
	case "add_enum_value":
		if a.EnumAction != nil && a.EnumAction.EnumType != nil {
			_, known := c.enums[c.key(a.EnumAction.EnumType)]
			a.EnumAction.EnumType.Known = known
		}
	}
	if a.Table != nil {
		// The parser shares the relation with other statements: annotate
		// a copy.
		r := *a.Table
		st.annotateTableRef(&r)
		a.Table = st.shared.Relation(r)
	}
	if a.IndexAction != nil && a.IndexAction.Index != nil {
		st.annotateIndexRef(a.IndexAction.Index)
	}
	if a.CreateTableAction != nil {
		if a.CreateTableAction.PartitionOf != nil {
			st.annotateTableRef(a.CreateTableAction.PartitionOf)
		}
		for i := range a.CreateTableAction.Columns {
			if ref := a.CreateTableAction.Columns[i].References; ref != nil {
				st.annotateTableRef(&ref.Table)
			}
		}
		for i := range a.CreateTableAction.Constraints {
			if ref := a.CreateTableAction.Constraints[i].References; ref != nil {
				st.annotateTableRef(&ref.Table)
			}
		}
	}
	if a.ColumnAction != nil && a.ColumnAction.Column != nil && a.ColumnAction.Column.References != nil {
		st.annotateTableRef(&a.ColumnAction.Column.References.Table)
	}
	if a.ConstraintAction != nil && a.ConstraintAction.Constraint != nil && a.ConstraintAction.Constraint.References != nil {
		st.annotateTableRef(&a.ConstraintAction.Constraint.References.Table)
	}
}

// annotateTableRef annotates a table or view: known when the history or the
// file has it; existing unless this file created it. The catalog overrules
// the parser, which cannot tell that CREATE TABLE IF NOT EXISTS of a table
// the history has creates nothing.
func (st *fileState) annotateTableRef(r *parser.Relation) {
	st.resolve(r)
	key := st.c.key(r)
	created := st.created[key]
	inCatalog := st.c.tables[key] != nil || st.c.hasView(key)
	r.Known = created || inCatalog
	if created || inCatalog {
		r.CreatedInFile = created
	}
	r.ExistsBefore = !r.CreatedInFile && !st.c.newInRun(key)
	if t := st.c.tables[key]; t != nil {
		r.Partitioned = t.Partitioned
	}
}

// resolve points an unqualified relation the parser could not find in the
// file at the first schema of the search_path where the history has it,
// as PostgreSQL resolves the name. The parser, which knows only the file,
// chose the first schema of the path.
func (st *fileState) resolve(r *parser.Relation) {
	if r.Qualified || r.CreatedInFile || len(st.searchPath) < 2 {
		return
	}
	for _, schema := range st.searchPath {
		key := schema + "." + r.Name
		if st.created[key] || st.c.tables[key] != nil || st.c.hasView(key) {
			r.Schema = schema
			return
		}
	}
}

// annotateIndexRef annotates an index relation; an index of a table new in
// the run being applied is new too.
func (st *fileState) annotateIndexRef(r *parser.Relation) {
	if r == nil || r.Name == "" {
		return
	}
	schema := st.c.schemaOf(r)
	created := st.createdIndexes[schema+"."+r.Name]
	inCatalog := st.c.hasIndex(schema, r.Name)
	r.Known = created || inCatalog
	if created || inCatalog {
		r.CreatedInFile = created
	}
	r.ExistsBefore = !r.CreatedInFile && !(inCatalog && st.c.newInRun(st.c.findIndex(schema, r.Name)))
}

// refine sharpens the parser's conservative effects with what the catalog
// knows; it reports whether an action's effects changed.
func (st *fileState) refine(a *parser.Action) bool {
	// CREATE INDEX IF NOT EXISTS of an index the schema has builds nothing
	// (testdata/server/create_index_if_not_exists.sql).
	if ia := a.IndexAction; a.Type == "create_index" && ia != nil && ia.IfNotExists && ia.Index != nil &&
		a.Effects.ScansTable && st.c.hasIndex(st.c.schemaOf(ia.Index), ia.Index.Name) {
		a.Effects.ScansTable = false
		return true
	}
	if a.Table == nil {
		return false
	}
	switch a.Type {
	case "set_logged", "set_unlogged":
		return st.refinePersistence(a)
	case "attach_partition":
		return st.refineAttach(a)
	case "validate_constraint":
		st.refineValidate(a)
		return false
	}
	ca := a.ColumnAction
	if ca == nil {
		return false
	}
	switch a.Type {
	case "add_column":
		changed := st.refineDefault(a)
		changed = st.refineDomain(a) || changed
		// ADD COLUMN IF NOT EXISTS of a column the table has does nothing.
		if ca.IfNotExists && (a.Effects.ScansTable || a.Effects.RewritesTable) {
			if t := st.c.tables[st.c.key(a.Table)]; t != nil {
				if _, ok := t.Columns[ca.ColumnName]; ok {
					a.Effects.ScansTable, a.Effects.RewritesTable = false, false
					return true
				}
			}
		}
		return changed
	case "set_default":
		return st.refineDefault(a)
	case "alter_column_type":
		return st.refineTypeChange(a)
	case "set_not_null":
		if ca.ImpliedBy != "" {
			// Judged by impliedNotNull before the constraint was folded.
			return false
		}
		key := st.c.key(a.Table)
		t := st.c.tables[key]
		if t == nil {
			t = st.c.altered[key]
		}
		if t == nil || !st.pgAtLeast(12) {
			return false
		}
		col, ok := t.Columns[ca.ColumnName]
		if !ok && st.c.tables[key] != nil {
			return false
		}
		covered := false
		for i := range t.Constraints {
			con := &t.Constraints[i]
			if con.Type == "check" && con.Validated && checkImpliesNotNull(con.Expression, ca.ColumnName) {
				covered = true
				break
			}
		}
		ca.HasNotNullCheck = covered
		// A column already NOT NULL is left as it is: nothing to scan.
		if (covered || col.NotNull) && a.Effects.ScansTable {
			a.Effects.ScansTable = false
			return true
		}
	}
	return false
}

// refineTypeChange fills old_type and decides the rewrite from the old and
// new types. With USING, or an unknown old type, the parser's answer stands.
func (st *fileState) refineTypeChange(a *parser.Action) bool {
	ca := a.ColumnAction
	t := st.c.tables[st.c.key(a.Table)]
	if t == nil || ca.NewType == nil {
		return false
	}
	col, ok := t.Columns[ca.ColumnName]
	if !ok {
		return false
	}
	old := cloneType(col.Type)
	ca.OldType = &old
	if ca.Using {
		return false
	}
	rewrite := true
	switch classifyTypeChange(col.Type, *ca.NewType, st.pgAtLeast(12)) {
	case coercible:
		rewrite = false
	case dependsOnTimezone:
		ca.RewriteDependsOnTimezone = true
	}
	scans := a.Effects.ScansTable
	if !rewrite && col.Collation != ca.NewCollation {
		// Same storage, other collation: the table stays, but every index
		// on the column is rebuilt (read in full) under the lock.
		ca.RebuiltIndexes = t.indexesOn(ca.ColumnName)
		scans = len(ca.RebuiltIndexes) > 0
	}
	if a.Effects.RewritesTable == rewrite && a.Effects.ScansTable == scans {
		return false
	}
	a.Effects.RewritesTable, a.Effects.ScansTable = rewrite, scans
	return true
}
