package inputgen

import (
	"fmt"
	"reflect"
	"strings"

	"github.com/ddlgate/ddlgate/internal/facts"
)

// The lazy readers: for each struct, slice and map type of the document, a
// type of the engine (lzX, defined as the facts type itself, so a pointer
// converts for free) whose methods read one key or element of the Go value
// and convert only that, a nested struct, slice or map becoming another
// lazy reader (see internal/engine/lazy.go and irvm.Lazy). The built-in
// rules are evaluated over them, so a statement the rules never read is
// never converted.

// lazyDocument generates lazyDocumentDot, the lookup of one key of the
// document (the engine adds actions_by_type).
func (g *generator) lazyDocument() {
	var b strings.Builder
	b.WriteString("// lazyDocumentDot reads key k of a facts document in place.\n")
	b.WriteString("func lazyDocumentDot(d *facts.Document, k string) *ast.Term {\n\tswitch k {\n")
	documentFields(func(key string, t reflect.Type, access string) {
		fmt.Fprintf(&b, "\tcase %q:\n\t\treturn %s\n", key, g.lazyValue(t, access, true))
	})
	b.WriteString("\t}\n\treturn nil\n}\n")
	g.funcs["lazyDocumentDot"] = b.String()
}

// lazyValue is a Go expression reading expr, of type t, as a *ast.Term
// whose composite values are lazy readers.
func (g *generator) lazyValue(t reflect.Type, expr string, addressable bool) string {
	switch t.Kind() {
	case reflect.Bool, reflect.String, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return g.value(t, expr, addressable)
	case reflect.Float32, reflect.Float64:
		return fmt.Sprintf("floatTerm(float64(%s))", expr)
	case reflect.Interface:
		if t != anyType {
			panic("inputgen: interface " + t.String())
		}
		return fmt.Sprintf("lazyAny(%s)", expr)
	case reflect.Pointer:
		return fmt.Sprintf("%s(%s)", g.lazyPointerFunc(t), expr)
	case reflect.Slice, reflect.Map, reflect.Struct:
		if !addressable {
			panic("inputgen: value not addressable: " + expr)
		}
		return fmt.Sprintf("%s(&%s)", g.lazyFunc(t), expr)
	}
	panic("inputgen: unsupported type " + t.String())
}

// lazyPointerFunc generates the reading of a pointer: null when nil.
func (g *generator) lazyPointerFunc(t reflect.Type) string {
	name := "lz" + ident(t)
	if _, done := g.funcs[name]; done {
		return name
	}
	g.funcs[name] = ""
	g.funcs[name] = fmt.Sprintf("func %s(v %s) *ast.Term {\n\tif v == nil {\n\t\treturn nullTerm\n\t}\n\treturn %s\n}\n",
		name, g.typeName(t), g.lazyValue(t.Elem(), "*v", true))
	return name
}

// lazyFunc generates the reading of a struct, slice or map by pointer, and
// the lazy reader type it returns.
func (g *generator) lazyFunc(t reflect.Type) string {
	name := "lazy" + ident(t)
	if _, done := g.funcs[name]; done {
		return name
	}
	g.funcs[name] = ""
	lz := "lz" + ident(t)
	goType := g.typeName(t)
	var b strings.Builder
	fmt.Fprintf(&b, "// %s reads a %s in place.\ntype %s %s\n\n", lz, goType, lz, goType)
	switch t.Kind() {
	case reflect.Struct:
		enc := g.structFunc(t)
		if flags(facts.Fields(t)) {
			// Shared values, built once: no reader needed.
			fmt.Fprintf(&b, "func %s(v *%s) *ast.Term {\n\tif t := %sCache[%s(v)].Load(); t != nil {\n\t\treturn t\n\t}\n\treturn ast.NewTerm(materialize((*%s)(v)))\n}\n\n",
				name, goType, enc, "bits"+ident(t), lz)
		} else {
			fmt.Fprintf(&b, "func %s(v *%s) *ast.Term {\n\treturn lazyObjectTerm((*%s)(v))\n}\n\n", name, goType, lz)
		}
		fmt.Fprintf(&b, "func (v *%s) encode(e *inputEncoder) *ast.Term { return e.%s((*%s)(v)) }\n\n", lz, enc, goType)
		g.lazyStructDot(&b, t, lz)
	case reflect.Slice:
		enc := g.sliceFunc(t)
		fmt.Fprintf(&b, `func %s(v *%s) *ast.Term {
	if *v == nil {
		return nullTerm
	}
	if len(*v) == 0 {
		return emptyArray
	}
	return lazyArrayTerm((*%s)(v))
}

func (v *%s) encode(e *inputEncoder) *ast.Term { return e.%s(*v) }

func (v *%s) length() int { return len(*v) }

func (v *%s) elem(i int) *ast.Term { return %s }
`, name, goType, lz, lz, enc, lz, lz, g.lazyValue(t.Elem(), "(*v)[i]", true))
	case reflect.Map:
		enc := g.mapFunc(t)
		fmt.Fprintf(&b, `func %s(v *%s) *ast.Term {
	if *v == nil {
		return nullTerm
	}
	return lazyMapTerm((*%s)(v))
}

func (v *%s) encode(e *inputEncoder) *ast.Term { return e.%s(*v) }

func (v *%s) length() int { return len(*v) }

func (v *%s) keys() []string { return sortedKeys(*v) }

func (v *%s) get(k string) *ast.Term {
	x, ok := (*v)[%s(k)]
	if !ok {
		return nil
	}
	return %s
}
`, name, goType, lz, lz, enc, lz, lz, lz, g.typeName(t.Key()), g.lazyValue(t.Elem(), "x", true))
	default:
		panic("inputgen: no lazy reader for " + t.String())
	}
	g.funcs[name] = b.String()
	return name
}

// lazyStructDot writes the dot method of a struct's reader: its own keys,
// then those of its embedded detail structs, the first set one declaring a
// key winning as in the encoding.
func (g *generator) lazyStructDot(b *strings.Builder, t reflect.Type, lz string) {
	fs := facts.Fields(t)
	fmt.Fprintf(b, "func (v *%s) dot(k string) *ast.Term {\n\tswitch k {\n", lz)
	own := map[string]bool{}
	for _, f := range fs {
		if f.Embedded == nil {
			own[f.Key] = true
			fmt.Fprintf(b, "\tcase %q:\n\t\treturn %s\n", f.Key, g.lazyValue(f.Type, "v."+f.GoName, true))
		}
	}
	// The embedded fields declaring each key, in declaration order.
	type declared struct {
		embedded string
		field    facts.Field
	}
	var keys []string
	declaring := map[string][]declared{}
	for _, f := range fs {
		if f.Embedded == nil {
			continue
		}
		if f.Type.Kind() != reflect.Pointer {
			panic("inputgen: embedded struct by value in " + t.String())
		}
		for _, ef := range f.Embedded {
			if own[ef.Key] {
				continue
			}
			if declaring[ef.Key] == nil {
				keys = append(keys, ef.Key)
			}
			declaring[ef.Key] = append(declaring[ef.Key], declared{f.GoName, ef})
		}
	}
	for _, k := range keys {
		fmt.Fprintf(b, "\tcase %q:\n", k)
		for _, d := range declaring[k] {
			fmt.Fprintf(b, "\t\tif d := v.%s; d != nil {\n\t\t\treturn %s\n\t\t}\n", d.embedded, g.lazyValue(d.field.Type, "d."+d.field.GoName, true))
		}
		b.WriteString("\t\treturn nil\n")
	}
	b.WriteString("\t}\n\treturn nil\n}\n")
}
