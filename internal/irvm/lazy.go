package irvm

import "github.com/open-policy-agent/opa/v1/ast"

// Lazy is a composite value of the input that the interpreter reads in
// place, without an OPA value of the whole input: a plan's lookups, lengths
// and scans call these methods, which convert only the part they return.
// The input of a data seed (hundreds of thousands of statements that the
// rules only glance at) is then never converted as a whole.
//
// A Lazy never leaves the interpreter: a value stored into one the plan
// builds (an array, object or set: a comprehension, a finding), handed to a
// builtin (count takes its length) or compared with another composite value
// is materialized first, so OPA's code only sees ordinary values. The
// ast.Value methods of an implementation may therefore materialize too;
// they exist so that a Lazy fits in an *ast.Term.
//
// A Lazy is comparable, and two are equal when they read the same part of
// the input: an evaluation keys the calls it memoizes and the values it
// materialized by them.
type Lazy interface {
	ast.Value
	// Dot returns the value under key (an object's key, an array's index),
	// nil when there is none. A composite value it returns may be Lazy.
	Dot(key *ast.Term) *ast.Term
	// Len is the number of keys or elements.
	Len() int
	// IsArray tells an array from an object.
	IsArray() bool
	// Iter calls f with each key (an array's index) and value, in OPA's
	// order (an object's keys sorted), until f returns false.
	Iter(f func(k, v *ast.Term) bool)
	// Materialize returns the whole value as an ordinary OPA value, which
	// holds no Lazy.
	Materialize() ast.Value
}

// concrete returns t with a Lazy value materialized.
func concrete(t *ast.Term) *ast.Term {
	if t == nil {
		return nil
	}
	if l, ok := t.Value.(Lazy); ok {
		return ast.NewTerm(l.Materialize())
	}
	return t
}
