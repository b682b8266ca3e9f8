package irvm

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/open-policy-agent/opa/v1/ast"
)

// A loaded program encodes to bytes (MarshalBinary) and decodes back
// (Decode) without planning: planning the built-in rules costs more than
// compiling them for topdown, so ddlgate plans them when it is built and
// embeds the encoded program. The encoding is of the program as Load left
// it (resolved and folded), so decoding is a read of varints and constants.

// encodingVersion changes whenever the encoding or the opcodes change: a
// program of another version is refused.
const encodingVersion = 3

var magic = []byte("irvm")

// MarshalBinary encodes p. The encoding is deterministic: the same program
// encodes to the same bytes.
func (p *Program) MarshalBinary() ([]byte, error) {
	// The body first: it fills the tables of builtins and constants that
	// the header lists.
	body := &encoder{consts: map[string]int{}, funcs: map[*function]int{}, builtins: map[string]int{}}
	for i, fn := range p.funcs {
		body.funcs[fn] = i
	}
	body.uvarint(uint64(len(p.files)))
	for _, f := range p.files {
		body.string(f)
	}
	body.uvarint(uint64(len(p.funcs)))
	for _, fn := range p.funcs {
		body.string(fn.name)
		body.uvarint(uint64(len(fn.params)))
		for _, x := range fn.params {
			body.varint(int64(x))
		}
		body.varint(int64(fn.ret))
		body.uvarint(uint64(fn.nlocals))
		body.bool(fn.memo)
		body.blocks(fn.blocks)
	}
	body.uvarint(uint64(len(p.plans)))
	for _, pl := range p.plans {
		body.string(pl.name)
		body.uvarint(uint64(pl.nlocals))
		body.blocks(pl.blocks)
	}
	head := &encoder{}
	head.buf.Write(magic)
	head.uvarint(encodingVersion)
	// The totals let the decoder allocate every statement, block and
	// argument at once.
	head.uvarint(uint64(body.nstmts))
	head.uvarint(uint64(body.nblocks))
	head.uvarint(uint64(body.nargs))
	head.uvarint(uint64(len(body.builtinList)))
	for _, name := range body.builtinList {
		head.string(name)
	}
	head.uvarint(uint64(len(body.constList)))
	for _, c := range body.constList {
		head.value(c)
	}
	if err := errors.Join(body.err, head.err); err != nil {
		return nil, err
	}
	head.buf.Write(body.buf.Bytes())
	return head.buf.Bytes(), nil
}

type encoder struct {
	buf         bytes.Buffer
	consts      map[string]int
	constList   []constEntry
	funcs       map[*function]int
	builtins    map[string]int
	builtinList []string
	err         error
	scratch     [binary.MaxVarintLen64]byte
	// nstmts, nblocks and nargs count what the body holds.
	nstmts, nblocks, nargs int
}

func (e *encoder) uvarint(x uint64) {
	e.buf.Write(binary.AppendUvarint(e.scratch[:0], x))
}

func (e *encoder) varint(x int64) {
	e.buf.Write(binary.AppendVarint(e.scratch[:0], x))
}

func (e *encoder) bool(b bool) {
	if b {
		e.buf.WriteByte(1)
	} else {
		e.buf.WriteByte(0)
	}
}

func (e *encoder) string(s string) {
	e.uvarint(uint64(len(s)))
	e.buf.WriteString(s)
}

// constant returns the index of v in the constant table, adding it (its
// elements first) when it is new. Equal values share one entry, at every
// depth: the METADATA chain of a rule is one term wherever the rule builds
// it (calls on constants are memoized by identity), and the chains and
// their annotations, which the planner folds one inside another, are
// encoded and decoded once.
func (e *encoder) constant(v *ast.Term) int {
	key := v.String()
	if i, ok := e.consts[key]; ok {
		return i
	}
	var elems []int
	switch x := v.Value.(type) {
	case *ast.Array:
		x.Foreach(func(t *ast.Term) { elems = append(elems, e.constant(t)) })
	case ast.Object:
		for _, k := range x.Keys() {
			elems = append(elems, e.constant(k), e.constant(x.Get(k)))
		}
	case ast.Set:
		for _, t := range x.Slice() {
			elems = append(elems, e.constant(t))
		}
	}
	i := len(e.constList)
	e.constList = append(e.constList, constEntry{term: v, elems: elems})
	e.consts[key] = i
	return i
}

// constEntry is a constant and, for a composite, the table indexes of its
// elements (an object's keys and values in turn).
type constEntry struct {
	term  *ast.Term
	elems []int
}

func (e *encoder) operand(o operand) {
	e.varint(int64(o.local))
	if o.local < 0 {
		if o.val == nil {
			e.varint(-1)
		} else {
			e.varint(int64(e.constant(o.val)))
		}
	}
}

func (e *encoder) blocks(bs []*block) {
	e.uvarint(uint64(len(bs)))
	for _, b := range bs {
		e.block(b)
	}
}

func (e *encoder) block(b *block) {
	e.nblocks++
	e.nstmts += len(b.stmts)
	e.uvarint(uint64(len(b.stmts)))
	for i := range b.stmts {
		e.stmt(&b.stmts[i])
	}
}

func (e *encoder) stmt(s *stmt) {
	e.buf.WriteByte(byte(s.op))
	e.varint(int64(s.target))
	e.operand(s.a)
	e.operand(s.b)
	e.varint(s.n)
	e.uvarint(uint64(len(s.args)))
	e.nargs += len(s.args)
	for _, a := range s.args {
		e.operand(a)
	}
	switch {
	case s.fn != nil:
		e.varint(int64(e.funcs[s.fn]))
	default:
		e.varint(-1)
	}
	switch {
	case s.builtin != nil:
		i, ok := e.builtins[s.builtin.name]
		if !ok {
			i = len(e.builtinList)
			e.builtinList = append(e.builtinList, s.builtin.name)
			e.builtins[s.builtin.name] = i
		}
		e.varint(int64(i))
	default:
		e.varint(-1)
	}
	e.bool(s.block != nil)
	if s.block != nil {
		e.block(s.block)
	}
	e.blocks(s.blocks)
	e.varint(int64(s.scanKey))
	e.varint(int64(s.scanVal))
	e.varint(int64(s.file))
	e.varint(int64(s.row))
}

// Value tags.
const (
	tagNull byte = iota
	tagFalse
	tagTrue
	tagString
	tagNumber
	tagArray
	tagObject
	tagSet
)

// value writes a constant table entry: a scalar, or a composite as the
// indexes of its elements, which come earlier in the table.
func (e *encoder) value(c constEntry) {
	switch v := c.term.Value.(type) {
	case ast.Null:
		e.buf.WriteByte(tagNull)
		return
	case ast.Boolean:
		if v {
			e.buf.WriteByte(tagTrue)
		} else {
			e.buf.WriteByte(tagFalse)
		}
		return
	case ast.String:
		e.buf.WriteByte(tagString)
		e.string(string(v))
		return
	case ast.Number:
		e.buf.WriteByte(tagNumber)
		e.string(string(v))
		return
	case *ast.Array:
		e.buf.WriteByte(tagArray)
	case ast.Object:
		e.buf.WriteByte(tagObject)
	case ast.Set:
		e.buf.WriteByte(tagSet)
	default:
		if e.err == nil {
			e.err = fmt.Errorf("encode program: constant %v of type %T", c.term, c.term.Value)
		}
		return
	}
	e.uvarint(uint64(len(c.elems)))
	for _, i := range c.elems {
		e.uvarint(uint64(i))
	}
}

// Decode reads a program encoded by MarshalBinary. It fails on the
// encoding of another version, and on a builtin OPA does not implement.
func Decode(data []byte) (*Program, error) {
	if !bytes.HasPrefix(data, magic) {
		return nil, errors.New("decode program: not an encoded program")
	}
	d := &decoder{data: data[len(magic):]}
	if v := d.uvarint(); v != encodingVersion {
		return nil, fmt.Errorf("decode program: encoding version %d, want %d", v, encodingVersion)
	}
	d.stmts = make([]stmt, d.count())
	d.blockArena = make([]block, d.count())
	d.args = make([]operand, d.count())
	d.builtins = make([]*builtin, d.count())
	for i := range d.builtins {
		name := d.string()
		fn := builtinFunc(name)
		if fn == nil && d.err == nil {
			return nil, fmt.Errorf("decode program: builtin %s has no Go implementation", name)
		}
		d.builtins[i] = &builtin{name: name, fn: fn, count: name == ast.Count.Name}
	}
	d.consts = make([]*ast.Term, d.count())
	for i := range d.consts {
		d.consts[i] = d.value(i)
	}
	p := &Program{byName: map[string]int{}}
	p.files = make([]string, d.count())
	for i := range p.files {
		p.files[i] = d.string()
	}
	p.funcs = make([]*function, d.count())
	for i := range p.funcs {
		p.funcs[i] = &function{index: i}
	}
	d.funcs = p.funcs
	for _, fn := range p.funcs {
		fn.name = d.string()
		fn.params = make([]int32, d.count())
		for j := range fn.params {
			fn.params[j] = int32(d.varint())
		}
		fn.ret = int32(d.varint())
		fn.nlocals = d.locals()
		fn.memo = d.bool()
		fn.blocks = d.blocks()
	}
	for range d.count() {
		pl := &plan{name: d.string(), nlocals: d.locals()}
		pl.blocks = d.blocks()
		p.byName[pl.name] = len(p.plans)
		p.plans = append(p.plans, pl)
	}
	if d.err == nil && len(d.data) > 0 {
		d.err = errors.New("trailing bytes")
	}
	if d.err == nil {
		d.err = p.validate()
	}
	if d.err != nil {
		return nil, fmt.Errorf("decode program: %w", d.err)
	}
	return p, nil
}

type decoder struct {
	data []byte
	// stmts, blockArena and args hold every statement, block and argument
	// of the program; the decoder hands them out in order.
	stmts      []stmt
	blockArena []block
	args       []operand

	err      error
	builtins []*builtin
	consts   []*ast.Term
	funcs    []*function
}

func (d *decoder) fail(msg string) {
	if d.err == nil {
		d.err = errors.New(msg)
	}
	d.data = nil
}

func (d *decoder) uvarint() uint64 {
	x, n := binary.Uvarint(d.data)
	if n <= 0 {
		d.fail("truncated")
		return 0
	}
	d.data = d.data[n:]
	return x
}

func (d *decoder) varint() int64 {
	x, n := binary.Varint(d.data)
	if n <= 0 {
		d.fail("truncated")
		return 0
	}
	d.data = d.data[n:]
	return x
}

// count reads a length, bounded by what is left to read.
func (d *decoder) count() int {
	n := d.uvarint()
	if n > uint64(len(d.data))+1 {
		d.fail("length out of range")
		return 0
	}
	return int(n)
}

// validate checks that every local a function or plan uses is one of its
// own: the machine indexes its frames without bounds checks of its own.
func (p *Program) validate() error {
	check := func(name string, n int, blocks []*block, extra ...int32) error {
		bad := false
		for _, x := range extra {
			bad = bad || x < 0 || int(x) >= n
		}
		walk(blocks, func(s *stmt) {
			locals(s, func(x int32) { bad = bad || x < 0 || int(x) >= n })
		})
		if bad {
			return fmt.Errorf("%s uses a local out of its %d", name, n)
		}
		return nil
	}
	for _, fn := range p.funcs {
		if err := check(fn.name, fn.nlocals, fn.blocks, append([]int32{fn.ret}, fn.params...)...); err != nil {
			return err
		}
	}
	for _, pl := range p.plans {
		if err := check(pl.name, max(pl.nlocals, 2), pl.blocks); err != nil {
			return err
		}
		if pl.nlocals < 2 {
			return fmt.Errorf("%s has no input and data locals", pl.name)
		}
	}
	return nil
}

// locals reads the number of locals of a function or plan.
func (d *decoder) locals() int {
	n := d.uvarint()
	if n > 1<<20 {
		d.fail("too many locals")
		return 0
	}
	return int(n)
}

func (d *decoder) bool() bool {
	if len(d.data) == 0 {
		d.fail("truncated")
		return false
	}
	b := d.data[0]
	d.data = d.data[1:]
	return b == 1
}

func (d *decoder) string() string {
	n := d.count()
	if n > len(d.data) {
		d.fail("truncated")
		return ""
	}
	s := string(d.data[:n])
	d.data = d.data[n:]
	return s
}

// index reads an index into a table of n entries, -1 for none.
func (d *decoder) index(n int) int {
	i := d.varint()
	if i < -1 || i >= int64(n) {
		d.fail("index out of range")
		return -1
	}
	return int(i)
}

func (d *decoder) operand() operand {
	o := operand{local: int32(d.varint())}
	if o.local < 0 {
		if i := d.index(len(d.consts)); i >= 0 {
			o.val = d.consts[i]
		}
	}
	return o
}

func (d *decoder) blocks() []*block {
	n := d.count()
	if n == 0 {
		return nil
	}
	bs := make([]*block, n)
	for i := range bs {
		bs[i] = d.block()
	}
	return bs
}

func (d *decoder) block() *block {
	n := d.count()
	if len(d.blockArena) == 0 || n > len(d.stmts) {
		d.fail("more blocks or statements than announced")
		return &block{}
	}
	b := &d.blockArena[0]
	d.blockArena = d.blockArena[1:]
	b.stmts = d.stmts[:n:n]
	d.stmts = d.stmts[n:]
	for i := range b.stmts {
		d.stmt(&b.stmts[i])
	}
	return b
}

func (d *decoder) stmt(s *stmt) {
	if len(d.data) == 0 {
		d.fail("truncated")
		return
	}
	s.op = opcode(d.data[0])
	d.data = d.data[1:]
	s.target = int32(d.varint())
	s.a = d.operand()
	s.b = d.operand()
	s.n = d.varint()
	if n := d.count(); n > 0 {
		if n > len(d.args) {
			d.fail("more arguments than announced")
			return
		}
		s.args = d.args[:n:n]
		d.args = d.args[n:]
		for i := range s.args {
			s.args[i] = d.operand()
		}
	}
	if i := d.index(len(d.funcs)); i >= 0 {
		s.fn = d.funcs[i]
	}
	if i := d.index(len(d.builtins)); i >= 0 {
		s.builtin = d.builtins[i]
	}
	if d.bool() {
		s.block = d.block()
	}
	s.blocks = d.blocks()
	s.scanKey = int32(d.varint())
	s.scanVal = int32(d.varint())
	s.file = int32(d.varint())
	s.row = int32(d.varint())
	if (s.op == opCall) != (s.fn != nil) || (s.op == opCallBuiltin) != (s.builtin != nil) {
		d.fail("call without its function")
	}
}

// value reads constant table entry i. Composite constants are marked
// constLocation: every evaluation shares them.
func (d *decoder) value(i int) *ast.Term {
	if len(d.data) == 0 {
		d.fail("truncated")
		return ast.InternedNullTerm
	}
	tag := d.data[0]
	d.data = d.data[1:]
	switch tag {
	case tagNull:
		return ast.InternedNullTerm
	case tagFalse:
		return ast.InternedTerm(false)
	case tagTrue:
		return ast.InternedTerm(true)
	case tagString:
		return ast.StringTerm(d.string())
	case tagNumber:
		s := d.string()
		if t := ast.InternedIntNumberTermFromString(s); t != nil {
			return t
		}
		return ast.NumberTerm(json.Number(s))
	case tagArray:
		elems := make([]*ast.Term, d.count())
		for j := range elems {
			elems[j] = d.element(i)
		}
		return constant(ast.NewArray(elems...))
	case tagObject:
		n := d.count()
		obj := ast.NewObjectWithCapacity(n / 2)
		for range n / 2 {
			k := d.element(i)
			obj.Insert(k, d.element(i))
		}
		return constant(obj)
	case tagSet:
		n := d.count()
		set := ast.NewSetWithCapacity(n)
		for range n {
			set.Add(d.element(i))
		}
		return constant(set)
	}
	d.fail("unknown value tag")
	return ast.InternedNullTerm
}

// element reads the index of an element of constant i: an earlier entry.
func (d *decoder) element(i int) *ast.Term {
	j := d.uvarint()
	if j >= uint64(i) {
		d.fail("constant element out of order")
		return ast.InternedNullTerm
	}
	return d.consts[j]
}

func constant(v ast.Value) *ast.Term {
	t := ast.NewTerm(v)
	t.Location = constLocation
	return t
}
