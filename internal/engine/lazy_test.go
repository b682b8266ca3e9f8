package engine

import (
	"fmt"
	"slices"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/ddlgate/ddlgate/internal/facts"
	"github.com/ddlgate/ddlgate/internal/irvm"
)

// TestLazyInputMatchesValue reads documents through every stage, and the
// corpus with its catalog snapshots, the way the built-in rules do (lazy
// readers) and compares every key, element, length, iteration order and
// materialized value with the OPA value topdown gets.
func TestLazyInputMatchesValue(t *testing.T) {
	docs := builtDocuments(t)
	names := slices.Sorted(func(yield func(string) bool) {
		for name := range docs {
			if !yield(name) {
				return
			}
		}
	})
	for _, name := range names {
		checkLazyInput(t, name, docs[name])
	}
	if testing.Short() {
		return
	}
	for _, d := range builtCorpus(t) {
		checkLazyInput(t, d.File.Path, d)
		if t.Failed() {
			return
		}
	}
}

func checkLazyInput(t *testing.T, name string, d *facts.Document) {
	t.Helper()
	want, err := inputValue(d)
	if err != nil {
		t.Fatal(err)
	}
	got := ast.NewTerm(lazyInput(d, newActionIndex(d)))
	if err := sameLazy(name, got, ast.NewTerm(want), 0); err != nil {
		t.Error(err)
	}
}

// sameLazy compares got, read through lazy readers, with want. The
// materialized value is compared on the first levels (below them it is
// covered by the comparison of every element).
func sameLazy(path string, got, want *ast.Term, depth int) error {
	if got == nil {
		return fmt.Errorf("%s: missing, want %.200v", path, want)
	}
	l, lazy := got.Value.(irvm.Lazy)
	if !lazy {
		if got.Value.Compare(want.Value) != 0 {
			return fmt.Errorf("%s = %.200v, want %.200v", path, got, want)
		}
		return nil
	}
	if depth < 3 && l.Materialize().Compare(want.Value) != 0 {
		return fmt.Errorf("%s: materialized %.200v, want %.200v", path, l.Materialize(), want)
	}
	var keys []*ast.Term
	l.Iter(func(k, _ *ast.Term) bool {
		keys = append(keys, k)
		return true
	})
	switch w := want.Value.(type) {
	case ast.Object:
		if l.IsArray() || l.Len() != w.Len() {
			return fmt.Errorf("%s: object of %d keys read as array %v of length %d", path, w.Len(), l.IsArray(), l.Len())
		}
		if !slices.EqualFunc(keys, w.Keys(), func(a, b *ast.Term) bool { return a.Equal(b) }) {
			return fmt.Errorf("%s: keys %v, want %v", path, keys, w.Keys())
		}
		if v := l.Dot(ast.StringTerm("no such key")); v != nil {
			return fmt.Errorf("%s: an absent key reads %v", path, v)
		}
		for _, k := range w.Keys() {
			if err := sameLazy(fmt.Sprintf("%s.%v", path, k), l.Dot(k), w.Get(k), depth+1); err != nil {
				return err
			}
		}
	case *ast.Array:
		if !l.IsArray() || l.Len() != w.Len() || len(keys) != w.Len() {
			return fmt.Errorf("%s: array of %d elements read as array %v of length %d", path, w.Len(), l.IsArray(), l.Len())
		}
		if v := l.Dot(ast.InternedTerm(w.Len())); v != nil {
			return fmt.Errorf("%s: element %d past the end reads %v", path, w.Len(), v)
		}
		for i := range w.Len() {
			if err := sameLazy(fmt.Sprintf("%s[%d]", path, i), l.Dot(ast.InternedTerm(i)), w.Elem(i), depth+1); err != nil {
				return err
			}
		}
	default:
		return fmt.Errorf("%s: %v read as a composite value", path, want)
	}
	return nil
}
