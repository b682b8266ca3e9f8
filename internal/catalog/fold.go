package catalog

import (
	"slices"
	"strings"

	"github.com/ddlgate/ddlgate/parser"
)

// fileState folds one file: it remembers what the file created (to tell
// created_in_file from exists_before) and the state at an explicit BEGIN (to
// undo a ROLLBACK'd block).
type fileState struct {
	c        *Catalog
	f        *parser.File
	annotate bool
	// created holds the catalog keys of tables and views, and createdIndexes
	// the "schema.index" keys of indexes, created by earlier statements.
	created        map[string]bool
	createdIndexes map[string]bool
	// begin is the catalog state at the explicit BEGIN of the open block.
	begin *checkpoint
	// statementText is the SQL of the statement being folded.
	statementText string
	// searchPath is the search_path in effect for the statement.
	searchPath []string
	// statementIndex is the index of the statement being folded, and
	// notValid the statement of this file that added each constraint NOT
	// VALID ("schema.table.constraint").
	statementIndex int
	notValid       map[string]int
	// shared holds the annotated relations and single locks the file's
	// statements share (see parser.Sharing): the parser's shared values
	// are annotated as copies.
	shared *parser.Sharing
}

func (c *Catalog) newFileState(f *parser.File, annotate bool) *fileState {
	return &fileState{
		c:              c,
		f:              f,
		annotate:       annotate,
		shared:         parser.NewSharing(),
		created:        map[string]bool{},
		createdIndexes: map[string]bool{},
		notValid:       map[string]int{},
	}
}

// pgAtLeast reports whether the target is at least major version v; an
// unknown version (0) means the newest behaviour.
func (st *fileState) pgAtLeast(v int) bool {
	pg := st.f.Target.PGVersion
	return pg == 0 || pg >= v
}

func (st *fileState) statement(s *parser.Statement) {
	var rebuilds []int
	if st.annotate {
		st.indexTables(s)
		rebuilds = st.foreignKeyLocks(s)
		if len(s.Locks) == 1 {
			l := s.Locks[0]
			st.annotateTableRef(&l.Relation)
			s.Locks = st.shared.Locks(l)
		} else {
			// Lists of several locks are the statement's own.
			for i := range s.Locks {
				st.annotateTableRef(&s.Locks[i].Relation)
			}
		}
		s.BlockingLock = parser.StrongestBlockingLock(s.Locks)
	}
	st.statementText = s.Text
	st.searchPath = s.Session.SearchPath
	st.statementIndex = s.Index
	refined := false
	for i := 0; i < len(s.Actions); i++ {
		a := &s.Actions[i]
		if st.annotate {
			st.annotateAction(a)
			if st.refine(a) {
				refined = true
			}
			if implied, changed := st.impliedNotNull(a); changed {
				// The implied SET NOT NULL actions follow their ADD
				// PRIMARY KEY; the loop annotates them next.
				s.Actions = slices.Insert(s.Actions, i+1, implied...)
				a = &s.Actions[i]
				refined = true
				for j := range rebuilds {
					if rebuilds[j] > i {
						rebuilds[j] += len(implied)
					}
				}
			}
		}
		st.apply(a)
	}
	if st.annotate && st.lockPartitions(s) {
		s.BlockingLock = parser.StrongestBlockingLock(s.Locks)
	}
	// A rewriting type change re-adds the foreign keys on its column with
	// their validation, which reads the tables.
	for _, i := range rebuilds {
		if a := &s.Actions[i]; a.Effects.RewritesTable && !a.Effects.ScansTable {
			a.Effects.ScansTable, refined = true, true
		}
	}
	if refined {
		// The statement's effects summarise its actions; recompute the two
		// the catalog refines so they agree with the actions.
		s.Effects.RewritesTable, s.Effects.ScansTable = false, false
		for i := range s.Actions {
			s.Effects.RewritesTable = s.Effects.RewritesTable || s.Actions[i].Effects.RewritesTable
			s.Effects.ScansTable = s.Effects.ScansTable || s.Actions[i].Effects.ScansTable
		}
	}
}

// indexTables names the table of an index that DROP INDEX or REINDEX INDEX
// acts on when the statement does not (the index was created by an earlier
// file): the action gets its table, and the statement the lock the server
// takes on it (parser.IndexTableLock, proven in testdata/server/drop_index.sql).
func (st *fileState) indexTables(s *parser.Statement) {
	for i := range s.Actions {
		a := &s.Actions[i]
		mode := parser.IndexTableLock(a)
		if mode == "" || a.Table != nil || a.IndexAction.Index == nil {
			continue
		}
		index := a.IndexAction.Index
		key := st.c.findIndex(st.c.schemaOf(index), index.Name)
		t := st.c.tables[key]
		if t == nil {
			continue
		}
		table := parser.Relation{Schema: t.Schema, Name: t.Name, Qualified: index.Qualified}
		a.Table, a.Lock = &table, mode
		s.Locks = append(s.Locks, parser.Lock{Relation: table, Mode: mode})
	}
}

// foreignKeyLocks adds the lock a statement takes on the other table of a
// foreign key it rebuilds or drops: DROP TABLE, DROP COLUMN and DROP
// CONSTRAINT of a key (and, with CASCADE, the keys that reference what is
// dropped), and a type change of a column on either side of one, drop the
// key's triggers on both tables; a rewriting type change then validates the key again,
// reading the tables (proven in testdata/server/drop_foreign_key.sql and
// alter_column_type_foreign_key*.sql).
//
// It returns the actions that rebuild a foreign key.
func (st *fileState) foreignKeyLocks(s *parser.Statement) []int {
	c := st.c
	var rebuilds []int
	lock := func(key string) {
		t := c.tables[key]
		if t == nil {
			return
		}
		for _, l := range s.Locks {
			if c.key(&l.Relation) == key && l.Mode == parser.ForeignKeyRebuildLock {
				return
			}
		}
		s.Locks = append(s.Locks, parser.Lock{Relation: parser.Relation{Schema: t.Schema, Name: t.Name, Qualified: true},
			Mode: parser.ForeignKeyRebuildLock})
	}
	for i := range s.Actions {
		a := &s.Actions[i]
		if a.Table == nil {
			continue
		}
		key := c.key(a.Table)
		t := c.tables[key]
		if t == nil {
			continue
		}
		rebuild := func(other string) {
			lock(other)
			if len(rebuilds) == 0 || rebuilds[len(rebuilds)-1] != i {
				rebuilds = append(rebuilds, i)
			}
		}
		cascade := a.DropAction != nil && a.DropAction.Cascade
		switch {
		case a.Type == "drop_table":
			// Dropping a table drops its keys' triggers on the tables they
			// reference, and with CASCADE the keys that reference it.
			for _, con := range t.Constraints {
				if con.Type == "foreign_key" && con.References != nil && con.References.Table != key {
					lock(con.References.Table)
				}
			}
			if cascade {
				for _, other := range c.referencing(key, "") {
					lock(other)
				}
			}
		case a.Type == "drop_column" && a.ColumnAction != nil:
			col := a.ColumnAction.ColumnName
			for _, con := range t.Constraints {
				if con.Type == "foreign_key" && con.References != nil && con.References.Table != key && slices.Contains(con.Columns, col) {
					lock(con.References.Table)
				}
			}
			if cascade {
				for _, other := range c.referencing(key, col) {
					lock(other)
				}
			}
		case a.Type == "drop_constraint" && a.ConstraintAction != nil:
			for _, con := range t.Constraints {
				if con.Name == a.ConstraintAction.ConstraintName && con.Type == "foreign_key" && con.References != nil && con.References.Table != key {
					lock(con.References.Table)
				}
			}
		case a.Type == "alter_column_type" && a.ColumnAction != nil:
			col := a.ColumnAction.ColumnName
			for _, con := range t.Constraints {
				if con.Type == "foreign_key" && con.References != nil && con.References.Table != key && slices.Contains(con.Columns, col) {
					rebuild(con.References.Table)
				}
			}
			for _, other := range c.referencing(key, col) {
				rebuild(other)
			}
		}
	}
	return rebuilds
}

// referencing lists the other tables whose foreign keys reference the table
// key (on column col, or on any column when col is ""), sorted.
func (c *Catalog) referencing(key, col string) []string {
	var out []string
	for other, ot := range c.tables {
		if other == key {
			continue
		}
		for _, con := range ot.Constraints {
			if con.Type == "foreign_key" && con.References != nil && con.References.Table == key &&
				(col == "" || slices.Contains(con.References.Columns, col)) {
				out = append(out, other)
				break
			}
		}
	}
	slices.Sort(out)
	return out
}

// apply folds one action into the catalog.
func (st *fileState) apply(a *parser.Action) {
	c := st.c
	switch a.Type {
	case "begin":
		if st.begin == nil {
			st.begin = c.checkpoint()
		}
	case "commit":
		st.begin = nil
	case "rollback":
		// ROLLBACK TO SAVEPOINT is not modelled: only a plain ROLLBACK
		// undoes the block.
		if st.begin != nil && (a.SetAction == nil || a.SetAction.Name == "") {
			c.restore(st.begin)
			st.begin = nil
		}
	case "create_table":
		st.createTable(a)
	case "drop_table":
		if a.Table != nil {
			c.dropTable(c.key(a.Table))
		}
	case "create_view", "create_materialized_view":
		if a.Table != nil {
			key := c.key(a.Table)
			st.created[key] = st.created[key] || c.tables[key] == nil && !c.hasView(key)
			c.setView(key, true)
		}
	case "drop_view", "drop_materialized_view":
		if r := droppedRelation(a); r != nil {
			c.setView(c.key(r), false)
		}
	case "drop_relation":
		if r := droppedRelation(a); r != nil {
			key := c.key(r)
			c.setView(key, false)
			c.dropTable(key)
		}
	case "drop_schema":
		if a.DropAction != nil && a.DropAction.Object != nil {
			c.dropSchema(a.DropAction.Object.Name)
		}
	case "create_type":
		// Only enums are modelled; their values come from the parser.
		if a.CreateObjectAction == nil || a.CreateObjectAction.CreatedObject == nil {
			break
		}
		if a.EnumAction != nil {
			c.enums[c.key(a.CreateObjectAction.CreatedObject)] = slices.Clone(a.EnumAction.EnumValues)
		}
	case "add_enum_value":
		// BEFORE/AFTER positions are not in the facts: the value is appended.
		if a.EnumAction != nil && a.EnumAction.EnumType != nil {
			key := c.key(a.EnumAction.EnumType)
			if values, ok := c.enums[key]; ok && !slices.Contains(values, a.EnumAction.EnumValue) {
				c.enums[key] = append(slices.Clip(values), a.EnumAction.EnumValue)
			}
		}
	case "drop_type":
		if a.DropAction != nil && a.DropAction.Object != nil {
			delete(c.enums, c.key(a.DropAction.Object))
		}
	case "add_column":
		st.addColumn(a)
	case "attach_partition", "detach_partition":
		if a.PartitionAction != nil && a.PartitionAction.Partition != nil && a.Table != nil {
			if t := c.mutable(c.key(a.PartitionAction.Partition)); t != nil {
				t.PartitionOf = ""
				if a.Type == "attach_partition" {
					t.PartitionOf = c.key(a.Table)
				}
			}
		}
	case "set_logged", "set_unlogged":
		if t := st.tableOf(a); t != nil {
			t.Unlogged = a.Type == "set_unlogged"
		}
	case "create_domain":
		if a.DomainAction != nil && a.DomainAction.Domain != nil {
			c.domains[c.key(a.DomainAction.Domain)] = hasDomainConstraint(a.DomainAction.Constraints)
		}
	case "add_domain_constraint":
		if a.DomainAction != nil && a.DomainAction.Domain != nil {
			if _, known := c.domains[c.key(a.DomainAction.Domain)]; known {
				c.domains[c.key(a.DomainAction.Domain)] = true
			}
		}
	case "drop_domain":
		if a.DropAction != nil && a.DropAction.Object != nil {
			delete(c.domains, c.key(a.DropAction.Object))
		}
	case "create_function":
		c.createFunction(a.FunctionAction)
	case "alter_function":
		c.alterFunction(a.FunctionAction)
	case "drop_function":
		if a.DropAction != nil {
			c.dropFunction(a.DropAction.Object)
		}
	case "drop_column":
		if t := st.tableOf(a); t != nil && a.ColumnAction != nil {
			c.dropColumn(t, a.ColumnAction.ColumnName)
		}
	case "alter_column_type":
		if t := st.tableOf(a); t != nil && a.ColumnAction != nil && a.ColumnAction.NewType != nil {
			t.updateColumn(a.ColumnAction.ColumnName, func(col *Column) {
				col.Type = cloneType(*a.ColumnAction.NewType)
				col.Collation = a.ColumnAction.NewCollation
			})
		}
	case "set_not_null", "drop_not_null":
		if t := st.tableOrAltered(a); t != nil && a.ColumnAction != nil {
			t.ensureColumn(a.ColumnAction.ColumnName, t != st.c.tables[st.c.key(a.Table)])
			t.updateColumn(a.ColumnAction.ColumnName, func(col *Column) {
				col.NotNull = a.Type == "set_not_null"
			})
		}
	case "set_default", "drop_default":
		if t := st.tableOf(a); t != nil && a.ColumnAction != nil {
			t.updateColumn(a.ColumnAction.ColumnName, func(col *Column) {
				col.HasDefault = a.Type == "set_default"
				col.Default = nil
				if col.HasDefault {
					col.Default = a.ColumnAction.Default
				}
			})
		}
	case "add_constraint":
		if t := st.tableOrAltered(a); t != nil && a.ConstraintAction != nil && a.ConstraintAction.Constraint != nil {
			con := *a.ConstraintAction.Constraint
			if t != c.tables[c.key(a.Table)] {
				// Columns of a table the history never created are
				// known only as constraints name them.
				for _, name := range con.Columns {
					t.ensureColumn(name, true)
				}
			}
			t.addConstraint(con, c)
			if con.NotValid {
				name := con.Name
				if name == "" {
					name = defaultConstraintName(t.Name, &con)
				}
				st.notValid[c.key(a.Table)+"."+name] = st.statementIndex
			}
		}
	case "validate_constraint":
		if t := st.tableOrAltered(a); t != nil && a.ConstraintAction != nil {
			if i := t.constraintIndex(a.ConstraintAction.ConstraintName); i >= 0 {
				t.Constraints[i].Validated = true
			}
		}
	case "drop_constraint":
		if t := st.tableOrAltered(a); t != nil && a.ConstraintAction != nil {
			t.dropConstraint(a.ConstraintAction.ConstraintName)
		}
	case "create_index":
		st.createIndex(a)
	case "drop_index":
		if r := indexRelation(a); r != nil {
			c.dropIndex(c.schemaOf(r), r.Name)
		}
	case "rename_table":
		if a.Table != nil && a.RenameAction != nil {
			st.renamed(c.schemaOf(a.Table), a.RenameAction.OldName, a.RenameAction.NewName)
			c.renameRelation(c.schemaOf(a.Table), a.RenameAction.OldName, a.RenameAction.NewName)
		}
	case "rename_column":
		if t := st.tableOf(a); t != nil && a.RenameAction != nil {
			c.renameColumn(t, a.RenameAction.OldName, a.RenameAction.NewName)
		}
	case "rename_index":
		if r := indexRelation(a); r != nil && a.RenameAction != nil {
			c.renameIndex(c.schemaOf(r), a.RenameAction.OldName, a.RenameAction.NewName)
		}
	case "rename_constraint":
		if t := st.tableOf(a); t != nil && a.RenameAction != nil {
			t.renameConstraint(a.RenameAction.OldName, a.RenameAction.NewName)
		}
	default:
		if strings.HasPrefix(a.Type, "rename") && a.RenameAction != nil {
			st.renameOther(a)
		}
	}
}

// renameOther handles renames of views, schemas and types.
func (st *fileState) renameOther(a *parser.Action) {
	c, rn := st.c, a.RenameAction
	switch rn.ObjectType {
	case "table", "view", "materialized_view", "foreign_table":
		if a.Table != nil {
			st.renamed(c.schemaOf(a.Table), rn.OldName, rn.NewName)
			c.renameRelation(c.schemaOf(a.Table), rn.OldName, rn.NewName)
		}
	case "index":
		if r := indexRelation(a); r != nil {
			c.renameIndex(c.schemaOf(r), rn.OldName, rn.NewName)
		}
	case "schema":
		c.renameSchema(rn.OldName, rn.NewName)
	case "type":
		// The facts name only the type, not its schema.
		schema := c.defaultSchema
		if a.Table != nil {
			schema = c.schemaOf(a.Table)
		}
		if v, ok := c.enums[schema+"."+rn.OldName]; ok {
			delete(c.enums, schema+"."+rn.OldName)
			c.enums[schema+"."+rn.NewName] = v
		}
	}
}

// renamed carries "created in this file" over to a relation's new name.
func (st *fileState) renamed(schema, oldName, newName string) {
	if st.created[schema+"."+oldName] {
		st.created[schema+"."+newName] = true
	}
}

// tableOf returns the action's table, ready to change; nil when the history
// does not know it (an unknown table stays unknown rather than becoming a
// table with only the columns this file mentions).
func (st *fileState) tableOf(a *parser.Action) *Table {
	if a.Table == nil {
		return nil
	}
	return st.c.mutable(st.c.key(a.Table))
}

// tableOrAltered is tableOf, or for a table the history never created, the
// record of what the history altered in it (created on first use).
func (st *fileState) tableOrAltered(a *parser.Action) *Table {
	if t := st.tableOf(a); t != nil || a.Table == nil {
		return t
	}
	c := st.c
	key := c.key(a.Table)
	t := c.altered[key]
	if t == nil {
		t = &Table{Schema: c.schemaOf(a.Table), Name: a.Table.Name, Columns: map[string]Column{},
			Indexes: []Index{}, Constraints: []Constraint{}, PrimaryKey: []string{}, PartitionKey: []string{}, epoch: c.epoch}
		c.altered[key] = t
		return t
	}
	if t.epoch != c.epoch {
		t = t.clone()
		t.epoch = c.epoch
		c.altered[key] = t
	}
	return t
}

// ensureColumn adds an empty column entry when partial is true and the
// table does not list the column (an altered table's columns are known
// only as statements name them).
func (t *Table) ensureColumn(name string, partial bool) {
	if _, ok := t.Columns[name]; !ok && partial {
		t.Columns[name] = Column{Name: name}
	}
}

// hasDomainConstraint reports whether a domain's constraints check values
// (CHECK or NOT NULL).
func hasDomainConstraint(cons []parser.Constraint) bool {
	for _, con := range cons {
		if con.Type == "check" || con.Type == "not_null" {
			return true
		}
	}
	return false
}

// droppedRelation is the relation a drop action removes.
func droppedRelation(a *parser.Action) *parser.Relation {
	if a.Table != nil {
		return a.Table
	}
	if a.DropAction != nil {
		return a.DropAction.Object
	}
	return nil
}

// indexRelation is the index an index action names, wherever the parser put
// it (the index field, the dropped object, or the table field of ALTER INDEX).
func indexRelation(a *parser.Action) *parser.Relation {
	if a.IndexAction != nil && a.IndexAction.Index != nil {
		return a.IndexAction.Index
	}
	if a.DropAction != nil && a.DropAction.Object != nil {
		return a.DropAction.Object
	}
	return a.Table
}

func (st *fileState) createTable(a *parser.Action) {
	c := st.c
	if a.Table == nil {
		return
	}
	key := c.key(a.Table)
	ct := a.CreateTableAction
	if ct != nil && ct.IfNotExists && c.tables[key] != nil {
		return
	}
	st.created[key] = true
	t := &Table{
		Schema:       c.schemaOf(a.Table),
		Name:         a.Table.Name,
		Columns:      map[string]Column{},
		Indexes:      []Index{},
		Constraints:  []Constraint{},
		PrimaryKey:   []string{},
		PartitionKey: []string{},
		epoch:        c.epoch,
	}
	if ct != nil {
		t.Partitioned, t.Unlogged = ct.Partitioned, ct.Unlogged
		t.PartitionKey = slices.Clone(nonNil(ct.PartitionKey))
	}
	c.tables[key] = t
	delete(c.altered, key)
	c.setView(key, false)
	if ct == nil {
		return
	}
	if ct.PartitionOf != nil {
		t.PartitionOf = c.key(ct.PartitionOf)
		if parent := c.tables[c.key(ct.PartitionOf)]; parent != nil {
			for name, col := range parent.Columns {
				col.Type = cloneType(col.Type)
				t.Columns[name] = col
			}
		}
	}
	for i := range ct.Columns {
		t.Columns[ct.Columns[i].Name] = columnOf(&ct.Columns[i])
	}
	// Table constraints first, so that a column flag the parser also listed
	// as a constraint is not added twice.
	for _, con := range ct.Constraints {
		// A new table has no rows: PostgreSQL marks its constraints valid
		// even when written NOT VALID.
		con.NotValid = false
		t.addConstraint(con, c)
	}
	for i := range ct.Columns {
		t.addColumnConstraints(&ct.Columns[i], c)
	}
	if len(ct.PrimaryKey) > 0 && t.constraintOfType("primary_key") < 0 {
		t.addConstraint(parser.Constraint{Type: "primary_key", Columns: ct.PrimaryKey}, c)
	}
}

func (st *fileState) addColumn(a *parser.Action) {
	t := st.tableOrAltered(a)
	if t == nil || a.ColumnAction == nil || a.ColumnAction.Column == nil {
		return
	}
	col := a.ColumnAction.Column
	if _, exists := t.Columns[col.Name]; exists && a.ColumnAction.IfNotExists {
		return
	}
	t.Columns[col.Name] = columnOf(col)
	t.addColumnConstraints(col, st.c)
}

func (st *fileState) createIndex(a *parser.Action) {
	c := st.c
	ia := a.IndexAction
	if a.Table == nil || ia == nil {
		return
	}
	t := c.tables[c.key(a.Table)]
	if t == nil {
		return
	}
	name := ""
	if ia.Index != nil {
		name = ia.Index.Name
	}
	if name == "" {
		name = defaultName(t.Name, ia.Columns, "idx")
	}
	if ia.IfNotExists && c.findIndex(t.Schema, name) != "" {
		return
	}
	st.createdIndexes[t.Schema+"."+name] = true
	t = c.mutable(c.key(a.Table))
	t.Indexes = append(t.Indexes, Index{
		Name:    name,
		Columns: slices.Clone(nonNil(ia.Columns)),
		Unique:  ia.Unique,
		Partial: ia.Partial,
		Valid:   true,
	})
}

// columnOf converts a column definition; constraints are added separately.
func columnOf(col *parser.Column) Column {
	return Column{
		Name: col.Name,
		Type: cloneType(col.Type),
		// serial and identity columns are implicitly NOT NULL.
		NotNull:    col.NotNull || col.PrimaryKey || col.Identity != nil || col.Serial != nil,
		HasDefault: col.HasDefault || col.Serial != nil || col.Identity != nil,
		Default:    col.Default,
		Collation:  col.Collation,
	}
}

// addColumnConstraints records the constraints written on a column
// definition: PRIMARY KEY, UNIQUE and REFERENCES.
func (t *Table) addColumnConstraints(col *parser.Column, c *Catalog) {
	cols := []string{col.Name}
	if col.PrimaryKey && t.constraintOfType("primary_key") < 0 {
		t.addConstraint(parser.Constraint{Type: "primary_key", Columns: cols}, c)
	}
	if col.Unique && !t.hasConstraint("unique", cols) {
		t.addConstraint(parser.Constraint{Type: "unique", Columns: cols}, c)
	}
	if col.References != nil && !t.hasConstraint("foreign_key", cols) {
		t.addConstraint(parser.Constraint{Type: "foreign_key", Columns: cols, References: col.References}, c)
	}
}

// addConstraint records a constraint and what it implies: a primary key makes
// its columns NOT NULL; primary key, unique and exclusion constraints own an
// index of the same name.
func (t *Table) addConstraint(con parser.Constraint, c *Catalog) {
	if con.Type == "not_null" {
		for _, name := range con.Columns {
			t.updateColumn(name, func(col *Column) { col.NotNull = true })
		}
		return
	}
	name := con.Name
	if name == "" {
		name = defaultConstraintName(t.Name, &con)
	}
	cols := slices.Clone(nonNil(con.Columns))
	if len(cols) == 0 && con.UsingIndex != "" {
		// ADD ... USING INDEX takes its columns from the index.
		for i := range t.Indexes {
			if t.Indexes[i].Name == con.UsingIndex {
				cols = slices.Clone(t.Indexes[i].Columns)
			}
		}
	}
	out := Constraint{
		Name:       name,
		Type:       con.Type,
		Columns:    cols,
		Validated:  !con.NotValid,
		Expression: con.Expression,
	}
	if con.References != nil {
		r := &con.References.Table
		out.References = &References{
			Table:   c.key(r),
			Schema:  c.schemaOf(r),
			Name:    r.Name,
			Columns: slices.Clone(nonNil(con.References.Columns)),
		}
	}
	switch con.Type {
	case "primary_key":
		t.PrimaryKey = slices.Clone(cols)
		for _, n := range cols {
			t.updateColumn(n, func(col *Column) { col.NotNull = true })
		}
		t.ownIndex(name, con.UsingIndex, cols, true)
	case "unique":
		t.ownIndex(name, con.UsingIndex, cols, true)
	case "exclusion":
		t.ownIndex(name, "", cols, false)
	}
	t.Constraints = append(t.Constraints, out)
}

// ownIndex gives a constraint its index: the USING INDEX one, renamed to the
// constraint's name as PostgreSQL does, or a new one.
func (t *Table) ownIndex(name, usingIndex string, cols []string, unique bool) {
	if usingIndex != "" {
		for i := range t.Indexes {
			if t.Indexes[i].Name == usingIndex {
				t.Indexes[i].Name = name
				return
			}
		}
	}
	t.Indexes = append(t.Indexes, Index{Name: name, Columns: slices.Clone(cols), Unique: unique, Valid: true})
}

func (t *Table) updateColumn(name string, change func(*Column)) {
	col, ok := t.Columns[name]
	if !ok {
		return
	}
	change(&col)
	t.Columns[name] = col
}

func (t *Table) constraintIndex(name string) int {
	for i := range t.Constraints {
		if t.Constraints[i].Name == name {
			return i
		}
	}
	return -1
}

func (t *Table) constraintOfType(typ string) int {
	for i := range t.Constraints {
		if t.Constraints[i].Type == typ {
			return i
		}
	}
	return -1
}

func (t *Table) hasConstraint(typ string, cols []string) bool {
	for i := range t.Constraints {
		if t.Constraints[i].Type == typ && slices.Equal(t.Constraints[i].Columns, cols) {
			return true
		}
	}
	return false
}

// ownsIndex reports whether constraints of this type are backed by an index
// of the same name.
func ownsIndex(typ string) bool {
	return typ == "primary_key" || typ == "unique" || typ == "exclusion"
}

func (t *Table) dropConstraint(name string) {
	i := t.constraintIndex(name)
	if i < 0 {
		return
	}
	con := t.Constraints[i]
	t.Constraints = slices.Delete(t.Constraints, i, i+1)
	if con.Type == "primary_key" {
		// Dropping a primary key keeps its columns NOT NULL.
		t.PrimaryKey = []string{}
	}
	if ownsIndex(con.Type) {
		t.Indexes = slices.DeleteFunc(t.Indexes, func(ix Index) bool { return ix.Name == name })
	}
}

func (t *Table) renameConstraint(oldName, newName string) {
	i := t.constraintIndex(oldName)
	if i < 0 {
		return
	}
	t.Constraints[i].Name = newName
	if ownsIndex(t.Constraints[i].Type) {
		for j := range t.Indexes {
			if t.Indexes[j].Name == oldName {
				t.Indexes[j].Name = newName
			}
		}
	}
}

// dropTable removes a table, its indexes and constraints, and the foreign
// keys of other tables that reference it (DROP TABLE succeeds only when there
// are none, or with CASCADE, which drops them).
func (c *Catalog) dropTable(key string) {
	if c.tables[key] == nil {
		return
	}
	delete(c.tables, key)
	c.dropForeignKeys(func(ref *References) bool { return ref.Table == key })
}

// dropForeignKeys removes, from every table, the foreign keys whose target
// matches.
func (c *Catalog) dropForeignKeys(match func(*References) bool) {
	for key, t := range c.tables {
		found := false
		for i := range t.Constraints {
			if r := t.Constraints[i].References; r != nil && match(r) {
				found = true
				break
			}
		}
		if !found {
			continue
		}
		t = c.mutable(key)
		t.Constraints = slices.DeleteFunc(t.Constraints, func(con Constraint) bool {
			return con.References != nil && match(con.References)
		})
	}
}

// dropSchema removes every table, view and enum of the schema (DROP SCHEMA
// succeeds only when it is empty, or with CASCADE).
func (c *Catalog) dropSchema(schema string) {
	prefix := schema + "."
	for key := range c.tables {
		if strings.HasPrefix(key, prefix) {
			c.dropTable(key)
		}
	}
	for key := range c.views {
		if strings.HasPrefix(key, prefix) {
			c.setView(key, false)
		}
	}
	for key := range c.enums {
		if strings.HasPrefix(key, prefix) {
			delete(c.enums, key)
		}
	}
}

func (c *Catalog) renameSchema(oldName, newName string) {
	oldPrefix := oldName + "."
	for key := range c.tables {
		if name, ok := strings.CutPrefix(key, oldPrefix); ok {
			c.moveTable(key, newName, name)
		}
	}
	for key := range c.views {
		if name, ok := strings.CutPrefix(key, oldPrefix); ok {
			c.setView(key, false)
			c.setView(newName+"."+name, true)
		}
	}
	for key, v := range c.enums {
		if name, ok := strings.CutPrefix(key, oldPrefix); ok {
			delete(c.enums, key)
			c.enums[newName+"."+name] = v
		}
	}
}

// renameRelation renames a table or view within its schema.
func (c *Catalog) renameRelation(schema, oldName, newName string) {
	oldKey := schema + "." + oldName
	if c.hasView(oldKey) {
		c.setView(oldKey, false)
		c.setView(schema+"."+newName, true)
	}
	if c.tables[oldKey] != nil {
		c.moveTable(oldKey, schema, newName)
	}
}

// moveTable gives a table a new schema and name, and points the foreign keys
// that reference it at the new key.
func (c *Catalog) moveTable(oldKey, schema, name string) {
	t := c.mutable(oldKey)
	delete(c.tables, oldKey)
	t.Schema, t.Name = schema, name
	newKey := schema + "." + name
	c.tables[newKey] = t
	for key, other := range c.tables {
		for i := range other.Constraints {
			if r := other.Constraints[i].References; r != nil && r.Table == oldKey {
				other = c.mutable(key)
				r = other.Constraints[i].References
				r.Table, r.Schema, r.Name = newKey, schema, name
			}
		}
	}
}

// dropColumn removes a column and the indexes and constraints that use it,
// as PostgreSQL does, and the foreign keys of other tables that reference it
// (possible only with CASCADE).
func (c *Catalog) dropColumn(t *Table, name string) {
	if _, ok := t.Columns[name]; !ok {
		return
	}
	delete(t.Columns, name)
	t.Indexes = slices.DeleteFunc(t.Indexes, func(ix Index) bool { return slices.Contains(ix.Columns, name) })
	t.Constraints = slices.DeleteFunc(t.Constraints, func(con Constraint) bool { return slices.Contains(con.Columns, name) })
	if slices.Contains(t.PrimaryKey, name) {
		t.PrimaryKey = []string{}
	}
	key := t.Schema + "." + t.Name
	c.dropForeignKeys(func(r *References) bool { return r.Table == key && slices.Contains(r.Columns, name) })
}

// renameColumn renames a column everywhere it is named: the table's indexes,
// constraints and primary key, and other tables' foreign keys.
func (c *Catalog) renameColumn(t *Table, oldName, newName string) {
	col, ok := t.Columns[oldName]
	if !ok {
		return
	}
	delete(t.Columns, oldName)
	col.Name = newName
	t.Columns[newName] = col
	for i := range t.Indexes {
		replaceName(t.Indexes[i].Columns, oldName, newName)
	}
	for i := range t.Constraints {
		replaceName(t.Constraints[i].Columns, oldName, newName)
	}
	replaceName(t.PrimaryKey, oldName, newName)
	key := t.Schema + "." + t.Name
	for otherKey, other := range c.tables {
		for i := range other.Constraints {
			if r := other.Constraints[i].References; r != nil && r.Table == key && slices.Contains(r.Columns, oldName) {
				other = c.mutable(otherKey)
				replaceName(other.Constraints[i].References.Columns, oldName, newName)
			}
		}
	}
}

// findIndex returns the key of the table that owns the index; index names
// are unique per schema.
func (c *Catalog) findIndex(schema, name string) string {
	prefix := schema + "."
	for key, t := range c.tables {
		if !strings.HasPrefix(key, prefix) {
			continue
		}
		for i := range t.Indexes {
			if t.Indexes[i].Name == name {
				return key
			}
		}
	}
	return ""
}

func (c *Catalog) hasIndex(schema, name string) bool { return c.findIndex(schema, name) != "" }

func (c *Catalog) hasView(key string) bool {
	_, ok := c.views[key]
	return ok
}

func (c *Catalog) dropIndex(schema, name string) {
	key := c.findIndex(schema, name)
	if key == "" {
		return
	}
	t := c.mutable(key)
	t.Indexes = slices.DeleteFunc(t.Indexes, func(ix Index) bool { return ix.Name == name })
}

// renameIndex renames an index and the constraint it backs, as ALTER INDEX
// ... RENAME does.
func (c *Catalog) renameIndex(schema, oldName, newName string) {
	key := c.findIndex(schema, oldName)
	if key == "" {
		return
	}
	t := c.mutable(key)
	for i := range t.Indexes {
		if t.Indexes[i].Name == oldName {
			t.Indexes[i].Name = newName
		}
	}
	if i := t.constraintIndex(oldName); i >= 0 && ownsIndex(t.Constraints[i].Type) {
		t.Constraints[i].Name = newName
	}
}

func replaceName(names []string, oldName, newName string) {
	for i := range names {
		if names[i] == oldName {
			names[i] = newName
		}
	}
}

func cloneType(t parser.TypeName) parser.TypeName {
	t.Mods = slices.Clone(nonNilInts(t.Mods))
	return t
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func nonNilInts(s []int) []int {
	if s == nil {
		return []int{}
	}
	return s
}
