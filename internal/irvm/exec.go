package irvm

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"unicode/utf8"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/topdown"
)

// Control codes returned by exec. A code >= 0 is a branch: the number of
// enclosing blocks still to leave, the block exec ran counting as 0 (an
// undefined statement is a branch 0: its block ends). The IR's block
// structure is Wasm's, and so are these rules (see OPA's Wasm compiler,
// which the planner targets).
const (
	done     = -1 // every statement of the block was defined
	returned = -2 // a ReturnLocalStmt ended the function
	aborted  = -3 // a runtime error (m.err) ended the evaluation
)

// Eval runs the plan named entrypoint (the query's path, such as
// "ddlgate_enabled/findings") with input and data, and returns the values
// its query produced: the value of the entry point's rule, one per result,
// none when it is undefined.
func (p *Program) Eval(ctx context.Context, entrypoint string, input, data ast.Value) ([]*ast.Term, error) {
	id, ok := p.Plan(entrypoint)
	if !ok {
		return nil, fmt.Errorf("evaluate plan: no plan %s", entrypoint)
	}
	e := p.NewEvaluation(ctx, input, data)
	defer e.Close()
	return e.Run(id)
}

// Evaluation runs plans of a program on one input and data document. The
// rules without arguments that the plans share are evaluated once for all
// of them. An Evaluation is not safe for concurrent use; Close releases it.
type Evaluation struct {
	m           *machine
	input, data *ast.Term
}

// NewEvaluation starts an evaluation of input and data (an empty object
// when nil).
func (p *Program) NewEvaluation(ctx context.Context, input, data ast.Value) *Evaluation {
	e := &Evaluation{m: p.machine(ctx), data: ast.NewTerm(ast.NewObject())}
	if input != nil {
		e.input = ast.NewTerm(input)
	}
	if data != nil {
		e.data = ast.NewTerm(data)
	}
	return e
}

// Run runs one plan and returns the values its query produced.
func (e *Evaluation) Run(id PlanID) ([]*ast.Term, error) {
	m := e.m
	pl := m.p.plans[id]
	locals := m.push(pl.nlocals)
	defer m.pop(pl.nlocals)
	locals[0], locals[1] = e.input, e.data
	m.results = m.results[:0]
	for _, b := range pl.blocks {
		if m.exec(b, locals) == aborted {
			return nil, m.err
		}
	}
	var results []*ast.Term
	for _, r := range m.results {
		// A plan adds {"result": value} per result of its query.
		if obj, ok := r.Value.(ast.Object); ok {
			if v := obj.Get(resultKey); v != nil {
				results = append(results, v)
			}
		}
	}
	return results, nil
}

// Close releases the evaluation's machine.
func (e *Evaluation) Close() {
	if e.m != nil {
		e.m.p.release(e.m)
		e.m = nil
	}
}

var resultKey = ast.InternedTerm("result")

// machine is the state of one evaluation.
type machine struct {
	p       *Program
	bctx    topdown.BuiltinContext
	memo    []*ast.Term
	memoSet []bool
	// calls memoizes functions called with constant arguments (see call).
	calls map[callKey]*ast.Term
	// materialized holds the parts of the input materialized so far: the
	// same span, type or statement ends up in the findings and
	// comprehensions of several rules.
	materialized map[Lazy]*ast.Term
	results      []*ast.Term
	ret          *ast.Term
	err          error
	// stack holds the locals of the active calls; a frame that does not fit
	// starts a new stack, the older frames keep theirs.
	stack []*ast.Term
	sp    int
	// args and out are the scratch of builtin calls: builtins do not keep
	// their operands, and do not call back into the machine.
	args  []*ast.Term
	out   *ast.Term
	outFn func(*ast.Term) error
}

var machines sync.Pool

func (p *Program) machine(ctx context.Context) *machine {
	m, _ := machines.Get().(*machine)
	if m == nil {
		m = &machine{stack: make([]*ast.Term, 1024)}
		m.outFn = func(t *ast.Term) error {
			m.out = t
			return nil
		}
	}
	m.p = p
	m.bctx = topdown.BuiltinContext{Context: ctx}
	if cap(m.memo) < len(p.funcs) {
		m.memo = make([]*ast.Term, len(p.funcs))
		m.memoSet = make([]bool, len(p.funcs))
	}
	m.memo, m.memoSet = m.memo[:len(p.funcs)], m.memoSet[:len(p.funcs)]
	return m
}

func (p *Program) release(m *machine) {
	clear(m.memo)
	clear(m.memoSet)
	clear(m.calls)
	clear(m.materialized)
	clear(m.results)
	clear(m.stack)
	m.results, m.ret, m.err, m.sp, m.out, m.p = m.results[:0], nil, nil, 0, nil, nil
	m.bctx = topdown.BuiltinContext{}
	machines.Put(m)
}

// push returns n fresh (undefined) locals.
func (m *machine) push(n int) []*ast.Term {
	if m.sp+n > len(m.stack) {
		m.stack = make([]*ast.Term, max(2*len(m.stack), m.sp+n))
	}
	frame := m.stack[m.sp : m.sp+n : m.sp+n]
	clear(frame)
	m.sp += n
	return frame
}

func (m *machine) pop(n int) { m.sp -= n }

func (o *operand) get(locals []*ast.Term) *ast.Term {
	if o.local >= 0 {
		return locals[o.local]
	}
	return o.val
}

// exec runs the statements of b over locals.
func (m *machine) exec(b *block, locals []*ast.Term) int {
	for i := range b.stmts {
		s := &b.stmts[i]
		switch s.op {
		case opNop:
		case opAssignVar:
			locals[s.target] = s.a.get(locals)
		case opAssignVarOnce:
			v := s.a.get(locals)
			if cur := locals[s.target]; cur != nil && (v == nil || !equal(cur, v)) {
				return m.fail(s, "complete rules and functions must not produce multiple outputs")
			}
			locals[s.target] = v
		case opAssignInt:
			locals[s.target] = ast.InternedTerm(int(s.n))
		case opResetLocal:
			locals[s.target] = nil
		case opConst, opMakeNumber:
			locals[s.target] = s.a.val
		case opMakeNull:
			locals[s.target] = ast.InternedNullTerm
		case opMakeArray:
			locals[s.target] = ast.NewTerm(ast.NewArrayWithCapacity(int(s.n)))
		case opMakeObject:
			locals[s.target] = ast.NewTerm(ast.NewObject())
		case opMakeSet:
			locals[s.target] = ast.NewTerm(ast.NewSet())
		case opDot:
			src, key := s.a.get(locals), s.b.get(locals)
			if src == nil || key == nil {
				return 0
			}
			v := dot(src, key)
			if v == nil {
				return 0
			}
			locals[s.target] = v
		case opLen:
			v := s.a.get(locals)
			if v == nil {
				return 0
			}
			n, ok := length(v)
			if !ok {
				return 0
			}
			locals[s.target] = ast.InternedTerm(n)
		case opEqual:
			a, b := s.a.get(locals), s.b.get(locals)
			if a == nil || b == nil || !equal(a, b) {
				return 0
			}
		case opNotEqual:
			a, b := s.a.get(locals), s.b.get(locals)
			if a == nil || b == nil || equal(a, b) {
				return 0
			}
		case opIsArray:
			if v := s.a.get(locals); v == nil || !isArray(v) {
				return 0
			}
		case opIsObject:
			if v := s.a.get(locals); v == nil || !isObject(v) {
				return 0
			}
		case opIsSet:
			if v := s.a.get(locals); v == nil {
				return 0
			} else if _, ok := v.Value.(ast.Set); !ok {
				return 0
			}
		case opIsDefined:
			if locals[s.a.local] == nil {
				return 0
			}
		case opIsUndefined:
			if locals[s.a.local] != nil {
				return 0
			}
		case opArrayAppend:
			t, v := m.filled(s, locals), m.concrete(s.a.get(locals))
			arr, ok := t.Value.(*ast.Array)
			if !ok || v == nil {
				return m.fail(s, "append to a non-array")
			}
			// In place, as the Wasm target does: a value under
			// construction belongs to this local.
			t.Value = arr.Append(v)
		case opObjectInsert, opObjectInsertOnce:
			t, k, v := m.filled(s, locals), m.concrete(s.a.get(locals)), m.concrete(s.b.get(locals))
			obj, ok := t.Value.(ast.Object)
			if !ok || k == nil || v == nil {
				return m.fail(s, "insert into a non-object")
			}
			if s.op == opObjectInsertOnce {
				if cur := obj.Get(k); cur != nil && !equal(cur, v) {
					return m.fail(s, "object keys must be unique")
				}
			}
			obj.Insert(k, v)
		case opObjectMerge:
			a, b := m.concrete(s.a.get(locals)), m.concrete(s.b.get(locals))
			ao, aok := a.Value.(ast.Object)
			bo, bok := b.Value.(ast.Object)
			if !aok || !bok {
				return m.fail(s, "merge of non-objects")
			}
			merged, ok := ao.Merge(bo)
			if !ok {
				return m.fail(s, "object merge conflict")
			}
			locals[s.target] = ast.NewTerm(merged)
		case opSetAdd:
			t, v := m.filled(s, locals), m.concrete(s.a.get(locals))
			set, ok := t.Value.(ast.Set)
			if !ok || v == nil {
				return m.fail(s, "add to a non-set")
			}
			set.Add(v)
		case opResultSetAdd:
			if v := locals[s.a.local]; v != nil {
				m.results = append(m.results, m.concrete(v))
			}
		case opReturnLocal:
			m.ret = locals[s.a.local]
			return returned
		case opCall:
			v, code := m.call(s.fn, s.args, locals)
			if code == aborted {
				return aborted
			}
			if v == nil {
				return 0
			}
			locals[s.target] = v
		case opCallBuiltin:
			v, err := m.builtin(s, locals)
			if err != nil {
				m.err = err
				return aborted
			}
			if v == nil {
				return 0
			}
			locals[s.target] = v
		case opBlock:
			for _, inner := range s.blocks {
				switch r := m.exec(inner, locals); {
				case r == returned || r == aborted:
					return r
				case r > 0:
					return r - 1
				}
			}
		case opBreak:
			return int(s.n)
		case opScan:
			if r := m.scan(s, locals); r != done {
				return r
			}
		case opNot:
			switch r := m.exec(s.block, locals); {
			case r == done:
				return 0
			case r == returned || r == aborted:
				return r
			case r > 0:
				return r - 1
			}
		default:
			m.err = fmt.Errorf("evaluate plan: unknown opcode %d", s.op)
			return aborted
		}
	}
	return done
}

// filled returns the value s fills: the target local's, or a copy of it
// when it is a folded constant, which every evaluation shares.
func (m *machine) filled(s *stmt, locals []*ast.Term) *ast.Term {
	t := locals[s.target]
	if t == nil || t.Location != constLocation {
		return t
	}
	var c ast.Value
	switch v := t.Value.(type) {
	case *ast.Array:
		elems := make([]*ast.Term, v.Len())
		for i := range elems {
			elems[i] = v.Elem(i)
		}
		c = ast.NewArray(elems...)
	case ast.Object:
		c = v.Copy()
	case ast.Set:
		c = v.Copy()
	default:
		return t
	}
	t = ast.NewTerm(c)
	locals[s.target] = t
	return t
}

// scan runs the body of a ScanStmt for every key and value of its source
// (nothing for a scalar). The body sits in a loop inside a block: a branch
// 0 continues with the next element, 1 leaves the scan, more leaves the
// blocks around it.
func (m *machine) scan(s *stmt, locals []*ast.Term) int {
	src := locals[s.a.local]
	if src == nil {
		return done
	}
	code := done
	// body returns whether the scan goes on.
	body := func(k, v *ast.Term) bool {
		locals[s.scanKey], locals[s.scanVal] = k, v
		switch r := m.exec(s.block, locals); {
		case r == done || r == 0:
			return true
		case r == returned || r == aborted:
			code = r
		case r == 1:
		default:
			code = r - 2
		}
		return false
	}
	switch x := src.Value.(type) {
	case *ast.Array:
		for i := range x.Len() {
			if !body(ast.InternedTerm(i), x.Elem(i)) {
				break
			}
		}
	case ast.Object:
		x.Until(func(k, v *ast.Term) bool { return !body(k, v) })
	case ast.Set:
		x.Until(func(e *ast.Term) bool { return !body(e, e) })
	case Lazy:
		x.Iter(body)
	}
	return code
}

// call runs a planned function; nil is undefined.
func (m *machine) call(fn *function, args []operand, locals []*ast.Term) (*ast.Term, int) {
	if fn.memo && m.memoSet[fn.index] {
		return m.memo[fn.index], done
	}
	key, constant := constantCall(fn, args, locals)
	if constant {
		if v, ok := m.calls[key]; ok {
			return v, done
		}
	}
	frame := m.push(fn.nlocals)
	for i, p := range fn.params {
		frame[p] = args[i].get(locals)
	}
	var result *ast.Term
	for _, b := range fn.blocks {
		r := m.exec(b, frame)
		if r == aborted {
			m.pop(fn.nlocals)
			return nil, aborted
		}
		if r == returned {
			result = m.ret
			m.ret = nil
			break
		}
	}
	m.pop(fn.nlocals)
	if fn.memo {
		m.memo[fn.index], m.memoSet[fn.index] = result, true
	}
	if constant {
		if m.calls == nil {
			m.calls = map[callKey]*ast.Term{}
		}
		m.calls[key] = result
	}
	return result, done
}

// callKey identifies a call by its function and its arguments after input
// and data: a constant by its term, a part of the input by its Lazy reader
// (readers of the same part are equal).
type callKey struct {
	fn   int
	args [3]any
}

// constantCall returns the key of a call whose arguments (after input and
// data) are all constants of the program or parts of the input read in
// place: a Rego function is a function of its arguments, input and data, so
// within one evaluation such a call has one result. The library calls its
// helpers with the METADATA chain of a rule, a folded constant, once per
// finding; and several rules call the same helper on the same action
// (facts.column_types(action)), whose result would otherwise be built, and
// the action's values converted, once per rule.
func constantCall(fn *function, args []operand, locals []*ast.Term) (callKey, bool) {
	n := len(args) - 2
	if n < 1 || n > len(callKey{}.args) {
		return callKey{}, false
	}
	key := callKey{fn: fn.index}
	for i, a := range args[2:] {
		v := a.get(locals)
		switch {
		case v == nil:
			return callKey{}, false
		case a.local < 0 || v.Location == constLocation:
			key.args[i] = v
		default:
			l, ok := v.Value.(Lazy)
			if !ok {
				return callKey{}, false
			}
			key.args[i] = l
		}
	}
	return key, true
}

// builtin calls one of OPA's builtins. As in topdown, an error of the
// builtin makes the call undefined unless it halts evaluation.
func (m *machine) builtin(s *stmt, locals []*ast.Term) (*ast.Term, error) {
	args := m.args[:0]
	for i := range s.args {
		v := s.args[i].get(locals)
		if v == nil {
			return nil, nil
		}
		if l, ok := v.Value.(Lazy); ok {
			if s.builtin.count {
				// count(input.statements) of a data seed: its length,
				// not a conversion of every statement.
				return ast.InternedTerm(l.Len()), nil
			}
			v = m.materialize(l)
		}
		args = append(args, v)
	}
	m.args = args
	m.out = nil
	err := s.builtin.fn(m.bctx, args, m.outFn)
	clear(args)
	out := m.out
	m.out = nil
	if err != nil {
		var halt topdown.Halt
		if errors.As(err, &halt) {
			return nil, halt.Err
		}
		return nil, nil
	}
	return out, nil
}

// concrete returns t with a Lazy value materialized.
func (m *machine) concrete(t *ast.Term) *ast.Term {
	if t == nil {
		return nil
	}
	if l, ok := t.Value.(Lazy); ok {
		return m.materialize(l)
	}
	return t
}

// materialize converts a part of the input once per evaluation: the
// plan's values never change once built (an object or array under
// construction is one the plan made, not a materialized part), so they
// can share it.
func (m *machine) materialize(l Lazy) *ast.Term {
	if t, ok := m.materialized[l]; ok {
		return t
	}
	t := ast.NewTerm(l.Materialize())
	if m.materialized == nil {
		m.materialized = map[Lazy]*ast.Term{}
	}
	m.materialized[l] = t
	return t
}

func (m *machine) fail(s *stmt, msg string) int {
	where := ""
	if s.file >= 0 && int(s.file) < len(m.p.files) {
		where = fmt.Sprintf(" at %s:%d", m.p.files[s.file], s.row)
	}
	m.err = fmt.Errorf("evaluate plan: %s%s", msg, where)
	return aborted
}

// dot looks key up in src: an object's value, an array's element, a set's
// member; nil when absent or src is a scalar.
func dot(src, key *ast.Term) *ast.Term {
	switch v := src.Value.(type) {
	case ast.Object:
		return v.Get(key)
	case *ast.Array:
		n, ok := key.Value.(ast.Number)
		if !ok {
			return nil
		}
		i, ok := n.Int()
		if !ok || i < 0 || i >= v.Len() {
			return nil
		}
		return v.Elem(i)
	case ast.Set:
		if v.Contains(key) {
			return key
		}
	case Lazy:
		return v.Dot(concrete(key))
	}
	return nil
}

func length(t *ast.Term) (int, bool) {
	switch v := t.Value.(type) {
	case *ast.Array:
		return v.Len(), true
	case ast.Object:
		return v.Len(), true
	case ast.Set:
		return v.Len(), true
	case ast.String:
		return utf8.RuneCountInString(string(v)), true
	case Lazy:
		return v.Len(), true
	}
	return 0, false
}

func isArray(t *ast.Term) bool {
	switch v := t.Value.(type) {
	case *ast.Array:
		return true
	case Lazy:
		return v.IsArray()
	}
	return false
}

func isObject(t *ast.Term) bool {
	switch v := t.Value.(type) {
	case ast.Object:
		return true
	case Lazy:
		return !v.IsArray()
	}
	return false
}

// equal is Rego equality of two values.
func equal(a, b *ast.Term) bool {
	if a == b {
		return true
	}
	switch x := a.Value.(type) {
	case ast.String:
		y, ok := b.Value.(ast.String)
		return ok && x == y
	case ast.Boolean:
		y, ok := b.Value.(ast.Boolean)
		return ok && x == y
	}
	la, aLazy := a.Value.(Lazy)
	lb, bLazy := b.Value.(Lazy)
	if aLazy || bLazy {
		if aLazy && bLazy && la == lb {
			return true // the same part of the input
		}
		if !composite(a) || !composite(b) {
			// `stmt.blocking_lock != null`: decided without
			// materializing the input's object.
			return false
		}
		a, b = concrete(a), concrete(b)
	}
	return ast.ValueEqual(a.Value, b.Value)
}

func composite(t *ast.Term) bool {
	switch t.Value.(type) {
	case Lazy, ast.Object, *ast.Array, ast.Set:
		return true
	}
	return false
}
