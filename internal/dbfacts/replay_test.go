package dbfacts

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ddlgate/ddlgate/internal/dbtest"
	"github.com/ddlgate/ddlgate/internal/migrations"
)

func writeMigrations(t *testing.T, files map[string]string) []migrations.Migration {
	t.Helper()
	dir := t.TempDir()
	for name, src := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	ms, err := migrations.Discover([]string{dir}, migrations.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return ms
}

// scratchCount counts the scratch databases of purpose, which each test
// makes its own: other packages' tests build scratch databases at the same
// time.
func scratchCount(t *testing.T, purpose string) int {
	t.Helper()
	ctx := context.Background()
	conn, err := Connect(ctx, dbtest.AdminURL())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var n int
	if err := conn.QueryRow(ctx, `SELECT count(*) FROM pg_database WHERE datname LIKE 'ddlgate\_' || $1 || '\_%'`, purpose).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestBuildReplaysMigrationsAndDropsTheScratchDatabase(t *testing.T) {
	dbtest.Scratch(t) // skips without a server
	ms := writeMigrations(t, map[string]string{
		"0001_init.sql":  "CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL);\n",
		"0002_index.sql": "-- ddlgate:no-transaction\nCREATE INDEX CONCURRENTLY users_email ON users (email);\n",
		"0003_note.sql":  "ALTER TABLE users ADD COLUMN note text;\n",
	})
	s, err := Build(context.Background(), BuildOptions{DevURL: dbtest.AdminURL(), Purpose: "buildok",
		ReplayOptions: ReplayOptions{Migrations: ms, To: "0002"}})
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, o := range s.Objects {
		keys = append(keys, o.Key())
	}
	got := strings.Join(keys, ", ")
	if want := "table public.users, column public.users.id, column public.users.email, constraint public.users.users_pkey, index public.users_email"; got != want {
		t.Errorf("objects = %s\nwant %s", got, want)
	}
	if n := scratchCount(t, "buildok"); n != 0 {
		t.Errorf("%d scratch databases left behind", n)
	}
}

func TestBuildReportsTheFailingMigrationWithFileAndLine(t *testing.T) {
	dbtest.Scratch(t)
	ms := writeMigrations(t, map[string]string{
		"0001_init.sql": "CREATE TABLE users (id bigint PRIMARY KEY);\n",
		"0002_bad.sql":  "ALTER TABLE users ADD COLUMN a int;\n\nALTER TABLE users\n  ADD COLUMN b int REFERENCES nowhere (id);\n",
	})
	_, err := Build(context.Background(), BuildOptions{DevURL: dbtest.AdminURL(), Purpose: "buildfail",
		ReplayOptions: ReplayOptions{Migrations: ms}})
	var re *ReplayError
	if !errors.As(err, &re) {
		t.Fatalf("err = %v, want a ReplayError", err)
	}
	if !strings.HasSuffix(re.Path, "0002_bad.sql") || re.Line != 3 || !strings.Contains(err.Error(), `relation "nowhere" does not exist`) {
		t.Errorf("err = %v (line %d), want 0002_bad.sql:3 and the server's message", err, re.Line)
	}
	if n := scratchCount(t, "buildfail"); n != 0 {
		t.Errorf("%d scratch databases left behind after a failure", n)
	}
}
