package migrations

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// corpus is the shared corpus beside the checkout (../shared/corpus).
var corpus, _ = filepath.Abs(filepath.Join("..", "..", "..", "shared", "corpus"))

// corpusDir returns a project's migration directory, skipping the test when
// the corpus is not on this machine.
func corpusDir(tb testing.TB, rel string) string {
	tb.Helper()
	dir := filepath.Join(corpus, rel)
	if _, err := os.Stat(dir); err != nil {
		tb.Skipf("corpus not available: %v", err)
	}
	return dir
}

var corpusProjects = []struct {
	dir    string
	format string
}{
	{"triggerdotdev__trigger.dev/internal-packages/database/prisma/migrations", FormatPrisma},
	{"openmeterio__openmeter/tools/migrate/migrations", FormatGolangMigrate},
	{"hatchet-dev__hatchet/cmd/hatchet-migrate/migrate/migrations", FormatGoose},
	{"simstudioai__sim/packages/db/migrations", FormatDrizzle},
}

func TestCorpusDetectionAndOrder(t *testing.T) {
	for _, p := range corpusProjects {
		t.Run(p.format, func(t *testing.T) {
			dir := corpusDir(t, p.dir)
			ms, err := Discover([]string{dir}, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if len(ms) == 0 {
				t.Fatal("no migrations found")
			}
			sqlFiles := countUpFiles(t, dir, p.format)
			if len(ms) != sqlFiles {
				t.Errorf("got %d migrations, want %d up files", len(ms), sqlFiles)
			}
			for i, m := range ms {
				if m.Format != p.format || m.Direction != DirectionUp || m.Version == "" {
					t.Fatalf("%s: format %s direction %s version %q", m.Path, m.Format, m.Direction, m.Version)
				}
				if i > 0 && p.format != FormatDrizzle && CompareVersions(ms[i-1].Version, m.Version) > 0 {
					t.Errorf("%s ordered after %s", m.Path, ms[i-1].Path)
				}
			}
		})
	}
}

// countUpFiles counts the files a runner applies upwards, independently of
// Discover.
func countUpFiles(t *testing.T, dir, format string) int {
	t.Helper()
	pattern := map[string]string{
		FormatPrisma:        "*/migration.sql",
		FormatGolangMigrate: "*.up.sql",
		FormatGoose:         "*.sql",
		FormatDrizzle:       "*.sql",
	}[format]
	matches, err := filepath.Glob(filepath.Join(dir, pattern))
	if err != nil {
		t.Fatal(err)
	}
	return len(matches)
}

func TestCorpusDrizzleFollowsJournal(t *testing.T) {
	dir := corpusDir(t, "simstudioai__sim/packages/db/migrations")
	journal, err := ReadDrizzleJournal(dir)
	if err != nil {
		t.Fatal(err)
	}
	ms, err := Discover([]string{dir}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for i, e := range journal.Entries {
		if got := filepath.Base(ms[i].Path); got != e.Tag+".sql" {
			t.Fatalf("migration %d is %s, want journal entry %s", i, got, e.Tag)
		}
	}
	// Files the journal misses are linted after it, not dropped.
	extra := ms[len(journal.Entries):]
	if len(extra) != 1 || filepath.Base(extra[0].Path) != "0091_backfill_user_stats.sql" {
		t.Errorf("files after the journal: %v", describeAll(dir, extra))
	}
	for _, m := range ms {
		if bytes.Contains(m.Src, drizzleBreakpoint) && len(m.Sections) < 2 {
			t.Errorf("%s: breakpoints present but %d sections", m.Path, len(m.Sections))
		}
	}
}

func TestCorpusGooseUpSectionsNeverHoldDown(t *testing.T) {
	dir := corpusDir(t, "hatchet-dev__hatchet/cmd/hatchet-migrate/migrate/migrations")
	ms, err := Discover([]string{dir}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	noTx, wantNoTx := 0, 0
	for _, m := range ms {
		if bytes.Contains(bytes.ToLower(m.Src), []byte("\n-- +goose no transaction")) || bytes.HasPrefix(bytes.ToLower(m.Src), []byte("-- +goose no transaction")) {
			wantNoTx++
		}
		if len(m.Sections) != 1 {
			t.Fatalf("%s: %d sections, want the Up part", m.Path, len(m.Sections))
		}
		up := m.Src[m.Sections[0].Start:m.Sections[0].End]
		if bytes.Contains(bytes.ToLower(up), []byte("+goose down")) {
			t.Errorf("%s: Up section reaches into Down", m.Path)
		}
		if m.NoTransaction {
			noTx++
		}
	}
	// Some files spell the annotation in lower case; goose accepts both.
	if noTx != wantNoTx || noTx == 0 {
		t.Errorf("%d files opt out of the transaction, want %d", noTx, wantNoTx)
	}
}

func BenchmarkDiscoverCorpus(b *testing.B) {
	dirs := make([]string, 0, len(corpusProjects))
	for _, p := range corpusProjects {
		dirs = append(dirs, corpusDir(b, p.dir))
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Discover(dirs, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

func TestCorpusGooseUpWithoutFinalSemicolon(t *testing.T) {
	dir := corpusDir(t, "hatchet-dev__hatchet/cmd/hatchet-migrate/migrate/migrations")
	ms, err := Discover([]string{filepath.Join(dir, "20250519145912_v1_0_21.sql")}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	up := string(ms[0].Src[ms[0].Sections[0].Start:ms[0].Sections[0].End])
	want := "DEFAULT 'V0'\n-- +goose StatementEnd\n\n"
	if len(up) < len(want) || up[len(up)-len(want):] != want {
		t.Errorf("Up section should end at the Down annotation, ends with %q", up[max(0, len(up)-60):])
	}
}
