package irvm

import "github.com/open-policy-agent/opa/v1/ast"

// Constant folding. The planner builds every composite literal statement by
// statement, each time it is evaluated: rego.metadata.chain(), which the
// compiler rewrites into the literal of a rule's METADATA, costs some fifty
// statements and as many allocations on every call of a rule that reports.
// fold builds such values once, at load time: a local made by a Make
// statement and then only filled with constants becomes one opConst
// statement that sets the finished value.
//
// A folded value is shared by every evaluation, so it must never be
// mutated afterwards. A local that a statement not folded fills later (a
// comprehension's accumulator) is not folded: foldFunction retries without
// it. And a folded value carries the location constLocation, which makes a
// statement that fills it anyway fill a copy (see exec).

// constLocation marks the terms of folded values.
var constLocation = &ast.Location{File: "<constant>"}

// foldProgram folds the constants of every function and plan of p.
func foldProgram(p *Program) {
	for _, fn := range p.funcs {
		fn.blocks = foldFunction(fn.blocks)
	}
	for _, pl := range p.plans {
		pl.blocks = foldFunction(pl.blocks)
	}
}

// foldFunction folds blocks, the body of one function, leaving out the
// locals that a statement not folded fills later.
func foldFunction(blocks []*block) []*block {
	excluded := map[int32]bool{}
	for {
		f := &folder{excluded: excluded, folded: map[int32]bool{}}
		out := make([]*block, len(blocks))
		for i, b := range blocks {
			out[i] = f.block(b)
		}
		again := false
		walk(out, func(s *stmt) {
			if isMutation(s.op) && f.folded[s.target] && !excluded[s.target] {
				excluded[s.target] = true
				again = true
			}
		})
		if !again {
			return out
		}
	}
}

type folder struct {
	excluded map[int32]bool
	// folded are the locals some opConst of this pass sets.
	folded map[int32]bool
}

// pending is a value under construction: made at stmts[at], filled so far
// with constants only.
type pending struct {
	at    int
	value *ast.Term
}

// blockFolder folds one block.
type blockFolder struct {
	*folder
	out  *block
	open map[int32]*pending
}

// settle turns the value made in local x into a constant: its Make
// statement becomes an opConst setting the finished value.
func (b *blockFolder) settle(x int32) {
	p, ok := b.open[x]
	if !ok {
		return
	}
	delete(b.open, x)
	s := &b.out.stmts[p.at]
	p.value.Location = constLocation
	s.op, s.a = opConst, operand{local: -1, val: p.value}
	b.folded[x] = true
}

func (f *folder) block(in *block) *block {
	b := &blockFolder{folder: f, out: &block{stmts: make([]stmt, 0, len(in.stmts))}, open: map[int32]*pending{}}
	for i := range in.stmts {
		s := in.stmts[i]
		if v := madeConstant(&s); v != nil && !f.excluded[s.target] {
			b.settle(s.target)
			b.open[s.target] = &pending{at: len(b.out.stmts), value: v}
			b.out.stmts = append(b.out.stmts, s)
			continue
		}
		if p, ok := b.open[s.target]; ok && isMutation(s.op) && b.fill(p, &s) {
			continue
		}
		// Any other statement settles what it reads or writes.
		locals(&s, b.settle)
		if s.block != nil {
			s.block = f.block(s.block)
		}
		if s.blocks != nil {
			blocks := make([]*block, len(s.blocks))
			for j, inner := range s.blocks {
				blocks[j] = f.block(inner)
			}
			s.blocks = blocks
		}
		b.out.stmts = append(b.out.stmts, s)
	}
	for x := range b.open {
		b.settle(x)
	}
	return b.out
}

// fill applies the mutation s to the pending value p when its operands are
// constants or finished values of other pending locals, reporting whether
// it did.
func (b *blockFolder) fill(p *pending, s *stmt) bool {
	constant := func(o operand) (*ast.Term, bool) {
		if o.local < 0 {
			return o.val, true
		}
		if q, ok := b.open[o.local]; ok && o.local != s.target {
			// The inner value is finished: settled, it is inserted as
			// the local holds it from here on.
			b.settle(o.local)
			return q.value, true
		}
		return nil, false
	}
	switch s.op {
	case opArrayAppend:
		arr, ok := p.value.Value.(*ast.Array)
		if !ok {
			return false
		}
		v, ok := constant(s.a)
		if !ok {
			return false
		}
		p.value.Value = arr.Append(v)
		return true
	case opObjectInsert:
		obj, ok := p.value.Value.(ast.Object)
		if !ok || s.a.local >= 0 {
			return false
		}
		v, ok := constant(s.b)
		if !ok {
			return false
		}
		obj.Insert(s.a.val, v)
		return true
	case opSetAdd:
		set, ok := p.value.Value.(ast.Set)
		if !ok {
			return false
		}
		v, ok := constant(s.a)
		if !ok {
			return false
		}
		set.Add(v)
		return true
	}
	return false
}

// madeConstant returns a fresh value for a statement that makes one from
// nothing but constants, nil for any other.
func madeConstant(s *stmt) *ast.Term {
	switch s.op {
	case opMakeArray:
		return ast.NewTerm(ast.NewArrayWithCapacity(int(s.n)))
	case opMakeObject:
		return ast.NewTerm(ast.NewObject())
	case opMakeSet:
		return ast.NewTerm(ast.NewSet())
	}
	return nil
}

func isMutation(op opcode) bool {
	switch op {
	case opArrayAppend, opObjectInsert, opObjectInsertOnce, opSetAdd:
		return true
	}
	return false
}

// locals calls fn with every local s reads or writes, its nested blocks
// included.
func locals(s *stmt, fn func(int32)) {
	switch s.op {
	case opAssignVar, opAssignVarOnce, opAssignInt, opResetLocal, opConst, opMakeNull, opMakeNumber,
		opMakeArray, opMakeObject, opMakeSet, opDot, opLen, opArrayAppend, opObjectInsert,
		opObjectInsertOnce, opObjectMerge, opSetAdd, opCall, opCallBuiltin:
		fn(s.target)
	case opScan:
		fn(s.scanKey)
		fn(s.scanVal)
	}
	if s.a.local >= 0 {
		fn(s.a.local)
	}
	if s.b.local >= 0 {
		fn(s.b.local)
	}
	for _, o := range s.args {
		if o.local >= 0 {
			fn(o.local)
		}
	}
	if s.block != nil {
		for i := range s.block.stmts {
			locals(&s.block.stmts[i], fn)
		}
	}
	for _, b := range s.blocks {
		for i := range b.stmts {
			locals(&b.stmts[i], fn)
		}
	}
}

// walk calls fn with every statement of blocks, nested ones included.
func walk(blocks []*block, fn func(*stmt)) {
	for _, b := range blocks {
		for i := range b.stmts {
			s := &b.stmts[i]
			fn(s)
			if s.block != nil {
				walk([]*block{s.block}, fn)
			}
			walk(s.blocks, fn)
		}
	}
}
