// Package jsonschema derives the JSON Schema of a JSON file ddlgate writes
// from the Go type it encodes, so the published schema cannot drift from
// the file: field names and types are the ones encoding/json writes, and a
// field's desc tag is its description.
package jsonschema

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"reflect"
	"strings"
	"time"
)

// Of describes t as encoding/json writes it: every field is required and
// no other is allowed; a pointer may be null; time.Time is an RFC 3339
// date-time string. Embedded structs are not described (no file uses them).
func Of(t reflect.Type) map[string]any {
	if t == reflect.TypeFor[time.Time]() {
		return map[string]any{"type": "string", "format": "date-time"}
	}
	switch t.Kind() {
	case reflect.Bool:
		return map[string]any{"type": "boolean"}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return map[string]any{"type": "integer"}
	case reflect.Float32, reflect.Float64:
		return map[string]any{"type": "number"}
	case reflect.String:
		return map[string]any{"type": "string"}
	case reflect.Pointer:
		return map[string]any{"anyOf": []any{Of(t.Elem()), map[string]any{"type": "null"}}}
	case reflect.Slice:
		return map[string]any{"type": "array", "items": Of(t.Elem())}
	case reflect.Map:
		return map[string]any{"type": "object", "additionalProperties": Of(t.Elem())}
	case reflect.Struct:
		props := map[string]any{}
		var required []string
		for i := range t.NumField() {
			f := t.Field(i)
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if !f.IsExported() || name == "-" || f.Anonymous {
				continue
			}
			if name == "" {
				name = f.Name
			}
			p := Of(f.Type)
			if d := f.Tag.Get("desc"); d != "" {
				p["description"] = d
			}
			props[name] = p
			required = append(required, name)
		}
		return map[string]any{"type": "object", "properties": props, "required": required, "additionalProperties": false}
	}
	return map[string]any{}
}

// Published describes t as Of does, as the published file docs/<file>,
// with its title and description.
func Published(t reflect.Type, file, title, description string) map[string]any {
	s := Of(t)
	s["$schema"] = "https://json-schema.org/draft/2020-12/schema"
	s["$id"] = "https://github.com/ddlgate/ddlgate/blob/main/docs/" + file
	s["title"] = title
	s["description"] = description
	return s
}

// Write writes schema as the published files are written: indented JSON,
// keys sorted, one trailing newline.
func Write(w io.Writer, schema map[string]any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(schema)
}

// Stale reports whether the file at path differs from schema as Write
// writes it (or cannot be read): for the test that keeps a published
// schema current.
func Stale(path string, schema map[string]any) (bool, error) {
	var want bytes.Buffer
	if err := Write(&want, schema); err != nil {
		return true, err
	}
	got, err := os.ReadFile(path)
	if err != nil {
		return true, err
	}
	return !bytes.Equal(got, want.Bytes()), nil
}

// Problems lists where v (a decoded JSON document) does not follow schema
// (made by Of): a missing or unknown key, a value of another type, an array
// that is null. It checks what Of writes, not all of JSON Schema.
func Problems(schema map[string]any, v any) []string {
	var out []string
	problems(&out, "$", schema, v)
	return out
}

func problems(out *[]string, where string, schema map[string]any, v any) {
	if alts, ok := schema["anyOf"].([]any); ok {
		if v == nil {
			return
		}
		problems(out, where, alts[0].(map[string]any), v)
		return
	}
	add := func(format string, args ...any) { *out = append(*out, where+": "+fmt.Sprintf(format, args...)) }
	switch schema["type"] {
	case "object":
		obj, ok := v.(map[string]any)
		if !ok {
			add("%T, want an object", v)
			return
		}
		if props, ok := schema["properties"].(map[string]any); ok {
			required, _ := schema["required"].([]string)
			for _, k := range required {
				if _, ok := obj[k]; !ok {
					add("no %q", k)
				}
			}
			for k, val := range obj {
				p, ok := props[k]
				if !ok {
					add("%q is not in the schema", k)
					continue
				}
				problems(out, where+"."+k, p.(map[string]any), val)
			}
		} else if ap, ok := schema["additionalProperties"].(map[string]any); ok {
			for k, val := range obj {
				problems(out, where+"."+k, ap, val)
			}
		}
	case "array":
		arr, ok := v.([]any)
		if !ok {
			add("%T, want an array (never null)", v)
			return
		}
		for _, e := range arr {
			problems(out, where+"[]", schema["items"].(map[string]any), e)
		}
	case "string":
		if _, ok := v.(string); !ok {
			add("%T, want a string", v)
		}
	case "integer", "number":
		if _, ok := v.(float64); !ok {
			add("%T, want a number", v)
		}
	case "boolean":
		if _, ok := v.(bool); !ok {
			add("%T, want a boolean", v)
		}
	}
}
