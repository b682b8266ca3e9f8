package migrations

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// Discover expands paths (files, directories, globs such as
// "migrations/*.sql"; "-" is the caller's business) into migrations.
//
// A directory's format comes from its layout (see DetectFormat) unless
// opts.Format is set, and its migrations come in the format's version order.
// Files given one by one get the format of their own name, content and
// parent directory; consecutive files are ordered the same way within each
// migration directory, and directories keep the order of paths. Down
// migrations are left out unless opts.IncludeDown; when included they follow
// all up migrations of their directory, newest first, the order a full
// rollback runs them in.
//
// A path that does not exist or cannot be read, or a glob matching nothing, is
// an error naming it. A directory without migrations yields none.
func Discover(paths []string, opts Options) ([]Migration, error) {
	if opts.Format != "" && !ValidFormat(opts.Format) {
		return nil, fmt.Errorf("unknown migration format %q (valid: %s)", opts.Format, strings.Join(formats, ", "))
	}
	d := &discoverer{opts: opts}
	var out, loose []Migration
	flush := func() error {
		ordered, err := d.orderLoose(loose)
		out = append(out, ordered...)
		loose = loose[:0]
		return err
	}
	for _, p := range paths {
		targets, err := expand(p)
		if err != nil {
			return nil, err
		}
		globbed := len(targets) != 1 || targets[0] != p
		for _, t := range targets {
			fi, err := os.Stat(t)
			if err != nil {
				return nil, fmt.Errorf("open migration path %s: %w", t, err)
			}
			if !fi.IsDir() {
				if globbed && !isSQLFile(filepath.Base(t)) {
					continue // "migrations/*" means the migrations, not the README
				}
				ms, err := d.file(t)
				if err != nil {
					return nil, err
				}
				loose = append(loose, ms...)
				continue
			}
			if err := flush(); err != nil {
				return nil, err
			}
			ms, err := d.dir(t)
			if err != nil {
				return nil, err
			}
			out = append(out, ms...)
		}
	}
	if err := flush(); err != nil {
		return nil, err
	}
	return dedupe(out), nil
}

// Load builds the migrations of one file from its bytes (stdin, with the
// path from --stdin-filename used for detection). format "" detects it.
func Load(path string, src []byte, format string, includeDown bool) ([]Migration, error) {
	if format != "" && !ValidFormat(format) {
		return nil, fmt.Errorf("unknown migration format %q (valid: %s)", format, strings.Join(formats, ", "))
	}
	d := &discoverer{opts: Options{Format: format, IncludeDown: includeDown}}
	return d.fromBytes(path, src)
}

// discoverer holds per-call caches so a directory's journal or layout is
// read once however many of its files are named.
type discoverer struct {
	opts     Options
	journals map[string]map[string]int
	has      map[string]bool
	// flyway caches the Flyway project configuration per directory.
	flyway map[string]flywayProject
}

// expand resolves a glob, or returns the path itself.
func expand(p string) ([]string, error) {
	if !strings.ContainsAny(p, "*?[") {
		return []string{p}, nil
	}
	if _, err := os.Stat(p); err == nil {
		return []string{p}, nil // a real name that happens to hold glob characters
	}
	matches, err := filepath.Glob(p)
	if err != nil {
		return nil, fmt.Errorf("expand pattern %s: %w", p, err)
	}
	if len(matches) == 0 {
		return nil, fmt.Errorf("expand pattern %s: no file matches", p)
	}
	return matches, nil
}

// file reads one explicitly named file.
func (d *discoverer) file(path string) ([]Migration, error) {
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read migration %s: %w", path, err)
	}
	return d.fromBytes(path, src)
}

// fromBytes detects the format of a single file when needed and builds it,
// reading the side files that can opt it out of its transaction.
func (d *discoverer) fromBytes(path string, src []byte) ([]Migration, error) {
	format := d.opts.Format
	if format == "" {
		format = d.detectFile(path, src)
	}
	var side sideConfig
	var err error
	switch format {
	case FormatFlyway:
		var conf []byte
		if conf, err = readOptional(path + ".conf"); err != nil {
			return nil, err
		}
		side = flywaySide(conf, d.flywayProjectOf(filepath.Dir(path)))
	case FormatDiesel:
		if side, err = dieselSide(filepath.Dir(path)); err != nil {
			return nil, err
		}
	}
	return build(path, src, format, d.opts.IncludeDown, side), nil
}

// dir discovers the migrations of one directory.
func (d *discoverer) dir(dir string) ([]Migration, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("read migration directory %s: %w", dir, err)
	}
	format := d.opts.Format
	if format == "" {
		format = layoutFormat(dir, entries)
	}
	var ms []Migration
	switch format {
	case FormatPrisma, FormatDiesel:
		if single, ok := singleMigrationDir(format, entries); ok {
			return d.singleDir(dir, format, single)
		}
		ms, err = d.nestedDir(dir, entries, format)
	case FormatFlyway:
		ms, err = d.flywayDir(dir, entries)
	default:
		ms, err = d.flatDir(dir, entries, format)
	}
	if err != nil {
		return nil, err
	}
	return d.order(dir, ms)
}

// flywayDir reads a Flyway location as Flyway does: the .sql files of the
// directory and of every subfolder, at any depth (hidden ones aside);
// order comes from their versions, not their folders.
func (d *discoverer) flywayDir(dir string, entries []os.DirEntry) ([]Migration, error) {
	ms, err := d.flatDir(dir, entries, FormatFlyway)
	if err != nil {
		return nil, err
	}
	for _, e := range entries {
		if !e.IsDir() || strings.HasPrefix(e.Name(), ".") {
			continue
		}
		sub := filepath.Join(dir, e.Name())
		subEntries, err := os.ReadDir(sub)
		if err != nil {
			return nil, fmt.Errorf("read migration directory %s: %w", sub, err)
		}
		more, err := d.flywayDir(sub, subEntries)
		if err != nil {
			return nil, err
		}
		ms = append(ms, more...)
	}
	return ms, nil
}

// flatDir reads the .sql files of a directory; format "" is decided from
// their content.
func (d *discoverer) flatDir(dir string, entries []os.DirEntry, format string) ([]Migration, error) {
	files := make([]*indexedFile, 0, len(entries))
	var sawGoose, sawDbmate, sawBreakpoint bool
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !isSQLFile(name) || d.skipDown(format, name) {
			continue
		}
		f, err := d.open(filepath.Join(dir, name), false)
		if err != nil {
			return nil, err
		}
		if format == "" {
			h, err := f.detect()
			if err != nil {
				return nil, err
			}
			sawGoose = sawGoose || h&hintGoose != 0
			sawDbmate = sawDbmate || (!sawGoose && h&hintDbmate != 0)
			sawBreakpoint = sawBreakpoint || h&hintBreakpoint != 0
		}
		files = append(files, f)
	}
	if format == "" {
		format = FormatGoose
		if !sawGoose {
			format = pathOrContentFormat(dir, sawDbmate, sawBreakpoint)
		}
	}
	ms := make([]Migration, 0, len(files))
	for _, f := range files {
		var side sideConfig
		if format == FormatFlyway {
			var conf []byte
			if hasEntry(entries, filepath.Base(f.path)+".conf") {
				var err error
				if conf, err = readOptional(f.path + ".conf"); err != nil {
					return nil, err
				}
			}
			side = flywaySide(conf, d.flywayProjectOf(dir))
		}
		built, err := d.build(f, format, side)
		if err != nil {
			return nil, err
		}
		ms = append(ms, built...)
	}
	return ms, nil
}

// skipDown avoids reading down files that would be dropped anyway.
func (d *discoverer) skipDown(format, name string) bool {
	if d.opts.IncludeDown {
		return false
	}
	switch format {
	case FormatGolangMigrate:
		return strings.HasSuffix(name, ".down.sql")
	case FormatFlyway:
		return strings.HasPrefix(name, "U") && isFlywayName(name)
	}
	return false
}

// nestedDir reads prisma <ts>_<name>/migration.sql and diesel
// <version>_<name>/{up,down}.sql directories.
func (d *discoverer) nestedDir(dir string, entries []os.DirEntry, format string) ([]Migration, error) {
	files := []string{"migration.sql"}
	if format == FormatDiesel {
		files = []string{"up.sql"}
		if d.opts.IncludeDown {
			files = append(files, "down.sql")
		}
	}
	var ms []Migration
	for _, e := range entries {
		if !e.IsDir() || strings.HasPrefix(e.Name(), ".") {
			continue
		}
		sub := filepath.Join(dir, e.Name())
		var side sideConfig
		if format == FormatDiesel {
			var err error
			if side, err = dieselSide(sub); err != nil {
				return nil, err
			}
		}
		for _, name := range files {
			f, err := d.open(filepath.Join(sub, name), true)
			if err != nil {
				return nil, err
			}
			if f == nil {
				continue // not a migration directory (or no down.sql)
			}
			built, err := d.build(f, format, side)
			if err != nil {
				return nil, err
			}
			ms = append(ms, built...)
		}
	}
	return ms, nil
}

// singleMigrationDir reports whether entries are those of one prisma or
// diesel migration directory (as a glob like "migrations/*" yields) rather
// than of the directory holding them, and which files it runs.
func singleMigrationDir(format string, entries []os.DirEntry) ([]string, bool) {
	if format == FormatPrisma && hasEntry(entries, "migration.sql") {
		return []string{"migration.sql"}, true
	}
	if format == FormatDiesel && hasEntry(entries, "up.sql") {
		return []string{"up.sql", "down.sql"}, true
	}
	return nil, false
}

// singleDir builds the migrations of one prisma or diesel migration directory.
func (d *discoverer) singleDir(dir, format string, files []string) ([]Migration, error) {
	forced := *d
	forced.opts.Format = format
	var ms []Migration
	for _, name := range files {
		if name == "down.sql" && !d.opts.IncludeDown {
			continue
		}
		path := filepath.Join(dir, name)
		src, err := readOptional(path)
		if err != nil {
			return nil, err
		}
		if src == nil {
			continue
		}
		built, err := forced.fromBytes(path, src)
		if err != nil {
			return nil, err
		}
		ms = append(ms, built...)
	}
	return ms, nil
}

// dieselSide reads the metadata.toml of a diesel migration directory:
// run_in_transaction = false opts it out of diesel's transaction.
func dieselSide(dir string) (sideConfig, error) {
	meta, err := readOptional(filepath.Join(dir, "metadata.toml"))
	if err != nil {
		return sideConfig{}, err
	}
	v, ok := propertyBool(meta, "run_in_transaction")
	return sideConfig{noTransaction: ok && !v}, nil
}

// readOptional reads a file that may be absent: nil, nil when it is.
func readOptional(path string) ([]byte, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	if b == nil {
		b = []byte{}
	}
	return b, nil
}

// dirHas reports (cached) whether dir holds the file rel.
func (d *discoverer) dirHas(dir, rel string) bool {
	key := filepath.Join(dir, rel)
	if v, ok := d.has[key]; ok {
		return v
	}
	if d.has == nil {
		d.has = map[string]bool{}
	}
	v := fileExists(key)
	d.has[key] = v
	return v
}

// migrationRoot is the directory a migration's siblings live in.
func migrationRoot(m Migration) string {
	dir := filepath.Dir(m.Path)
	if m.Format == FormatPrisma || m.Format == FormatDiesel {
		return filepath.Dir(dir)
	}
	return dir
}

// orderLoose orders files named one by one: grouped by migration directory
// in order of first appearance, each group in version order.
func (d *discoverer) orderLoose(ms []Migration) ([]Migration, error) {
	if len(ms) == 0 {
		return nil, nil
	}
	var roots []string
	groups := map[string][]Migration{}
	for _, m := range ms {
		root := migrationRoot(m)
		if _, ok := groups[root]; !ok {
			roots = append(roots, root)
		}
		groups[root] = append(groups[root], m)
	}
	out := make([]Migration, 0, len(ms))
	for _, root := range roots {
		sorted, err := d.order(root, groups[root])
		if err != nil {
			return nil, err
		}
		out = append(out, sorted...)
	}
	return out, nil
}

// dedupe drops a migration already listed (same path and direction), as when
// a directory and one of its files are both given.
func dedupe(ms []Migration) []Migration {
	type key struct{ path, direction string }
	seen := make(map[key]bool, len(ms))
	out := ms[:0]
	for _, m := range ms {
		k := key{filepath.Clean(m.Path), m.Direction}
		if seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, m)
	}
	return slices.Clip(out)
}
