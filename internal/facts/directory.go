package facts

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/ddlgate/ddlgate/internal/migrations"
	"github.com/ddlgate/ddlgate/parser"
)

// directory computes the facts only a migration's directory can tell, each
// read once per directory: the ddlgate.sum status of a file
// (require-migration-checksum), the other migrations sharing its version
// and the landed ones it sorts before (require-linear-history), its down
// part (require-down-migration) and, for drizzle, whether the journal lists
// it (require-journal-consistency). The siblings are the judged files and the
// history, so judging one file alone without history sees no duplicates.
type directory struct {
	dir string
	// byVersion lists the absolute paths of the migrations of a directory
	// with one version and direction.
	byVersion map[versionKey][]string
	sums      map[string]*migrations.SumReport // sum directory -> its report (nil: none)
	sumDirs   map[string]string                // a migration's directory -> its sum's ("" none)
	hasSum    map[string]bool                  // a directory -> whether it holds a ddlgate.sum
	journals  map[string]map[string]bool       // drizzle directory -> tags listed (nil: no journal)
	landed    *landed
}

type versionKey struct{ dir, version, direction string }

func newDirectory(set Set, t Target) *directory {
	d := &directory{
		dir: set.Dir, byVersion: map[versionKey][]string{},
		sums: map[string]*migrations.SumReport{}, sumDirs: map[string]string{}, hasSum: map[string]bool{},
		journals: map[string]map[string]bool{},
	}
	if set.Stated != nil {
		return d
	}
	d.landed = newLanded(set, t)
	seen := map[string]bool{}
	for _, group := range [][]migrations.Migration{set.Migrations, set.History} {
		for i := range group {
			m := &group[i]
			path := absolute(set.Dir, m.Path)
			if m.Version == "" || seen[m.Direction+path] {
				continue
			}
			seen[m.Direction+path] = true
			k := versionKey{migrationDir(m.Format, path), m.Version, m.Direction}
			d.byVersion[k] = append(d.byVersion[k], path)
		}
	}
	return d
}

// of returns the directory facts of migration m.
func (d *directory) of(m *migrations.Migration) (Directory, error) {
	var out Directory
	path := absolute(d.dir, m.Path)
	dir := migrationDir(m.Format, path)
	if m.Version != "" {
		for _, other := range d.byVersion[versionKey{dir, m.Version, m.Direction}] {
			if other != path {
				out.DuplicateVersions = append(out.DuplicateVersions, migrations.Shown(d.dir, other))
			}
		}
	}
	if m.Direction == migrations.DirectionUp {
		status, err := d.checksum(m, resolve(d.dir, m.Path))
		if err != nil {
			return Directory{}, err
		}
		out.Checksum = status
		if out.Down, err = downPart(m, d.dir); err != nil {
			return Directory{}, err
		}
		out.OrderedBefore, out.NextVersion = d.landed.orderedBefore(m)
	}
	if m.Format == migrations.FormatDrizzle {
		listed, err := d.journal(dir)
		if err != nil {
			return Directory{}, err
		}
		if listed != nil {
			in := listed[strings.TrimSuffix(filepath.Base(path), ".sql")]
			out.InJournal = &in
		}
	}
	return out, nil
}

// applyDirectory writes directory facts into the file section.
func applyDirectory(f *parser.File, d Directory) {
	f.File.Checksum = d.Checksum
	if d.DuplicateVersions != nil {
		f.File.DuplicateVersions = d.DuplicateVersions
	}
	f.File.InJournal = d.InJournal
	f.File.Down = d.Down
	if d.OrderedBefore != nil {
		f.File.OrderedBefore = d.OrderedBefore
	}
	f.File.NextVersion = d.NextVersion
}

// checksum compares the migration at path with the ddlgate.sum of its
// migrations directory: the file's own directory, or its parent for formats
// with a directory per migration (prisma, diesel). "" when there is none.
func (d *directory) checksum(m *migrations.Migration, path string) (string, error) {
	dir, known := d.sumDirs[filepath.Dir(path)]
	if !known {
		dir = d.sumDir(path)
		d.sumDirs[filepath.Dir(path)] = dir
	}
	if dir == "" {
		return "", nil
	}
	rep, seen := d.sums[dir]
	if !seen {
		all, err := migrations.Discover([]string{dir}, migrations.Options{Format: m.Format})
		if err != nil {
			return "", wrapSum(err)
		}
		if rep, err = migrations.VerifySum(dir, all); err != nil {
			return "", wrapSum(err)
		}
		d.sums[dir] = rep
	}
	if rep == nil {
		return "", nil
	}
	rel, err := migrations.SumPath(dir, path)
	if err != nil {
		return "", wrapSum(err)
	}
	if status, ok := rep.Status(rel); ok {
		return string(status), nil
	}
	return string(migrations.SumMissingFromSum), nil
}

// journal returns the tags drizzle's journal of dir lists, nil without one.
func (d *directory) journal(dir string) (map[string]bool, error) {
	if listed, ok := d.journals[dir]; ok {
		return listed, nil
	}
	j, err := migrations.ReadDrizzleJournal(dir)
	if err != nil {
		return nil, err
	}
	var listed map[string]bool
	if j != nil {
		listed = map[string]bool{}
		for _, e := range j.Entries {
			listed[e.Tag] = true
		}
	}
	d.journals[dir] = listed
	return listed, nil
}

// sumDir returns the directory holding the ddlgate.sum of the migration at
// path, or "" when there is none. Each directory is looked at once: the
// migrations of a prisma or diesel directory share its parent.
func (d *directory) sumDir(path string) string {
	dir := filepath.Dir(path)
	for _, c := range []string{dir, filepath.Dir(dir)} {
		has, seen := d.hasSum[c]
		if !seen {
			_, err := os.Stat(filepath.Join(c, migrations.SumFileName))
			has = err == nil
			d.hasSum[c] = has
		}
		if has {
			return c
		}
	}
	return ""
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

func wrapSum(err error) error {
	return fmt.Errorf("verify %s: %w", migrations.SumFileName, err)
}
