package engine

import (
	"encoding"
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/ddlgate/ddlgate/parser"
)

// factsValue converts a facts document (or any JSON-shaped Go value) to the
// OPA value policies read as input. It produces what encoding/json would
// produce followed by ast.ValueFromReader, without the text round trip: the
// facts are converted once per file, so this sits on the hot path
// (BenchmarkFactsToValue compares both).
//
// One deliberate difference: an embedded struct pointer is flattened only
// when it is non-nil, field by field, so two embedded detail structs that
// share a JSON key (parser.Action's if_exists, columns...) do not cancel each
// other out as they do under encoding/json.
func factsValue(v any) (ast.Value, error) {
	if v == nil {
		return ast.NullValue, nil
	}
	st := statePool.Get().(*encodeState)
	t, err := encodeValue(st, reflect.ValueOf(v))
	st.items = st.items[:0]
	clear(st.relations)
	statePool.Put(st)
	if err != nil {
		return nil, err
	}
	return t.Value, nil
}

// encodeState is scratch space reused across conversions: a stack of object
// items, so that each object is built by one ast.NewObject call (one
// allocation for all its entries) instead of one Insert per key.
type encodeState struct {
	items [][2]*ast.Term
	// relations shares the value of equal relations within one document:
	// the same table appears in a statement's locks, its actions and their
	// references, and OPA never mutates input values.
	relations map[parser.Relation]*ast.Term
}

var statePool = sync.Pool{New: func() any { return &encodeState{items: make([][2]*ast.Term, 0, 256)} }}

// encodeFunc converts one Go value of a known type.
type encodeFunc func(*encodeState, reflect.Value) (*ast.Term, error)

var encoders sync.Map // reflect.Type -> encodeFunc

var (
	jsonMarshalerType = reflect.TypeFor[json.Marshaler]()
	jsonNumberType    = reflect.TypeFor[json.Number]()
	textMarshalerType = reflect.TypeFor[encoding.TextMarshaler]()
	nullTerm          = ast.NullTerm()
	parserPkg         = reflect.TypeFor[parser.File]().PkgPath()
)

func encodeValue(st *encodeState, v reflect.Value) (*ast.Term, error) {
	if !v.IsValid() {
		return nullTerm, nil
	}
	return encoderFor(v.Type())(st, v)
}

func encoderFor(t reflect.Type) encodeFunc {
	if enc, ok := encoders.Load(t); ok {
		return enc.(encodeFunc)
	}
	// Recursive types (a struct holding a pointer to itself) reach this
	// function again while their encoder is built: an indirection breaks
	// the cycle.
	var (
		once sync.Once
		enc  encodeFunc
	)
	indirect := encodeFunc(func(st *encodeState, v reflect.Value) (*ast.Term, error) {
		once.Do(func() { enc = newEncoder(t) })
		return enc(st, v)
	})
	if actual, loaded := encoders.LoadOrStore(t, indirect); loaded {
		return actual.(encodeFunc)
	}
	built := newEncoder(t)
	encoders.Store(t, built)
	return built
}

func newEncoder(t reflect.Type) encodeFunc {
	// The parser's facts structs are encoded field by field even if one
	// gains a MarshalJSON (to fix encoding/json's dropping of shared
	// embedded keys, say): going through JSON for every action would undo
	// the point of this encoder. TestFactsValueMatchesJSON keeps them equal.
	if t.Kind() != reflect.Pointer && t.Kind() != reflect.Interface && t.PkgPath() != parserPkg &&
		(t.Implements(jsonMarshalerType) || reflect.PointerTo(t).Implements(jsonMarshalerType)) {
		return encodeViaJSON
	}
	if t == jsonNumberType {
		// encoding/json writes a json.Number as the number it holds.
		return func(_ *encodeState, v reflect.Value) (*ast.Term, error) {
			return ast.NumberTerm(json.Number(v.String())), nil
		}
	}
	if t.Kind() != reflect.Pointer && t.Kind() != reflect.Interface && t.Implements(textMarshalerType) {
		return encodeText
	}
	switch t.Kind() {
	case reflect.Bool:
		return func(_ *encodeState, v reflect.Value) (*ast.Term, error) { return ast.InternedTerm(v.Bool()), nil }
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return func(_ *encodeState, v reflect.Value) (*ast.Term, error) { return intTerm(v.Int()), nil }
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return func(_ *encodeState, v reflect.Value) (*ast.Term, error) {
			return ast.NewTerm(ast.Number(strconv.FormatUint(v.Uint(), 10))), nil
		}
	case reflect.Float32, reflect.Float64:
		return encodeFloat
	case reflect.String:
		return func(_ *encodeState, v reflect.Value) (*ast.Term, error) { return ast.InternedTerm(v.String()), nil }
	case reflect.Pointer:
		elem := encoderFor(t.Elem())
		return func(st *encodeState, v reflect.Value) (*ast.Term, error) {
			if v.IsNil() {
				return nullTerm, nil
			}
			return elem(st, v.Elem())
		}
	case reflect.Interface:
		return func(st *encodeState, v reflect.Value) (*ast.Term, error) {
			if v.IsNil() {
				return nullTerm, nil
			}
			return encodeValue(st, v.Elem())
		}
	case reflect.Slice:
		if t.Elem().Kind() == reflect.Uint8 {
			return encodeViaJSON // base64, as encoding/json does
		}
		return newSliceEncoder(t)
	case reflect.Array:
		return newSliceEncoder(t)
	case reflect.Map:
		return newMapEncoder(t)
	case reflect.Struct:
		if enc := newFlagsEncoder(t); enc != nil {
			return enc
		}
		if t == relationType {
			return newRelationEncoder(newStructEncoder(t))
		}
		return newStructEncoder(t)
	}
	return func(*encodeState, reflect.Value) (*ast.Term, error) {
		return nil, fmt.Errorf("convert facts: unsupported type %s", t)
	}
}

func intTerm(i int64) *ast.Term {
	if ast.HasInternedIntNumberTerm(int(i)) {
		return ast.InternedTerm(int(i))
	}
	return ast.NewTerm(ast.Number(strconv.FormatInt(i, 10)))
}

// encodeFloat formats like encoding/json: plain digits between 1e-6 and
// 1e21, exponent form outside.
func encodeFloat(_ *encodeState, v reflect.Value) (*ast.Term, error) {
	f := v.Float()
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return nil, fmt.Errorf("convert facts: unsupported number %v", f)
	}
	format := byte('f')
	if abs := math.Abs(f); abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	return ast.NewTerm(ast.Number(strconv.FormatFloat(f, format, -1, 64))), nil
}

func encodeText(_ *encodeState, v reflect.Value) (*ast.Term, error) {
	b, err := v.Interface().(encoding.TextMarshaler).MarshalText()
	if err != nil {
		return nil, fmt.Errorf("convert facts: %w", err)
	}
	return ast.StringTerm(string(b)), nil
}

// encodeViaJSON handles the rare types with their own JSON encoding (the raw
// AST escape hatch) through encoding/json.
func encodeViaJSON(_ *encodeState, v reflect.Value) (*ast.Term, error) {
	b, err := json.Marshal(v.Interface())
	if err != nil {
		return nil, fmt.Errorf("convert facts: %w", err)
	}
	val, err := ast.ValueFromReader(strings.NewReader(string(b)))
	if err != nil {
		return nil, fmt.Errorf("convert facts: %w", err)
	}
	return ast.NewTerm(val), nil
}

func newSliceEncoder(t reflect.Type) encodeFunc {
	elem := encoderFor(t.Elem())
	return func(st *encodeState, v reflect.Value) (*ast.Term, error) {
		if v.Kind() == reflect.Slice && v.IsNil() {
			return nullTerm, nil
		}
		n := v.Len()
		terms := make([]*ast.Term, n)
		for i := range n {
			term, err := elem(st, v.Index(i))
			if err != nil {
				return nil, err
			}
			terms[i] = term
		}
		return ast.ArrayTerm(terms...), nil
	}
}

func newMapEncoder(t reflect.Type) encodeFunc {
	if t.Key().Kind() != reflect.String {
		return encodeViaJSON
	}
	elem := encoderFor(t.Elem())
	return func(st *encodeState, v reflect.Value) (*ast.Term, error) {
		if v.IsNil() {
			return nullTerm, nil
		}
		obj := ast.NewObjectWithCapacity(v.Len())
		iter := v.MapRange()
		for iter.Next() {
			term, err := elem(st, iter.Value())
			if err != nil {
				return nil, err
			}
			obj.Insert(ast.StringTerm(iter.Key().String()), term)
		}
		return ast.NewTerm(obj), nil
	}
}

// newFlagsEncoder handles structs of a few bool fields (parser.Effects): they
// have so few distinct values that each is built once and shared by every
// document (OPA never mutates input values), saving an object per action.
// It returns nil for other structs.
func newFlagsEncoder(t reflect.Type) encodeFunc {
	const maxFlags = 6
	fields := structFields(t)
	if len(fields) == 0 || len(fields) > maxFlags {
		return nil
	}
	for _, f := range fields {
		if f.embedded != nil || t.Field(f.index).Type.Kind() != reflect.Bool {
			return nil
		}
	}
	cache := make([]atomic.Pointer[ast.Term], 1<<len(fields))
	return func(_ *encodeState, v reflect.Value) (*ast.Term, error) {
		bits := 0
		for i, f := range fields {
			if v.Field(f.index).Bool() {
				bits |= 1 << i
			}
		}
		if t := cache[bits].Load(); t != nil {
			return t, nil
		}
		items := make([][2]*ast.Term, len(fields))
		for i, f := range fields {
			items[i] = [2]*ast.Term{f.key, ast.InternedTerm(bits&(1<<i) != 0)}
		}
		// Two goroutines may build the same value: either copy is fine.
		t := ast.NewTerm(ast.NewObject(items...))
		cache[bits].Store(t)
		return t, nil
	}
}

var relationType = reflect.TypeFor[parser.Relation]()

// newRelationEncoder encodes a parser.Relation once per document.
func newRelationEncoder(encode encodeFunc) encodeFunc {
	return func(st *encodeState, v reflect.Value) (*ast.Term, error) {
		rel := v.Interface().(parser.Relation)
		if t, ok := st.relations[rel]; ok {
			return t, nil
		}
		t, err := encode(st, v)
		if err != nil {
			return nil, err
		}
		if st.relations == nil {
			st.relations = map[parser.Relation]*ast.Term{}
		}
		st.relations[rel] = t
		return t, nil
	}
}

// structField is one JSON key of a struct, or an embedded struct pointer whose
// fields are flattened into the parent when it is non-nil.
type structField struct {
	index    int
	name     string
	typ      reflect.Type
	key      *ast.Term
	encode   encodeFunc
	embedded []structField // set for a flattened embedded struct (pointer)
	pointer  bool          // the embedded struct is behind a pointer
}

func newStructEncoder(t reflect.Type) encodeFunc {
	fields := structFields(t)
	// Only a struct with embedded structs can meet a key twice.
	dedupe := slices.ContainsFunc(fields, func(f structField) bool { return f.embedded != nil })
	return func(st *encodeState, v reflect.Value) (*ast.Term, error) {
		start := len(st.items)
		if err := encodeFields(st, start, v, fields, dedupe, false); err != nil {
			st.items = st.items[:start]
			return nil, err
		}
		obj := ast.NewObject(st.items[start:]...)
		clear(st.items[start:]) // drop references to this file's terms
		st.items = st.items[:start]
		return ast.NewTerm(obj), nil
	}
}

// encodeFields appends v's fields to st.items (this object's items begin at
// start). Fields of an embedded struct (nested) never replace a key already
// set: as in encoding/json, the less nested field wins.
func encodeFields(st *encodeState, start int, v reflect.Value, fields []structField, dedupe, nested bool) error {
	for i := range fields {
		f := &fields[i]
		fv := v.Field(f.index)
		if f.embedded != nil {
			if f.pointer {
				if fv.IsNil() {
					continue
				}
				fv = fv.Elem()
			}
			if err := encodeFields(st, start, fv, f.embedded, dedupe, true); err != nil {
				return err
			}
			continue
		}
		term, err := f.encode(st, fv)
		if err != nil {
			return err
		}
		if dedupe {
			if j := keyIndex(st.items[start:], f.name); j >= 0 {
				if !nested {
					st.items[start+j][1] = term
				}
				continue
			}
		}
		st.items = append(st.items, [2]*ast.Term{f.key, term})
	}
	return nil
}

// keyIndex finds key among an object's items. Objects are small and keys
// rarely repeat (only across embedded structs), so a scan beats a map.
func keyIndex(items [][2]*ast.Term, key string) int {
	for i, it := range items {
		if string(it[0].Value.(ast.String)) == key {
			return i
		}
	}
	return -1
}

func countKeys(fields []structField) int {
	n := 0
	for _, f := range fields {
		if f.embedded != nil {
			n += countKeys(f.embedded)
		} else {
			n++
		}
	}
	return n
}

// structFields lists t's JSON fields following encoding/json's tag rules:
// "-" skips, an empty name falls back to the Go name, unexported fields are
// ignored, untagged embedded structs are flattened. omitempty is not honoured:
// the facts contract forbids it.
func structFields(t reflect.Type) []structField {
	var fields []structField
	for i := range t.NumField() {
		sf := t.Field(i)
		tag := sf.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, _, _ := strings.Cut(tag, ",")
		ft := sf.Type
		if sf.Anonymous && name == "" {
			st := ft
			if st.Kind() == reflect.Pointer {
				st = st.Elem()
			}
			if st.Kind() == reflect.Struct {
				fields = append(fields, structField{
					index:    i,
					embedded: structFields(st),
					pointer:  ft.Kind() == reflect.Pointer,
				})
				continue
			}
		}
		if !sf.IsExported() {
			continue
		}
		if name == "" {
			name = sf.Name
		}
		fields = append(fields, structField{index: i, name: name, typ: ft, key: ast.InternedTerm(name), encode: encoderFor(ft)})
	}
	return fields
}
