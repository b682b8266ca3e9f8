package phase

import (
	"time"
)

// Applied is what one database has applied: when each migration ran, by
// version (and by path for files without a version), and which migrations
// the apply being judged will run. ddlgate apply's history table
// (ddlgate.migrations) is its source; internal/apply reads it.
type Applied struct {
	// Database names the database (its URL without password).
	Database  string
	byVersion map[string]time.Time
	byPath    map[string]time.Time
	pending   map[string]bool
}

// NewApplied returns an empty record for the named database; Add fills it.
func NewApplied(database string) *Applied {
	return &Applied{Database: database, byVersion: map[string]time.Time{}, byPath: map[string]time.Time{}, pending: map[string]bool{}}
}

// AddPending records that the migration with version and path is not
// applied but runs in the apply being judged.
func (a *Applied) AddPending(version, path string) {
	if version != "" {
		a.pending["v\x00"+version] = true
	}
	if path != "" {
		a.pending["p\x00"+path] = true
	}
}

// Pending tells whether the file runs in the apply being judged.
func (a *Applied) Pending(f *File) bool {
	if a == nil {
		return false
	}
	if f.Version != "" {
		return a.pending["v\x00"+f.Version]
	}
	return a.pending["p\x00"+f.Path]
}

// Add records that the migration with version and path was applied at at.
func (a *Applied) Add(version, path string, at time.Time) {
	if version != "" {
		a.byVersion[version] = at
	}
	if path != "" {
		a.byPath[path] = at
	}
}

// At returns when the file was applied and whether it was.
func (a *Applied) At(f *File) (time.Time, bool) {
	if a == nil {
		return time.Time{}, false
	}
	if f.Version != "" {
		t, ok := a.byVersion[f.Version]
		return t, ok
	}
	t, ok := a.byPath[f.Path]
	return t, ok
}
