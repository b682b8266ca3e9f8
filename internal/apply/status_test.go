package apply

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ddlgate/ddlgate/internal/dbtest"
	"github.com/ddlgate/ddlgate/internal/migrations"
)

func TestStatusReportsEveryState(t *testing.T) {
	url := dbtest.Scratch(t)
	dir := copyFixture(t, "basic")
	var out bytes.Buffer
	if _, err := Apply(context.Background(), testOptions(t, url, dir, &out)); err != nil {
		t.Fatal(err)
	}
	writeFile(t, dir, "0002_add_email.sql", "ALTER TABLE users ADD COLUMN email varchar(100);\n")
	if err := os.Remove(filepath.Join(dir, "0003_index_email.sql")); err != nil {
		t.Fatal(err)
	}
	writeFile(t, dir, "0000_early.sql", "SELECT 1;\n")
	writeFile(t, dir, "0009_later.sql", "SELECT 1;\n")

	r, err := Status(context.Background(), url, dir, discover(t, dir))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]State{
		"0000_early.sql":        StateOutOfOrder,
		"0001_create_users.sql": StateApplied,
		"0002_add_email.sql":    StateModified,
		"0003_index_email.sql":  StateMissing,
		"0009_later.sql":        StatePending,
	}
	for _, e := range r.Entries {
		if want[e.Version] != e.State {
			t.Errorf("%s: state %s, want %s", e.Version, e.State, want[e.Version])
		}
		delete(want, e.Version)
	}
	if len(want) != 0 {
		t.Errorf("status lacks %v", want)
	}
	if r.Clean() {
		t.Error("a status with drift reports clean")
	}

	var text, js bytes.Buffer
	if err := r.WriteText(&text); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(text.String(), "1 applied, 1 pending, 1 modified, 1 missing, 0 dirty, 1 out-of-order") {
		t.Errorf("text summary:\n%s", text.String())
	}
	if err := r.WriteJSON(&js); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(js.String(), `"state": "out-of-order"`) || !strings.Contains(js.String(), `"missing": 1`) {
		t.Errorf("json status:\n%s", js.String())
	}
}

func TestDirtyNonTransactionalFileBlocksUntilRepair(t *testing.T) {
	url := dbtest.Scratch(t)
	dir := t.TempDir()
	writeFile(t, dir, "0001_users.sql", "CREATE TABLE users (id bigint PRIMARY KEY, email text);\n")
	writeFile(t, dir, "0002_indexes.sql", "-- ddlgate:no-transaction\nCREATE INDEX CONCURRENTLY users_email ON users (email);\nCREATE INDEX CONCURRENTLY users_x ON users (x);\n")
	var out bytes.Buffer
	_, err := Apply(context.Background(), testOptions(t, url, dir, &out))
	var failed *MigrationError
	if !errors.As(err, &failed) || !failed.Dirty || failed.Line != 3 {
		t.Fatalf("err = %v, want a dirty failure at line 3", err)
	}
	if !strings.Contains(err.Error(), "ddlgate repair --version 0002_indexes.sql") {
		t.Errorf("error %q should tell how to repair", err)
	}

	_, err = Apply(context.Background(), testOptions(t, url, dir, &out))
	if ExitCode(err) != 1 || !strings.Contains(err.Error(), "is dirty") {
		t.Fatalf("apply over a dirty migration: %v, want a refusal", err)
	}
	if _, err := Repair(context.Background(), url, "0001_users.sql", nil); ExitCode(err) != 1 {
		t.Errorf("repairing a clean version: %v, want a refusal", err)
	}

	// The human finishes the file by hand, fixing it the way it should have been.
	writeFile(t, dir, "0002_indexes.sql", "-- ddlgate:no-transaction\nCREATE INDEX CONCURRENTLY users_email ON users (email);\n")
	conn := connect(t, url)
	if _, err := conn.Exec(context.Background(), `UPDATE ddlgate.migrations SET checksum = $1 WHERE version = '0002_indexes.sql'`,
		migrations.FileHash([]byte("-- ddlgate:no-transaction\nCREATE INDEX CONCURRENTLY users_email ON users (email);\n"))); err != nil {
		t.Fatal(err)
	}
	getenv := func(k string) string { return map[string]string{"USER": "bob"}[k] }
	if _, err := Repair(context.Background(), url, "0002_indexes.sql", getenv); err != nil {
		t.Fatal(err)
	}
	rows, err := readHistory(context.Background(), conn)
	if err != nil {
		t.Fatal(err)
	}
	r := rows["0002_indexes.sql"]
	if r.Dirty || !r.Success || r.RepairedBy == nil || *r.RepairedBy != "postgres (os: bob)" || r.RepairedAt == nil {
		t.Errorf("after repair: dirty=%v success=%v repaired_by=%v repaired_at=%v", r.Dirty, r.Success, r.RepairedBy, r.RepairedAt)
	}
	if _, err := Apply(context.Background(), testOptions(t, url, dir, &out)); err != nil {
		t.Errorf("apply after repair: %v", err)
	}
}

func TestBaselineFromOtherTools(t *testing.T) {
	files := []migrations.Migration{
		{Path: "m/20240101000000_init/migration.sql", Version: "1", Name: "init", Src: []byte("CREATE TABLE a (id int);")},
		{Path: "m/20240102000000_more/migration.sql", Version: "2", Name: "more", Src: []byte("CREATE TABLE b (id int);")},
		{Path: "m/20240103000000_last/migration.sql", Version: "3", Name: "last", Src: []byte("CREATE TABLE c (id int);")},
	}
	sha := func(i int) string { h := sha256.Sum256(files[i].Src); return hex.EncodeToString(h[:]) }
	tests := []struct {
		from  string
		setup string
		want  string
	}{
		{FromGolangMigrate, `CREATE TABLE schema_migrations (version bigint PRIMARY KEY, dirty boolean NOT NULL);
			INSERT INTO schema_migrations VALUES (2, false);`, "1,2"},
		{FromGoose, `CREATE TABLE goose_db_version (id serial PRIMARY KEY, version_id bigint, is_applied boolean, tstamp timestamp DEFAULT now());
			INSERT INTO goose_db_version (version_id, is_applied) VALUES (0, true), (1, true), (2, true), (3, true), (3, false);`, "1,2"},
		{FromPrisma, `CREATE TABLE _prisma_migrations (id text, checksum text, finished_at timestamptz, migration_name text, rolled_back_at timestamptz);
			INSERT INTO _prisma_migrations VALUES ('x', '', now(), '20240101000000_init', NULL),
			  ('y', '', NULL, '20240102000000_more', NULL), ('z', '', now(), '20240103000000_last', NULL);`, "1,3"},
		{FromDrizzle, `CREATE SCHEMA drizzle; CREATE TABLE drizzle.__drizzle_migrations (id serial, hash text, created_at bigint);
			INSERT INTO drizzle.__drizzle_migrations (hash, created_at) VALUES ('` + sha(0) + `', 1), ('` + sha(1) + `', 2);`, "1,2"},
	}
	for _, tt := range tests {
		t.Run(tt.from, func(t *testing.T) {
			url := dbtest.Scratch(t)
			conn := connect(t, url)
			if _, err := conn.Exec(context.Background(), tt.setup); err != nil {
				t.Fatal(err)
			}
			marked, err := Baseline(context.Background(), BaselineOptions{DatabaseURL: url, Dir: "m", Migrations: files, From: tt.from})
			if err != nil {
				t.Fatal(err)
			}
			if got := strings.Join(marked, ","); got != tt.want {
				t.Errorf("marked %s, want %s", got, tt.want)
			}
			if got := strings.Join(historyVersions(t, conn), ","); got != tt.want {
				t.Errorf("history %s, want %s", got, tt.want)
			}
			rows, _ := readHistory(context.Background(), conn)
			if r := rows["1"]; !r.Baseline || r.Path != "20240101000000_init/migration.sql" {
				t.Errorf("row 1: baseline=%v path=%q", r.Baseline, r.Path)
			}
		})
	}
}

func TestBaselineUpToVersionThenApplyTheRest(t *testing.T) {
	url := dbtest.Scratch(t)
	dir := copyFixture(t, "basic")
	conn := connect(t, url)
	// The database already has what the first two files create.
	if _, err := conn.Exec(context.Background(), `CREATE TABLE users (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name text NOT NULL, email text)`); err != nil {
		t.Fatal(err)
	}
	ms := discover(t, dir)
	marked, err := Baseline(context.Background(), BaselineOptions{DatabaseURL: url, Dir: dir, Migrations: ms, Version: "0002_add_email.sql"})
	if err != nil || len(marked) != 2 {
		t.Fatalf("baseline marked %v, err %v; want 2 versions", marked, err)
	}
	var out bytes.Buffer
	res, err := Apply(context.Background(), testOptions(t, url, dir, &out))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(res.Applied, ",") != "0003_index_email.sql" {
		t.Errorf("applied %v after baseline, want only the index", res.Applied)
	}
}
