package migrations

import (
	"os"
	"path/filepath"
	"testing"
)

// dhis2Location writes a Flyway location the way large Flyway projects lay
// it out (dhis2: db/migration/2.31/V2_31_1__x.sql), with a top-level file, a
// repeatable one and a script configuration in a subfolder.
func dhis2Location(t *testing.T) string {
	t.Helper()
	root := t.TempDir()
	files := map[string]string{
		"V1__init.sql":                   "CREATE TABLE a (id bigint PRIMARY KEY);\n",
		"2.31/V2_31_1__add_b.sql":        "CREATE TABLE b (id bigint PRIMARY KEY);\n",
		"2.31/V2_31_10__add_c.sql":       "CREATE TABLE c (id bigint PRIMARY KEY);\n",
		"2.31/V2_31_2__index_b.sql":      "CREATE INDEX CONCURRENTLY b_idx ON b (id);\n",
		"2.31/V2_31_2__index_b.sql.conf": "executeInTransaction=false\n",
		"2.4/V2_4_1__old.sql":            "CREATE TABLE old (id bigint PRIMARY KEY);\n",
		"2.30/nested/V2_30_5__deep.sql":  "CREATE TABLE deep (id bigint PRIMARY KEY);\n",
		"common/R__views.sql":            "CREATE OR REPLACE VIEW v AS SELECT 1;\n",
	}
	loc := filepath.Join(root, "db", "migration")
	writeTree(t, loc, files)
	return loc
}

// TestFlywayLocationIsScannedRecursivelyInVersionOrder: Flyway reads every
// subfolder of a location and orders by version (2.4 < 2.30 < 2.31), not
// by path; repeatables come last.
func TestFlywayLocationIsScannedRecursivelyInVersionOrder(t *testing.T) {
	loc := dhis2Location(t)
	format, err := DetectFormat(loc)
	if err != nil || format != FormatFlyway {
		t.Fatalf("DetectFormat = %q, %v; want flyway", format, err)
	}
	ms, err := Discover([]string{loc}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	assertLines(t, describeAll(loc, ms), []string{
		"V1__init.sql up v=1 name=init",
		"2.4/V2_4_1__old.sql up v=2.4.1 name=old",
		"2.30/nested/V2_30_5__deep.sql up v=2.30.5 name=deep",
		"2.31/V2_31_1__add_b.sql up v=2.31.1 name=add_b",
		"2.31/V2_31_2__index_b.sql up v=2.31.2 name=index_b no-tx",
		"2.31/V2_31_10__add_c.sql up v=2.31.10 name=add_c",
		"common/R__views.sql up v= name=views repeatable",
	})
}

// TestFlywayLocationWithOnlySubfolders: no migration at the top, only
// version folders, is still a Flyway location.
func TestFlywayLocationWithOnlySubfolders(t *testing.T) {
	loc := dhis2Location(t)
	if err := os.Remove(filepath.Join(loc, "V1__init.sql")); err != nil {
		t.Fatal(err)
	}
	ms, err := Discover([]string{loc}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) != 6 {
		t.Fatalf("got %v, want 6 flyway migrations", describeAll(loc, ms))
	}
	if ms[0].Format != FormatFlyway || ms[0].Version != "2.4.1" {
		t.Errorf("got %d migrations, first %+v; want 6 flyway ones from 2.4.1", len(ms), ms[0])
	}
}

// TestSubfoldersOfOtherFormatsAreNotRead: only Flyway reads subfolders; a
// plain directory's notes/ folder stays out.
func TestSubfoldersOfOtherFormatsAreNotRead(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{
		"0001_a.sql":        "SELECT 1;\n",
		"notes/scratch.sql": "SELECT 2;\n",
	})
	ms, err := Discover([]string{dir}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) != 1 {
		t.Errorf("got %v, want only 0001_a.sql", describeAll(dir, ms))
	}
}

// TestFlywayConfiguration reads what Flyway's configuration says of each
// script's transaction: its .sql.conf's executeInTransaction (true keeps it
// in a transaction whatever it holds, false takes it out), else the
// project's flyway.executeInTransaction, and the project's flyway.mixed,
// from the nearest flyway.toml or flyway.conf up to the repository root.
func TestFlywayConfiguration(t *testing.T) {
	root := t.TempDir()
	writeTree(t, root, map[string]string{
		".git/HEAD": "ref: refs/heads/main\n",
		"flyway.toml": "[environments.default]\nurl = \"jdbc:postgresql://localhost/app\"\n\n" +
			"[flyway]\nlocations = [\"filesystem:db/migration\"]\nmixed = \"true\" # scripts may mix\n",
		"db/migration/V1__init.sql":         "CREATE TABLE a (id bigint);\n",
		"db/migration/V2__index.sql":        "CREATE INDEX CONCURRENTLY a_idx ON a (id);\n",
		"db/migration/V2__index.sql.conf":   "executeInTransaction=false\n",
		"db/migration/V3__keep_tx.sql":      "ALTER TABLE a ADD COLUMN b int;\n",
		"db/migration/V3__keep_tx.sql.conf": "# decided by hand\nexecuteInTransaction = true\n",
		"other/conf/flyway.conf":            "flyway.executeInTransaction=false\n",
		"other/V1__outside.sql":             "VACUUM a;\n",
		"other/V2__decided.sql":             "SELECT 1;\n",
		"other/V2__decided.sql.conf":        "executeInTransaction=true\n",
		// A repository of its own: the configuration above it is not its.
		"vendored/.git/HEAD":              "ref: refs/heads/main\n",
		"vendored/migration/V1__init.sql": "VACUUM;\n",
	})
	loc := filepath.Join(root, "db", "migration")
	ms, err := Discover([]string{loc}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	assertLines(t, describeAll(loc, ms), []string{
		"V1__init.sql up v=1 name=init mixed",
		"V2__index.sql up v=2 name=index no-tx mixed",
		"V3__keep_tx.sql up v=3 name=keep_tx tx mixed",
	})

	other := filepath.Join(root, "other")
	ms, err = Discover([]string{other}, Options{Format: FormatFlyway})
	if err != nil {
		t.Fatal(err)
	}
	assertLines(t, describeAll(other, ms), []string{
		"V1__outside.sql up v=1 name=outside no-tx mixed",
		"V2__decided.sql up v=2 name=decided tx mixed",
	})

	vendored := filepath.Join(root, "vendored", "migration")
	ms, err = Discover([]string{vendored}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	assertLines(t, describeAll(vendored, ms), []string{"V1__init.sql up v=1 name=init"})
}
