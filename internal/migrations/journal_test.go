package migrations

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
)

func TestCheckDrizzleJournalFixture(t *testing.T) {
	dir := filepath.Join(fixtures, "drizzle")
	c, err := CheckDrizzleJournal(dir)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{filepath.Join(dir, "0001_backfill_age.sql")}
	if !slices.Equal(c.Unjournaled, want) || len(c.MissingFiles) != 0 || c.OK() {
		t.Errorf("check = %+v, want only %v unjournaled", c, want)
	}
}

func TestCheckDrizzleJournalFindsEveryMismatch(t *testing.T) {
	dir := t.TempDir()
	journal := `{"version":"7","dialect":"postgresql","entries":[
		{"idx":0,"tag":"0000_init"},
		{"idx":2,"tag":"0001_gone"},
		{"idx":1,"tag":"0002_late"},
		{"idx":3,"tag":"0000_init"}]}`
	write(t, filepath.Join(dir, "meta", "_journal.json"), journal)
	write(t, filepath.Join(dir, "0000_init.sql"), "SELECT 1;")
	write(t, filepath.Join(dir, "0002_late.sql"), "SELECT 2;")
	c, err := CheckDrizzleJournal(dir)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(c.MissingFiles, []string{filepath.Join(dir, "0001_gone.sql")}) ||
		!slices.Equal(c.DuplicateTags, []string{"0000_init"}) ||
		!slices.Equal(c.OutOfOrderTags, []string{"0002_late"}) ||
		len(c.Unjournaled) != 0 {
		t.Errorf("check = %+v", c)
	}
	if _, err := CheckDrizzleJournal(t.TempDir()); err == nil {
		t.Error("want an error for a directory without a journal")
	}
}

func TestCorpusDrizzleJournalCheck(t *testing.T) {
	dir := corpusDir(t, "simstudioai__sim/packages/db/migrations")
	c, err := CheckDrizzleJournal(dir)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{filepath.Join(dir, "0091_backfill_user_stats.sql")}
	if !slices.Equal(c.Unjournaled, want) || len(c.MissingFiles)+len(c.DuplicateTags)+len(c.OutOfOrderTags) != 0 {
		t.Errorf("check = %+v, want only %v unjournaled", c, want)
	}
}

func write(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}
