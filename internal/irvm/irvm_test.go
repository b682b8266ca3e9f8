package irvm

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/bundle"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/storage/inmem"
)

// agreement cases: a module of package x, and inputs. The value of
// data.x.out must be the same from topdown and from the plan.
var agreementCases = []struct {
	name   string
	module string
	inputs []string
}{
	{"partial set, iteration, sprintf", `
out contains msg if {
	some s in input.statements
	s.kind == "drop"
	msg := sprintf("%s drops %s", [s.tag, concat(", ", s.names)])
}`, []string{`{"statements": [{"kind": "drop", "tag": "DROP TABLE", "names": ["a", "b"]}, {"kind": "create", "tag": "CREATE", "names": []}]}`, `{}`, `{"statements": 3}`}},
	{"else chain and functions", `
size(n) := "big" if n > 10
else := "medium" if n > 3
else := "small"
out := [size(x) | some x in input.xs]`, []string{`{"xs": [1, 5, 50, 3.5, 10]}`, `{"xs": []}`}},
	{"negation and every", `
out contains x if {
	some x in input.xs
	not x in input.banned
	every y in input.banned { y != x + 1 }
}`, []string{`{"xs": [1, 2, 3, 4], "banned": [2, 5]}`, `{"xs": [1], "banned": []}`}},
	{"comprehensions", `
arr := [y | some x in input.xs; y := x * 2]

set := {x | some x in input.xs}

obj := {k: v | some k, v in input.o}

out := {"arr": arr, "set": set, "obj": obj}`, []string{`{"xs": [3, 1, 3], "o": {"a": 1, "b": [2]}}`, `{"xs": [], "o": {}}`}},
	{"array patterns and lengths", `
out contains [a, b] if {
	some pair in input.pairs
	[a, b] := pair
}`, []string{`{"pairs": [[1, 2], [3], [4, 5, 6], "x", [7, 8]]}`}},
	{"data and object builtins", `
out := object.union(data.config.defaults, object.get(input, "overrides", {}))`, []string{`{"overrides": {"b": 3}}`, `{}`}},
	{"builtin errors are undefined", `
out contains "sum" if 1 + input.x == 2
out contains "fmt" if sprintf("%d", input.x)
out contains "regex" if regex.match(input.pattern, "abc")`, []string{`{"x": "a", "pattern": "("}`, `{"x": 1, "pattern": "b"}`}},
	{"numbers compare by value", `
out contains "eq" if input.a == input.b
out contains "lt" if input.a < input.c`, []string{`{"a": 1, "b": 1.0, "c": 1.5}`, `{"a": 2, "b": 3, "c": 1}`}},
	{"literals are fresh on every call", `
base(k) := {"k": k, "list": [1, 2]}
out := [object.union(base(x), {"x": x}) | some x in input.xs]`, []string{`{"xs": ["a", "b"]}`}},
	{"metadata chain", `
# METADATA
# title: A rule
# custom:
#   severity: warning
out := [link.annotations.title | some link in rego.metadata.chain(); link.annotations.title]`, []string{`{}`}},
	{"whole input values: count, equality, builtins, results", `
out := {"n": count(input.xs), "same": input.o == {"a": 1, "b": [2]}, "union": object.union(input.o, {"c": 3}),
	"all": input.xs, "keys": [k | some k, _ in input.o], "arr": is_array(input.xs), "obj": is_object(input.o),
	"null": input.o == null, "scalar": 1 == input.xs, "self": input.o == input.o}`, []string{`{"xs": [3, 1], "o": {"b": [2], "a": 1}}`, `{"xs": [], "o": {}}`}},
	{"replace: quoting, no match, overlaps, an empty pattern, a non-string", `
out := [replace(c[0], c[1], c[2]) | some c in input.cases]`, []string{`{"cases": [["a\"b\"", "\"", "\"\""], ["abc", "x", "y"], ["aaaa", "aa", "b"], ["héé", "é", "e"], ["ab", "", "-"], ["ab", 1, "-"], ["", "a", "b"]]}`}},
	{"conflicting outputs are an error", `
out := input.x if input.x
out := input.y if input.y`, []string{`{"x": 1}`, `{"x": 1, "y": 2}`}},
}

func TestPlanAgreesWithTopdown(t *testing.T) {
	ctx := context.Background()
	data := ast.MustParseTerm(`{"config": {"defaults": {"a": 1, "b": 2}}}`).Value
	for _, tc := range agreementCases {
		t.Run(tc.name, func(t *testing.T) {
			src := "# METADATA\n# title: package x\npackage x\n" + tc.module
			program := load(t, src, "x/out")
			mod := ast.MustParseModuleWithOpts(src, ast.ParserOptions{RegoVersion: ast.RegoV1, ProcessAnnotation: true})
			defined := 0
			for _, in := range tc.inputs {
				input := ast.MustParseTerm(in).Value
				want, wantErr := topdownValue(ctx, mod, input, data)
				got, err := program.Eval(ctx, "x/out", input, data)
				if (err != nil) != (wantErr != nil) {
					t.Fatalf("input %s: plan error %v, topdown error %v", in, err, wantErr)
				}
				if err != nil {
					continue
				}
				var gotV ast.Value
				if len(got) > 0 {
					gotV = got[0].Value
				}
				if (gotV == nil) != (want == nil) || (gotV != nil && gotV.Compare(want) != 0) {
					t.Errorf("input %s: plan %v, topdown %v", in, gotV, want)
				}
				// The same input read in place (Lazy) gives the same value.
				got, err = program.Eval(ctx, "x/out", lazyOf(input), data)
				if err != nil {
					t.Fatalf("input %s read in place: %v", in, err)
				}
				gotV = nil
				if len(got) > 0 {
					gotV = got[0].Value
				}
				if (gotV == nil) != (want == nil) || (gotV != nil && gotV.Compare(want) != 0) {
					t.Errorf("input %s read in place: plan %v, topdown %v", in, gotV, want)
				}
				if want != nil {
					defined++
				}
			}
			if defined == 0 {
				t.Error("no input gives the rule a value: the case compares nothing")
			}
		})
	}
}

// topdownValue evaluates data.x.out with OPA's topdown.
func topdownValue(ctx context.Context, mod *ast.Module, input, data ast.Value) (ast.Value, error) {
	var dataAny map[string]any
	if err := ast.As(data, &dataAny); err != nil {
		return nil, err
	}
	rs, err := rego.New(rego.Query("data.x.out"), rego.ParsedModule(mod), rego.Store(inmem.NewFromObject(dataAny)),
		rego.ParsedInput(input),
		rego.GenerateJSON(func(t *ast.Term, _ *rego.EvalContext) (any, error) { return t, nil })).Eval(ctx)
	if err != nil || len(rs) == 0 {
		return nil, err
	}
	return rs[0].Expressions[0].Value.(*ast.Term).Value, nil
}

// load plans src for the entry points and loads the plan.
func load(t *testing.T, src string, entrypoints ...string) *Program {
	t.Helper()
	mod, err := ast.ParseModuleWithOpts("x.rego", src, ast.ParserOptions{RegoVersion: ast.RegoV1, ProcessAnnotation: true})
	if err != nil {
		t.Fatal(err)
	}
	b := &bundle.Bundle{Modules: []bundle.ModuleFile{{URL: "x.rego", Path: "x.rego", Parsed: mod, Raw: []byte(src)}}}
	policy, err := Plan(context.Background(), b, ast.CapabilitiesForThisVersion(), entrypoints...)
	if err != nil {
		t.Fatal(err)
	}
	program, err := Load(policy)
	if err != nil {
		t.Fatal(err)
	}
	return program
}

func TestLoadRefusesWhatItCannotEvaluate(t *testing.T) {
	mod := ast.MustParseModuleWithOpts("package x\nf := input.a\nout := v if {\n\tv := f with input.a as 1\n}\n", ast.ParserOptions{RegoVersion: ast.RegoV1})
	b := &bundle.Bundle{Modules: []bundle.ModuleFile{{URL: "x.rego", Path: "x.rego", Parsed: mod, Raw: []byte("package x")}}}
	policy, err := Plan(context.Background(), b, ast.CapabilitiesForThisVersion(), "x/out")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Load(policy); err == nil || !strings.Contains(err.Error(), "WithStmt") {
		t.Fatalf("Load = %v, want an error naming WithStmt", err)
	}
}

// TestEncodingRoundTrip decodes an encoded program: it answers the same,
// and encodes to the same bytes.
func TestEncodingRoundTrip(t *testing.T) {
	program := load(t, `package x
out contains msg if {
	some s in input.statements
	msg := sprintf("%s: %v", [s.tag, {"n": 1.5, "s": {"a", "b"}, "null": null, "t": true}])
}`, "x/out")
	entrypoints := []string{"x/out"}
	encoded, err := program.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	decoded, err := Decode(encoded)
	if err != nil {
		t.Fatal(err)
	}
	again, err := decoded.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(encoded, again) {
		t.Error("a decoded program encodes to other bytes")
	}
	input := ast.MustParseTerm(`{"statements": [{"tag": "A"}, {"tag": "B"}]}`).Value
	for _, ep := range entrypoints {
		want, err := program.Eval(context.Background(), ep, input, nil)
		if err != nil {
			t.Fatal(err)
		}
		got, err := decoded.Eval(context.Background(), ep, input, nil)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 1 || len(want) != 1 || !got[0].Equal(want[0]) {
			t.Errorf("decoded program: %v, want %v", got, want)
		}
	}
	for _, bad := range [][]byte{nil, []byte("irvm"), encoded[:len(encoded)/2], append(bytes.Clone(encoded), 0)} {
		if _, err := Decode(bad); err == nil {
			t.Errorf("Decode of %d bytes succeeded, want an error", len(bad))
		}
	}
}

// TestFoldedConstantsAreNeverFilled fills a folded constant: the machine
// fills a copy, and the constant every evaluation shares stays as it was.
func TestFoldedConstantsAreNeverFilled(t *testing.T) {
	c := constant(ast.NewArray(ast.InternedTerm(1)))
	locals := []*ast.Term{c}
	m := &machine{}
	s := &stmt{op: opArrayAppend, target: 0, a: operand{local: -1, val: ast.InternedTerm(2)}}
	if code := m.exec(&block{stmts: []stmt{*s}}, locals); code != done {
		t.Fatalf("exec = %d, %v", code, m.err)
	}
	if c.Value.(*ast.Array).Len() != 1 {
		t.Errorf("the constant was filled: %v", c)
	}
	if got := locals[0].String(); got != "[1, 2]" {
		t.Errorf("local = %s, want [1, 2]", got)
	}
}

// testLazy reads an ordinary value as a Lazy, its composite parts as
// further Lazies, the way the engine reads the facts.
type testLazy struct{ v ast.Value }

// lazyOf is v read in place when it is composite.
func lazyOf(v ast.Value) ast.Value {
	switch v.(type) {
	case ast.Object, *ast.Array:
		return &testLazy{v}
	}
	return v
}

func (l *testLazy) Dot(key *ast.Term) *ast.Term {
	if _, lazy := key.Value.(Lazy); lazy {
		panic("a Lazy key")
	}
	t := dot(ast.NewTerm(l.v), key)
	if t == nil {
		return nil
	}
	return ast.NewTerm(lazyOf(t.Value))
}

func (l *testLazy) Len() int { n, _ := length(ast.NewTerm(l.v)); return n }

func (l *testLazy) IsArray() bool { _, ok := l.v.(*ast.Array); return ok }

func (l *testLazy) Iter(f func(k, v *ast.Term) bool) {
	switch x := l.v.(type) {
	case *ast.Array:
		for i := range x.Len() {
			if !f(ast.InternedTerm(i), ast.NewTerm(lazyOf(x.Elem(i).Value))) {
				return
			}
		}
	case ast.Object:
		x.Until(func(k, v *ast.Term) bool { return !f(k, ast.NewTerm(lazyOf(v.Value))) })
	}
}

func (l *testLazy) Materialize() ast.Value            { return l.v }
func (l *testLazy) Compare(o ast.Value) int           { return l.v.Compare(o) }
func (l *testLazy) Find(p ast.Ref) (ast.Value, error) { return l.v.Find(p) }
func (l *testLazy) Hash() int                         { return l.v.Hash() }
func (l *testLazy) IsGround() bool                    { return true }
func (l *testLazy) String() string                    { return l.v.String() }
func (l *testLazy) StringLength() int                 { return l.v.StringLength() }
