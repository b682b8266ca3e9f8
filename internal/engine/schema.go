package engine

import (
	"reflect"
	"sync"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/ddlgate/ddlgate/internal/catalog"
	"github.com/ddlgate/ddlgate/parser"
)

// FactsSchema returns the JSON Schema of the facts document (the input of
// every policy), derived from the parser's facts structs with the same
// rules as the conversion to OPA values. Policies are type-checked against
// it, so a misspelt key (input.statments) is a compile error instead of a
// rule that silently never fires.
func FactsSchema() map[string]any {
	factsSchemaOnce.Do(func() {
		factsSchema = schemaOf(reflect.TypeFor[parser.File]())
		props := factsSchema["properties"].(map[string]any)
		props["catalog"] = map[string]any{"anyOf": []any{
			schemaOf(reflect.TypeFor[catalog.Snapshot]()), map[string]any{"type": "null"}}}
		// actions_by_type is added by the engine (see Engine.input): the
		// file's actions grouped by type, each with its statement.
		props["actions_by_type"] = map[string]any{
			"type": "object",
			"additionalProperties": map[string]any{"type": "array", "items": map[string]any{
				"type": "object",
				"properties": map[string]any{
					"statement": schemaOf(reflect.TypeFor[parser.Statement]()),
					"action":    schemaOf(reflect.TypeFor[parser.Action]()),
				},
				"additionalProperties": false,
			}},
		}
	})
	return factsSchema
}

var (
	factsSchemaOnce sync.Once
	factsSchema     map[string]any
)

// schemaSet is the schema set given to the compiler: FactsSchema as the
// global input schema.
func schemaSet() *ast.SchemaSet {
	ss := ast.NewSchemaSet()
	ss.Put(ast.SchemaRootRef, FactsSchema())
	return ss
}

// schemaOf describes t. A pointer may be null; a slice, though nil ones
// encode as null, is typed as an array only, so that iterating it type-checks.
func schemaOf(t reflect.Type) map[string]any {
	switch t.Kind() {
	case reflect.Bool:
		return map[string]any{"type": "boolean"}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64,
		reflect.Float32, reflect.Float64:
		return map[string]any{"type": "number"}
	case reflect.String:
		return map[string]any{"type": "string"}
	case reflect.Pointer:
		return map[string]any{"anyOf": []any{schemaOf(t.Elem()), map[string]any{"type": "null"}}}
	case reflect.Slice, reflect.Array:
		return map[string]any{"type": "array", "items": schemaOf(t.Elem())}
	case reflect.Map:
		return map[string]any{"type": "object", "additionalProperties": schemaOf(t.Elem())}
	case reflect.Struct:
		props := map[string]any{}
		addProperties(props, structFields(t))
		return map[string]any{"type": "object", "properties": props, "additionalProperties": false}
	}
	return map[string]any{} // any: catalog, db, history, ast
}

// addProperties adds the JSON fields to props, flattening embedded structs;
// the fields follow the same tag rules as the conversion to OPA values
// (structFields), so the schema describes exactly what policies receive. A
// key two embedded structs share with different types (columns) accepts
// either.
func addProperties(props map[string]any, fields []structField) {
	for _, f := range fields {
		if f.embedded != nil {
			addProperties(props, f.embedded)
			continue
		}
		s := schemaOf(f.typ)
		if prev, ok := props[f.name]; ok && !reflect.DeepEqual(prev, s) {
			s = map[string]any{"anyOf": []any{prev, s}}
		}
		props[f.name] = s
	}
}
