package lint

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/ddlgate/ddlgate/internal/migrations"
	"github.com/ddlgate/ddlgate/parser"
)

// governanceFacts fills the directory facts of the governance rules that
// the parser cannot know: the down part of each up migration
// (require-down-migration) and the landed migrations a new file sorts
// before (require-linear-history).
func governanceFacts(files []*parser.File, ms []migrations.Migration, opts Options) error {
	landedVersions := map[string]bool{}
	var versions []string
	for _, l := range opts.Landed {
		landedVersions[l.Version] = true
		versions = append(versions, l.Version)
	}
	for i := range ms {
		versions = append(versions, migrations.OrderKey(ms[i]))
	}
	now := opts.Now
	if now.IsZero() {
		now = time.Now()
	}
	for i := range ms {
		m, f := &ms[i], files[i]
		if f == nil || m.Direction != migrations.DirectionUp {
			continue
		}
		down, err := downPart(m, opts.Dir)
		if err != nil {
			return err
		}
		f.File.Down = down
		key := migrations.OrderKey(*m)
		if key == "" || landedVersions[key] {
			continue
		}
		for _, l := range opts.Landed {
			if migrations.CompareVersions(l.Version, key) > 0 {
				f.File.OrderedBefore = append(f.File.OrderedBefore, l)
			}
		}
		if len(f.File.OrderedBefore) > 0 {
			f.File.NextVersion = migrations.NextVersion(versions, now)
		}
	}
	return nil
}

// downPart finds the down migration of up migration m, for the formats
// that have one; nil for the others.
func downPart(m *migrations.Migration, dir string) (*parser.DownPart, error) {
	switch m.Format {
	case migrations.FormatGolangMigrate, migrations.FormatDiesel:
		var p string
		if m.Format == migrations.FormatDiesel {
			p = filepath.Join(filepath.Dir(m.Path), "down.sql")
		} else {
			stem, ok := strings.CutSuffix(m.Path, ".up.sql")
			if !ok {
				return nil, nil
			}
			p = stem + ".down.sql"
		}
		src, err := os.ReadFile(resolve(dir, p))
		if errors.Is(err, fs.ErrNotExist) {
			return &parser.DownPart{Path: p}, nil
		}
		if err != nil {
			return nil, fmt.Errorf("read down migration %s: %w", p, err)
		}
		return &parser.DownPart{Path: p, Exists: true, Empty: !hasSQL(src)}, nil
	case migrations.FormatGoose, migrations.FormatDbmate:
		both, err := migrations.Load(m.Path, m.Src, m.Format, true)
		if err != nil {
			return nil, fmt.Errorf("read down part of %s: %w", m.Path, err)
		}
		d := &parser.DownPart{Path: m.Path}
		for _, b := range both {
			if b.Direction != migrations.DirectionDown || b.Sections == nil {
				continue
			}
			d.Exists = len(b.Sections) > 0
			d.Empty = true
			for _, s := range b.Sections {
				if hasSQL(b.Src[s.Start:s.End]) {
					d.Empty = false
				}
			}
		}
		return d, nil
	}
	return nil, nil
}

// hasSQL reports whether src holds anything but whitespace, semicolons and
// comments (-- to end of line, nested /* */).
func hasSQL(src []byte) bool {
	for i := 0; i < len(src); {
		switch c := src[i]; {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ';':
			i++
		case bytes.HasPrefix(src[i:], []byte("--")):
			j := bytes.IndexByte(src[i:], '\n')
			if j < 0 {
				return false
			}
			i += j + 1
		case bytes.HasPrefix(src[i:], []byte("/*")):
			depth := 0
			for i < len(src) {
				if bytes.HasPrefix(src[i:], []byte("/*")) {
					depth, i = depth+1, i+2
				} else if bytes.HasPrefix(src[i:], []byte("*/")) {
					depth, i = depth-1, i+2
					if depth == 0 {
						break
					}
				} else {
					i++
				}
			}
		default:
			return true
		}
	}
	return false
}

// migrationDirFiles judges the files of the linted migrations' directories
// that are not migrations: drizzle's meta/_journal.json, whose entries must
// each have their SQL file, and prisma's migration_lock.toml, whose
// provider must be PostgreSQL (require-journal-consistency).
func (l *linter) migrationDirFiles(ctx context.Context, ms []migrations.Migration, res *Result) error {
	seen := map[string]bool{}
	for i := range ms {
		m := &ms[i]
		root := migrationDir(m.Format, absolute(l.opts.Dir, m.Path))
		var p string
		switch m.Format {
		case migrations.FormatDrizzle:
			p = filepath.Join(root, "meta", "_journal.json")
		case migrations.FormatPrisma:
			p = filepath.Join(root, "migration_lock.toml")
		default:
			continue
		}
		if seen[p] {
			continue
		}
		seen[p] = true
		src, err := os.ReadFile(p)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return fmt.Errorf("read %s: %w", p, err)
		}
		f := parser.ProjectFile(relativeTo(l.opts.Dir, p), src, parser.Options{})
		for j := range f.Project.JournalEntries {
			e := &f.Project.JournalEntries[j]
			_, err := os.Stat(absolute(l.opts.Dir, e.File))
			e.FileExists = err == nil
		}
		fs, err := l.evaluate(ctx, f)
		if err != nil {
			return err
		}
		res.Project = append(res.Project, f)
		if res.ProjectFiles == nil {
			res.ProjectFiles = map[string][]byte{}
		}
		res.ProjectFiles[f.File.Path] = src
		res.Findings = append(res.Findings, fs...)
	}
	return nil
}
