package migrations

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const fixtures = "../../testdata/migrations"

// describe renders a migration as one line: path relative to root,
// direction, version, name and flags.
func describe(root string, m Migration) string {
	rel, err := filepath.Rel(root, m.Path)
	if err != nil {
		rel = m.Path
	}
	line := fmt.Sprintf("%s %s v=%s name=%s", filepath.ToSlash(rel), m.Direction, m.Version, m.Name)
	if m.NoTransaction {
		line += " no-tx"
	}
	if m.ForceTransaction {
		line += " tx"
	}
	if m.MixedAllowed {
		line += " mixed"
	}
	if m.Repeatable {
		line += " repeatable"
	}
	return line
}

func describeAll(root string, ms []Migration) []string {
	lines := make([]string, len(ms))
	for i, m := range ms {
		lines[i] = describe(root, m)
	}
	return lines
}

func assertLines(t *testing.T, got, want []string) {
	t.Helper()
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("migrations:\n got:\n  %s\n want:\n  %s", strings.Join(got, "\n  "), strings.Join(want, "\n  "))
	}
}

// sectionTexts returns what the runner executes, one string per section.
func sectionTexts(m Migration) []string {
	if m.Sections == nil {
		return []string{string(m.Src)}
	}
	texts := make([]string, len(m.Sections))
	for i, s := range m.Sections {
		texts[i] = string(m.Src[s.Start:s.End])
	}
	return texts
}

func TestDiscoverFixtures(t *testing.T) {
	tests := []struct {
		dir         string
		includeDown bool
		format      string
		want        []string
	}{
		{"plain", false, FormatPlain, []string{
			"1_init.sql up v= name=1_init",
			"2_users.sql up v= name=2_users",
			"10_orders.sql up v= name=10_orders",
		}},
		{"drizzle", false, FormatDrizzle, []string{
			"0000_init.sql up v=0000 name=init",
			"0001_users_age.sql up v=0001 name=users_age",
			"0002_posts.sql up v=0002 name=posts",
			// not in meta/_journal.json: still linted, after the journal's files
			"0001_backfill_age.sql up v=0001 name=backfill_age",
		}},
		{"prisma", false, FormatPrisma, []string{
			"20240101000000_init/migration.sql up v=20240101000000 name=init",
			"20240115000000_notes/migration.sql up v=20240115000000 name=notes",
			"20240201000000_add_users/migration.sql up v=20240201000000 name=add_users",
		}},
		{"golang-migrate", false, FormatGolangMigrate, []string{
			"1_init.up.sql up v=1 name=init",
			"2_add_name.up.sql up v=2 name=add_name",
			"10_index_name.up.sql up v=10 name=index_name",
		}},
		{"golang-migrate", true, FormatGolangMigrate, []string{
			"1_init.up.sql up v=1 name=init",
			"2_add_name.up.sql up v=2 name=add_name",
			"10_index_name.up.sql up v=10 name=index_name",
			"10_index_name.down.sql down v=10 name=index_name",
			"2_add_name.down.sql down v=2 name=add_name",
			"1_init.down.sql down v=1 name=init",
		}},
		{"goose", false, FormatGoose, []string{
			"00001_init.sql up v=00001 name=init",
			"00002_touch_function.sql up v=00002 name=touch_function",
			"00003_concurrent_index.sql up v=00003 name=concurrent_index no-tx",
			"00010_missing_semicolon.sql up v=00010 name=missing_semicolon",
		}},
		{"goose", true, FormatGoose, []string{
			"00001_init.sql up v=00001 name=init",
			"00002_touch_function.sql up v=00002 name=touch_function",
			"00003_concurrent_index.sql up v=00003 name=concurrent_index no-tx",
			"00010_missing_semicolon.sql up v=00010 name=missing_semicolon",
			"00010_missing_semicolon.sql down v=00010 name=missing_semicolon",
			"00003_concurrent_index.sql down v=00003 name=concurrent_index no-tx",
			"00002_touch_function.sql down v=00002 name=touch_function",
			"00001_init.sql down v=00001 name=init",
		}},
		{"dbmate", true, FormatDbmate, []string{
			"20240101000000_init.sql up v=20240101000000 name=init",
			"20240102000000_concurrent_index.sql up v=20240102000000 name=concurrent_index no-tx",
			"20240102000000_concurrent_index.sql down v=20240102000000 name=concurrent_index no-tx",
			"20240101000000_init.sql down v=20240101000000 name=init",
		}},
		{"flyway", false, FormatFlyway, []string{
			"V1__init.sql up v=1 name=init",
			"V1.1__add_a.sql up v=1.1 name=add_a",
			"V1.9__add_b.sql up v=1.9 name=add_b",
			"V1.10__add_c.sql up v=1.10 name=add_c",
			"V2_1__add_d.sql up v=2.1 name=add_d",
			"V3__index_a.sql up v=3 name=index_a",
			"V4__index_b.sql up v=4 name=index_b no-tx",
			"R__account_views.sql up v= name=account_views repeatable",
		}},
		{"flyway", true, FormatFlyway, []string{
			"V1__init.sql up v=1 name=init",
			"V1.1__add_a.sql up v=1.1 name=add_a",
			"V1.9__add_b.sql up v=1.9 name=add_b",
			"V1.10__add_c.sql up v=1.10 name=add_c",
			"V2_1__add_d.sql up v=2.1 name=add_d",
			"V3__index_a.sql up v=3 name=index_a",
			"V4__index_b.sql up v=4 name=index_b no-tx",
			"R__account_views.sql up v= name=account_views repeatable",
			"U1.1__add_a.sql down v=1.1 name=add_a",
		}},
		{"diesel", false, FormatDiesel, []string{
			"00000000000000_diesel_initial_setup/up.sql up v=00000000000000 name=diesel_initial_setup",
			"2024-01-01-000000_create_users/up.sql up v=2024-01-01-000000 name=create_users",
			"2024-02-01-000000_index_users/up.sql up v=2024-02-01-000000 name=index_users no-tx",
		}},
		{"diesel", true, FormatDiesel, []string{
			"00000000000000_diesel_initial_setup/up.sql up v=00000000000000 name=diesel_initial_setup",
			"2024-01-01-000000_create_users/up.sql up v=2024-01-01-000000 name=create_users",
			"2024-02-01-000000_index_users/up.sql up v=2024-02-01-000000 name=index_users no-tx",
			"2024-02-01-000000_index_users/down.sql down v=2024-02-01-000000 name=index_users no-tx",
			"2024-01-01-000000_create_users/down.sql down v=2024-01-01-000000 name=create_users",
			"00000000000000_diesel_initial_setup/down.sql down v=00000000000000 name=diesel_initial_setup",
		}},
		{"supabase/supabase/migrations", false, FormatSupabase, []string{
			"20240101000000_profiles.sql up v=20240101000000 name=profiles",
			"20240102000000_profiles_rls.sql up v=20240102000000 name=profiles_rls",
		}},
		{"atlas", false, FormatAtlas, []string{
			"20240101000000_init.sql up v=20240101000000 name=init",
			"20240102000000_index.sql up v=20240102000000 name=index no-tx",
		}},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s/down=%v", tt.dir, tt.includeDown), func(t *testing.T) {
			dir := filepath.Join(fixtures, tt.dir)
			ms, err := Discover([]string{dir}, Options{IncludeDown: tt.includeDown})
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range ms {
				if m.Format != tt.format {
					t.Errorf("%s: format %q, want %q", m.Path, m.Format, tt.format)
				}
			}
			assertLines(t, describeAll(dir, ms), tt.want)

			detected, err := DetectFormat(dir)
			if err != nil {
				t.Fatal(err)
			}
			if detected != tt.format {
				t.Errorf("DetectFormat(%s) = %q, want %q", dir, detected, tt.format)
			}
		})
	}
}

func TestGooseSectionsKeepDownOutOfUp(t *testing.T) {
	ms, err := Discover([]string{filepath.Join(fixtures, "goose")}, Options{IncludeDown: true})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string][]string{}
	for _, m := range ms {
		got[filepath.Base(m.Path)+" "+m.Direction] = sectionTexts(m)
	}
	want := map[string][]string{
		"00001_init.sql up":   {"CREATE TABLE accounts (id bigint PRIMARY KEY);\n\n"},
		"00001_init.sql down": {"DROP TABLE accounts;\n"},
		"00002_touch_function.sql up": {"-- +goose StatementBegin\n" +
			"CREATE FUNCTION touch() RETURNS trigger AS $$\nBEGIN\n  NEW.updated_at := now();\n  RETURN NEW;\nEND;\n$$ LANGUAGE plpgsql;\n" +
			"-- +goose StatementEnd\n\n"},
		"00002_touch_function.sql down": {"-- +goose StatementBegin\nDROP FUNCTION touch();\n-- +goose StatementEnd\n"},
		// The Up part lacks its final ';': the Down statement must not be glued to it.
		"00010_missing_semicolon.sql up":   {"ALTER TABLE accounts ADD COLUMN note text\n"},
		"00010_missing_semicolon.sql down": {"ALTER TABLE accounts DROP COLUMN note;\n"},
	}
	for key, texts := range want {
		if strings.Join(got[key], "|") != strings.Join(texts, "|") {
			t.Errorf("%s sections = %q, want %q", key, got[key], texts)
		}
	}
}

func TestGooseWithoutDown(t *testing.T) {
	src := []byte("-- +goose Up\nSELECT 1;\n")
	ms, err := Load("00001_only_up.sql", src, FormatGoose, true)
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) != 1 || ms[0].Direction != DirectionUp {
		t.Fatalf("got %d migrations, want only the up one", len(ms))
	}
	if got := sectionTexts(ms[0]); len(got) != 1 || got[0] != "SELECT 1;\n" {
		t.Errorf("up sections = %q", got)
	}
}

func TestGooseDownOnlyRunsNothingUp(t *testing.T) {
	src := []byte("-- +goose Down\nDROP TABLE t;\n")
	ms, err := Load("00001_x.sql", src, FormatGoose, false)
	if err != nil {
		t.Fatal(err)
	}
	if got := sectionTexts(ms[0]); len(got) != 1 || got[0] != "" {
		t.Errorf("up sections = %q, want one empty section", got)
	}
}

func TestDbmateSections(t *testing.T) {
	src, err := os.ReadFile(filepath.Join(fixtures, "dbmate", "20240101000000_init.sql"))
	if err != nil {
		t.Fatal(err)
	}
	ms, err := Load("db/migrations/20240101000000_init.sql", src, "", true)
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) != 2 {
		t.Fatalf("got %d migrations, want up and down", len(ms))
	}
	if got := sectionTexts(ms[0]); got[0] != "CREATE TABLE accounts (id bigint PRIMARY KEY);\n\n" {
		t.Errorf("up = %q", got)
	}
	if got := sectionTexts(ms[1]); got[0] != "DROP TABLE accounts;\n" {
		t.Errorf("down = %q", got)
	}
	if ms[0].NoTransaction || ms[1].NoTransaction {
		t.Error("a file without transaction:false must stay transactional")
	}
}

func TestDbmateTransactionFalseIsPerDirection(t *testing.T) {
	src := []byte("-- migrate:up transaction:false\nCREATE INDEX CONCURRENTLY i ON t (c);\n-- migrate:down\nDROP INDEX i;\n")
	ms, err := Load("20240101000000_x.sql", src, FormatDbmate, true)
	if err != nil {
		t.Fatal(err)
	}
	if !ms[0].NoTransaction || ms[1].NoTransaction {
		t.Errorf("no-transaction up=%v down=%v, want up only", ms[0].NoTransaction, ms[1].NoTransaction)
	}
}

func TestDrizzleBreakpointSections(t *testing.T) {
	ms, err := Discover([]string{filepath.Join(fixtures, "drizzle", "0000_init.sql")}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"CREATE TABLE \"users\" (\n\t\"id\" serial PRIMARY KEY NOT NULL,\n\t\"email\" text NOT NULL\n);\n",
		"\nCREATE UNIQUE INDEX \"users_email_idx\" ON \"users\" USING btree (\"email\");",
		"\nALTER TABLE \"users\" ADD COLUMN \"name\" text;\n",
	}
	got := sectionTexts(ms[0])
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("sections = %q, want %q", got, want)
	}
}

func TestFilesGivenOneByOne(t *testing.T) {
	tests := []struct {
		path, format, version, name string
	}{
		{"prisma/20240115000000_notes/migration.sql", FormatPrisma, "20240115000000", "notes"},
		{"diesel/2024-01-01-000000_create_users/up.sql", FormatDiesel, "2024-01-01-000000", "create_users"},
		{"golang-migrate/2_add_name.up.sql", FormatGolangMigrate, "2", "add_name"},
		{"goose/00003_concurrent_index.sql", FormatGoose, "00003", "concurrent_index"},
		{"dbmate/20240101000000_init.sql", FormatDbmate, "20240101000000", "init"},
		{"flyway/V1.10__add_c.sql", FormatFlyway, "1.10", "add_c"},
		{"drizzle/0002_posts.sql", FormatDrizzle, "0002", "posts"},
		{"supabase/supabase/migrations/20240101000000_profiles.sql", FormatSupabase, "20240101000000", "profiles"},
		{"atlas/20240102000000_index.sql", FormatAtlas, "20240102000000", "index"},
		{"plain/2_users.sql", FormatPlain, "", "2_users"},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			ms, err := Discover([]string{filepath.Join(fixtures, tt.path)}, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if len(ms) != 1 {
				t.Fatalf("got %d migrations, want 1", len(ms))
			}
			m := ms[0]
			if m.Format != tt.format || m.Version != tt.version || m.Name != tt.name {
				t.Errorf("got format=%s version=%s name=%s, want %s %s %s", m.Format, m.Version, m.Name, tt.format, tt.version, tt.name)
			}
		})
	}
}

func TestFilesGivenOneByOneAreOrderedPerDirectory(t *testing.T) {
	paths := []string{
		filepath.Join(fixtures, "golang-migrate", "10_index_name.up.sql"),
		filepath.Join(fixtures, "plain", "2_users.sql"),
		filepath.Join(fixtures, "golang-migrate", "2_add_name.up.sql"),
		filepath.Join(fixtures, "drizzle", "0001_backfill_age.sql"),
		filepath.Join(fixtures, "drizzle", "0002_posts.sql"),
	}
	ms, err := Discover(paths, Options{})
	if err != nil {
		t.Fatal(err)
	}
	assertLines(t, describeAll(fixtures, ms), []string{
		"golang-migrate/2_add_name.up.sql up v=2 name=add_name",
		"golang-migrate/10_index_name.up.sql up v=10 name=index_name",
		"plain/2_users.sql up v= name=2_users",
		"drizzle/0002_posts.sql up v=0002 name=posts",
		"drizzle/0001_backfill_age.sql up v=0001 name=backfill_age",
	})
}

func TestGlobUsesNaturalOrder(t *testing.T) {
	ms, err := Discover([]string{filepath.Join(fixtures, "plain", "*.sql")}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	assertLines(t, describeAll(filepath.Join(fixtures, "plain"), ms), []string{
		"1_init.sql up v= name=1_init",
		"2_users.sql up v= name=2_users",
		"10_orders.sql up v= name=10_orders",
	})
}

func TestDirectoryAndOneOfItsFilesAreListedOnce(t *testing.T) {
	dir := filepath.Join(fixtures, "plain")
	ms, err := Discover([]string{dir, filepath.Join(dir, "2_users.sql")}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) != 3 {
		t.Errorf("got %d migrations, want 3", len(ms))
	}
}

func TestForcedFormatOverridesDetection(t *testing.T) {
	dir := filepath.Join(fixtures, "goose")
	ms, err := Discover([]string{dir}, Options{Format: FormatPlain})
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range ms {
		if m.Format != FormatPlain || m.Sections != nil {
			t.Errorf("%s: format %s sections %v, want plain whole file", m.Path, m.Format, m.Sections)
		}
	}
	if len(ms) != 4 {
		t.Errorf("got %d migrations, want the 4 .sql files", len(ms))
	}
	if _, err := Discover([]string{dir}, Options{Format: "liquibase"}); err == nil || !strings.Contains(err.Error(), "goose") {
		t.Errorf("unknown format error = %v, want one listing valid formats", err)
	}
}

func TestDiscoverErrors(t *testing.T) {
	missing := filepath.Join(fixtures, "does-not-exist")
	_, err := Discover([]string{missing}, Options{})
	if err == nil || !strings.Contains(err.Error(), missing) {
		t.Errorf("missing path error = %v, want one naming %s", err, missing)
	}
	pattern := filepath.Join(fixtures, "plain", "*.nothing")
	_, err = Discover([]string{pattern}, Options{})
	if err == nil || !strings.Contains(err.Error(), pattern) {
		t.Errorf("empty glob error = %v, want one naming %s", err, pattern)
	}
}

func TestEmptyDirectoryYieldsNoMigrations(t *testing.T) {
	dir := t.TempDir()
	ms, err := Discover([]string{dir}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) != 0 {
		t.Errorf("got %d migrations from an empty directory", len(ms))
	}
}

func TestMalformedDrizzleJournalIsAnError(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "meta"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "meta", "_journal.json"), []byte("{"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "0000_x.sql"), []byte("SELECT 1;"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Discover([]string{dir}, Options{})
	if err == nil || !strings.Contains(err.Error(), "_journal.json") {
		t.Errorf("error = %v, want one naming the journal", err)
	}
}

func TestLoadDetectsFromNameAndContent(t *testing.T) {
	tests := []struct {
		path, src, format string
	}{
		{"anything.sql", "-- +goose Up\nSELECT 1;\n", FormatGoose},
		{"anything.sql", "-- migrate:up\nSELECT 1;\n", FormatDbmate},
		{"V2__x.sql", "SELECT 1;", FormatFlyway},
		{"3_x.down.sql", "SELECT 1;", FormatGolangMigrate},
		{"x/20240101000000_init/migration.sql", "SELECT 1;", FormatPrisma},
		{"0001_x.sql", "SELECT 1;\n--> statement-breakpoint\nSELECT 2;", FormatDrizzle},
		{"stdin.sql", "SELECT 1;", FormatPlain},
	}
	for _, tt := range tests {
		ms, err := Load(tt.path, []byte(tt.src), "", true)
		if err != nil {
			t.Fatal(err)
		}
		if len(ms) == 0 || ms[0].Format != tt.format {
			t.Errorf("Load(%s, %q): got %v, want format %s", tt.path, tt.src, ms, tt.format)
		}
	}
}

func TestCompareVersions(t *testing.T) {
	ordered := []string{"1", "1.1", "1.9", "1.10", "1.10.1", "2", "10", "0011", "20240101000000"}
	for i := 0; i+1 < len(ordered); i++ {
		a, b := ordered[i], ordered[i+1]
		if CompareVersions(a, b) >= 0 || CompareVersions(b, a) <= 0 {
			t.Errorf("want %s < %s", a, b)
		}
	}
	if CompareVersions("0003", "3") != 0 {
		t.Error("leading zeros must not change a version's value")
	}
}

func TestGlobOfMigrationDirectories(t *testing.T) {
	root := filepath.Join(fixtures, "prisma")
	ms, err := Discover([]string{filepath.Join(root, "*")}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	// migration_lock.toml is not SQL and not_a_migration/ holds none.
	assertLines(t, describeAll(root, ms), []string{
		"20240101000000_init/migration.sql up v=20240101000000 name=init",
		"20240115000000_notes/migration.sql up v=20240115000000 name=notes",
		"20240201000000_add_users/migration.sql up v=20240201000000 name=add_users",
	})
	for _, m := range ms {
		if m.Format != FormatPrisma {
			t.Errorf("%s: format %s, want prisma", m.Path, m.Format)
		}
	}
}

func TestOneDieselMigrationDirectory(t *testing.T) {
	dir := filepath.Join(fixtures, "diesel", "2024-02-01-000000_index_users")
	ms, err := Discover([]string{dir}, Options{IncludeDown: true})
	if err != nil {
		t.Fatal(err)
	}
	assertLines(t, describeAll(dir, ms), []string{
		"up.sql up v=2024-02-01-000000 name=index_users no-tx",
		"down.sql down v=2024-02-01-000000 name=index_users no-tx",
	})
}

func TestDbmateVersionIsLeadingDigits(t *testing.T) {
	ms, err := Load("db/migrations/001-create-users.sql", []byte("-- migrate:up\nSELECT 1;\n"), "", false)
	if err != nil {
		t.Fatal(err)
	}
	if m := ms[0]; m.Format != FormatDbmate || m.Version != "001" || m.Name != "create-users" {
		t.Errorf("got format=%s version=%s name=%s", m.Format, m.Version, m.Name)
	}
}

func TestGooseAnnotationsIgnoreCase(t *testing.T) {
	src := []byte("-- +GOOSE UP\nSELECT 1;\n-- +Goose No Transaction\n-- +goose DOWN\nSELECT 2;\n")
	ms, err := Load("1_x.sql", src, "", false)
	if err != nil {
		t.Fatal(err)
	}
	m := ms[0]
	if m.Format != FormatGoose || !m.NoTransaction {
		t.Fatalf("got format=%s no-tx=%v, want goose without transaction", m.Format, m.NoTransaction)
	}
	if got := sectionTexts(m); got[0] != "SELECT 1;\n-- +Goose No Transaction\n" {
		t.Errorf("up = %q", got)
	}
}
