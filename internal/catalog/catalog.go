// Package catalog folds migrations, in order, into a model of the schema they
// build (tables, columns, indexes, constraints, enums, views), so each file can
// be judged with what earlier files created: the column's old type, existing
// indexes, a validated CHECK (col IS NOT NULL).
//
// The catalog is pure Go on top of parser facts: no OPA, no database. Objects
// the history never mentions are "existing, details unknown": the catalog
// simply does not list them, and Relation.Known stays false.
//
// Snapshots are immutable and cheap: the catalog copies a table only the first
// time it changes after a snapshot (copy on write), so taking one snapshot per
// file costs a map copy, not a deep copy of the schema. Snapshots can therefore
// be handed to parallel policy evaluation while folding goes on.
package catalog

import (
	"slices"

	"github.com/ddlgate/ddlgate/parser"
)

// Catalog is the schema model folded from migrations in order.
type Catalog struct {
	defaultSchema string
	// epoch advances at every snapshot or checkpoint; a table whose epoch is
	// older may be shared with a snapshot and must be copied before changing.
	epoch  uint64
	tables map[string]*Table
	enums  map[string][]string
	views  map[string]struct{}
	// functions are the user functions the history created, by
	// "schema.name": their declared volatility decides whether a column
	// default calling them rewrites the table.
	functions map[string][]Function
	// domains maps the domains the history created to whether they carry
	// CHECK or NOT NULL constraints.
	domains map[string]bool
	// altered holds what the history says of tables it never created
	// (they existed before it): constraints and columns added or set NOT
	// NULL by ALTER TABLE. It is not published and does not make a table
	// known; it lets a validated CHECK (col IS NOT NULL) of an unknown
	// table spare a later SET NOT NULL its scan.
	altered map[string]*Table
	// viewList caches the sorted view keys; nil after a change.
	viewList []string
	// live, when set, tells which tables the live database has (see
	// AssumeLive).
	live func(key string) bool
}

// Snapshot is the JSON-ready state of the catalog, published as the facts
// document's catalog (input.catalog in Rego). Keys are "schema.name" with names as PostgreSQL
// stores them (unquoted identifiers lower-cased, quoted ones verbatim).
type Snapshot struct {
	Tables map[string]*Table   `json:"tables"`
	Enums  map[string][]string `json:"enums"`
	Views  []string            `json:"views"`
}

// Table is a table of the catalog. Values reachable from a Snapshot are never
// modified: treat them as read-only.
type Table struct {
	Schema      string            `json:"schema"`
	Name        string            `json:"name"`
	Columns     map[string]Column `json:"columns"`
	Indexes     []Index           `json:"indexes"`
	Constraints []Constraint      `json:"constraints"`
	PrimaryKey  []string          `json:"primary_key"`
	// Partitioned is true for a table created with PARTITION BY, whose
	// PartitionKey columns ("" for an expression) decide its partitions.
	Partitioned  bool     `json:"partitioned"`
	PartitionKey []string `json:"partition_key"`
	// Unlogged is true for an UNLOGGED table (SET LOGGED makes it logged).
	Unlogged bool `json:"unlogged"`
	// PartitionOf is the catalog key of the partitioned table this table is
	// a partition of ("" when it is none).
	PartitionOf string `json:"partition_of"`

	epoch uint64
}

// Column is a column of a catalog table.
type Column struct {
	Name       string          `json:"name"`
	Type       parser.TypeName `json:"type"`
	NotNull    bool            `json:"not_null"`
	HasDefault bool            `json:"has_default"`
	Default    *string         `json:"default"`
	// Collation is the column's COLLATE, "" for its type's default.
	Collation string `json:"collation"`
}

// Function is one overload of a user function: how many arguments a call
// passes (MaxArgs -1: variadic) and its declared volatility.
type Function struct {
	MinArgs, MaxArgs int
	Volatility       string
}

// Index is an index of a catalog table; its schema is the table's.
type Index struct {
	Name    string   `json:"name"`
	Columns []string `json:"columns"`
	Unique  bool     `json:"unique"`
	Partial bool     `json:"partial"`
	// Valid is false only when the history proves the index unusable; a
	// failed CREATE INDEX CONCURRENTLY cannot be seen from files.
	Valid bool `json:"valid"`
}

// Constraint is a constraint of a catalog table.
type Constraint struct {
	Name string `json:"name"`
	// Type is primary_key | unique | foreign_key | check | exclusion.
	Type    string   `json:"type"`
	Columns []string `json:"columns"`
	// Validated is false for NOT VALID constraints until VALIDATE CONSTRAINT.
	Validated  bool        `json:"validated"`
	References *References `json:"references"`
	Expression string      `json:"expression"`
}

// References is the target of a foreign key constraint.
type References struct {
	// Table is the catalog key of the referenced table ("public.users").
	Table   string   `json:"table"`
	Schema  string   `json:"schema"`
	Name    string   `json:"name"`
	Columns []string `json:"columns"`
}

// New returns an empty catalog; defaultSchema resolves relations whose schema
// the parser left empty.
func New(defaultSchema string) *Catalog {
	if defaultSchema == "" {
		defaultSchema = parser.DefaultSchema
	}
	return &Catalog{
		defaultSchema: defaultSchema,
		epoch:         1,
		tables:        map[string]*Table{},
		enums:         map[string][]string{},
		views:         map[string]struct{}{},
		functions:     map[string][]Function{},
		domains:       map[string]bool{},
		altered:       map[string]*Table{},
	}
}

// Snapshot returns the current state. It shares unchanged tables with the
// catalog, which copies them before any later change.
func (c *Catalog) Snapshot() Snapshot {
	c.epoch++
	s := Snapshot{
		Tables: make(map[string]*Table, len(c.tables)),
		Enums:  make(map[string][]string, len(c.enums)),
		Views:  c.sortedViews(),
	}
	for k, t := range c.tables {
		s.Tables[k] = t
	}
	for k, v := range c.enums {
		s.Enums[k] = v
	}
	return s
}

// SnapshotFor returns the snapshot the facts stage publishes for f, taken
// before Annotate folds f: only the
// tables the file names (acted on, locked, referenced by a foreign key, or
// owning an index the file names), the enums it uses or alters, and every
// view. Policies judge the objects a file touches, so they get the same
// answers, while the document converted for each file stays small on long
// histories.
func (c *Catalog) SnapshotFor(f *parser.File) Snapshot {
	c.epoch++
	s := Snapshot{
		Tables: map[string]*Table{},
		Enums:  map[string][]string{},
		Views:  c.sortedViews(),
	}
	// Enums the file names as a column type or alters; a long history holds
	// hundreds, and each file would otherwise carry them all.
	addEnum := func(t *parser.TypeName) {
		if t == nil {
			return
		}
		key := c.key(&parser.Relation{Schema: t.Schema, Name: t.Name})
		if v, ok := c.enums[key]; ok {
			s.Enums[key] = v
		}
	}
	add := func(r *parser.Relation) {
		if r == nil {
			return
		}
		if t := c.tables[c.key(r)]; t != nil {
			s.Tables[c.key(r)] = t
		}
	}
	addIndexOwner := func(r *parser.Relation) {
		if r == nil || r.Name == "" {
			return
		}
		if key := c.findIndex(c.schemaOf(r), r.Name); key != "" {
			s.Tables[key] = c.tables[key]
		}
	}
	for r := range f.NamedTables() {
		add(r)
	}
	for i := range f.Statements {
		for j := range f.Statements[i].Actions {
			a := &f.Statements[i].Actions[j]
			if a.IndexAction != nil {
				addIndexOwner(a.IndexAction.Index)
			}
			if a.Type == "rename_index" {
				addIndexOwner(a.Table)
			}
			if ca := a.ColumnAction; ca != nil {
				addEnum(ca.NewType)
				if ca.Column != nil {
					addEnum(&ca.Column.Type)
				}
			}
			if ct := a.CreateTableAction; ct != nil {
				for k := range ct.Columns {
					addEnum(&ct.Columns[k].Type)
				}
			}
			if ea := a.EnumAction; ea != nil && ea.EnumType != nil {
				if v, ok := c.enums[c.key(ea.EnumType)]; ok {
					s.Enums[c.key(ea.EnumType)] = v
				}
			}
		}
	}
	return s
}

// AssumeLive tells the catalog which tables a live database has, for a run
// that applies the migrations it judges (ddlgate apply): a table the history
// created that the database does not have yet is created by a migration of
// the same run, so it is new and empty, and Annotate marks it as not
// existing before the statement. nil forgets the database.
func (c *Catalog) AssumeLive(has func(key string) bool) { c.live = has }

// newInRun reports whether the table with the given key is one a migration
// of the run being applied creates (see AssumeLive).
func (c *Catalog) newInRun(key string) bool {
	return c.live != nil && c.tables[key] != nil && !c.live(key)
}

// Table returns the table with the given catalog key, or nil when the history
// does not know it. The result is read-only and may change with the next
// fold; take a Snapshot for a stable view.
func (c *Catalog) Table(key string) *Table {
	return c.tables[key]
}

// Fold applies f's statements to the catalog without touching f, for history
// files that are replayed but not linted. Down migrations are not folded:
// they undo history rather than extend it.
func (c *Catalog) Fold(f *parser.File) {
	if f == nil || f.File.Direction == "down" {
		return
	}
	st := c.newFileState(f, false)
	for i := range f.Statements {
		st.statement(&f.Statements[i])
	}
}

// Annotate refines f's facts with what the catalog knows before f, statement
// by statement (later statements of f see earlier ones), then leaves the
// catalog in the state after f. It fills alter_column_type's old_type and
// clears rewrites_table for
// binary-coercible changes; marks set_not_null covered by a validated
// CHECK (col IS NOT NULL) on 12+; and sets known, exists_before and
// created_in_file on every relation. A down migration is annotated against
// the current state but does not change the catalog.
func (c *Catalog) Annotate(f *parser.File) {
	if f == nil {
		return
	}
	var saved *checkpoint
	if f.File.Direction == "down" {
		saved = c.checkpoint()
	}
	st := c.newFileState(f, true)
	for i := range f.Statements {
		st.statement(&f.Statements[i])
	}
	if saved != nil {
		c.restore(saved)
	}
}

// checkpoint is a restorable state of the catalog, for ROLLBACK and for down
// migrations.
type checkpoint struct {
	tables    map[string]*Table
	enums     map[string][]string
	views     map[string]struct{}
	functions map[string][]Function
	domains   map[string]bool
	altered   map[string]*Table
}

func (c *Catalog) checkpoint() *checkpoint {
	c.epoch++
	cp := &checkpoint{
		tables:    make(map[string]*Table, len(c.tables)),
		enums:     make(map[string][]string, len(c.enums)),
		views:     make(map[string]struct{}, len(c.views)),
		functions: make(map[string][]Function, len(c.functions)),
		domains:   make(map[string]bool, len(c.domains)),
		altered:   make(map[string]*Table, len(c.altered)),
	}
	for k, v := range c.domains {
		cp.domains[k] = v
	}
	for k, t := range c.altered {
		// Copied on write like tables: the epoch advanced above.
		cp.altered[k] = t
	}
	for k, v := range c.functions {
		// Overload lists are replaced, never changed in place.
		cp.functions[k] = v
	}
	for k, t := range c.tables {
		cp.tables[k] = t
	}
	for k, v := range c.enums {
		cp.enums[k] = v
	}
	for k := range c.views {
		cp.views[k] = struct{}{}
	}
	return cp
}

func (c *Catalog) restore(cp *checkpoint) {
	// The checkpoint's tables may now be shared with snapshots taken since:
	// a new epoch makes the next change copy them again.
	c.epoch++
	c.tables, c.enums, c.views, c.functions = cp.tables, cp.enums, cp.views, cp.functions
	c.domains, c.altered = cp.domains, cp.altered
	c.viewList = nil
}

func (c *Catalog) sortedViews() []string {
	if c.viewList == nil {
		list := make([]string, 0, len(c.views))
		for k := range c.views {
			list = append(list, k)
		}
		slices.Sort(list)
		c.viewList = list
	}
	return c.viewList
}

// key is the catalog key of a relation.
func (c *Catalog) key(r *parser.Relation) string {
	schema := r.Schema
	if schema == "" {
		schema = c.defaultSchema
	}
	return schema + "." + r.Name
}

// schemaOf returns the relation's schema, or the default one.
func (c *Catalog) schemaOf(r *parser.Relation) string {
	if r.Schema == "" {
		return c.defaultSchema
	}
	return r.Schema
}

// mutable returns the table with the given key, copied first when a snapshot
// may share it; nil when unknown.
func (c *Catalog) mutable(key string) *Table {
	t := c.tables[key]
	if t == nil || t.epoch == c.epoch {
		return t
	}
	t = t.clone()
	t.epoch = c.epoch
	c.tables[key] = t
	return t
}

// clone deep-copies the table so that in-place edits never reach a snapshot.
func (t *Table) clone() *Table {
	n := &Table{
		Schema:       t.Schema,
		Name:         t.Name,
		Columns:      make(map[string]Column, len(t.Columns)+1),
		Indexes:      make([]Index, len(t.Indexes), len(t.Indexes)+1),
		Constraints:  make([]Constraint, len(t.Constraints), len(t.Constraints)+1),
		PrimaryKey:   slices.Clone(t.PrimaryKey),
		Partitioned:  t.Partitioned,
		PartitionKey: slices.Clone(t.PartitionKey),
		Unlogged:     t.Unlogged,
		PartitionOf:  t.PartitionOf,
	}
	for k, col := range t.Columns {
		col.Type.Mods = slices.Clone(col.Type.Mods)
		n.Columns[k] = col
	}
	for i, ix := range t.Indexes {
		ix.Columns = slices.Clone(ix.Columns)
		n.Indexes[i] = ix
	}
	for i, con := range t.Constraints {
		con.Columns = slices.Clone(con.Columns)
		if con.References != nil {
			ref := *con.References
			ref.Columns = slices.Clone(ref.Columns)
			con.References = &ref
		}
		n.Constraints[i] = con
	}
	return n
}

func (c *Catalog) setView(key string, present bool) {
	_, had := c.views[key]
	if had == present {
		return
	}
	if present {
		c.views[key] = struct{}{}
	} else {
		delete(c.views, key)
	}
	c.viewList = nil
}
