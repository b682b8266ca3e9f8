package lint

import (
	"path/filepath"
	"strings"

	"github.com/ddlgate/ddlgate/internal/migrations"
	"github.com/ddlgate/ddlgate/parser"
)

// directoryFacts fills the facts only a migration's directory can tell:
// which other migrations share its version (require-linear-history) and, for
// drizzle, whether the journal lists it (require-journal-consistency). The
// siblings are the linted files and the history, so linting one file alone
// without --history sees no duplicates.
func directoryFacts(files []*parser.File, ms, history []migrations.Migration, opts Options) error {
	type key struct{ dir, version, direction string }
	byVersion := map[key][]string{}
	seen := map[string]bool{}
	for _, group := range [][]migrations.Migration{ms, history} {
		for i := range group {
			m := &group[i]
			path := absolute(opts.Dir, m.Path)
			if m.Version == "" || seen[m.Direction+path] {
				continue
			}
			seen[m.Direction+path] = true
			k := key{migrationDir(m.Format, path), m.Version, m.Direction}
			byVersion[k] = append(byVersion[k], path)
		}
	}
	journals := map[string]map[string]bool{}
	for i := range ms {
		m, f := &ms[i], files[i]
		if f == nil {
			continue
		}
		path := absolute(opts.Dir, m.Path)
		dir := migrationDir(m.Format, path)
		if m.Version != "" {
			for _, other := range byVersion[key{dir, m.Version, m.Direction}] {
				if other != path {
					f.File.DuplicateVersions = append(f.File.DuplicateVersions, relativeTo(opts.Dir, other))
				}
			}
		}
		if m.Format != migrations.FormatDrizzle {
			continue
		}
		listed, ok := journals[dir]
		if !ok {
			j, err := migrations.ReadDrizzleJournal(dir)
			if err != nil {
				return err
			}
			if j != nil {
				listed = map[string]bool{}
				for _, e := range j.Entries {
					listed[e.Tag] = true
				}
			}
			journals[dir] = listed
		}
		if listed != nil {
			in := listed[strings.TrimSuffix(filepath.Base(path), ".sql")]
			f.File.InJournal = &in
		}
	}
	return nil
}

// migrationDir is the directory a migration belongs to: its own, or the
// parent for formats with a directory per migration.
func migrationDir(format, path string) string {
	dir := filepath.Dir(path)
	if format == migrations.FormatPrisma || format == migrations.FormatDiesel {
		return filepath.Dir(dir)
	}
	return dir
}

func absolute(dir, p string) string {
	p = resolve(dir, p)
	if abs, err := filepath.Abs(p); err == nil {
		return abs
	}
	return p
}

// relativeTo shows p relative to dir (or the working directory) when it lies
// inside it.
func relativeTo(dir, p string) string {
	base := dir
	if base == "" {
		base = "."
	}
	if abs, err := filepath.Abs(base); err == nil {
		if rel, err := filepath.Rel(abs, p); err == nil && !strings.HasPrefix(rel, "..") {
			return filepath.ToSlash(rel)
		}
	}
	return p
}
