package cli

import (
	"context"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/ddlgate/ddlgate/internal/dbtest"
)

// TestVersionsAcceptPrefixesAndNames: a plain file's version is its whole
// name, but users type the number apply --help shows (--to 0007), or the
// name without .sql; nothing matching lists the nearest versions.
func TestVersionsAcceptPrefixesAndNames(t *testing.T) {
	dir := applyProject(t) // 0001_create_users.sql, 0002_add_email.sql, 0003_index_email.sql
	url := dbtest.Scratch(t)
	env := map[string]string{"DATABASE_URL": url}

	r := ddlgateEnv(t, dir, env, "apply", "--dry-run", "--to", "0003_index_email")
	r.expect(t, 0)
	if !strings.Contains(r.stdout, "3 migration(s) would be applied") {
		t.Errorf("--to with the name without .sql:\n%s%s", r.stdout, r.stderr)
	}
	r = ddlgateEnv(t, dir, env, "apply", "--to", "0002")
	r.expect(t, 0)
	if !strings.Contains(r.stdout, "applied 2 migration(s)") {
		t.Errorf("--to 0002:\n%s%s", r.stdout, r.stderr)
	}
	r = ddlgateEnv(t, dir, env, "apply", "--dry-run", "--to", "3")
	r.expect(t, 0)
	if !strings.Contains(r.stdout, "1 migration(s) would be applied") {
		t.Errorf("--to 3:\n%s%s", r.stdout, r.stderr)
	}

	r = ddlgateEnv(t, dir, env, "apply", "--to", "0009")
	r.expect(t, 2)
	if !strings.Contains(r.stderr, "--to 0009: no migration has this version (nearest: 0002_add_email.sql, 0003_index_email.sql)") {
		t.Errorf("stderr should list the nearest versions: %s", r.stderr)
	}

	// A second database to baseline by number.
	other := dbtest.Scratch(t)
	r = ddlgateEnv(t, dir, nil, "baseline-db", "--version", "0002", "--database-url", other)
	r.expect(t, 0)
	if !strings.Contains(r.stdout, "marked 2 migration(s)") {
		t.Errorf("baseline-db --version 0002: %s%s", r.stdout, r.stderr)
	}
	r = ddlgateEnv(t, dir, nil, "baseline-db", "--version", "42", "--database-url", other)
	r.expect(t, 2)
	if !strings.Contains(r.stderr, "--version 42: no migration has this version (nearest: 0002_add_email.sql, 0003_index_email.sql)") {
		t.Errorf("baseline-db --version 42: %s", r.stderr)
	}

	// repair resolves the version among the recorded rows.
	ddlgateEnv(t, dir, env, "apply").expect(t, 0)
	conn, err := pgx.Connect(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	if _, err := conn.Exec(context.Background(), `UPDATE ddlgate.migrations SET dirty = true WHERE version = '0003_index_email.sql'`); err != nil {
		t.Fatal(err)
	}
	r = ddlgateEnv(t, dir, env, "repair", "--version", "0001")
	r.expect(t, 1)
	if strings.Contains(r.stderr, "apply refused") || !strings.Contains(r.stderr, "repair refused: version 0001_create_users.sql is not dirty") {
		t.Errorf("repairing a clean version: %s", r.stderr)
	}
	r = ddlgateEnv(t, dir, env, "repair", "--version", "0007")
	r.expect(t, 2)
	if strings.Contains(r.stderr, "refused") || !strings.Contains(r.stderr, "--version 0007: no migration recorded in ddlgate.migrations has this version (nearest: 0002_add_email.sql, 0003_index_email.sql)") {
		t.Errorf("repairing an unknown version: %s", r.stderr)
	}
	r = ddlgateEnv(t, dir, env, "repair", "--version", "0003")
	r.expect(t, 0)
	if !strings.Contains(r.stdout, "repaired 0003_index_email.sql") {
		t.Errorf("repair --version 0003: %s%s", r.stdout, r.stderr)
	}
}
