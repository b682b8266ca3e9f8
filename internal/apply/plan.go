package apply

import (
	"fmt"
	"strings"

	"github.com/ddlgate/ddlgate/internal/migrations"
)

// State is where a migration stands relative to a database.
type State string

// States reported by status and checked by apply.
const (
	StateApplied    State = "applied"
	StatePending    State = "pending"
	StateModified   State = "modified"     // applied, but the file changed since
	StateMissing    State = "missing"      // applied, but the file is gone
	StateDirty      State = "dirty"        // a non-transactional file failed or was interrupted
	StateOutOfOrder State = "out-of-order" // pending, but sorts before an applied file
)

// Entry is one migration (a file, a history row, or both) and its state.
type Entry struct {
	Version  string `json:"version"`
	Name     string `json:"name"`
	Path     string `json:"path"`
	State    State  `json:"state"`
	Checksum string `json:"checksum"`
	// Row is the history record, nil for pending files.
	Row *Row `json:"row"`
	// file is the migration on disk, nil for missing ones.
	file *migrations.Migration
	// index is the position in the directory's order, -1 when missing.
	index int
}

// VersionOf is the history key of a migration: its version, or for formats
// without versions (plain SQL, flyway repeatables) its path relative to dir.
func VersionOf(dir string, m migrations.Migration) string {
	if m.Version != "" {
		return m.Version
	}
	if rel, err := migrations.SumPath(dir, m.Path); err == nil {
		return rel
	}
	return m.Path
}

// compare matches files with history rows. Entries come in directory order,
// then history rows whose file is missing, in version order of the rows.
func compare(dir string, ms []migrations.Migration, rows map[string]Row) ([]Entry, error) {
	entries := make([]Entry, 0, len(ms))
	seen := make(map[string]string, len(ms))
	lastApplied := -1
	for i := range ms {
		m := &ms[i]
		v := VersionOf(dir, *m)
		if prev, dup := seen[v]; dup {
			return nil, fmt.Errorf("version %s is used by both %s and %s", v, prev, m.Path)
		}
		seen[v] = m.Path
		e := Entry{Version: v, Name: m.Name, Path: m.Path, Checksum: migrations.FileHash(m.Src), file: m, index: i}
		if r, ok := rows[v]; ok {
			r := r
			e.Row = &r
			switch {
			case r.Dirty:
				e.State = StateDirty
			case r.Checksum != e.Checksum:
				e.State = StateModified
			default:
				e.State = StateApplied
			}
			lastApplied = i
		} else {
			e.State = StatePending
		}
		entries = append(entries, e)
	}
	for i := range entries {
		if entries[i].State == StatePending && entries[i].index < lastApplied {
			entries[i].State = StateOutOfOrder
		}
	}
	var missing []string
	for v := range rows {
		if _, ok := seen[v]; !ok {
			missing = append(missing, v)
		}
	}
	sortVersions(missing)
	for _, v := range missing {
		r := rows[v]
		entries = append(entries, Entry{Version: v, Name: r.Name, Path: r.Path, State: StateMissing, Checksum: r.Checksum, Row: &r, index: -1})
	}
	return entries, nil
}

// sortVersions orders versions numerically when they are numbers of
// different lengths, else lexically.
func sortVersions(vs []string) {
	less := func(a, b string) bool {
		if isDigits(a) && isDigits(b) && len(a) != len(b) {
			return len(strings.TrimLeft(a, "0")) < len(strings.TrimLeft(b, "0"))
		}
		return a < b
	}
	for i := 1; i < len(vs); i++ {
		for j := i; j > 0 && less(vs[j], vs[j-1]); j-- {
			vs[j], vs[j-1] = vs[j-1], vs[j]
		}
	}
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// refusals lists why the history forbids applying anything: applied files
// that changed or disappeared, dirty migrations, and out-of-order files.
func refusals(entries []Entry, allowOutOfOrder bool) []string {
	var out []string
	for _, e := range entries {
		switch e.State {
		case StateModified:
			out = append(out, fmt.Sprintf("%s: applied migration %s was modified after it was applied (checksum %s, now %s)", e.Path, e.Version, e.Row.Checksum, e.Checksum))
		case StateMissing:
			out = append(out, fmt.Sprintf("applied migration %s (%s) is missing from the migrations directory", e.Version, e.Row.Path))
		case StateDirty:
			out = append(out, fmt.Sprintf("%s: migration %s is dirty: a non-transactional migration failed or was interrupted; fix the database by hand, then run `ddlgate repair --version %s`", e.Path, e.Version, e.Version))
		case StateOutOfOrder:
			if !allowOutOfOrder {
				out = append(out, fmt.Sprintf("%s: migration %s sorts before an applied migration (use --allow-out-of-order to apply it anyway)", e.Path, e.Version))
			}
		}
	}
	return out
}

// sumRefusals lists files that differ from ddlgate.sum.
func sumRefusals(r *migrations.SumReport) []string {
	if r == nil {
		return nil
	}
	var out []string
	for _, f := range r.Files {
		switch f.Status {
		case migrations.SumModified:
			out = append(out, fmt.Sprintf("%s: changed since ddlgate.sum was written (run `ddlgate hash` after review)", f.Path))
		case migrations.SumMissingFromSum:
			out = append(out, fmt.Sprintf("%s: not in ddlgate.sum (run `ddlgate hash` after review)", f.Path))
		case migrations.SumMissingOnDisk:
			out = append(out, fmt.Sprintf("%s: listed in ddlgate.sum but not on disk", f.Path))
		case migrations.SumReordered:
			out = append(out, fmt.Sprintf("%s: in a different position than in ddlgate.sum", f.Path))
		}
	}
	if len(out) == 0 && r.ListMismatch {
		out = append(out, "ddlgate.sum: the list hash does not match its entries (edited by hand?); run `ddlgate hash` after review")
	}
	return out
}
