package migrations

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// JournalCheck compares a drizzle journal with the .sql files beside it,
// the facts behind require-journal-consistency.
type JournalCheck struct {
	// MissingFiles are journal tags with no <tag>.sql: drizzle-kit migrate fails.
	MissingFiles []string
	// Unjournaled are .sql files the journal does not list: drizzle-kit
	// migrate silently never applies them.
	Unjournaled []string
	// DuplicateTags appear more than once in the journal.
	DuplicateTags []string
	// OutOfOrderTags are entries whose idx is not above the previous entry's,
	// the trace of a bad merge (gaps are harmless: drizzle-kit applies the
	// entries in array order).
	OutOfOrderTags []string
}

// OK reports whether journal and files agree.
func (c JournalCheck) OK() bool {
	return len(c.MissingFiles) == 0 && len(c.Unjournaled) == 0 &&
		len(c.DuplicateTags) == 0 && len(c.OutOfOrderTags) == 0
}

// CheckDrizzleJournal compares dir/meta/_journal.json with dir's .sql files.
// A directory without a journal is an error: drizzle-kit cannot run it.
func CheckDrizzleJournal(dir string) (JournalCheck, error) {
	var c JournalCheck
	j, err := ReadDrizzleJournal(dir)
	if err != nil {
		return c, err
	}
	if j == nil {
		return c, fmt.Errorf("check drizzle journal: %s has no meta/_journal.json", dir)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return c, fmt.Errorf("read migration directory %s: %w", dir, err)
	}
	onDisk := make(map[string]bool, len(entries))
	for _, e := range entries {
		if !e.IsDir() && isSQLFile(e.Name()) {
			onDisk[strings.TrimSuffix(e.Name(), ".sql")] = true
		}
	}
	listed := make(map[string]bool, len(j.Entries))
	for i, e := range j.Entries {
		if i > 0 && e.Idx <= j.Entries[i-1].Idx {
			c.OutOfOrderTags = append(c.OutOfOrderTags, e.Tag)
		}
		if listed[e.Tag] {
			c.DuplicateTags = append(c.DuplicateTags, e.Tag)
			continue
		}
		listed[e.Tag] = true
		if !onDisk[e.Tag] {
			c.MissingFiles = append(c.MissingFiles, filepath.Join(dir, e.Tag+".sql"))
		}
	}
	for tag := range onDisk {
		if !listed[tag] {
			c.Unjournaled = append(c.Unjournaled, filepath.Join(dir, tag+".sql"))
		}
	}
	slices.Sort(c.Unjournaled)
	return c, nil
}
