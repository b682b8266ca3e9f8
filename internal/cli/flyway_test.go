package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ddlgate/ddlgate/internal/dbtest"
)

// flywayProject lays out a Maven project whose Flyway location, at Flyway's
// default src/main/resources/db/migration, keeps version subfolders as
// dhis2 does.
func flywayProject(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	loc := filepath.Join(dir, "src", "main", "resources", "db", "migration")
	for name, src := range map[string]string{
		"V1__init.sql":                   "CREATE TABLE a (id bigint PRIMARY KEY);\n",
		"2.31/V2_31_1__add_b.sql":        "CREATE TABLE b (id bigint PRIMARY KEY, a_id bigint);\n",
		"2.31/V2_31_10__add_c.sql":       "CREATE TABLE c (id bigint PRIMARY KEY);\n",
		"2.31/V2_31_2__index_b.sql":      "CREATE INDEX CONCURRENTLY b_a_idx ON b (a_id);\n",
		"2.31/V2_31_2__index_b.sql.conf": "executeInTransaction=false\n",
		"2.4/V2_4_1__old.sql":            "CREATE TABLE old (id bigint PRIMARY KEY);\n",
	} {
		writeFile(t, filepath.Join(loc, filepath.FromSlash(name)), []byte(src))
	}
	return dir
}

// flywayOrder is the version order of flywayProject's migrations.
var flywayOrder = []string{"V1__init.sql", "2.4/V2_4_1__old.sql", "2.31/V2_31_1__add_b.sql", "2.31/V2_31_2__index_b.sql", "2.31/V2_31_10__add_c.sql"}

func TestFlywayVersionSubfoldersAreLintedHashedAndApplied(t *testing.T) {
	dir := flywayProject(t)
	r := ddlgate(t, dir, "", "lint")
	r.expect(t, 0)
	if !strings.Contains(r.stdout, "no findings in 5 files") {
		t.Errorf("lint should find the 5 migrations at Flyway's default location:\n%s%s", r.stdout, r.stderr)
	}

	r = ddlgate(t, dir, "", "hash")
	r.expect(t, 0)
	if !strings.Contains(r.stdout, "(5 migrations)") {
		t.Errorf("hash: %s%s", r.stdout, r.stderr)
	}
	sum, err := os.ReadFile(filepath.Join(dir, "src", "main", "resources", "db", "migration", "ddlgate.sum"))
	if err != nil {
		t.Fatal(err)
	}
	var listed []string
	for _, line := range strings.Split(strings.TrimSpace(string(sum)), "\n")[1:] {
		listed = append(listed, strings.Fields(line)[0])
	}
	if strings.Join(listed, " ") != strings.Join(flywayOrder, " ") {
		t.Errorf("ddlgate.sum lists %v, want version order %v", listed, flywayOrder)
	}

	env := map[string]string{"DATABASE_URL": dbtest.Scratch(t)}
	r = ddlgateEnv(t, dir, env, "apply")
	r.expect(t, 0)
	if !strings.Contains(r.stdout, "applied 5 migration(s)") {
		t.Errorf("apply: %s", r.stdout)
	}
	prev := -1
	for _, v := range []string{"applying 1 ", "applying 2.4.1 ", "applying 2.31.1 ", "applying 2.31.2 ", "applying 2.31.10 "} {
		i := strings.Index(r.stdout, v)
		if i < prev {
			t.Errorf("apply order: %q missing or out of order:\n%s", v, r.stdout)
		}
		prev = i
	}
	r = ddlgateEnv(t, dir, env, "status")
	r.expect(t, 0)
	if !strings.Contains(r.stdout, "5 applied, 0 pending") {
		t.Errorf("status: %s", r.stdout)
	}
}
