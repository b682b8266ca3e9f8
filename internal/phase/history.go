package phase

import (
	"time"

	"github.com/ddlgate/ddlgate/parser"
)

// History is the `history` facts of a phase file: its change and the earlier
// phase files of that change. Policies read it as input.history; files
// without a phase directive have none (null).
type History struct {
	Change string `json:"change"`
	Phase  string `json:"phase"`
	// Live is true when Applied and AppliedAt come from a target database.
	Live     bool   `json:"live"`
	Database string `json:"database"`
	// Earlier are the change's files before this one, in directory order.
	Earlier []Entry `json:"earlier"`
	// Tables are the tables the earlier phases act on: introduced (created,
	// columns added) or deprecated (a dual-write trigger on them, a backfill
	// writing them). A contract may drop and rename these, and columns of
	// them, without the drop/rename rules firing.
	Tables []string `json:"tables"`
	// Columns are the columns the earlier phases added ("schema.table.column").
	Columns []string `json:"columns"`
}

// Entry is one earlier phase file.
type Entry struct {
	Phase   string `json:"phase"`
	File    string `json:"file"`
	Version string `json:"version"`
	// Applied is null without a target database.
	Applied *bool `json:"applied"`
	// AppliedAt (RFC 3339) and AgeSeconds (now - applied_at, by the
	// injectable clock) are null unless Applied.
	AppliedAt  *string  `json:"applied_at"`
	AgeSeconds *float64 `json:"age_seconds"`
	// Pending is true when the file is not applied yet but runs earlier in
	// the same ddlgate apply as this one: it will be, seconds before.
	Pending bool `json:"pending"`
}

// HistoryOf returns the history facts of the file at index (its position
// in the files FromFiles read), or nil when it is no phase file. applied is
// the target database's record, nil without one; now is the clock.
func (l *Ledger) HistoryOf(index int, f *parser.File, applied *Applied, now time.Time) *History {
	if f.File.Phase == nil || f.File.Direction == "down" {
		return nil
	}
	c := l.byID[f.File.Phase.Change]
	if c == nil {
		return nil
	}
	h := &History{
		Change: c.ID, Phase: f.File.Phase.Phase, Live: applied != nil,
		Earlier: []Entry{}, Tables: []string{}, Columns: []string{},
	}
	if applied != nil {
		h.Database = applied.Database
	}
	seen := map[string]bool{}
	for i := range c.Files {
		pf := &c.Files[i]
		if pf.Index >= index {
			break
		}
		e := Entry{Phase: pf.Phase, File: pf.Path, Version: pf.Version}
		if applied != nil {
			at, ok := applied.At(pf)
			e.Applied = &ok
			if ok {
				s := at.UTC().Format(time.RFC3339)
				age := now.Sub(at).Seconds()
				e.AppliedAt, e.AgeSeconds = &s, &age
			} else {
				e.Pending = applied.Pending(pf)
			}
		}
		h.Earlier = append(h.Earlier, e)
		for _, t := range pf.Tables {
			if !seen[t] {
				seen[t] = true
				h.Tables = append(h.Tables, t)
			}
		}
		h.Columns = append(h.Columns, pf.Columns...)
	}
	return h
}
