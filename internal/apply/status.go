package apply

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"time"

	"github.com/ddlgate/ddlgate/internal/migrations"
)

// StatusReport is every migration's state in one database.
type StatusReport struct {
	Entries []Entry `json:"migrations"`
	// Counts by state, every state present.
	Counts map[State]int `json:"counts"`
}

// Status compares the migrations of dir with the history of the database at
// url without changing anything (an absent history table means all pending).
func Status(ctx context.Context, url, dir string, ms []migrations.Migration) (*StatusReport, error) {
	rows, err := readHistoryAt(ctx, url)
	if err != nil {
		return nil, err
	}
	entries, err := compare(dir, ms, rows)
	if err != nil {
		return nil, err
	}
	r := &StatusReport{Entries: entries, Counts: map[State]int{}}
	for _, s := range []State{StateApplied, StatePending, StateModified, StateMissing, StateDirty, StateOutOfOrder} {
		r.Counts[s] = 0
	}
	for _, e := range entries {
		r.Counts[e.State]++
	}
	return r, nil
}

// Clean reports whether nothing is modified, missing, dirty or out of order.
func (r *StatusReport) Clean() bool {
	return r.Counts[StateModified]+r.Counts[StateMissing]+r.Counts[StateDirty]+r.Counts[StateOutOfOrder] == 0
}

// WriteText prints one line per migration and a summary.
func (r *StatusReport) WriteText(w io.Writer) error {
	for _, e := range r.Entries {
		when := ""
		if e.Row != nil {
			when = e.Row.AppliedAt.UTC().Format(time.RFC3339) + " by " + e.Row.AppliedBy
			if e.Row.Baseline {
				when += " (baseline)"
			}
		}
		if _, err := fmt.Fprintf(w, "%-13s %-20s %-40s %s\n", e.State, e.Version, e.Path, when); err != nil {
			return err
		}
	}
	_, err := fmt.Fprintf(w, "%d applied, %d pending, %d modified, %d missing, %d dirty, %d out-of-order\n",
		r.Counts[StateApplied], r.Counts[StatePending], r.Counts[StateModified],
		r.Counts[StateMissing], r.Counts[StateDirty], r.Counts[StateOutOfOrder])
	return err
}

// WriteJSON prints the report as one JSON object.
func (r *StatusReport) WriteJSON(w io.Writer) error {
	entries := r.Entries
	if entries == nil {
		entries = []Entry{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(struct {
		Version int           `json:"version"`
		Counts  map[State]int `json:"counts"`
		Entries []Entry       `json:"migrations"`
	}{1, r.Counts, entries})
}
