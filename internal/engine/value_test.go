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
// a live database, the raw AST, and the corpus when it is there.
func builtDocuments(t *testing.T) map[string]*facts.Document {
	t.Helper()
	ms := []migrations.Migration{
		{Path: "0001.sql", Format: migrations.FormatPlain, Direction: "up", Src: []byte("CREATE TYPE mood AS ENUM ('a');\nCREATE TABLE users (id bigint PRIMARY KEY, email varchar(50) NOT NULL, m mood);\nCREATE INDEX users_email_idx ON users (email);\n")},
		{Path: "0002.sql", Format: migrations.FormatPlain, Direction: "up", Src: []byte("-- ddlgate:phase expand change=c1\nALTER TABLE users ADD COLUMN email2 text;\n")},
		{Path: "0003.sql", Format: migrations.FormatGoose, Direction: "up", Src: []byte("-- ddlgate:phase contract change=c1\nALTER TABLE users ALTER COLUMN email TYPE varchar(60), DROP COLUMN m;\nDROP INDEX IF EXISTS users_email_idx;\nUPDATE users SET email2 = email WHERE id > 0;\n")},
	}
	now := time.Date(2026, 3, 2, 12, 0, 0, 0, time.UTC)
	applied := phase.NewApplied("production")
	applied.Add("", "0002.sql", now.Add(-time.Hour))
	db := &dbfacts.Facts{ServerVersion: "16.4", ServerVersionNum: 160004, Tables: map[string]dbfacts.Table{
		"public.users": {Schema: "public", Name: "users", EstimatedRows: 1200, Analyzed: true, SizeBytes: 1 << 20,
			Columns: []dbfacts.Column{{Name: "id", Type: "bigint", NotNull: true}}, Indexes: []dbfacts.Index{{Name: "users_pkey", Columns: []string{"id"}, Primary: true, Unique: true, Valid: true}}},
	}}
	built, err := facts.Build(context.Background(), facts.Set{Migrations: ms}, facts.Target{DB: db, Applied: applied, Now: now, IncludeAST: true})
	if err != nil {
		t.Fatal(err)
	}
	docs := map[string]*facts.Document{"realistic": realisticFacts(t)}
	for i, d := range built.Documents {
		docs[ms[i].Path] = d
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
	if d := docs["0003.sql"]; d.DB == nil || d.History == nil || d.Catalog == nil || d.AST == nil {
		t.Fatalf("the stages did not all run: %+v", d)
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
