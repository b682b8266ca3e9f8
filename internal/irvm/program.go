// Package irvm evaluates OPA IR plans (github.com/open-policy-agent/opa/v1/ir)
// in Go, over ast.Value input and data. OPA plans a policy query into an
// imperative program of blocks and statements for its Wasm target; this
// package interprets that program directly, without Wasm, and calls OPA's
// own builtin implementations (topdown.GetBuiltin), so a plan answers what
// topdown answers for the same Rego, at a fraction of the cost of topdown's
// bindings, unification and caches.
//
// A Program is loaded once (Load) and is safe for concurrent use; each Eval
// runs on a machine of its own.
package irvm

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/ir"
	"github.com/open-policy-agent/opa/v1/topdown"
)

// Program is a loaded plan: every statement resolved to its function,
// builtin or constant, so that evaluation does no lookups by name.
type Program struct {
	plans  []*plan
	byName map[string]int
	funcs  []*function
	// files are the Rego files of the plan, for error messages.
	files []string
}

type plan struct {
	name    string
	blocks  []*block
	nlocals int
}

// function is a planned function: a rule (params input and data) or a Rego
// function (more params).
type function struct {
	name    string
	index   int
	params  []int32
	ret     int32
	blocks  []*block
	nlocals int
	// memo is set for rules without arguments (input and data only): their
	// value is computed once per evaluation, as OPA's Wasm target does.
	memo bool
}

type block struct {
	stmts []stmt
}

// opcode is a statement's operation. The values are part of the encoding:
// changing one means bumping encodingVersion, so that a plan encoded before
// is refused rather than misread.
type opcode uint8

const (
	opNop opcode = iota
	opAssignVar
	opAssignVarOnce
	opAssignInt
	opResetLocal
	opConst // target = a constant built at load time (see fold)
	opMakeNull
	opMakeNumber
	opMakeArray
	opMakeObject
	opMakeSet
	opDot
	opLen
	opEqual
	opNotEqual
	opIsArray
	opIsObject
	opIsSet
	opIsDefined
	opIsUndefined
	opArrayAppend
	opObjectInsert
	opObjectInsertOnce
	opObjectMerge
	opSetAdd
	opResultSetAdd
	opReturnLocal
	opCall
	opCallBuiltin
	opBlock
	opBreak
	opScan
	opNot
)

// operand is a local (local >= 0) or a constant (val).
type operand struct {
	local int32
	val   *ast.Term
}

// stmt is one resolved statement. The fields used depend on op; their
// names follow the IR: a and b are a statement's two operands (source and
// key, key and value, A and B), target the local it writes.
type stmt struct {
	op      opcode
	target  int32
	a, b    operand
	n       int64 // AssignInt value, MakeArray capacity, Break index
	args    []operand
	fn      *function
	builtin *builtin
	block   *block
	blocks  []*block
	scanKey int32
	scanVal int32
	// file (an index into Program.files, -1 for none) and row locate the
	// Rego expression the statement comes from.
	file, row int32
}

// noOperand is the operand of a statement that has none.
var noOperand = operand{local: -1}

// builtin is one of OPA's builtin functions.
type builtin struct {
	name string
	fn   topdown.BuiltinFunc
	// arity is the number of declared arguments.
	arity int
	// count is set for count, which takes a Lazy's length (see builtin).
	count bool
}

// Load resolves policy: functions by name, builtins to OPA's
// implementations, static strings to terms. It fails on a statement this
// package does not evaluate (WithStmt, CallDynamicStmt) or a builtin OPA
// does not implement in Go, naming it.
func Load(policy *ir.Policy) (*Program, error) {
	if policy == nil || policy.Static == nil || policy.Plans == nil {
		return nil, errors.New("load plan: empty policy")
	}
	l := &loader{
		policy:   policy,
		funcs:    map[string]*function{},
		builtins: map[string]*builtin{},
	}
	l.strings = make([]*ast.Term, len(policy.Static.Strings))
	for i, s := range policy.Static.Strings {
		l.strings[i] = ast.InternedTerm(s.Value)
	}
	for _, bf := range policy.Static.BuiltinFuncs {
		fn := builtinFunc(bf.Name)
		if fn == nil {
			return nil, fmt.Errorf("load plan: builtin %s has no Go implementation", bf.Name)
		}
		arity := 0
		if bf.Decl != nil {
			arity = len(bf.Decl.FuncArgs().Args)
		}
		l.builtins[bf.Name] = &builtin{name: bf.Name, fn: fn, arity: arity, count: bf.Name == ast.Count.Name}
	}
	p := &Program{byName: map[string]int{}}
	for _, f := range policy.Static.Files {
		p.files = append(p.files, f.Value)
	}
	if policy.Funcs != nil {
		for i, f := range policy.Funcs.Funcs {
			fn := &function{name: f.Name, index: i, ret: int32(f.Return), memo: len(f.Params) == 2}
			for _, prm := range f.Params {
				fn.params = append(fn.params, int32(prm))
			}
			l.funcs[f.Name] = fn
			p.funcs = append(p.funcs, fn)
		}
		for i, f := range policy.Funcs.Funcs {
			fn := p.funcs[i]
			l.maxLocal = int32(f.Return)
			for _, prm := range f.Params {
				l.maxLocal = max(l.maxLocal, int32(prm))
			}
			blocks, err := l.blocks(f.Blocks)
			if err != nil {
				return nil, fmt.Errorf("load plan: function %s: %w", f.Name, err)
			}
			fn.blocks = blocks
			fn.nlocals = int(l.maxLocal) + 1
		}
	}
	for _, pl := range policy.Plans.Plans {
		l.maxLocal = int32(ir.Data)
		blocks, err := l.blocks(pl.Blocks)
		if err != nil {
			return nil, fmt.Errorf("load plan: plan %s: %w", pl.Name, err)
		}
		p.byName[pl.Name] = len(p.plans)
		p.plans = append(p.plans, &plan{name: pl.Name, blocks: blocks, nlocals: int(l.maxLocal) + 1})
	}
	foldProgram(p)
	return p, nil
}

// Plan returns the plan of an entry point (its path, such as
// "ddlgate/rules/locking/require-lock-timeout/report"), to run with
// Evaluation.Run.
func (p *Program) Plan(entrypoint string) (PlanID, bool) {
	i, ok := p.byName[entrypoint]
	return PlanID(i), ok
}

// PlanID identifies a plan of a Program.
type PlanID int

type loader struct {
	policy   *ir.Policy
	strings  []*ast.Term
	funcs    map[string]*function
	builtins map[string]*builtin
	maxLocal int32
}

func (l *loader) blocks(in []*ir.Block) ([]*block, error) {
	out := make([]*block, len(in))
	for i, b := range in {
		var err error
		if out[i], err = l.block(b); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func (l *loader) block(in *ir.Block) (*block, error) {
	b := &block{stmts: make([]stmt, 0, len(in.Stmts))}
	for _, s := range in.Stmts {
		st, err := l.stmt(s)
		if err != nil {
			return nil, err
		}
		b.stmts = append(b.stmts, st)
	}
	return b, nil
}

func (l *loader) local(x ir.Local) int32 {
	l.maxLocal = max(l.maxLocal, int32(x))
	return int32(x)
}

func (l *loader) operand(o ir.Operand) (operand, error) {
	// Plans decoded from JSON hold pointers to the operand values.
	switch v := o.Value.(type) {
	case *ir.Local:
		return operand{local: l.local(*v)}, nil
	case *ir.StringIndex:
		return l.operand(ir.Operand{Value: *v})
	case *ir.Bool:
		return operand{local: -1, val: ast.InternedTerm(bool(*v))}, nil
	case ir.Local:
		return operand{local: l.local(v)}, nil
	case ir.StringIndex:
		if int(v) < 0 || int(v) >= len(l.strings) {
			return operand{}, fmt.Errorf("string index %d out of range", v)
		}
		return operand{local: -1, val: l.strings[v]}, nil
	case ir.Bool:
		return operand{local: -1, val: ast.InternedTerm(bool(v))}, nil
	}
	return operand{}, fmt.Errorf("unknown operand %v", o.Value)
}

func (l *loader) stmt(s ir.Stmt) (stmt, error) {
	out := stmt{a: noOperand, b: noOperand, file: -1}
	if loc := s.GetLocation(); loc != nil && loc.Row > 0 {
		out.file, out.row = int32(loc.File), int32(loc.Row)
	}
	var err error
	two := func(a, b ir.Operand) {
		if out.a, err = l.operand(a); err == nil {
			out.b, err = l.operand(b)
		}
	}
	one := func(a ir.Operand) { out.a, err = l.operand(a) }
	switch s := s.(type) {
	case *ir.NopStmt:
		out.op = opNop
	case *ir.AssignVarStmt:
		out.op, out.target = opAssignVar, l.local(s.Target)
		one(s.Source)
	case *ir.AssignVarOnceStmt:
		out.op, out.target = opAssignVarOnce, l.local(s.Target)
		one(s.Source)
	case *ir.AssignIntStmt:
		out.op, out.target, out.n = opAssignInt, l.local(s.Target), s.Value
	case *ir.ResetLocalStmt:
		out.op, out.target = opResetLocal, l.local(s.Target)
	case *ir.MakeNullStmt:
		out.op, out.target = opMakeNull, l.local(s.Target)
	case *ir.MakeNumberIntStmt:
		out.op, out.target = opMakeNumber, l.local(s.Target)
		out.a = operand{local: -1, val: ast.InternedTerm(int(s.Value))}
	case *ir.MakeNumberRefStmt:
		if s.Index < 0 || s.Index >= len(l.strings) {
			return out, fmt.Errorf("number ref %d out of range", s.Index)
		}
		out.op, out.target = opMakeNumber, l.local(s.Target)
		lit := l.policy.Static.Strings[s.Index].Value
		out.a = operand{local: -1, val: ast.InternedIntNumberTermFromString(lit)}
		if out.a.val == nil {
			out.a.val = ast.NumberTerm(json.Number(lit))
		}
	case *ir.MakeArrayStmt:
		out.op, out.target, out.n = opMakeArray, l.local(s.Target), int64(s.Capacity)
	case *ir.MakeObjectStmt:
		out.op, out.target = opMakeObject, l.local(s.Target)
	case *ir.MakeSetStmt:
		out.op, out.target = opMakeSet, l.local(s.Target)
	case *ir.DotStmt:
		out.op, out.target = opDot, l.local(s.Target)
		two(s.Source, s.Key)
	case *ir.LenStmt:
		out.op, out.target = opLen, l.local(s.Target)
		one(s.Source)
	case *ir.EqualStmt:
		out.op = opEqual
		two(s.A, s.B)
	case *ir.NotEqualStmt:
		out.op = opNotEqual
		two(s.A, s.B)
	case *ir.IsArrayStmt:
		out.op = opIsArray
		one(s.Source)
	case *ir.IsObjectStmt:
		out.op = opIsObject
		one(s.Source)
	case *ir.IsSetStmt:
		out.op = opIsSet
		one(s.Source)
	case *ir.IsDefinedStmt:
		out.op, out.a = opIsDefined, operand{local: l.local(s.Source)}
	case *ir.IsUndefinedStmt:
		out.op, out.a = opIsUndefined, operand{local: l.local(s.Source)}
	case *ir.ArrayAppendStmt:
		out.op, out.target = opArrayAppend, l.local(s.Array)
		one(s.Value)
	case *ir.ObjectInsertStmt:
		out.op, out.target = opObjectInsert, l.local(s.Object)
		two(s.Key, s.Value)
	case *ir.ObjectInsertOnceStmt:
		out.op, out.target = opObjectInsertOnce, l.local(s.Object)
		two(s.Key, s.Value)
	case *ir.ObjectMergeStmt:
		out.op, out.target = opObjectMerge, l.local(s.Target)
		out.a, out.b = operand{local: l.local(s.A)}, operand{local: l.local(s.B)}
	case *ir.SetAddStmt:
		out.op, out.target = opSetAdd, l.local(s.Set)
		one(s.Value)
	case *ir.ResultSetAddStmt:
		out.op, out.a = opResultSetAdd, operand{local: l.local(s.Value)}
	case *ir.ReturnLocalStmt:
		out.op, out.a = opReturnLocal, operand{local: l.local(s.Source)}
	case *ir.CallStmt:
		out.target = l.local(s.Result)
		out.args = make([]operand, len(s.Args))
		for i, a := range s.Args {
			if out.args[i], err = l.operand(a); err != nil {
				return out, err
			}
		}
		if fn, ok := l.funcs[s.Func]; ok {
			out.op, out.fn = opCall, fn
			if len(out.args) != len(fn.params) {
				return out, fmt.Errorf("call of %s with %d arguments, want %d", s.Func, len(out.args), len(fn.params))
			}
		} else if bi, ok := l.builtins[s.Func]; ok {
			out.op, out.builtin = opCallBuiltin, bi
		} else {
			return out, fmt.Errorf("call of unknown function %s", s.Func)
		}
	case *ir.BlockStmt:
		out.op = opBlock
		out.blocks, err = l.blocks(s.Blocks)
	case *ir.BreakStmt:
		out.op, out.n = opBreak, int64(s.Index)
	case *ir.ScanStmt:
		out.op, out.a = opScan, operand{local: l.local(s.Source)}
		out.scanKey, out.scanVal = l.local(s.Key), l.local(s.Value)
		out.block, err = l.block(s.Block)
	case *ir.NotStmt:
		out.op = opNot
		out.block, err = l.block(s.Block)
	default:
		return out, fmt.Errorf("unsupported statement %T at %s", s, l.where(s.GetLocation()))
	}
	return out, err
}

// where names a statement's Rego location, for errors.
func (l *loader) where(loc *ir.Location) string {
	if loc == nil {
		return "unknown location"
	}
	file := ""
	if loc.File >= 0 && loc.File < len(l.policy.Static.Files) {
		file = l.policy.Static.Files[loc.File].Value
	}
	return file + ":" + strconv.Itoa(loc.Row)
}
