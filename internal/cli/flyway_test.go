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

// TestApplyRunsFlywayScriptsAsFlywayDoes: a Flyway script of CREATE INDEX
// CONCURRENTLY alone runs outside a transaction without a .sql.conf, as
// Flyway runs it; a script mixing it with other statements is refused, as
// Flyway refuses it, until the project's flyway.toml says mixed = true.
func TestApplyRunsFlywayScriptsAsFlywayDoes(t *testing.T) {
	dir := t.TempDir()
	loc := filepath.Join(dir, "src", "main", "resources", "db", "migration")
	for name, src := range map[string]string{
		"V1__init.sql":  "CREATE TABLE a (id bigint PRIMARY KEY, note text);\n",
		"V2__index.sql": "CREATE INDEX CONCURRENTLY a_note_idx ON a (note);\n",
		"V3__mixed.sql": "ALTER TABLE a ADD COLUMN b int;\nCREATE INDEX CONCURRENTLY a_b_idx ON a (b);\n",
	} {
		writeFile(t, filepath.Join(loc, name), []byte(src))
	}
	db := dbtest.Scratch(t)
	env := map[string]string{"DATABASE_URL": db}

	r := ddlgateEnv(t, dir, env, "apply")
	r.expect(t, 1)
	if !strings.Contains(r.stderr, "V3__mixed.sql:2:1: error[ban-mixed-transactional-statements] Flyway refuses this migration") {
		t.Errorf("a mixed script should be refused:\n%s%s", r.stdout, r.stderr)
	}
	if strings.Contains(r.stderr, "ban-concurrent-in-transaction") {
		t.Errorf("V2 runs outside a transaction, V3 is refused: no concurrent-in-transaction finding expected:\n%s", r.stderr)
	}

	writeFile(t, filepath.Join(dir, "flyway.toml"), []byte("[flyway]\nmixed = true\n"))
	r = ddlgateEnv(t, dir, env, "apply", "--dry-run")
	r.expect(t, 0)
	for _, want := range []string{
		"/V1__init.sql  (in one transaction)",
		"/V2__index.sql  (without a transaction, statement by statement)",
		"/V3__mixed.sql  (without a transaction, statement by statement)",
	} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("plan lacks %q:\n%s", want, r.stdout)
		}
	}
	r = ddlgateEnv(t, dir, env, "apply")
	r.expect(t, 0)
	if !strings.Contains(r.stdout, "applied 3 migration(s)") {
		t.Errorf("apply: %s%s", r.stdout, r.stderr)
	}
	valid := queryInt(t, db, `SELECT count(*) FROM pg_index WHERE indisvalid AND indexrelid::regclass::text IN ('a_note_idx', 'a_b_idx')`)
	if valid != 2 {
		t.Errorf("%d valid concurrent indexes, want 2", valid)
	}
}
