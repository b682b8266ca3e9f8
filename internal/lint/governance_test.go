package lint

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ddlgate/ddlgate/internal/engine"
	"github.com/ddlgate/ddlgate/internal/finding"
	"github.com/ddlgate/ddlgate/internal/gittest"
	"github.com/ddlgate/ddlgate/parser"
)

// writeTree writes files (slash paths relative to dir) and returns dir.
func writeTree(t *testing.T, dir string, files map[string]string) string {
	t.Helper()
	for p, content := range files {
		full := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// enabledDown turns on require-down-migration, disabled by default.
var enabledDown = map[string]engine.RuleConfig{"require-down-migration": {Enabled: ptr(true)}}

func ptr[T any](v T) *T { return &v }

func TestDownMigrationFacts(t *testing.T) {
	dir := writeTree(t, t.TempDir(), map[string]string{
		"migrate/1_users.up.sql":                  "CREATE TABLE users (id bigint PRIMARY KEY);\n",
		"migrate/1_users.down.sql":                "DROP TABLE users;\n",
		"migrate/2_orders.up.sql":                 "CREATE TABLE orders (id bigint PRIMARY KEY);\n",
		"migrate/3_emails.up.sql":                 "CREATE TABLE emails (id bigint PRIMARY KEY);\n",
		"migrate/3_emails.down.sql":               "-- nothing to undo\n/* really */\n",
		"goose/00001_users.sql":                   "-- +goose Up\nCREATE TABLE users (id bigint PRIMARY KEY);\n-- +goose Down\nDROP TABLE users;\n",
		"goose/00002_orders.sql":                  "-- +goose Up\nCREATE TABLE orders (id bigint PRIMARY KEY);\n",
		"goose/00003_emails.sql":                  "-- +goose Up\nCREATE TABLE emails (id bigint PRIMARY KEY);\n-- +goose Down\n-- irreversible\n",
		"dbmate/20240101_users.sql":               "-- migrate:up\nCREATE TABLE users (id bigint PRIMARY KEY);\n-- migrate:down\nDROP TABLE users;\n",
		"dbmate/20240102_orders.sql":              "-- migrate:up\nCREATE TABLE orders (id bigint PRIMARY KEY);\n-- migrate:down\n",
		"diesel/2024-01-01-000000_users/up.sql":   "CREATE TABLE users (id bigint PRIMARY KEY);\n",
		"diesel/2024-01-01-000000_users/down.sql": "DROP TABLE users;\n",
		"diesel/2024-01-02-000000_orders/up.sql":  "CREATE TABLE orders (id bigint PRIMARY KEY);\n",
	})
	want := map[string]string{
		"migrate": "2_orders.up.sql:has no down migration 3_emails.up.sql:is empty",
		"goose":   "00002_orders.sql:has no down migration 00003_emails.sql:is empty",
		"dbmate":  "20240102_orders.sql:is empty",
		"diesel":  "up.sql:has no down migration",
	}
	for sub, w := range want {
		res, err := Run(context.Background(), Options{Paths: []string{filepath.Join(dir, sub)}, Rules: enabledDown})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, f := range res.Findings {
			if f.Rule != "require-down-migration" {
				continue
			}
			what := "has no down migration"
			if strings.Contains(f.Message, "is empty") {
				what = "is empty"
			}
			got = append(got, filepath.Base(f.File)+":"+what)
		}
		if strings.Join(got, " ") != w {
			t.Errorf("%s: findings %q, want %q", sub, got, w)
		}
		// Disabled by default.
		res, err = Run(context.Background(), Options{Paths: []string{filepath.Join(dir, sub)}})
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range res.Findings {
			if f.Rule == "require-down-migration" {
				t.Errorf("%s: require-down-migration reported while disabled: %s", sub, f.Message)
			}
		}
	}
}

func TestLandedMigrationsBreakLinearHistory(t *testing.T) {
	dir := writeTree(t, t.TempDir(), map[string]string{
		"db/20240101000000_users.up.sql":  "CREATE TABLE users (id bigint PRIMARY KEY);\n",
		"db/20240201000000_orders.up.sql": "CREATE TABLE orders (id bigint PRIMARY KEY);\n",
		"db/20240301000000_emails.up.sql": "CREATE TABLE emails (id bigint PRIMARY KEY);\n",
	})
	landed := []parser.Landed{
		{Version: "20240101000000", Path: "db/20240101000000_users.up.sql", Where: "base-branch", Ref: "origin/main"},
		{Version: "20240301000000", Path: "db/20240301000000_emails.up.sql", Where: "base-branch", Ref: "origin/main"},
	}
	now := time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC)
	res, err := Run(context.Background(), Options{Paths: []string{"db"}, Dir: dir, Landed: landed, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range res.Findings {
		if f.Rule == "require-linear-history" {
			got = append(got, f.File+": "+f.Message+" / "+f.Help)
		}
	}
	want := "db/20240201000000_orders.up.sql: db/20240201000000_orders.up.sql (version 20240201000000) sorts before db/20240301000000_emails.up.sql on origin/main: the runner skips it or applies it out of the reviewed order / Rename 20240201000000_orders.up.sql to 20261122090000_orders.up.sql, and its .down.sql likewise."
	if len(got) != 1 || got[0] != filepath.FromSlash(want) {
		t.Errorf("findings %q\nwant %q", got, want)
	}
}

func TestMigrationDirFilesAreJudged(t *testing.T) {
	dir := writeTree(t, t.TempDir(), map[string]string{
		"drizzle/0000_init.sql":                               "CREATE TABLE users (id bigint PRIMARY KEY);\n",
		"drizzle/meta/_journal.json":                          "{\n  \"entries\": [\n    {\"idx\": 0, \"tag\": \"0000_init\"},\n    {\"idx\": 1, \"tag\": \"0001_gone\"}\n  ]\n}\n",
		"prisma/migrations/20240101000000_init/migration.sql": "CREATE TABLE users (id bigint PRIMARY KEY);\n",
		"prisma/migrations/migration_lock.toml":               "provider = \"mysql\"\n",
	})
	for _, c := range []struct{ path, want string }{
		{"drizzle", filepath.Join("drizzle", "meta", "_journal.json") + ":4: " + filepath.Join("drizzle", "meta", "_journal.json") + " lists 0001_gone, but " + filepath.Join("drizzle", "0001_gone.sql") + " does not exist"},
		{filepath.Join("prisma", "migrations"), filepath.Join("prisma", "migrations", "migration_lock.toml") + ":1: " + filepath.Join("prisma", "migrations", "migration_lock.toml") + " says provider = \"mysql\""},
	} {
		res, err := Run(context.Background(), Options{Paths: []string{c.path}, Dir: dir})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, f := range res.Findings {
			if f.Rule == "require-journal-consistency" {
				got = append(got, f.File+":"+strconv.Itoa(f.Line)+": "+f.Message)
			}
		}
		if len(got) != 1 || !strings.HasPrefix(got[0], c.want) {
			t.Errorf("%s: findings %q, want %q", c.path, got, c.want)
		}
		if res.Source(strings.SplitN(c.want, ":", 2)[0]) == nil {
			t.Errorf("%s: no source for the code frame", c.path)
		}
	}
}

// The classic finding: the drizzle config names a migrations folder that
// does not exist, and CI pushes the schema through a package script.
func TestProjectFactsOfAPushedProject(t *testing.T) {
	r := gittest.New(t)
	r.Write("drizzle.config.ts", "export default defineConfig({\n  schema: './src/db/schema.ts',\n  out: './src/db/migrations',\n  dialect: 'postgresql',\n});\n")
	r.Write("package.json", "{\n  \"scripts\": {\n    \"db:push\": \"drizzle-kit push\",\n    \"db:studio\": \"drizzle-kit studio\"\n  }\n}\n")
	r.Write(".github/workflows/deploy.yml", "jobs:\n  deploy:\n    steps:\n      - run: npm ci\n      - run: npm run db:push\n")
	r.Write(".env.example", "DATABASE_URL=postgres://app:s3cret@db.example.com/app\n")
	r.Write(".gitignore", ".env\n")
	r.Commit("app")
	r.Write(".env", "DATABASE_URL=postgres://app:realsecret@db.example.com/app\n") // ignored
	res, err := Run(context.Background(), Options{Dir: r.Dir, Project: ".", AllowEmpty: true})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range res.Findings {
		got = append(got, f.File+":"+strconv.Itoa(f.Line)+":"+f.Severity.String()+":"+f.Rule)
	}
	want := []string{
		filepath.Join(".github", "workflows", "deploy.yml") + ":5:error:ban-push-workflow",
		"drizzle.config.ts:3:error:ban-push-workflow",
		".env.example:1:error:ban-committed-credentials",
	}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("findings %q\nwant %q", got, want)
	}
	facts := map[string]*parser.File{}
	for _, f := range res.Project {
		facts[f.File.Path] = f
	}
	if f := facts[".env"]; f == nil || f.Project.Committed == nil || *f.Project.Committed {
		t.Errorf(".env facts: %+v", f)
	}
	if f := facts["package.json"]; f == nil || len(f.PushCommands) != 1 || len(f.PushCommands[0].RunBy) != 1 || f.PushCommands[0].RunBy[0].Line != 5 {
		t.Errorf("package.json push commands: %+v", f.PushCommands)
	}
	d := facts["drizzle.config.ts"].Project.MigrationDirs[0]
	if d.Exists || d.Committed == nil || *d.Committed {
		t.Errorf("migration dir: %+v", d)
	}

	// The fix: the folder generated and committed, the workflow applies it.
	r.Write("src/db/migrations/0000_init.sql", "CREATE TABLE users (id bigint PRIMARY KEY);\n")
	r.Write(".github/workflows/deploy.yml", "jobs:\n  deploy:\n    steps:\n      - run: npx ddlgate apply --dir src/db/migrations\n")
	r.Write(".env.example", "DATABASE_URL=postgres://app:<password>@db.example.com/app\n")
	r.Commit("migrations")
	res, err = Run(context.Background(), Options{Dir: r.Dir, Project: ".", AllowEmpty: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range res.Findings {
		if f.Severity == finding.Error {
			t.Errorf("after the fix: %s:%d %s %s", f.File, f.Line, f.Rule, f.Message)
		}
	}
}
