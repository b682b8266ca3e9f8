package migrations

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// DrizzleJournal is drizzle-kit's meta/_journal.json: the list of migrations
// drizzle-kit migrate applies, in order.
type DrizzleJournal struct {
	Version string                `json:"version"`
	Dialect string                `json:"dialect"`
	Entries []DrizzleJournalEntry `json:"entries"`
}

// DrizzleJournalEntry is one journal entry; Tag is the file name without .sql.
type DrizzleJournalEntry struct {
	Idx         int    `json:"idx"`
	Version     string `json:"version"`
	When        int64  `json:"when"`
	Tag         string `json:"tag"`
	Breakpoints bool   `json:"breakpoints"`
}

// ReadDrizzleJournal reads dir/meta/_journal.json; a missing journal is
// (nil, nil), a malformed one an error naming the file.
func ReadDrizzleJournal(dir string) (*DrizzleJournal, error) {
	path := filepath.Join(dir, "meta", "_journal.json")
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read drizzle journal %s: %w", path, err)
	}
	var j DrizzleJournal
	if err := json.Unmarshal(b, &j); err != nil {
		return nil, fmt.Errorf("decode drizzle journal %s: %w", path, err)
	}
	return &j, nil
}

// journalOrder returns (cached) the position of each drizzle tag of dir:
// drizzle-kit applies the entries in array order, whatever their idx says.
func (d *discoverer) journalOrder(dir string) (map[string]int, error) {
	if order, ok := d.journals[dir]; ok {
		return order, nil
	}
	j, err := ReadDrizzleJournal(dir)
	if err != nil {
		return nil, err
	}
	var order map[string]int
	if j != nil {
		order = make(map[string]int, len(j.Entries))
		for i, e := range j.Entries {
			if _, dup := order[e.Tag]; !dup {
				order[e.Tag] = i
			}
		}
	}
	if d.journals == nil {
		d.journals = map[string]map[string]int{}
	}
	d.journals[dir] = order
	return order, nil
}

// sortKey places a migration within its directory.
type sortKey struct {
	down bool
	rank int // 0 versioned, 1 after them (flyway repeatable, not in the journal), 2 misnamed
	seq  int // position in the drizzle journal
	key  string
	name string
}

// order sorts the migrations of one directory (root) in the order their
// runner applies them. Down migrations follow, newest first.
func (d *discoverer) order(root string, ms []Migration) ([]Migration, error) {
	var journal map[string]int
	for _, m := range ms {
		if m.Format == FormatDrizzle {
			var err error
			if journal, err = d.journalOrder(root); err != nil {
				return nil, err
			}
			break
		}
	}
	keys := make([]sortKey, len(ms))
	idx := make([]int, len(ms))
	for i := range ms {
		keys[i] = keyOf(&ms[i], journal)
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int {
		return compareKeys(keys[a], keys[b])
	})
	out := make([]Migration, len(ms))
	for i, j := range idx {
		out[i] = ms[j]
	}
	return out, nil
}

func keyOf(m *Migration, journal map[string]int) sortKey {
	base := filepath.Base(m.Path)
	k := sortKey{down: m.Direction == DirectionDown, key: base, name: base}
	switch m.Format {
	case FormatPlain:
	case FormatDrizzle:
		if idx, ok := journal[strings.TrimSuffix(base, ".sql")]; ok {
			k.seq = idx
		} else {
			k.rank = 1
		}
	case FormatPrisma, FormatDiesel:
		// prisma and diesel order by directory name, which starts with the version.
		k.key = filepath.Base(filepath.Dir(m.Path))
		if m.Version == "" {
			k.rank = 2
		}
	case FormatFlyway:
		switch {
		case m.Repeatable:
			k.rank, k.key = 1, m.Name
		case m.Version != "":
			k.key = m.Version
		default:
			k.rank = 2
		}
	default:
		if m.Version != "" {
			k.key = m.Version
		} else {
			k.rank = 2
		}
	}
	return k
}

func compareKeys(a, b sortKey) int {
	if a.down != b.down {
		if a.down {
			return 1
		}
		return -1
	}
	c := cmpInt(a.rank, b.rank)
	if c == 0 {
		c = cmpInt(a.seq, b.seq)
	}
	if c == 0 {
		c = CompareVersions(a.key, b.key)
	}
	if c == 0 {
		c = CompareVersions(a.name, b.name)
	}
	if a.down {
		return -c // a rollback runs the newest down first
	}
	return c
}

// containsBreakpoint reports whether src has a drizzle statement breakpoint.
func containsBreakpoint(src []byte) bool {
	return bytes.Contains(src, drizzleBreakpoint)
}
