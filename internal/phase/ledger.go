// Package phase is the expand/contract ledger: which migration files belong
// to which change and phase (from their `-- ddlgate:phase` directives), which
// of them a database has applied and when (from ddlgate.migrations), and the
// `history` facts a file's policies read about the earlier phases of its
// change.
package phase

import (
	"github.com/ddlgate/ddlgate/parser"
)

// The phases of a change, in the order they ship.
const (
	Expand   = "expand"
	Backfill = "backfill"
	Contract = "contract"
)

// Rank orders phases: expand 0, backfill 1, contract 2, anything else -1.
func Rank(phase string) int {
	switch phase {
	case Expand:
		return 0
	case Backfill:
		return 1
	case Contract:
		return 2
	}
	return -1
}

// Phases lists the phases in shipping order.
var Phases = []string{Expand, Backfill, Contract}

// File is one phase file of a change.
type File struct {
	Path    string `json:"path"`
	Version string `json:"version"`
	Phase   string `json:"phase"`
	// Index is the file's position among all migrations of the directory.
	Index int `json:"index"`
	// Tables are the tables the file acts on ("schema.name"): the ones it
	// introduces (creates, adds columns to) and the ones it deprecates
	// (dual-write triggers on them, backfills reading into them).
	Tables []string `json:"tables"`
	// Columns are the columns it adds ("schema.table.column").
	Columns []string `json:"columns"`
}

// Change is a change id and its phase files in directory order.
type Change struct {
	ID    string `json:"change"`
	Files []File `json:"files"`
}

// Has tells whether the change has a file of the phase.
func (c *Change) Has(phase string) bool {
	for i := range c.Files {
		if c.Files[i].Phase == phase {
			return true
		}
	}
	return false
}

// Ledger is the changes of a migration directory, in the order their first
// file appears.
type Ledger struct {
	Changes []*Change
	byID    map[string]*Change
}

// Change returns the change with the id, or nil.
func (l *Ledger) Change(id string) *Change { return l.byID[id] }

// FromFiles builds the ledger from parsed migrations in directory order.
// defaultSchema qualifies unqualified table names. Down migrations and files
// without a phase directive are not part of any change.
func FromFiles(files []*parser.File, defaultSchema string) *Ledger {
	l := NewLedger()
	for i, f := range files {
		l.AddFile(f, i, defaultSchema)
	}
	return l
}

// AddFile adds f, the migration at position index of its directory, to its
// change when it declares a phase; down migrations and files without a phase
// directive belong to no change.
func (l *Ledger) AddFile(f *parser.File, index int, defaultSchema string) {
	if f == nil || f.File.Phase == nil || f.File.Direction == "down" {
		return
	}
	pf := File{Path: f.File.Path, Version: f.File.Version, Phase: f.File.Phase.Phase, Index: index}
	pf.Tables, pf.Columns = objects(f, defaultSchema)
	l.Add(f.File.Phase.Change, pf)
}

// NewLedger returns an empty ledger; Add fills it.
func NewLedger() *Ledger { return &Ledger{byID: map[string]*Change{}} }

// Add appends a phase file to its change; files come in directory order.
func (l *Ledger) Add(change string, f File) {
	c := l.byID[change]
	if c == nil {
		c = &Change{ID: change}
		l.byID[change] = c
		l.Changes = append(l.Changes, c)
	}
	c.Files = append(c.Files, f)
}

// objects lists the tables a file acts on and the columns it adds.
func objects(f *parser.File, defaultSchema string) (tables, columns []string) {
	tables, columns = []string{}, []string{}
	seen := map[string]bool{}
	for i := range f.Statements {
		for j := range f.Statements[i].Actions {
			a := &f.Statements[i].Actions[j]
			if a.Table == nil {
				continue
			}
			t := qualify(a.Table, defaultSchema)
			if !seen[t] {
				seen[t] = true
				tables = append(tables, t)
			}
			if a.Type == "add_column" && a.ColumnAction != nil && a.Column != nil {
				columns = append(columns, t+"."+a.Column.Name)
			}
		}
	}
	return tables, columns
}

func qualify(r *parser.Relation, defaultSchema string) string {
	if r.Schema == "" {
		return defaultSchema + "." + r.Name
	}
	return r.Schema + "." + r.Name
}
