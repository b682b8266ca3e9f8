package dbfacts

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
)

// snapshotHeader opens a SQL snapshot; ReadSnapshot recognises the format by
// the object markers, not by this line.
const snapshotHeader = `-- ddlgate schema snapshot: canonical and deterministic, one object per block.
-- Regenerate with: ddlgate schema dump (or ddlgate schema build); compare with: ddlgate drift.
`

// WriteSQL writes the snapshot as SQL: each object under a marker line
// "-- <kind>: <name>", a table with its columns in one CREATE TABLE.
func (s *Snapshot) WriteSQL(w io.Writer) error {
	var b bytes.Buffer
	b.WriteString(snapshotHeader)
	columns := map[string][]Object{}
	for _, o := range s.Objects {
		if o.Kind == KindColumn {
			columns[o.Table] = append(columns[o.Table], o)
		}
	}
	for _, o := range s.Objects {
		if o.Kind == KindColumn {
			continue
		}
		fmt.Fprintf(&b, "\n-- %s: %s\n", o.Kind, o.Name)
		if o.Kind != KindTable {
			b.WriteString(o.Definition + "\n")
			continue
		}
		head, tail, _ := strings.Cut(o.Definition, "(...)")
		b.WriteString(head + "(\n")
		cols := columns[o.Name]
		for i, c := range cols {
			b.WriteString("    " + c.Definition)
			if i < len(cols)-1 {
				b.WriteByte(',')
			}
			b.WriteByte('\n')
		}
		b.WriteString(")" + tail + "\n")
	}
	_, err := w.Write(b.Bytes())
	return err
}

// snapshotJSON is the JSON form of a snapshot.
type snapshotJSON struct {
	Format  string   `json:"format"`
	Version int      `json:"version"`
	Objects []Object `json:"objects"`
}

const snapshotFormat = "ddlgate-schema"

// WriteJSON writes the snapshot as one JSON object.
func (s *Snapshot) WriteJSON(w io.Writer) error {
	objs := s.Objects
	if objs == nil {
		objs = []Object{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(snapshotJSON{Format: snapshotFormat, Version: 1, Objects: objs})
}

// ReadSnapshot reads a snapshot written by WriteSQL or WriteJSON; name is
// used in errors.
func ReadSnapshot(name string, src []byte) (*Snapshot, error) {
	if trimmed := bytes.TrimSpace(src); len(trimmed) > 0 && trimmed[0] == '{' {
		var j snapshotJSON
		if err := json.Unmarshal(trimmed, &j); err != nil {
			return nil, fmt.Errorf("read schema snapshot %s: %w", name, err)
		}
		if j.Format != snapshotFormat {
			return nil, fmt.Errorf("read schema snapshot %s: not a ddlgate schema snapshot (format %q)", name, j.Format)
		}
		s := &Snapshot{Objects: j.Objects}
		s.sort()
		return s, nil
	}
	kinds := map[string]bool{}
	for _, k := range kindOrder {
		kinds[k] = true
	}
	s := &Snapshot{}
	var cur *Object
	var block []string
	flush := func() error {
		if cur == nil {
			return nil
		}
		text := strings.TrimSpace(strings.Join(block, "\n"))
		if cur.Kind != KindTable {
			cur.Definition = text
			s.Objects = append(s.Objects, *cur)
			return nil
		}
		lines := strings.Split(text, "\n")
		first, last := lines[0], lines[len(lines)-1]
		if len(lines) < 2 || !strings.HasSuffix(first, "(") || !strings.HasPrefix(last, ")") {
			return fmt.Errorf("table %s: want CREATE TABLE ... ( on its own line and ) on the last", cur.Name)
		}
		cur.Definition = first + "..." + last
		s.Objects = append(s.Objects, *cur)
		for _, l := range lines[1 : len(lines)-1] {
			def := strings.TrimSuffix(strings.TrimSpace(l), ",")
			s.Objects = append(s.Objects, Object{Kind: KindColumn, Name: cur.Name + "." + leadingIdent(def), Table: cur.Name, Definition: def})
		}
		return nil
	}
	sc := bufio.NewScanner(bytes.NewReader(src))
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	for line := 1; sc.Scan(); line++ {
		text := sc.Text()
		if kind, name, ok := marker(text, kinds); ok {
			if err := flush(); err != nil {
				return nil, fmt.Errorf("read schema snapshot %s:%d: %w", name, line, err)
			}
			cur, block = &Object{Kind: kind, Name: name}, nil
			continue
		}
		if cur == nil {
			if t := strings.TrimSpace(text); t != "" && !strings.HasPrefix(t, "--") {
				return nil, fmt.Errorf("read schema snapshot %s:%d: SQL outside an object block (is it a file written by ddlgate schema dump?)", name, line)
			}
			continue
		}
		block = append(block, text)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read schema snapshot %s: %w", name, err)
	}
	if err := flush(); err != nil {
		return nil, fmt.Errorf("read schema snapshot %s: %w", name, err)
	}
	s.fillTables()
	s.sort()
	return s, nil
}

// fillTables restores the table of the objects a SQL snapshot does not
// name it for (their definition does).
func (s *Snapshot) fillTables() {
	tables := map[string]bool{}
	for _, o := range s.Objects {
		if o.Kind == KindTable {
			tables[o.Name] = true
		}
	}
	for i := range s.Objects {
		o := &s.Objects[i]
		switch o.Kind {
		case KindConstraint, KindTrigger, KindPolicy:
			// Named table.object.
			if i := strings.LastIndexByte(o.Name, '.'); i > 0 && tables[o.Name[:i]] {
				o.Table = o.Name[:i]
			}
		case KindRLS:
			o.Table = o.Name
		case KindIndex, KindPartition, KindSequenceOwner, KindStatistics:
			// The definition names the table after ON / ONLY / BY / FROM.
			o.Table = tableIn(o.Definition, tables)
		case KindComment:
			if strings.HasPrefix(o.Name, "table column ") {
				col := strings.TrimPrefix(o.Name, "table column ")
				if i := strings.LastIndexByte(col, '.'); i > 0 && tables[col[:i]] {
					o.Table = col[:i]
				}
			}
		}
	}
}

// tableIn finds the first known table named in def.
func tableIn(def string, tables map[string]bool) string {
	best, at := "", len(def)+1
	for t := range tables {
		if i := strings.Index(def, " "+t+" "); i >= 0 && (i < at || (i == at && len(t) > len(best))) {
			best, at = t, i
		}
		if i := strings.Index(def, " "+t+";"); i >= 0 && i < at {
			best, at = t, i
		}
	}
	return best
}

func marker(line string, kinds map[string]bool) (string, string, bool) {
	rest, ok := strings.CutPrefix(line, "-- ")
	if !ok {
		return "", "", false
	}
	kind, name, ok := strings.Cut(rest, ": ")
	if !ok || !kinds[kind] || kind == KindColumn || name == "" {
		return "", "", false
	}
	return kind, name, true
}

// leadingIdent returns the identifier a column definition starts with, as
// quote_ident writes it.
func leadingIdent(def string) string {
	if strings.HasPrefix(def, `"`) {
		for i := 1; i < len(def); i++ {
			if def[i] == '"' {
				if i+1 < len(def) && def[i+1] == '"' {
					i++
					continue
				}
				return def[:i+1]
			}
		}
		return def
	}
	name, _, _ := strings.Cut(def, " ")
	return name
}

// Change is one difference between a database's schema and the schema its
// migrations build.
type Change struct {
	Kind  string `json:"kind"`
	Name  string `json:"name"`
	Table string `json:"table"`
	// Status is "extra" (in the database, not in the migrations), "missing"
	// (in the migrations, not in the database) or "changed".
	Status string `json:"status"`
	// Database and Migrations are the object's definitions on each side
	// ("" where it does not exist).
	Database   string `json:"database"`
	Migrations string `json:"migrations"`
}

// Change statuses.
const (
	StatusExtra   = "extra"
	StatusMissing = "missing"
	StatusChanged = "changed"
)

// Describe says the change in one line, e.g. "column public.orders.note: in
// database, not in migrations"; a composite type that changed says which
// attributes ("type app.address: attribute zip differs").
func (c Change) Describe() string {
	kind := strings.ReplaceAll(c.Kind, "_", " ")
	switch c.Status {
	case StatusExtra:
		return fmt.Sprintf("%s %s: in database, not in migrations", kind, c.Name)
	case StatusMissing:
		return fmt.Sprintf("%s %s: in migrations, not in database", kind, c.Name)
	}
	if diffs := attributeChanges(c.Database, c.Migrations); len(diffs) > 0 {
		return fmt.Sprintf("%s %s: %s", kind, c.Name, strings.Join(diffs, "; "))
	}
	return fmt.Sprintf("%s %s: definition differs", kind, c.Name)
}

// attributeChanges compares two composite type definitions, as the dump
// writes them (one attribute a line), attribute by attribute; nil when
// either is not a composite type.
func attributeChanges(database, migrations string) []string {
	db, okDB := compositeAttributes(database)
	mig, okMig := compositeAttributes(migrations)
	if !okDB || !okMig {
		return nil
	}
	defs := func(attrs []string) map[string]string {
		m := make(map[string]string, len(attrs))
		for _, a := range attrs {
			m[leadingIdent(a)] = a
		}
		return m
	}
	dbDefs, migDefs := defs(db), defs(mig)
	var out []string
	for _, a := range db {
		name := leadingIdent(a)
		switch m, ok := migDefs[name]; {
		case !ok:
			out = append(out, "attribute "+name+" in database, not in migrations")
		case m != a:
			out = append(out, "attribute "+name+" differs")
		}
	}
	for _, a := range mig {
		if name := leadingIdent(a); dbDefs[name] == "" {
			out = append(out, "attribute "+name+" in migrations, not in database")
		}
	}
	if len(out) == 0 && !slices.Equal(db, mig) {
		out = append(out, "attributes in another order")
	}
	return out
}

// compositeAttributes reads the attribute lines of a composite type's
// definition ("CREATE TYPE s.t AS (\n    a integer,\n    b text\n);").
func compositeAttributes(def string) ([]string, bool) {
	lines := strings.Split(def, "\n")
	if len(lines) < 3 || !strings.HasPrefix(lines[0], "CREATE TYPE ") || !strings.HasSuffix(lines[0], " AS (") {
		return nil, false
	}
	attrs := make([]string, 0, len(lines)-2)
	for _, l := range lines[1 : len(lines)-1] {
		attrs = append(attrs, strings.TrimSuffix(strings.TrimSpace(l), ","))
	}
	return attrs, true
}

// Group is what a change is reported under: its table, else itself.
func (c Change) Group() string {
	if c.Table != "" {
		return "table " + c.Table
	}
	return strings.ReplaceAll(c.Kind, "_", " ") + " " + c.Name
}

// Diff compares a database's snapshot with the one its migrations build,
// object by object; the changes come sorted by group, kind and name.
func Diff(database, migrations *Snapshot) []Change {
	index := func(s *Snapshot) map[string]Object {
		m := make(map[string]Object, len(s.Objects))
		for _, o := range s.Objects {
			m[o.Key()] = o
		}
		return m
	}
	db, mig := index(database), index(migrations)
	changes := []Change{}
	for k, o := range db {
		m, ok := mig[k]
		switch {
		case !ok:
			changes = append(changes, Change{Kind: o.Kind, Name: o.Name, Table: o.Table, Status: StatusExtra, Database: o.Definition})
		case m.Definition != o.Definition:
			changes = append(changes, Change{Kind: o.Kind, Name: o.Name, Table: o.Table, Status: StatusChanged,
				Database: o.Definition, Migrations: m.Definition})
		}
	}
	for k, o := range mig {
		if _, ok := db[k]; !ok {
			changes = append(changes, Change{Kind: o.Kind, Name: o.Name, Table: o.Table, Status: StatusMissing, Migrations: o.Definition})
		}
	}
	rank := map[string]int{}
	for i, k := range kindOrder {
		rank[k] = i
	}
	slices.SortFunc(changes, func(a, b Change) int {
		if c := strings.Compare(a.Group(), b.Group()); c != 0 {
			return c
		}
		if a.Kind != b.Kind {
			return rank[a.Kind] - rank[b.Kind]
		}
		return strings.Compare(a.Name, b.Name)
	})
	return changes
}
