package engine

import (
	"errors"
	"fmt"
	"slices"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/ddlgate/ddlgate/internal/config"
	"github.com/ddlgate/ddlgate/parser"
)

// reportTriggers returns the action types of which a file must hold at
// least one for mod's report to be non-empty, or nil when the module does
// not show that. Most rules judge a few kinds of action and begin by
// iterating input.actions_by_type.<type>; on a file without such actions
// their report is empty, and the entry point skips evaluating them. That
// matters because evaluating a rule that finds nothing still costs
// microseconds, and a file holds few of the action types the catalog's rules
// look for.
//
// The analysis is conservative: a report body counts only when one of its
// expressions is `some ... in C` where C is input.actions_by_type.<type>,
// input.actions_by_type[v] with v taken from a literal list of types (or the
// keys of a literal object, given inline or as a package constant), or a
// rule or comprehension of the same package whose elements need such an
// iteration themselves. Any report body without one makes the whole rule
// unguarded.
func reportTriggers(mod *ast.Module) []string {
	a := triggerAnalysis{mod: mod, visiting: map[string]bool{}}
	types, ok := a.rule("report")
	if !ok {
		return nil
	}
	slices.Sort(types)
	return slices.Compact(types)
}

type triggerAnalysis struct {
	mod      *ast.Module
	visiting map[string]bool
}

var (
	memberOf2         = ast.Member.Ref()
	memberOf3         = ast.MemberWithKey.Ref()
	actionsByTypeRoot = ast.MustParseRef("input.actions_by_type")
)

// rule is the union of the triggers of every definition of the package rule
// name: its elements come from any one of them.
func (a *triggerAnalysis) rule(name string) ([]string, bool) {
	if a.visiting[name] {
		return nil, false
	}
	a.visiting[name] = true
	defer delete(a.visiting, name)
	defs := a.definitions(name)
	var types []string
	for _, r := range defs {
		if len(r.Head.Args) > 0 || r.Else != nil {
			return nil, false
		}
		t, ok := a.body(r.Body)
		if !ok && r.Head.Value != nil && r.Head.Key == nil {
			// A complete rule whose value is a comprehension: iterating it
			// needs an element of the comprehension.
			t, ok = a.collection(r.Head.Value, nil)
		}
		if !ok {
			return nil, false
		}
		types = append(types, t...)
	}
	return types, len(defs) > 0
}

// definitions are the definitions of the package rule name.
func (a *triggerAnalysis) definitions(name string) []*ast.Rule {
	var defs []*ast.Rule
	for _, r := range a.mod.Rules {
		if r.Head.Ref().String() == name {
			defs = append(defs, r)
		}
	}
	return defs
}

// localName is the package rule a term names (a bare name, as the parser
// leaves it), if it names one.
func localName(t *ast.Term) (string, bool) {
	switch v := t.Value.(type) {
	case ast.Var:
		return string(v), true
	case ast.Ref:
		if len(v) == 1 {
			return v.String(), true
		}
	}
	return "", false
}

// body returns the triggers of the first expression of body that iterates
// a guarded collection: the body cannot succeed without one of them.
func (a *triggerAnalysis) body(body ast.Body) ([]string, bool) {
	literals := map[ast.Var][]string{}
	for _, expr := range body {
		some, ok := expr.Terms.(*ast.SomeDecl)
		if !ok || expr.Negated || len(expr.With) > 0 || len(some.Symbols) != 1 {
			continue
		}
		call, ok := some.Symbols[0].Value.(ast.Call)
		if !ok || len(call) < 3 {
			continue
		}
		op := call[0].Value.(ast.Ref)
		if !op.Equal(memberOf2) && !op.Equal(memberOf3) {
			continue
		}
		coll := call[len(call)-1]
		if types, ok := a.collection(coll, literals); ok {
			return types, true
		}
		// some v in ["create_table", "add_column"], or some k, v in an
		// object constant of the package: remember the strings v (or k)
		// takes for a later input.actions_by_type[v].
		value := a.constant(coll)
		if op.Equal(memberOf3) {
			if k, isVar := call[1].Value.(ast.Var); isVar {
				if strs, ok := objectKeys(value); ok {
					literals[k] = strs
				}
			}
		} else if v, isVar := call[1].Value.(ast.Var); isVar {
			if strs, ok := stringList(value); ok {
				literals[v] = strs
			}
		}
	}
	return nil, false
}

// collection returns the triggers of iterating term: a non-empty iteration
// needs one of them.
func (a *triggerAnalysis) collection(term *ast.Term, literals map[ast.Var][]string) ([]string, bool) {
	if name, ok := localName(term); ok {
		return a.rule(name)
	}
	switch v := term.Value.(type) {
	case ast.Ref:
		if len(v) != len(actionsByTypeRoot)+1 || !v.HasPrefix(actionsByTypeRoot) {
			return nil, false
		}
		switch key := v[len(v)-1].Value.(type) {
		case ast.String:
			return []string{string(key)}, true
		case ast.Var:
			types, ok := literals[key]
			return types, ok
		}
	case *ast.ArrayComprehension:
		return a.body(v.Body)
	case *ast.SetComprehension:
		return a.body(v.Body)
	case *ast.ObjectComprehension:
		return a.body(v.Body)
	}
	return nil, false
}

// constant resolves a reference to a package constant (a rule with no
// arguments and no conditions, defined once) to its value; other terms are
// returned as they are.
func (a *triggerAnalysis) constant(t *ast.Term) *ast.Term {
	name, ok := localName(t)
	if !ok {
		return t
	}
	defs := a.definitions(name)
	if len(defs) != 1 {
		return t
	}
	r := defs[0]
	if len(r.Head.Args) > 0 || r.Else != nil || r.Head.Key != nil || r.Head.Value == nil || !isUnconditional(r.Body) {
		return t
	}
	return r.Head.Value
}

// isUnconditional reports whether body is the `true` of a rule defined
// without conditions.
func isUnconditional(body ast.Body) bool {
	if len(body) != 1 || body[0].Negated {
		return false
	}
	t, ok := body[0].Terms.(*ast.Term)
	return ok && ast.BooleanTerm(true).Equal(t)
}

// objectKeys returns the keys of a literal object with string keys.
func objectKeys(t *ast.Term) ([]string, bool) {
	obj, ok := t.Value.(ast.Object)
	if !ok || obj.Len() == 0 {
		return nil, false
	}
	keys := make([]string, 0, obj.Len())
	for _, k := range obj.Keys() {
		s, ok := k.Value.(ast.String)
		if !ok {
			return nil, false
		}
		keys = append(keys, string(s))
	}
	return keys, true
}

// stringList returns the strings of a literal array or set of strings.
func stringList(t *ast.Term) ([]string, bool) {
	var terms []*ast.Term
	switch v := t.Value.(type) {
	case *ast.Array:
		v.Foreach(func(e *ast.Term) { terms = append(terms, e) })
	case ast.Set:
		terms = v.Slice()
	default:
		return nil, false
	}
	strs := make([]string, 0, len(terms))
	for _, e := range terms {
		s, ok := e.Value.(ast.String)
		if !ok {
			return nil, false
		}
		strs = append(strs, string(s))
	}
	return strs, len(strs) > 0
}

// checkActionTypes refuses a module that looks up an action type the parser
// never produces (input.actions_by_type.crate_table): the schema cannot
// type the keys of actions_by_type, so without this such a rule would
// silently never fire.
func checkActionTypes(path string, mod *ast.Module) error {
	known := parser.ActionTypes()
	var errs []error
	ast.WalkRefs(mod, func(r ast.Ref) bool {
		if len(r) <= len(actionsByTypeRoot) || !r.HasPrefix(actionsByTypeRoot) {
			return false
		}
		s, ok := r[len(actionsByTypeRoot)].Value.(ast.String)
		if !ok {
			return false
		}
		if _, found := slices.BinarySearch(known, string(s)); !found {
			row := 0
			if loc := r[0].Location; loc != nil {
				row = loc.Row
			}
			hint := ""
			if near := config.Suggest(string(s), known); near != "" {
				hint = fmt.Sprintf(" (did you mean %s?)", near)
			}
			errs = append(errs, fmt.Errorf("load policy %s:%d: input.actions_by_type.%s: no action type is named %s%s", path, row, string(s), string(s), hint))
		}
		return false
	})
	return errors.Join(errs...)
}
