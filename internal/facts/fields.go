package facts

import (
	"reflect"
	"strings"
)

// Field is one JSON key of a facts struct, or an embedded struct whose
// fields are flattened into its parent (when set, for a pointer).
type Field struct {
	// Key is the JSON key; GoName the Go field name; Type its type.
	Key    string
	GoName string
	Type   reflect.Type
	// Embedded lists the fields of an untagged embedded struct (Key is then
	// empty); Type tells whether it sits behind a pointer.
	Embedded []Field
	// NonNull marks a pointer that is never nil (tag facts:"nonnull"): a
	// value statements share, typed as its object rather than nullable.
	NonNull bool
}

// Fields lists t's JSON fields following encoding/json's tag rules: "-"
// skips, an empty name falls back to the Go name, unexported fields are
// ignored, untagged embedded structs are flattened. omitempty is not
// honoured: the facts contract forbids it. The JSON Schema of the document
// and the engine's generated conversion both derive from it, so they
// describe the same keys.
func Fields(t reflect.Type) []Field {
	var out []Field
	for i := range t.NumField() {
		sf := t.Field(i)
		tag := sf.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, _, _ := strings.Cut(tag, ",")
		if sf.Anonymous && name == "" {
			st := sf.Type
			if st.Kind() == reflect.Pointer {
				st = st.Elem()
			}
			if st.Kind() == reflect.Struct {
				out = append(out, Field{GoName: sf.Name, Type: sf.Type, Embedded: Fields(st)})
				continue
			}
		}
		if !sf.IsExported() {
			continue
		}
		if name == "" {
			name = sf.Name
		}
		out = append(out, Field{Key: name, GoName: sf.Name, Type: sf.Type,
			NonNull: sf.Type.Kind() == reflect.Pointer && sf.Tag.Get("facts") == "nonnull"})
	}
	return out
}
