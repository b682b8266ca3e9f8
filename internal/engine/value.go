package engine

//go:generate sh -c "cd ../.. && go run ./tools/inputgen"

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
	"sync"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/ddlgate/ddlgate/internal/facts"
)

// inputEncoder converts a facts document to the OPA value policies read,
// with the functions tools/inputgen generates from the facts types
// (input_gen.go): field by field, no reflection, no JSON text. It produces
// what encoding/json would produce followed by ast.ValueFromReader
// (TestInputMatchesJSON checks it on real documents), with one deliberate
// difference: a key two embedded detail structs of parser.Action declare
// (if_exists, columns...) is kept from the one that is set, where
// encoding/json would drop it.
type inputEncoder struct {
	// items is a stack of object items, so that each object is built by
	// one ast.NewObject call (one allocation for all its entries).
	items [][2]*ast.Term
	// inputMemo shares the values of equal relations and held locks
	// within one document: OPA never mutates input values.
	inputMemo
	// err is the first error of a value converted through JSON (any).
	err error
}

var encoderPool = sync.Pool{New: func() any {
	return &inputEncoder{items: make([][2]*ast.Term, 0, 256), inputMemo: newInputMemo()}
}}

// pooled runs encode with an encoder of the pool, which it then resets and
// returns, and reports the encoder's error.
func pooled(encode func(e *inputEncoder) *ast.Term) (*ast.Term, error) {
	e := encoderPool.Get().(*inputEncoder)
	t := encode(e)
	err := e.err
	e.items, e.err = e.items[:0], nil
	e.reset()
	encoderPool.Put(e)
	return t, err
}

// documentValue converts d, the document without the engine's index.
func documentValue(d *facts.Document) (ast.Object, error) {
	t, err := pooled(func(e *inputEncoder) *ast.Term { return e.encodeDocument(d) })
	if err != nil {
		return nil, err
	}
	return t.Value.(ast.Object), nil
}

var (
	nullTerm   = ast.NullTerm()
	emptyArray = ast.ArrayTerm()
)

// object pops the items pushed since start as one object.
func (e *inputEncoder) object(start int) *ast.Term {
	obj := ast.NewObject(e.items[start:]...)
	clear(e.items[start:]) // drop references to this document's terms
	e.items = e.items[:start]
	return ast.NewTerm(obj)
}

// missing tells whether the object begun at start lacks key so far.
func (e *inputEncoder) missing(start int, key *ast.Term) bool {
	for _, it := range e.items[start:] {
		if it[0] == key {
			return false
		}
	}
	return true
}

func intTerm(i int64) *ast.Term {
	if ast.HasInternedIntNumberTerm(int(i)) {
		return ast.InternedTerm(int(i))
	}
	return ast.NewTerm(ast.Number(strconv.FormatInt(i, 10)))
}

// float converts f, an error for NaN and infinities (see floatTerm).
func (e *inputEncoder) float(f float64) *ast.Term {
	if t := floatTerm(f); t != nil {
		return t
	}
	e.fail(fmt.Errorf("convert facts: unsupported number %v", f))
	return nullTerm
}

// floatTerm is f as encoding/json writes it: plain digits between 1e-6 and
// 1e21, exponent form outside; nil for NaN and infinities, which JSON
// cannot hold.
func floatTerm(f float64) *ast.Term {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return nil
	}
	format := byte('f')
	if abs := math.Abs(f); abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	return ast.NewTerm(ast.Number(strconv.FormatFloat(f, format, -1, 64)))
}

// any converts a value of no fixed type (the raw AST escape hatch) through
// its JSON encoding.
func (e *inputEncoder) any(v any) *ast.Term {
	t, err := anyTerm(v)
	if err != nil {
		e.fail(fmt.Errorf("convert facts: %w", err))
		return nullTerm
	}
	return t
}

// anyTerm converts v through its JSON encoding.
func anyTerm(v any) (*ast.Term, error) {
	if v == nil {
		return nullTerm, nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	val, err := ast.ValueFromReader(strings.NewReader(string(b)))
	if err != nil {
		return nil, err
	}
	return ast.NewTerm(val), nil
}

func (e *inputEncoder) fail(err error) {
	if e.err == nil {
		e.err = err
	}
}
