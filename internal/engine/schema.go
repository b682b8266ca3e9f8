package engine

import (
	"maps"
	"reflect"
	"sync"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/ddlgate/ddlgate/internal/facts"
	"github.com/ddlgate/ddlgate/parser"
)

// FactsSchema returns the JSON Schema of the facts document (the input of
// every policy), derived from the typed document (facts.Document: the
// parser's facts, the catalog snapshot, the live database, the phase
// history) with the same rules as the conversion to OPA values, so every
// key is typed. Policies are type-checked against
// it, so a misspelt key (input.statments) is a compile error instead of a
// rule that silently never fires.
func FactsSchema() map[string]any {
	factsSchemaOnce.Do(func() {
		factsSchema = schemaOf(reflect.TypeOf(facts.JSONType()))
		props := factsSchema["properties"].(map[string]any)
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
// global input schema, adapted to OPA's type checker (see checkingSchema).
func schemaSet() *ast.SchemaSet {
	checkingSchemaOnce.Do(func() {
		checkingSchema = maps.Clone(FactsSchema())
		props := maps.Clone(checkingSchema["properties"].(map[string]any))
		checkingSchema["properties"] = props
		for _, k := range nullableStages {
			props[k] = nonNull(props[k])
		}
		index := props["actions_by_type"].(map[string]any)
		entries := index["additionalProperties"]
		typed := map[string]any{}
		for _, t := range parser.ActionTypes() {
			typed[t] = map[string]any{"$ref": "#/definitions/action_entries"}
		}
		checkingSchema["definitions"] = map[string]any{"action_entries": entries}
		props["actions_by_type"] = map[string]any{"type": "object", "properties": typed, "additionalProperties": false}
	})
	ss := ast.NewSchemaSet()
	ss.Put(ast.SchemaRootRef, checkingSchema)
	return ss
}

var (
	checkingSchemaOnce sync.Once
	// checkingSchema is what policies are type-checked against: FactsSchema
	// with two changes for OPA's type checker, which looks neither into a
	// union of an object and null nor at additionalProperties. The stages
	// that may be absent (catalog, db, history) are typed as their object,
	// so input.db.tabels is an error: a reference into a null value is
	// undefined anyway. (Nested nullable objects stay unions, so that
	// action.table == null still type-checks; a top-level document is
	// tested with `not input.db`.) And the actions_by_type index lists
	// every action type as a key of its own.
	checkingSchema map[string]any
)

// nullableStages are the top-level keys whose stage may not have run.
var nullableStages = []string{"catalog", "db", "history"}

// nonNull is the object alternative of {"anyOf": [<object>, null]}, else s.
func nonNull(s any) any {
	m, ok := s.(map[string]any)
	if !ok {
		return s
	}
	if alts, ok := m["anyOf"].([]any); ok && len(alts) == 2 {
		if obj, ok := alts[0].(map[string]any); ok && obj["type"] == "object" && isNullSchema(alts[1]) {
			return obj
		}
	}
	return s
}

func isNullSchema(s any) bool {
	m, ok := s.(map[string]any)
	return ok && len(m) == 1 && m["type"] == "null"
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
		addProperties(props, facts.Fields(t))
		if t == reflect.TypeFor[parser.Action]() {
			// The closed set of action types, for tools and validators;
			// a policy looking up an unknown type in actions_by_type is
			// refused at load (checkActionTypes).
			props["type"] = map[string]any{"type": "string", "enum": parser.ActionTypes()}
		}
		return map[string]any{"type": "object", "properties": props, "additionalProperties": false}
	}
	return map[string]any{} // any: catalog, db, history, ast
}

// addProperties adds the JSON fields to props, flattening embedded structs;
// the fields follow the same tag rules as the conversion to OPA values
// (facts.Fields), so the schema describes exactly what policies receive. A
// key two embedded structs share with different types (columns) accepts
// either.
func addProperties(props map[string]any, fields []facts.Field) {
	for _, f := range fields {
		if f.Embedded != nil {
			addProperties(props, f.Embedded)
			continue
		}
		t := f.Type
		if f.NonNull {
			t = t.Elem()
		}
		s := schemaOf(t)
		if prev, ok := props[f.Key]; ok && !reflect.DeepEqual(prev, s) {
			s = map[string]any{"anyOf": []any{prev, s}}
		}
		props[f.Key] = s
	}
}
