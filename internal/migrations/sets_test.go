package migrations

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func writeTree(t *testing.T, root string, files map[string]string) {
	t.Helper()
	for name, src := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestFindSets: default directories first, then any folder of a known
// format, breadth first; never a dependency's, a fixture's, sqlc queries or
// a schema dump; never the folder around a set.
func TestFindSets(t *testing.T) {
	root := t.TempDir()
	writeTree(t, root, map[string]string{
		"migrations/0001_a.sql":                                 "SELECT 1;\n",
		"services/billing/db/migration/V1__init.sql":            "SELECT 1;\n",
		"services/billing/db/migration/2.1/V2_1_1__x.sql":       "SELECT 1;\n",
		"apps/web/drizzle/0000_init.sql":                        "SELECT 1;\n",
		"apps/web/drizzle/meta/_journal.json":                   `{"entries":[]}`,
		"apps/web/src/queries/users.sql":                        "-- name: GetUser :one\nSELECT 1;\n",
		"apps/api/sql/schema.sql":                               "CREATE TABLE t (id int);\n",
		"apps/api/store/000001_init.up.sql":                     "SELECT 1;\n",
		"apps/api/store/000001_init.down.sql":                   "SELECT 1;\n",
		"node_modules/orm/migrations/0001_x.sql":                "SELECT 1;\n",
		"internal/testdata/migrations/0001_x.sql":               "SELECT 1;\n",
		".git/migrations/0001_x.sql":                            "SELECT 1;\n",
		"tools/seed/seed_users.sql":                             "INSERT INTO t VALUES (1);\n",
		"src/main/resources/db/migration/V1__main.sql":          "SELECT 1;\n",
		"src/main/resources/db/migration/common/V2__common.sql": "SELECT 1;\n",
	})
	sets, err := FindSets(root)
	if err != nil {
		t.Fatal(err)
	}
	got := make([]string, len(sets))
	for i, s := range sets {
		rel, _ := filepath.Rel(root, s)
		got[i] = filepath.ToSlash(rel)
	}
	want := []string{
		"migrations", "src/main/resources/db/migration",
		"apps/api/store", "apps/web/drizzle", "services/billing/db/migration",
	}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("FindSets = %v, want %v", got, want)
	}
}
