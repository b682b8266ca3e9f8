package engine

import (
	"context"
	"encoding/json"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/ddlgate/ddlgate/internal/dbfacts"
	"github.com/ddlgate/ddlgate/internal/facts"
	"github.com/ddlgate/ddlgate/internal/inputgen"
	"github.com/ddlgate/ddlgate/internal/migrations"
	"github.com/ddlgate/ddlgate/internal/phase"
	"github.com/ddlgate/ddlgate/parser"
)

// jsonValue is the reference conversion: encoding/json then OPA's reader.
func jsonValue(t testing.TB, v any) ast.Value {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	val, err := ast.ValueFromReader(strings.NewReader(string(b)))
	if err != nil {
		t.Fatal(err)
	}
	return val
}

// builtDocuments are documents through every stage: a history with phases,
// a live database, landed migrations, a traced statement, the raw AST,
// project files, and the corpus when it is there.
func builtDocuments(t *testing.T) map[string]*facts.Document {
	t.Helper()
	var ms []migrations.Migration
	for _, m := range []migrations.Migration{
		{Path: "0001.sql", Format: migrations.FormatPlain, Direction: "up", Src: []byte("SET search_path = app, public;\nCREATE TYPE mood AS ENUM ('a');\nCREATE TABLE users (id bigint PRIMARY KEY, email varchar(50) NOT NULL, m mood);\nCREATE INDEX users_email_idx ON users (email);\nCREATE TABLE events (id bigint, at date) PARTITION BY RANGE (at);\n")},
		{Path: "0002.sql", Format: migrations.FormatPlain, Direction: "up", Src: []byte("-- ddlgate:phase expand change=c1\nALTER TABLE users ADD COLUMN email2 text;\nDO $$ BEGIN ALTER TABLE users ADD CONSTRAINT users_fk FOREIGN KEY (id) REFERENCES users (id); EXCEPTION WHEN duplicate_object THEN null; END $$;\nCREATE INDEX events_at ON events (at);\nALTER TABLE users ALTER COLUMN email TYPE varchar(50) COLLATE \"C\";\n")},
		{Path: "0003.sql", Format: migrations.FormatGoose, Direction: "up", Src: []byte("-- +goose Up\n-- ddlgate:phase contract change=c1\nALTER TABLE users ALTER COLUMN email TYPE varchar(60), DROP COLUMN m;\nDROP INDEX IF EXISTS users_email_idx;\nUPDATE users SET email2 = email WHERE id > 0;\nMERGE INTO users u USING users v ON u.id = v.id WHEN MATCHED THEN DO NOTHING;\n-- +goose Down\nSELECT 1;\n")},
	} {
		loaded, err := migrations.Load(m.Path, m.Src, m.Format, false)
		if err != nil || len(loaded) != 1 {
			t.Fatalf("load %s: %v", m.Path, err)
		}
		ms = append(ms, loaded...)
	}
	now := time.Date(2026, 3, 2, 12, 0, 0, 0, time.UTC)
	applied := phase.NewApplied("production")
	applied.Add("", "0002.sql", now.Add(-time.Hour))
	db := &dbfacts.Facts{ServerVersion: "16.4", ServerVersionNum: 160004, Tables: map[string]dbfacts.Table{
		"public.users": {Schema: "public", Name: "users", EstimatedRows: 1200, Analyzed: true, SizeBytes: 1 << 20,
			Columns: []dbfacts.Column{{Name: "id", Type: "bigint", NotNull: true}}, Indexes: []dbfacts.Index{{Name: "users_pkey", Columns: []string{"id"}, Primary: true, Unique: true, Valid: true}}},
	}}
	// A traced statement, as ddlgate trace fills it through the Observe hook.
	observe := func(i int, d *facts.Document) error {
		if i != 2 {
			return nil
		}
		users := parser.Relation{Schema: "public", Name: "users", Qualified: false, ExistsBefore: true, Known: true}
		d.Statements[1].Observed = &parser.Observed{
			Locks:    []parser.ObservedLock{{Relation: users, Kind: "table", Mode: "ACCESS EXCLUSIVE", Granted: true, New: true}},
			Rewrites: []parser.ObservedRelation{{Relation: users, Kind: "table"}},
			Scans:    []parser.ObservedRelation{},
			Error:    &parser.ObservedError{Code: "55P03", Message: "lock timeout"},
			Differences: []parser.Difference{{Kind: "lock", Relation: "public.users", Predicted: "ACCESS EXCLUSIVE",
				Observed: "SHARE", Message: "differs"}},
		}
		return nil
	}
	landed := []parser.Landed{{Version: "0009", Path: "0009.sql", Where: "database", Ref: "production"}}
	built, err := facts.Build(context.Background(), facts.Set{Migrations: ms}, facts.Target{
		DB: db, Applied: applied, Now: now, IncludeAST: true, Landed: landed, Observe: observe})
	if err != nil {
		t.Fatal(err)
	}
	docs := map[string]*facts.Document{"realistic": realisticFacts(t)}
	for i, d := range built.Documents {
		docs[ms[i].Path] = d
	}
	committed := true
	for path, src := range map[string]string{
		"package.json":       `{"scripts": {"db:push": "drizzle-kit push", "db:migrate": "drizzle-kit migrate --config drizzle.config.ts"}}`,
		".env":               "DATABASE_URL=postgres://app:secret@db.example.com:5432/app\n",
		"meta/_journal.json": `{"version": "7", "dialect": "postgresql", "entries": [{"idx": 0, "version": "7", "when": 1, "tag": "0000_init", "breakpoints": true}]}`,
		"drizzle.config.ts":  `export default { out: "./drizzle", dbCredentials: { url: "postgres://app:secret@localhost/app" } }`,
	} {
		d, err := facts.ProjectDocument(path, []byte(src), facts.Target{}, &facts.ProjectStated{
			Exists: []string{"drizzle"}, Committed: &committed, RunBy: []parser.ScriptCaller{{Path: ".github/workflows/ci.yml", Line: 3}}})
		if err != nil {
			t.Fatal(err)
		}
		docs[path] = d
	}
	if _, err := os.Stat(corpusDir); err == nil {
		for _, d := range buildDirs(t, corpusMigrationDirs[2:]) {
			docs[d.File.Path] = d
		}
	}
	return docs
}

// TestInputMatchesJSON converts documents through the generated encoder and
// through their JSON encoding (what `ddlgate facts` prints): policies must
// read exactly what the published document says.
func TestInputMatchesJSON(t *testing.T) {
	docs := builtDocuments(t)
	if d := docs["0003.sql"]; d.DB == nil || d.History == nil || d.Catalog == nil || d.AST == nil ||
		d.File.Down == nil || len(d.File.OrderedBefore) == 0 || d.Statements[1].Observed == nil {
		t.Fatalf("the stages did not all run: %+v", d)
	}
	if d := docs["0002.sql"]; len(d.Statements) < 3 || d.Statements[2].Parent < 0 {
		t.Fatalf("the DO block's statements are missing: %+v", d.Statements)
	}
	if d := docs["package.json"]; d.Project == nil || len(d.PushCommands) == 0 || len(d.PushCommands[0].RunBy) == 0 {
		t.Fatalf("the project facts are missing: %+v", d.Project)
	}
	for _, name := range []string{".env", "meta/_journal.json", "drizzle.config.ts"} {
		if p := docs[name].Project; len(p.Credentials)+len(p.JournalEntries)+len(p.MigrationDirs) == 0 {
			t.Errorf("%s: no project facts: %+v", name, p)
		}
	}
	failures := 0
	for name, d := range docs {
		got, err := documentValue(d)
		if err != nil {
			t.Fatal(err)
		}
		if want := jsonValue(t, d); got.Compare(want) != 0 {
			if failures++; failures <= 3 {
				t.Errorf("%s: the input differs from the JSON document:\n got %.2000v\nwant %.2000v", name, got, want)
			}
		}
	}
}

// A key two embedded detail structs of parser.Action declare (if_exists,
// columns...) comes from the one that is set.
func TestInputKeepsKeysSharedByEmbeddedStructs(t *testing.T) {
	f := &parser.File{Statements: []parser.Statement{{Actions: []parser.Action{
		{Type: "create_index", IndexAction: &parser.IndexAction{IfNotExists: true, Columns: []string{"email"}}},
	}}}}
	doc, err := documentValue(document(f))
	if err != nil {
		t.Fatal(err)
	}
	ref := ast.MustParseRef("x.statements[0].actions[0]")
	v, err := doc.Find(ref[1:])
	if err != nil {
		t.Fatal(err)
	}
	obj := v.(ast.Object)
	if v := obj.Get(ast.StringTerm("if_not_exists")); v == nil || v.Value.Compare(ast.Boolean(true)) != 0 {
		t.Errorf("if_not_exists = %v, want true", v)
	}
	if v := obj.Get(ast.StringTerm("columns")); v == nil || v.String() != `["email"]` {
		t.Errorf("columns = %v, want [\"email\"]", v)
	}
	if v := obj.Get(ast.StringTerm("column_name")); v != nil {
		t.Errorf("column_name of a nil ColumnAction = %v, want absent", v)
	}
}

// TestInputEncoderIsGenerated fails when input_gen.go is not what
// tools/inputgen writes from the facts types: a field added to the facts
// must reach the policies.
func TestInputEncoderIsGenerated(t *testing.T) {
	want, err := inputgen.Generate()
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("input_gen.go")
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != string(want) {
		t.Error("internal/engine/input_gen.go is stale: run make docs (or go generate ./internal/engine)")
	}
}

func BenchmarkFactsToValue(b *testing.B) {
	f := realisticFacts(b)
	b.Run("generated", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := documentValue(f); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("json+ValueFromReader", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			jsonValue(b, f)
		}
	})
}
