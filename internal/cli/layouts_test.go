package cli

import (
	"path/filepath"
	"strings"
	"testing"
)

// writeTree writes files (slash paths relative to dir).
func writeTree(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, src := range files {
		writeFile(t, filepath.Join(dir, filepath.FromSlash(name)), []byte(src))
	}
}

const (
	createUsers = "CREATE TABLE users (id bigint PRIMARY KEY, email text);\n"
	addName     = "SET lock_timeout = '2s';\nALTER TABLE users ADD COLUMN name text;\n"
	drizzleJSON = `{"version":"7","dialect":"postgresql","entries":[{"idx":0,"version":"7","when":1,"tag":"0000_init","breakpoints":true},{"idx":1,"version":"7","when":2,"tag":"0001_name","breakpoints":true}]}`
)

// layouts are projects as their tools lay them out, each with two
// migrations, beside files that are not migrations (sqlc queries, a schema
// dump, a dependency's migrations) that lint . must leave alone.
var layouts = map[string]map[string]string{
	"drizzle": {
		"drizzle/0000_init.sql":           createUsers,
		"drizzle/0001_name.sql":           addName,
		"drizzle/meta/_journal.json":      drizzleJSON,
		"drizzle/meta/0000_snapshot.json": "{}",
		"src/db/schema.ts":                "export {}\n",
	},
	"prisma": {
		"prisma/schema.prisma":                                "datasource db { provider = \"postgresql\" }\n",
		"prisma/migrations/migration_lock.toml":               "provider = \"postgresql\"\n",
		"prisma/migrations/20240101000000_init/migration.sql": createUsers,
		"prisma/migrations/20240102000000_name/migration.sql": addName,
	},
	"goose": {
		"internal/store/migrations/20240101000000_init.sql": "-- +goose Up\n" + createUsers + "-- +goose Down\nDROP TABLE users;\n",
		"internal/store/migrations/20240102000000_name.sql": "-- +goose Up\n" + addName,
		"internal/store/queries/users.sql":                  "-- name: GetUser :one\nSELECT * FROM users WHERE id = $1;\n",
	},
	"golang-migrate": {
		"schema/000001_init.up.sql":   createUsers,
		"schema/000001_init.down.sql": "DROP TABLE users;\n",
		"schema/000002_name.up.sql":   addName,
		"schema/000002_name.down.sql": "ALTER TABLE users DROP COLUMN name;\n",
	},
	"dbmate": {
		"db/migrations/20240101000000_init.sql": "-- migrate:up\n" + createUsers + "-- migrate:down\nDROP TABLE users;\n",
		"db/migrations/20240102000000_name.sql": "-- migrate:up\n" + addName,
		"db/schema.sql":                         "CREATE TABLE users (id bigint);\nDROP TABLE legacy;\n",
	},
	"flyway": {
		"src/main/resources/db/migration/1.0/V1_0_1__init.sql": createUsers,
		"src/main/resources/db/migration/1.0/V1_0_2__name.sql": addName,
		"src/test/resources/db/migration/V9__test_data.sql":    "DROP TABLE users;\n",
	},
}

// TestLintDotInEveryLayout: lint . (and no path at all) finds the project's
// migrations wherever its tool keeps them, and nothing else.
func TestLintDotInEveryLayout(t *testing.T) {
	for name, files := range layouts {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			writeTree(t, dir, files)
			writeTree(t, dir, map[string]string{"node_modules/some-orm/migrations/0001_drop.sql": "DROP TABLE users;\n"})
			for _, args := range [][]string{{"lint", "."}, {"lint"}} {
				r := ddlgate(t, dir, "", args...)
				r.expect(t, 0)
				if !strings.Contains(r.stdout, "no findings in 2 files") {
					t.Errorf("%v: want 2 migrations linted:\n%s%s", args, r.stdout, r.stderr)
				}
			}
		})
	}
}

// TestLintNamedProjectFolders: lint prisma and lint apps/web search the
// folder given for its migrations.
func TestLintNamedProjectFolders(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, layouts["prisma"])
	r := ddlgate(t, dir, "", "lint", "prisma")
	r.expect(t, 0)
	if !strings.Contains(r.stdout, "no findings in 2 files") {
		t.Errorf("lint prisma:\n%s%s", r.stdout, r.stderr)
	}
	for name, src := range layouts["drizzle"] {
		writeFile(t, filepath.Join(dir, "apps", "web", filepath.FromSlash(name)), []byte(src))
	}
	r = ddlgate(t, dir, "", "lint", "--format", "json", filepath.Join("apps", "web"))
	r.expect(t, 0)
	if rep := decodeReport(t, r); rep.Summary.Files != 2 {
		t.Errorf("lint apps/web: %d files, want 2\n%s", rep.Summary.Files, r.stdout)
	}
}

// TestLintMonorepoLintsEachSetOnItsOwn: two sets, two databases: their
// versions may repeat, and one set's tables are unknown to the other.
func TestLintMonorepoLintsEachSetOnItsOwn(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{
		"apps/web/drizzle/0000_init.sql":                createUsers,
		"apps/web/drizzle/0001_name.sql":                addName,
		"apps/web/drizzle/meta/_journal.json":           drizzleJSON,
		"services/billing/migrations/0001_invoices.sql": "CREATE TABLE invoices (id bigint PRIMARY KEY);\n",
		// users belongs to the other database: here it is unknown, so this
		// ADD COLUMN is on an existing table whatever the web set does.
		"services/billing/migrations/0002_users.sql": "ALTER TABLE users ADD COLUMN invoice_id bigint;\n",
	})
	r := ddlgate(t, dir, "", "lint", "--format", "json", ".")
	r.expect(t, 0)
	rep := decodeReport(t, r)
	if rep.Summary.Files != 4 {
		t.Errorf("%d files, want the 4 of both sets\n%s", rep.Summary.Files, r.stdout)
	}
	for _, f := range rep.Findings {
		if f.Rule == "require-linear-history" {
			t.Errorf("the sets were linted as one sequence: %+v", f)
		}
	}
}

// TestLintDotWithoutMigrationsSaysWhereItLooked.
func TestLintDotWithoutMigrationsSaysWhereItLooked(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{"README.md": "# app\n", "src/main.go": "package main\n"})
	for _, args := range [][]string{{"lint", "."}, {"lint"}} {
		r := ddlgate(t, dir, "", args...)
		r.expect(t, 2)
		for _, want := range []string{"no migrations found", "migrations/", "prisma/migrations/", "src/main/resources/db/migration/", "node_modules"} {
			if !strings.Contains(r.stderr, want) {
				t.Errorf("%v: stderr should name %q:\n%s", args, want, r.stderr)
			}
		}
	}
}
