package parser

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestProjectFileFindsPushCommands(t *testing.T) {
	src := []byte("{\n  \"scripts\": {\n    \"db:push\": \"drizzle-kit push\",\n    \"db:sync\": \"npx prisma db push --accept-data-loss\",\n    \"db:generate\": \"drizzle-kit generate\"\n  }\n}\n")
	f := ProjectFile("package.json", src, Options{})
	if len(f.Statements) != 0 || f.File.Path != "package.json" {
		t.Fatalf("statements %d, path %q", len(f.Statements), f.File.Path)
	}
	want := []struct {
		text      string
		line, col int
	}{{"drizzle-kit push", 3, 17}, {"prisma db push", 4, 21}}
	if len(f.PushCommands) != len(want) {
		t.Fatalf("push commands = %+v, want %d", f.PushCommands, len(want))
	}
	for i, w := range want {
		c := f.PushCommands[i]
		if c.Text != w.text || int(c.Span.Line) != w.line || int(c.Span.Col) != w.col {
			t.Errorf("command %d = %q at %d:%d, want %q at %d:%d", i, c.Text, c.Span.Line, c.Span.Col, w.text, w.line, w.col)
		}
	}
}

func TestProjectKind(t *testing.T) {
	for path, want := range map[string]string{
		"package.json":                           ProjectPackageJSON,
		"apps/api/package.json":                  ProjectPackageJSON,
		".github/workflows/deploy.yml":           ProjectWorkflow,
		".gitlab-ci.yml":                         ProjectWorkflow,
		"drizzle.config.ts":                      ProjectDrizzleConfig,
		"packages/db/drizzle.config.mjs":         ProjectDrizzleConfig,
		"prisma/schema.prisma":                   ProjectPrismaSchema,
		".env":                                   ProjectEnv,
		".env.production":                        ProjectEnv,
		"docker-compose.yml":                     ProjectCompose,
		"docker-compose.prod.yaml":               ProjectCompose,
		"compose.yaml":                           ProjectCompose,
		"atlas.hcl":                              ProjectAtlasConfig,
		".ddlgate.yaml":                          ProjectDdlgateConfig,
		"drizzle/meta/_journal.json":             ProjectDrizzleJournal,
		"prisma/migrations/migration_lock.toml":  ProjectPrismaLock,
		"README.md":                              ProjectOther,
		"docker-compose.md":                      ProjectOther,
		"src/workflows/deploy.yml":               ProjectOther,
		"drizzle/meta/0000_snapshot.json":        ProjectOther,
		"prisma/migrations/migration_lock.yaml":  ProjectOther,
		".envrc.d/other.txt":                     ProjectOther,
		"environment.ts":                         ProjectOther,
		"src/db/migrations/meta/_journal.json":   ProjectDrizzleJournal,
		"apps/web/.github/workflows/release.yml": ProjectWorkflow,
	} {
		if got := ProjectKind(path); got != want {
			t.Errorf("ProjectKind(%q) = %q, want %q", path, got, want)
		}
	}
}

func TestProjectFileNamesTheScriptOfAPush(t *testing.T) {
	src := []byte("{\n  \"name\": \"app\",\n  \"scripts\": {\n    \"db:push\": \"drizzle-kit push\",\n    \"deploy\": \"npm run db:push && node server.js\"\n  }\n}\n")
	f := ProjectFile("package.json", src, Options{})
	if len(f.PushCommands) != 1 || f.PushCommands[0].Script != "db:push" || f.PushCommands[0].RunBy == nil {
		t.Fatalf("push commands = %+v", f.PushCommands)
	}
	scripts := PackageScripts(src)
	if len(scripts) != 2 || scripts[1].Name != "deploy" || scripts[1].Command != "npm run db:push && node server.js" ||
		scripts[1].Span.Line != 5 || scripts[1].Span.Col != 16 {
		t.Errorf("scripts = %+v", scripts)
	}
	if f.Project == nil || f.Project.Kind != ProjectPackageJSON || len(f.Project.Commands) != 1 ||
		f.Project.Commands[0].Effect != EffectPush || f.Project.Commands[0].Script != "db:push" {
		t.Errorf("project = %+v", f.Project)
	}
}

func TestScriptCalls(t *testing.T) {
	for _, c := range []struct {
		src, script, text string
	}{
		{"run: npm run db:push", "db:push", "npm run db:push"},
		{"run: npm run -w packages/db db:push -- --force", "db:push", "npm run -w packages/db db:push"},
		{"run: pnpm --filter db db:migrate", "db:migrate", "pnpm --filter db db:migrate"},
		{"run: pnpm run db:migrate", "db:migrate", "pnpm run db:migrate"},
		{"run: yarn workspace api db:push", "db:push", "yarn workspace api db:push"},
		{"run: yarn db:push", "db:push", "yarn db:push"},
		{"run: bun run db:push", "db:push", "bun run db:push"},
		{"run: npm start", "start", "npm start"},
		{`"deploy": "npm run db:push && next build"`, "db:push", "npm run db:push"},
		{"run: npm ci", "", ""},
		{"run: pnpm install --frozen-lockfile", "", ""},
		{"run: npm install", "", ""},
		{"run: bun x drizzle-kit push", "", ""},
	} {
		calls := ScriptCalls([]byte(c.src))
		if c.script == "" {
			if len(calls) != 0 {
				t.Errorf("%q: calls %+v, want none", c.src, calls)
			}
			continue
		}
		if len(calls) != 1 || calls[0].Script != c.script || calls[0].Text != c.text {
			t.Errorf("%q: calls %+v, want %q (%q)", c.src, calls, c.script, c.text)
		}
	}
}

func TestToolCommands(t *testing.T) {
	src := []byte(`jobs:
  deploy:
    steps:
      - uses: ddlgate/action@v1
      - run: npx drizzle-kit migrate
      - run: npx prisma migrate deploy
      - run: migrate -path db/migrations -database "$DATABASE_URL" up
      - run: ddlgate apply --dir migrations
      - run: goose -dir db postgres "$URL" up
      - run: npx drizzle-kit generate
      - run: npx prisma db push
      - run: ddlgate ci --base origin/main
`)
	want := []struct{ tool, effect string }{
		{"ddlgate", EffectGate}, {"drizzle-kit", EffectApply}, {"prisma", EffectApply},
		{"golang-migrate", EffectApply}, {"ddlgate", EffectApply}, {"goose", EffectApply},
		{"drizzle-kit", EffectGenerate}, {"prisma", EffectPush}, {"ddlgate", EffectGate},
	}
	got := ToolCommands(src)
	if len(got) != len(want) {
		t.Fatalf("commands = %+v, want %d", got, len(want))
	}
	for i, w := range want {
		if got[i].Tool != w.tool || got[i].Effect != w.effect {
			t.Errorf("command %d = %s %s (%q), want %s %s", i, got[i].Tool, got[i].Effect, got[i].Text, w.tool, w.effect)
		}
	}
	if got[0].Span.Line != 4 || got[4].Text != "ddlgate apply" {
		t.Errorf("spans or texts: %+v %+v", got[0], got[4])
	}
}

func TestProjectFileCredentials(t *testing.T) {
	for _, c := range []struct {
		path, src string
		// want are the redacted texts, in order.
		want []string
	}{
		{".env", "DATABASE_URL=postgres://app:s3cret@db.example.com:5432/app\n", []string{"postgres://app:****@db.example.com:5432"}},
		{".env", "DATABASE_URL=postgresql://app:${DB_PASSWORD}@db.example.com/app\nOTHER=postgres://app@db/app\n", nil},
		{".env.example", "DATABASE_URL=postgres://app:<password>@db.example.com/app\nX=postgres://app:****@h/app\n", nil},
		{"prisma/schema.prisma", "datasource db {\n  provider = \"postgresql\"\n  url      = env(\"DATABASE_URL\")\n}\n", nil},
		{"prisma/schema.prisma", "datasource db {\n  provider = \"postgresql\"\n  url      = \"postgresql://admin:hunter2@prod.internal/app\"\n}\n", []string{"postgresql://admin:****@prod.internal"}},
		{"docker-compose.yml", "services:\n  api:\n    environment:\n      DB: \"host=db.example.com port=5432 password=hunter2 dbname=app\"\n", []string{"DB: \"host=db.example.com port=5432 password=**** dbname=app\""}},
		{".env", "PASSWORD=not-a-connection-string\n", nil},
		{"drizzle.config.ts", "export default defineConfig({\n  dbCredentials: {\n    host: \"db.example.com\",\n    user: \"app\",\n    password: \"hunter2\",\n  },\n});\n", []string{"password: \"****\""}},
		{"drizzle.config.ts", "export default defineConfig({\n  dbCredentials: { url: process.env.DATABASE_URL!, password: `${process.env.PW}` },\n});\n", nil},
		{"atlas.hcl", "env \"prod\" {\n  url = \"postgres://app:${var.pw}@db:5432/app\"\n}\n", nil},
	} {
		f := ProjectFile(c.path, []byte(c.src), Options{})
		var got []string
		for _, cr := range f.Project.Credentials {
			got = append(got, cr.Redacted)
			if strings.Contains(cr.Redacted, "hunter2") || strings.Contains(cr.Redacted, "s3cret") {
				t.Errorf("%s: redacted text shows the password: %q", c.path, cr.Redacted)
			}
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("%s %q: credentials %q, want %q", c.path, c.src, got, c.want)
		}
	}
	f := ProjectFile(".env", []byte("\nDATABASE_URL=postgres://app:s3cret@db.example.com:5432/app\n"), Options{})
	cr := f.Project.Credentials[0]
	if cr.User != "app" || cr.Host != "db.example.com" || cr.Kind != "url" || cr.Span.Line != 2 || cr.Span.Col != 29 || cr.Span.EndCol != 34 {
		t.Errorf("credential = %+v", cr)
	}
	f = ProjectFile("drizzle.config.ts", []byte("export default defineConfig({\n  dbCredentials: {\n    host: \"db.example.com\",\n    password: \"hunter2\",\n  },\n});\n"), Options{})
	if cr := f.Project.Credentials[0]; cr.Host != "db.example.com" || cr.Span.Line != 4 {
		t.Errorf("drizzle credential = %+v", cr)
	}
}

func TestProjectFileMigrationDirs(t *testing.T) {
	f := ProjectFile("apps/api/drizzle.config.ts", []byte("export default defineConfig({\n  schema: './src/db/schema.ts',\n  out: './src/db/migrations',\n  dialect: 'postgresql',\n});\n"), Options{})
	d := f.Project.MigrationDirs
	if len(d) != 1 || d[0].Tool != "drizzle" || d[0].Setting != "out" || d[0].Path != "./src/db/migrations" ||
		d[0].Dir != "apps/api/src/db/migrations" || d[0].Span.Line != 3 || d[0].Span.Col != 9 {
		t.Errorf("drizzle dirs = %+v", d)
	}
	f = ProjectFile("drizzle.config.ts", []byte("export default defineConfig({ dialect: 'postgresql' });\n"), Options{})
	if d := f.Project.MigrationDirs; len(d) != 1 || d[0].Setting != "default" || d[0].Dir != "drizzle" {
		t.Errorf("drizzle default dirs = %+v", d)
	}
	f = ProjectFile("prisma/schema.prisma", []byte("generator client {\n  provider = \"prisma-client-js\"\n}\n\ndatasource db {\n  provider = \"postgresql\"\n}\n"), Options{})
	if d := f.Project.MigrationDirs; len(d) != 1 || d[0].Tool != "prisma" || d[0].Dir != "prisma/migrations" || d[0].Span.Line != 5 || d[0].Span.Col != 1 {
		t.Errorf("prisma dirs = %+v", d)
	}
}

func TestProjectFileJournalAndLock(t *testing.T) {
	journal := "{\n  \"version\": \"7\",\n  \"entries\": [\n    {\n      \"idx\": 0,\n      \"tag\": \"0000_init\"\n    },\n    {\n      \"idx\": 1,\n      \"tag\": \"0001_orders\"\n    }\n  ]\n}\n"
	f := ProjectFile(filepath.Join("drizzle", "meta", "_journal.json"), []byte(journal), Options{})
	e := f.Project.JournalEntries
	if len(e) != 2 || e[1].Tag != "0001_orders" || e[1].File != filepath.Join("drizzle", "0001_orders.sql") || e[1].Span.Line != 10 || e[1].Span.Col != 15 {
		t.Errorf("journal entries = %+v", e)
	}
	f = ProjectFile("prisma/migrations/migration_lock.toml", []byte("# Please do not edit this file manually\nprovider = \"mysql\"\n"), Options{})
	if l := f.Project.MigrationLock; l == nil || l.Provider != "mysql" || l.Span.Line != 2 || l.Span.Col != 13 {
		t.Errorf("lock = %+v", l)
	}
	f = ProjectFile("prisma/migrations/migration_lock.toml", []byte("# empty\n"), Options{})
	if l := f.Project.MigrationLock; l == nil || l.Provider != "" {
		t.Errorf("lock without provider = %+v", l)
	}
}
