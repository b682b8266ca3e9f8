package parser

import (
	pg_query "github.com/pganalyze/pg_query_go/v5"
)

// relKey identifies a schema object by resolved schema and name.
type relKey struct{ schema, name string }

// fileState carries what earlier statements of the file did, so later
// statements know which relations were created in the file.
type fileState struct {
	src           string
	opts          Options
	lines         *lineIndex
	defaultSchema string

	// created holds the relations (tables, views, indexes, sequences...)
	// created by earlier statements, with their kind.
	created map[relKey]string
	// indexTable maps an index created in the file to its table.
	indexTable map[relKey]relKey
	// searchPath is the search_path in effect for the statement being
	// described (set by the file parser before each statement).
	searchPath []string
	// shared holds the relations and lock lists the file's statements
	// share.
	shared *Sharing
}

// described is the facts of one statement, before parser-core adds text,
// span, transaction and session context.
type described struct {
	Node    string
	Tag     string
	Actions []Action
	Locks   []Lock
	Effects Effects
	// Inner are the statements a DO body runs, added to the file after it.
	Inner []innerStatement
	// Syntax is the version-dependent syntax the statement uses.
	Syntax []SyntaxFeature
}

func newFileState(src string, opts Options, lines *lineIndex) *fileState {
	ds := opts.DefaultSchema
	if ds == "" {
		ds = DefaultSchema
	}
	return &fileState{
		src:           src,
		opts:          opts,
		lines:         lines,
		defaultSchema: ds,
		created:       map[relKey]string{},
		indexTable:    map[relKey]relKey{},
		shared:        NewSharing(),
	}
}

// Sharing makes equal relations and lists of one lock one value: a data
// seed's hundreds of thousands of INSERTs name the same table and take the
// same lock on it, 112 bytes a statement when each has its own. A shared
// value is never modified: code that changes an Action.Table or a
// Statement.Locks of one element (the catalog annotating them) changes a
// copy and shares that. A Sharing is not safe for concurrent use.
type Sharing struct {
	relations map[Relation]*Relation
	locks     map[Lock][]Lock
}

// NewSharing returns an empty Sharing.
func NewSharing() *Sharing {
	return &Sharing{relations: map[Relation]*Relation{}, locks: map[Lock][]Lock{}}
}

// Relation returns the shared relation equal to r.
func (sh *Sharing) Relation(r Relation) *Relation {
	if p, ok := sh.relations[r]; ok {
		return p
	}
	p := &r
	sh.relations[r] = p
	return p
}

// Locks returns the shared list of the one lock l. Its capacity is one, so
// appending to it copies it.
func (sh *Sharing) Locks(l Lock) []Lock {
	if s, ok := sh.locks[l]; ok {
		return s
	}
	s := []Lock{l}
	sh.locks[l] = s
	return s
}

// share replaces d's relations and single lock by the shared ones.
func (s *fileState) share(d described) described {
	for i := range d.Actions {
		if t := d.Actions[i].Table; t != nil {
			d.Actions[i].Table = s.shared.Relation(*t)
		}
	}
	if len(d.Locks) == 1 {
		d.Locks = s.shared.Locks(d.Locks[0])
	}
	return d
}

// withSource is the state reading src instead of the file, sharing what
// the file created: for SQL of a DO body that is not verbatim in the file.
func (s *fileState) withSource(src string) *fileState {
	c := *s
	c.src, c.lines = src, newLineIndex([]byte(src))
	return &c
}

func (s *fileState) key(schema, name string) relKey {
	if schema == "" {
		schema = s.creationSchema()
	}
	return relKey{schema, name}
}

// creationSchema is where an unqualified new object goes: the first schema
// of the search_path that can hold one ("$user" is taken not to exist, as
// for roles without a schema of their name; pg_catalog and pg_temp are
// skipped), the default schema when the path names none.
func (s *fileState) creationSchema() string {
	for _, schema := range s.searchPath {
		if schema != "$user" && schema != "pg_catalog" && schema != "pg_temp" && schema != "" {
			return schema
		}
	}
	return s.defaultSchema
}

// lookupSchema is the schema an unqualified name of an existing object
// resolves to: the first schema of the search_path where the file created
// it, else the creation schema (the catalog, which knows the history,
// looks again).
func (s *fileState) lookupSchema(name string) string {
	if len(s.searchPath) > 1 {
		for _, schema := range s.searchPath {
			if _, ok := s.created[relKey{schema, name}]; ok {
				return schema
			}
		}
	}
	return s.creationSchema()
}

// relation resolves a name against the search_path and the objects the
// file created so far.
func (s *fileState) relation(schema, name string) Relation {
	k := relKey{schema, name}
	if schema == "" {
		k.schema = s.lookupSchema(name)
	}
	_, created := s.created[k]
	return Relation{
		Schema:        k.schema,
		Name:          k.name,
		Qualified:     schema != "",
		ExistsBefore:  !created,
		CreatedInFile: created,
	}
}

// indexedTable is the table of an index created in the file. The statement
// at hand (DROP INDEX, REINDEX INDEX) does not name it, hence not Qualified.
func (s *fileState) indexedTable(k relKey) Relation {
	r := s.relation(k.schema, k.name)
	r.Qualified = false
	return r
}

func (s *fileState) rangeVar(rv *pg_query.RangeVar) Relation {
	return s.relation(rv.GetSchemaname(), rv.GetRelname())
}

// newRelation is a relation the current statement creates: it did not
// exist before and it is created in the file.
func newRelation(r Relation) Relation {
	r.ExistsBefore, r.CreatedInFile = false, true
	return r
}

// creating is the relation a statement creates: new, and when unqualified,
// in the first schema of the search_path rather than wherever an object of
// that name already is.
func (s *fileState) creating(r Relation) Relation {
	if !r.Qualified && r.Schema != "" {
		r.Schema = s.creationSchema()
	}
	return newRelation(r)
}

// nameList resolves a list of String nodes (schema.name) into a Relation.
func (s *fileState) nameList(items []*pg_query.Node) Relation {
	switch len(items) {
	case 0:
		return s.relation("", "")
	case 1:
		return s.relation("", items[0].GetString_().GetSval())
	}
	return s.relation(items[len(items)-2].GetString_().GetSval(), items[len(items)-1].GetString_().GetSval())
}

func (s *fileState) recordCreate(r Relation, kind string) {
	k := relKey{r.Schema, r.Name}
	s.created[k] = kind
}

// recordDrop forgets a dropped relation and, for a table, its indexes.
func (s *fileState) recordDrop(r Relation) {
	k := relKey{r.Schema, r.Name}
	delete(s.created, k)
	delete(s.indexTable, k)
	for idx, t := range s.indexTable {
		if t == k {
			delete(s.indexTable, idx)
			delete(s.created, idx)
		}
	}
}

// recordRename moves a created relation to its new name, so a table renamed
// in the file stays created in the file.
func (s *fileState) recordRename(r Relation, newName string) {
	old := relKey{r.Schema, r.Name}
	nk := relKey{r.Schema, newName}
	if kind, ok := s.created[old]; ok {
		delete(s.created, old)
		s.created[nk] = kind
	}
	if t, ok := s.indexTable[old]; ok {
		delete(s.indexTable, old)
		s.indexTable[nk] = t
	}
	for idx, t := range s.indexTable {
		if t == old {
			s.indexTable[idx] = nk
		}
	}
}

func (s *fileState) span(start, end int) Span { return s.lines.span(start, end) }

// builder accumulates the actions of one statement and folds their locks
// and effects into the statement's.
type builder struct {
	d described
}

// add appends an action whose Lock applies to its Table.
func (b *builder) add(a Action) {
	if ca := a.ColumnAction; ca != nil {
		// Lists are never null in the facts.
		if ca.DefaultFunctions == nil {
			ca.DefaultFunctions = []FunctionRef{}
		}
		if ca.RebuiltIndexes == nil {
			ca.RebuiltIndexes = []string{}
		}
	}
	b.d.Actions = append(b.d.Actions, a)
	b.d.Effects = orEffects(b.d.Effects, a.Effects)
	if a.Table != nil && a.Lock != "" {
		b.lock(*a.Table, a.Lock)
	}
}

// lock records mode on rel, keeping the strongest mode per relation.
func (b *builder) lock(rel Relation, mode string) {
	if mode == "" {
		return
	}
	for i := range b.d.Locks {
		l := &b.d.Locks[i]
		if l.Relation.Schema == rel.Schema && l.Relation.Name == rel.Name {
			if lockStrength(mode) > lockStrength(l.Mode) {
				l.Mode = mode
			}
			return
		}
	}
	b.d.Locks = append(b.d.Locks, Lock{Relation: rel, Mode: mode})
}

func (b *builder) result() described {
	if b.d.Actions == nil {
		b.d.Actions = []Action{}
	}
	if b.d.Locks == nil {
		b.d.Locks = []Lock{}
	}
	return b.d
}

func orEffects(a, b Effects) Effects {
	return Effects{
		RewritesTable:        a.RewritesTable || b.RewritesTable,
		ScansTable:           a.ScansTable || b.ScansTable,
		Destructive:          a.Destructive || b.Destructive,
		BackwardIncompatible: a.BackwardIncompatible || b.BackwardIncompatible,
	}
}

// newAction builds an action of type typ whose lock and effects come from
// the lock table row kind.
func newAction(typ, kind string, span Span, table *Relation) Action {
	r := lockFor(kind)
	a := Action{Type: typ, Span: span, Table: table, Effects: r.effects()}
	if table != nil {
		a.Lock = r.Mode
	}
	return a
}

func relPtr(r Relation) *Relation { return &r }
