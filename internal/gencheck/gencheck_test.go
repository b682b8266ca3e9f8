package gencheck

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/ddlgate/ddlgate/internal/gittest"
)

// fakeGenerator behaves like drizzle-kit generate for a toy ORM: schema.txt
// lists "table column type" lines, migrations/meta/snapshot.txt what the
// migrations already capture; a line the snapshot lacks becomes an ALTER
// TABLE in the next migration, and the snapshot is updated. It reads a
// setting from node_modules to prove ignored dependencies reach it.
const fakeGenerator = `#!/bin/sh
set -e
cat node_modules/fake-orm/version >/dev/null
mkdir -p migrations/meta
touch migrations/meta/snapshot.txt
new=$(grep -vxFf migrations/meta/snapshot.txt schema.txt || true)
if [ -z "$new" ]; then echo "No schema changes, nothing to migrate"; exit 0; fi
n=$(ls migrations/*.sql 2>/dev/null | wc -l)
file=$(printf 'migrations/%04d_generated.sql' "$n")
echo "$new" | while read table col type; do echo "ALTER TABLE $table ADD COLUMN $col $type;"; done > "$file"
cp schema.txt migrations/meta/snapshot.txt
echo "wrote $file"
`

func project(t *testing.T) *gittest.Repo {
	t.Helper()
	r := gittest.New(t)
	r.Write("gen.sh", fakeGenerator)
	if err := os.Chmod(filepath.Join(r.Dir, "gen.sh"), 0o755); err != nil {
		t.Fatal(err)
	}
	r.Write("schema.txt", "users id bigint\n")
	r.Write("migrations/0000_init.sql", "CREATE TABLE users (id bigint PRIMARY KEY);\n")
	r.Write("migrations/meta/snapshot.txt", "users id bigint\n")
	r.Write(".gitignore", "node_modules/\n")
	r.Write("node_modules/fake-orm/version", "1.0.0\n")
	r.Commit("init")
	return r
}

func TestCheckSchemaAndMigrationsAgree(t *testing.T) {
	r := project(t)
	var out bytes.Buffer
	res, err := Check(context.Background(), Options{WorkDir: r.Dir, Dir: "migrations", Command: []string{"./gen.sh"}, Stdout: &out})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Files) != 0 || !strings.Contains(out.String(), "No schema changes") {
		t.Errorf("files %+v, generator said %q", res.Files, out.String())
	}
}

func TestCheckNamesTheUncapturedChangeAndTouchesNothing(t *testing.T) {
	r := project(t)
	// An uncommitted schema change is what a developer checks before
	// committing: the copy takes the working tree, not HEAD.
	r.Write("schema.txt", "users id bigint\nusers email text\n")
	before := tree(t, r.Dir)
	res, err := Check(context.Background(), Options{WorkDir: r.Dir, Dir: "migrations", Command: []string{"./gen.sh"}})
	if err != nil {
		t.Fatal(err)
	}
	want := []File{
		{Path: "migrations/0001_generated.sql", Status: "new", Statements: []string{"ALTER TABLE users ADD COLUMN email text"}},
		{Path: "migrations/meta/snapshot.txt", Status: "changed", Statements: []string{}},
	}
	if !slices.EqualFunc(res.Files, want, func(a, b File) bool {
		return a.Path == b.Path && a.Status == b.Status && slices.Equal(a.Statements, b.Statements)
	}) {
		t.Errorf("files %+v\nwant %+v", res.Files, want)
	}
	if after := tree(t, r.Dir); after != before {
		t.Errorf("the working tree changed:\nbefore %s\nafter  %s", before, after)
	}
}

func TestCheckOutsideGitAndGeneratorFailure(t *testing.T) {
	dir := t.TempDir()
	write := func(p, s string, mode os.FileMode) {
		full := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(s), mode); err != nil {
			t.Fatal(err)
		}
	}
	write("gen.sh", fakeGenerator, 0o755)
	write("schema.txt", "users id bigint\n", 0o644)
	write("node_modules/fake-orm/version", "1\n", 0o644)
	// No migrations folder yet: the generator creates it.
	res, err := Check(context.Background(), Options{WorkDir: dir, Candidates: []string{"migrations", "drizzle"}, Command: []string{"./gen.sh"}})
	if err != nil {
		t.Fatal(err)
	}
	if res.Dir != "migrations" || len(res.Files) != 2 || res.Files[0].Path != "migrations/0000_generated.sql" {
		t.Errorf("result %+v", res)
	}
	if _, err := os.Stat(filepath.Join(dir, "migrations")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the real project got a migrations folder: %v", err)
	}

	_, err = Check(context.Background(), Options{WorkDir: dir, Dir: "migrations", Command: []string{"sh", "-c", "exit 3"}})
	var ge *GeneratorError
	if !errors.As(err, &ge) || ge.ExitCode != 3 {
		t.Errorf("error %v, want the generator's exit 3", err)
	}
}

// tree lists every file under dir with its content, .git aside.
func tree(t *testing.T, dir string) string {
	t.Helper()
	var b strings.Builder
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && d.Name() == ".git" {
			return filepath.SkipDir
		}
		if d.Type().IsRegular() {
			src, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			b.WriteString(p + "=" + string(src) + "\n")
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestSnapshotSeesCreatedAndChangedFiles(t *testing.T) {
	dir := t.TempDir()
	write := func(p, s string) {
		full := filepath.Join(dir, p)
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("0001_a.sql", "SELECT 1;\n")
	write("0002_b.sql", "SELECT 2;\n")
	write(filepath.Join("meta", "_journal.json"), "{}")
	before, err := TakeSnapshot(dir)
	if err != nil {
		t.Fatal(err)
	}
	write("0002_b.sql", "SELECT 22;\n")
	write(filepath.Join("0003_c", "migration.sql"), "SELECT 3;\n")
	if err := os.Remove(filepath.Join(dir, "0001_a.sql")); err != nil {
		t.Fatal(err)
	}
	after, err := TakeSnapshot(dir)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"0002_b.sql", filepath.Join("0003_c", "migration.sql")}
	if got := after.ChangedSince(before); !slices.Equal(got, want) {
		t.Errorf("changed %q, want %q", got, want)
	}
	if missing, err := TakeSnapshot(filepath.Join(dir, "not-yet")); err != nil || len(missing) != 0 {
		t.Errorf("snapshot of a missing directory = %v, %v; want empty", missing, err)
	}
}

// TestCheckWithDrizzleKit runs the real drizzle-kit, installed outside the
// repository: DDLGATE_TEST_DRIZZLE_KIT names a directory whose node_modules
// holds drizzle-kit and drizzle-orm (npm install drizzle-kit drizzle-orm).
func TestCheckWithDrizzleKit(t *testing.T) {
	kit := os.Getenv("DDLGATE_TEST_DRIZZLE_KIT")
	if kit == "" {
		t.Skip("\n*** SKIPPING: set DDLGATE_TEST_DRIZZLE_KIT to a directory where `npm install drizzle-kit drizzle-orm` ran, to check generate --check against the real drizzle-kit.")
	}
	r := gittest.New(t)
	if err := os.Symlink(filepath.Join(kit, "node_modules"), filepath.Join(r.Dir, "node_modules")); err != nil {
		t.Fatal(err)
	}
	r.Write(".gitignore", "node_modules\n")
	r.Write("drizzle.config.ts", "import { defineConfig } from 'drizzle-kit';\nexport default defineConfig({\n  schema: './src/db/schema.ts',\n  out: './src/db/migrations',\n  dialect: 'postgresql',\n});\n")
	schema := "import { pgTable, bigint, text } from 'drizzle-orm/pg-core';\nexport const users = pgTable('users', {\n  id: bigint('id', { mode: 'number' }).primaryKey(),\n%s});\n"
	r.Write("src/db/schema.ts", strings.Replace(schema, "%s", "", 1))
	gen := exec.Command(filepath.Join(r.Dir, "node_modules", ".bin", "drizzle-kit"), "generate")
	gen.Dir = r.Dir
	if out, err := gen.CombinedOutput(); err != nil {
		t.Fatalf("drizzle-kit generate: %v\n%s", err, out)
	}
	r.Commit("users")
	command := []string{"node_modules/.bin/drizzle-kit", "generate"}

	res, err := Check(context.Background(), Options{WorkDir: r.Dir, Dir: "src/db/migrations", Command: command})
	if err != nil || len(res.Files) != 0 {
		t.Fatalf("in sync: %+v, %v", res, err)
	}
	r.Write("src/db/schema.ts", strings.Replace(schema, "%s", "  email: text('email'),\n", 1))
	before := tree(t, r.Dir)
	res, err = Check(context.Background(), Options{WorkDir: r.Dir, Dir: "src/db/migrations", Command: command})
	if err != nil {
		t.Fatal(err)
	}
	var sql []string
	for _, f := range res.Files {
		sql = append(sql, f.Statements...)
	}
	if !slices.Contains(sql, `ALTER TABLE "users" ADD COLUMN "email" text`) {
		t.Errorf("statements %q, want the new column", sql)
	}
	if tree(t, r.Dir) != before {
		t.Error("the working tree changed")
	}
}
