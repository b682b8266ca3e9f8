package facts

import (
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

// landed tells, for the governance rules, which migrations are already on
// the base branch or applied (Target.Landed) and which version a new file
// should take instead (require-linear-history).
type landed struct {
	list     []parser.Landed
	versions map[string]bool
	// all are the order keys of the landed and the judged migrations, for
	// the next free version.
	all []string
	now time.Time
}

func newLanded(set Set, t Target) *landed {
	l := &landed{list: t.Landed, versions: map[string]bool{}, now: t.Now}
	for _, x := range t.Landed {
		l.versions[x.Version] = true
		l.all = append(l.all, x.Version)
	}
	for i := range set.Migrations {
		l.all = append(l.all, migrations.OrderKey(set.Migrations[i]))
	}
	return l
}

// orderedBefore lists the landed migrations up migration m sorts before
// while not being landed itself, and the version it should take instead.
func (l *landed) orderedBefore(m *migrations.Migration) ([]parser.Landed, string) {
	key := migrations.OrderKey(*m)
	if key == "" || l.versions[key] {
		return nil, ""
	}
	var out []parser.Landed
	for _, x := range l.list {
		if migrations.CompareVersions(x.Version, key) > 0 {
			out = append(out, x)
		}
	}
	if len(out) == 0 {
		return nil, ""
	}
	return out, migrations.NextVersion(l.all, l.now)
}

// downPart finds the down migration of up migration m, for the formats
// that have one (require-down-migration); nil for the others.
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
		return &parser.DownPart{Path: p, Exists: true, Empty: !parser.HasSQL(string(src))}, nil
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
				if parser.HasSQL(string(b.Src[s.Start:s.End])) {
					d.Empty = false
				}
			}
		}
		return d, nil
	}
	return nil, nil
}
