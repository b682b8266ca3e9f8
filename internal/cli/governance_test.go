package cli

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/ddlgate/ddlgate/internal/dbtest"
)

func TestLintDatabaseURLFindsFilesSortingBeforeAppliedOnes(t *testing.T) {
	url := dbtest.Scratch(t)
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "migrations", "0001_users.sql"), []byte("CREATE TABLE users (id bigint PRIMARY KEY);\n"))
	writeFile(t, filepath.Join(dir, "migrations", "0003_emails.sql"), []byte("CREATE TABLE emails (id bigint PRIMARY KEY);\n"))
	ddlgateEnv(t, dir, map[string]string{"DATABASE_URL": url}, "apply").expect(t, 0)

	writeFile(t, filepath.Join(dir, "migrations", "0002_orders.sql"), []byte("CREATE TABLE orders (id bigint PRIMARY KEY);\n"))
	r := ddlgate(t, dir, "", "lint", "--database-url", url, "migrations")
	r.expect(t, 1)
	if !strings.Contains(r.stdout, "error[require-linear-history] "+filepath.Join("migrations", "0002_orders.sql")+" (version 0002) sorts before version 0003 applied to ") ||
		!strings.Contains(r.stdout, "help: Rename 0002_orders.sql to 0004_orders.sql so it sorts last.") {
		t.Errorf("stdout:\n%s", r.stdout)
	}
	if strings.Contains(r.stdout, "0001_users.sql:1:1: error[require-linear-history]") {
		t.Errorf("an applied file is reported against itself:\n%s", r.stdout)
	}
	// Without the database, the directory alone is linear.
	ddlgate(t, dir, "", "lint", "migrations").expect(t, 0)
}
