package phase

import (
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/ddlgate/ddlgate/internal/migrations"
)

// Step is one migration of an expand/contract plan.
type Step struct {
	Phase  string
	Change string
	// SQL is the migration's text, its phase directive first.
	SQL string
	// NoTransaction is set when the step must run outside a transaction
	// (a batched backfill commits between batches).
	NoTransaction bool
}

const phaseDirective = "-- ddlgate:phase "

// SplitPlan splits a plan, as the rules' help prints it, at its phase
// directives: one step per directive. Text before the first directive is
// dropped.
func SplitPlan(plan string) []Step {
	var steps []Step
	for _, line := range strings.SplitAfter(plan, "\n") {
		if rest, ok := strings.CutPrefix(line, phaseDirective); ok {
			fields := strings.Fields(rest)
			s := Step{}
			if len(fields) > 0 {
				s.Phase = fields[0]
			}
			for _, f := range fields[1:] {
				if c, ok := strings.CutPrefix(f, "change="); ok {
					s.Change = c
				}
			}
			steps = append(steps, s)
		}
		if len(steps) == 0 {
			continue
		}
		s := &steps[len(steps)-1]
		s.SQL += line
		if strings.TrimSpace(line) == "-- ddlgate:no-transaction" {
			s.NoTransaction = true
		}
	}
	for i := range steps {
		steps[i].SQL = strings.TrimRight(steps[i].SQL, "\n") + "\n"
	}
	return steps
}

// NewFile is a migration file to write, Path relative to the directory.
type NewFile struct {
	Path    string
	Content string
}

// Files lays steps out as new migrations of a directory in format, numbered
// after the existing migrations: the next sequence numbers when the
// directory counts (0007, 0008...), else timestamps from now, one second
// apart. Drizzle is refused: its journal must list every migration, and
// drizzle-kit writes it (drizzle-kit generate --custom).
func Files(format string, existing []migrations.Migration, steps []Step, now time.Time) ([]NewFile, error) {
	versions := nextVersions(format, existing, len(steps), now)
	var out []NewFile
	for i, s := range steps {
		v := versions[i]
		name := strings.ReplaceAll(s.Change+"_"+s.Phase, "-", "_")
		body := s.SQL
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
