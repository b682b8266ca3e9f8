package engine

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/ddlgate/ddlgate/parser"
)

func ptr[T any](v T) *T { return &v }

// sampleFacts is a facts document touching every kind of field: nested
// structs, nil and non-nil pointers, nil and empty slices, embedded detail
// structs, any-typed values.
func sampleFacts() *parser.File {
	users := parser.Relation{Schema: "public", Name: "users", ExistsBefore: true}
	return &parser.File{
		SchemaVersion: parser.SchemaVersion,
		Target:        parser.Target{PGVersion: 16, PGVersionNum: 160004, DefaultSchema: "public"},
		File:          parser.FileInfo{Path: "db/0001.sql", Direction: "up", Runner: "goose", TransactionMode: "wrapped", Phase: &parser.PhaseInfo{Phase: "expand", Change: "c1"}},
		Statements: []parser.Statement{{
			Index: 0, Node: "AlterTableStmt", Tag: "ALTER TABLE", Text: "ALTER TABLE users ADD COLUMN n int NOT NULL DEFAULT 0",
			Span:        parser.Span{Start: 0, End: 52, Line: 1, Col: 1, EndLine: 1, EndCol: 52},
			Fingerprint: "abc",
			Transaction: parser.Transaction{InTransaction: true, Block: 1},
			Session:     parser.Session{LockTimeout: ptr("5s"), LockTimeoutMS: ptr(int64(5000))},
			Locks:       []parser.Lock{{Relation: users, Mode: "ACCESS EXCLUSIVE"}},
			Effects:     parser.Effects{BackwardIncompatible: true},
			// Only detail structs without keys shared with another one:
			// encoding/json drops shared keys (see the test below).
			Actions: []parser.Action{
				{Type: "add_constraint", Table: &users, Lock: "SHARE ROW EXCLUSIVE", ConstraintAction: &parser.ConstraintAction{
					Constraint: &parser.Constraint{Name: "fk", Type: "foreign_key", Columns: []string{"org_id"}, References: &parser.References{Table: users, Columns: []string{"id"}}},
				}},
				{Type: "update", Table: &users, DMLAction: &parser.DMLAction{HasWhere: true}},
				{Type: "other", OtherAction: &parser.OtherAction{Subtype: "AT_SetStatistics"}},
			},
		}},
		Directives:  []parser.Directive{},
		ParseErrors: nil,
		Objects:     parser.Objects{Created: []string{"public.users.n"}},
	}
}

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

func TestFactsValueMatchesJSON(t *testing.T) {
	column := parser.Column{Name: "n", Type: parser.TypeName{Name: "int4", Mods: []int{}}, NotNull: true, HasDefault: true, Default: ptr("0"), DefaultVolatility: ptr("immutable")}
	for name, v := range map[string]any{"file": sampleFacts(), "column": column, "small float": 1e-7, "nil": nil} {
		got, err := factsValue(v)
		if err != nil {
			t.Fatal(err)
		}
		if want := jsonValue(t, v); got.Compare(want) != 0 {
			t.Errorf("%s: factsValue differs from encoding/json:\n got %v\nwant %v", name, got, want)
		}
	}
}

// encoding/json drops a key that two embedded structs of parser.Action
// declare (if_exists, columns...), even when only one of them is set; the
// policies need those keys, so only non-nil embedded structs count.
func TestFactsValueKeepsKeysSharedByEmbeddedStructs(t *testing.T) {
	a := parser.Action{Type: "create_index", IndexAction: &parser.IndexAction{IfNotExists: true, Columns: []string{"email"}}}
	got, err := factsValue(a)
	if err != nil {
		t.Fatal(err)
	}
	obj := got.(ast.Object)
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

func BenchmarkFactsToValue(b *testing.B) {
	f := realisticFacts(b)
	b.Run("direct", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := inputValue(f); err != nil {
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
	b.Run("json+InterfaceToValue", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			bs, err := json.Marshal(f)
			if err != nil {
				b.Fatal(err)
			}
			var doc any
			if err := json.Unmarshal(bs, &doc); err != nil {
				b.Fatal(err)
			}
			if _, err := ast.InterfaceToValue(doc); err != nil {
				b.Fatal(err)
			}
		}
	})
}
