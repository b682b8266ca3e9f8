package phase

import (
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/ddlgate/ddlgate/internal/finding"
	"github.com/ddlgate/ddlgate/internal/migrations"
)

// NewFile is a migration file to write, Path relative to the directory.
type NewFile struct {
	Path    string
	Content string
}

// Files lays the steps of a plan (a rule's finding.Plan) out as new migrations of a directory in format, numbered
// after the existing migrations: the next sequence numbers when the
// directory counts (0007, 0008...), else timestamps from now, one second
// apart. Drizzle is refused: its journal must list every migration, and
// drizzle-kit writes it (drizzle-kit generate --custom).
func Files(format string, existing []migrations.Migration, steps []finding.PlanStep, now time.Time) ([]NewFile, error) {
	versions := nextVersions(format, existing, len(steps), now)
	var out []NewFile
	for i, s := range steps {
		v := versions[i]
		name := strings.ReplaceAll(s.Change+"_"+s.Phase, "-", "_")
		body := strings.TrimRight(s.SQL, "\n") + "\n"
		switch format {
		case migrations.FormatPlain, migrations.FormatSupabase, migrations.FormatAtlas, "":
			out = append(out, NewFile{Path: v + "_" + name + ".sql", Content: body})
		case migrations.FormatGolangMigrate:
			out = append(out, NewFile{Path: v + "_" + name + ".up.sql", Content: body})
		case migrations.FormatGoose:
			header := "-- +goose Up\n"
			if s.NoTransaction {
				header = "-- +goose NO TRANSACTION\n" + header
			}
			// Function bodies hold semicolons: goose sends the
			// whole file as one statement.
			out = append(out, NewFile{Path: v + "_" + name + ".sql", Content: header + "-- +goose StatementBegin\n" + body + "-- +goose StatementEnd\n"})
		case migrations.FormatDbmate:
			header := "-- migrate:up\n"
			if s.NoTransaction {
				header = "-- migrate:up transaction:false\n"
			}
			out = append(out, NewFile{Path: v + "_" + name + ".sql", Content: header + body + "\n-- migrate:down\n"})
		case migrations.FormatFlyway:
			out = append(out, NewFile{Path: "V" + v + "__" + name + ".sql", Content: body})
		case migrations.FormatPrisma:
			out = append(out, NewFile{Path: filepath.Join(v+"_"+name, "migration.sql"), Content: body})
		case migrations.FormatDiesel:
			out = append(out, NewFile{Path: filepath.Join(v+"_"+name, "up.sql"), Content: body},
				NewFile{Path: filepath.Join(v+"_"+name, "down.sql"), Content: "-- irreversible: restore from the previous phase\n"})
		default:
			return nil, fmt.Errorf("write a plan for %s migrations: unsupported (create them with the tool, e.g. drizzle-kit generate --custom, and paste the printed SQL)", format)
		}
	}
	return out, nil
}

// nextVersions continues the directory's numbering.
func nextVersions(format string, existing []migrations.Migration, n int, now time.Time) []string {
	last := ""
	for _, m := range existing {
		v := m.Version
		if v == "" {
			// Plain SQL files have no version, but usually a numeric prefix.
			base := filepath.Base(m.Path)
			v = base[:len(base)-len(strings.TrimLeft(base, "0123456789"))]
		}
		if v != "" && m.Direction != migrations.DirectionDown && (last == "" || compareNumeric(v, last) > 0) {
			last = v
		}
	}
	out := make([]string, n)
	if format == migrations.FormatDiesel {
		for i := range out {
			out[i] = now.UTC().Add(time.Duration(i) * time.Second).Format("2006-01-02-150405")
		}
		return out
	}
	digits := strings.TrimLeft(last, "0123456789") == "" && last != ""
	sequence := digits && len(last) < 12 || last == "" && format != migrations.FormatPrisma && format != migrations.FormatSupabase && format != migrations.FormatAtlas
	if sequence {
		start, width := 0, 4
		if last != "" {
			start, _ = strconv.Atoi(last)
			width = len(last)
		}
		for i := range out {
			out[i] = fmt.Sprintf("%0*d", width, start+1+i)
		}
		return out
	}
	for i := range out {
		out[i] = now.UTC().Add(time.Duration(i) * time.Second).Format("20060102150405")
	}
	return out
}

// compareNumeric orders digit strings by value, others as text.
func compareNumeric(a, b string) int {
	x, errA := strconv.ParseUint(a, 10, 64)
	y, errB := strconv.ParseUint(b, 10, 64)
	if errA != nil || errB != nil {
		return strings.Compare(a, b)
	}
	switch {
	case x < y:
		return -1
	case x > y:
		return 1
	}
	return 0
}
