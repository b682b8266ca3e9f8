package lint

import (
	"encoding/binary"
	"errors"
	"fmt"
	"unsafe"

	"github.com/ddlgate/ddlgate/internal/finding"
)

// A pack is written in an encoding of its own, without reflection: a warm
// run is largely its decoding, which took a corpus run ~12 ms through gob
// (~2 ms this way) and its encoding ~37 ms. Findings repeat their rule's
// category, title, help and docs, and often a statement's text: each
// string is written once, in a table at the start, and the findings refer
// to it by index, which makes a pack a third smaller. Numbers are
// varints. A pack is
//
//	strings: count, then each string's length; then their bytes, in a row
//	files:   count, then each file (seq, statements, findings, directives)
//
// with each list a count then its items. The store's header and CRC catch
// a damaged entry; the decoder still checks every count and index against
// what is left, so that a foreign entry is an error, not a panic or an
// allocation the size of a garbled count. TestPackHoldsEveryField fails
// when Finding, Plan, PlanStep or Directive gains a field this does not
// write.

// packWriter builds a pack: the string table and the body, joined at the
// end.
type packWriter struct {
	strings []string
	index   map[string]uint64
	body    []byte
}

func (w *packWriter) uint(v uint64) { w.body = binary.AppendUvarint(w.body, v) }
func (w *packWriter) int(v int)     { w.body = binary.AppendVarint(w.body, int64(v)) }

func (w *packWriter) bool(v bool) {
	if v {
		w.body = append(w.body, 1)
	} else {
		w.body = append(w.body, 0)
	}
}

func (w *packWriter) string(s string) {
	i, ok := w.index[s]
	if !ok {
		i = uint64(len(w.strings))
		w.index[s] = i
		w.strings = append(w.strings, s)
	}
	w.uint(i)
}

func (w *packWriter) stringList(ss []string) {
	w.uint(uint64(len(ss)))
	for _, s := range ss {
		w.string(s)
	}
}

func (w *packWriter) finding(f *finding.Finding) {
	for _, s := range [...]string{f.Rule, f.Category, f.Title, f.Message, f.File, f.Statement, f.Help, f.Docs, f.Fingerprint} {
		w.string(s)
	}
	for _, n := range [...]int{int(f.Severity), f.Line, f.Column, f.EndLine, f.EndColumn, f.StatementIndex, f.Start, f.End} {
		w.int(n)
	}
	w.bool(f.Plan != nil)
	if p := f.Plan; p != nil {
		w.uint(uint64(len(p.Steps)))
		for _, s := range p.Steps {
			w.string(s.Phase)
			w.string(s.Change)
			w.string(s.SQL)
			w.bool(s.NoTransaction)
		}
		w.stringList(p.Unresolved)
	}
}

func (w *packWriter) directive(d *finding.Directive) {
	w.bool(d.File)
	w.stringList(d.Rules)
	w.int(d.Statement)
	w.uint(uint64(len(d.Nested)))
	for _, n := range d.Nested {
		w.int(n)
	}
	for _, s := range [...]string{d.Reason, d.Until, d.Error, d.Text} {
		w.string(s)
	}
	for _, n := range [...]int{d.Line, d.Column, d.EndLine, d.EndColumn, d.Start, d.End} {
		w.int(n)
	}
}

// encodePack writes the results of files.
func encodePack(files []cachedFile) ([]byte, error) {
	w := &packWriter{index: map[string]uint64{}}
	w.uint(uint64(len(files)))
	for i := range files {
		f := &files[i]
		w.int(f.Seq)
		w.int(f.Statements)
		w.uint(uint64(len(f.Findings)))
		for k := range f.Findings {
			w.finding(&f.Findings[k])
		}
		w.uint(uint64(len(f.Directives)))
		for k := range f.Directives {
			w.directive(&f.Directives[k])
		}
	}
	size := 0
	for _, s := range w.strings {
		size += len(s)
	}
	out := make([]byte, 0, size+3*len(w.strings)+len(w.body)+binary.MaxVarintLen64)
	out = binary.AppendUvarint(out, uint64(len(w.strings)))
	for _, s := range w.strings {
		out = binary.AppendUvarint(out, uint64(len(s)))
	}
	for _, s := range w.strings {
		out = append(out, s...)
	}
	return append(out, w.body...), nil
}

// errBadPack is what every malformed pack decodes to.
var errBadPack = errors.New("decode results: a damaged pack")

// packReader reads a pack; the first error sticks and every later read
// returns zeros.
type packReader struct {
	b       []byte
	strings []string
	err     error
}

// fail marks the pack damaged: every later read returns zeros.
func (r *packReader) fail() { r.err, r.b = errBadPack, nil }

func (r *packReader) uint() uint64 {
	v, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.fail()
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *packReader) int() int {
	v, n := binary.Varint(r.b)
	if n <= 0 {
		r.fail()
		return 0
	}
	r.b = r.b[n:]
	return int(v)
}

// count reads a list's length, which cannot exceed the bytes left: each
// item takes at least one.
func (r *packReader) count() int {
	n := r.uint()
	if n > uint64(len(r.b)) {
		r.fail()
		return 0
	}
	return int(n)
}

func (r *packReader) bool() bool {
	if len(r.b) == 0 || r.b[0] > 1 {
		r.fail()
		return false
	}
	v := r.b[0] == 1
	r.b = r.b[1:]
	return v
}

func (r *packReader) string() string {
	i := r.uint()
	if i >= uint64(len(r.strings)) {
		r.fail()
		return ""
	}
	return r.strings[i]
}

// stringList reads a list of strings; an empty one is nil, as gob decoded
// it.
func (r *packReader) stringList() []string {
	n := r.count()
	if n == 0 {
		return nil
	}
	ss := make([]string, n)
	for i := range ss {
		ss[i] = r.string()
	}
	return ss
}

// table reads the string table. The strings are the pack's own bytes,
// not copies (decodePack's caller gives it up): copying them was a third
// of the decoding.
func (r *packReader) table() {
	n := r.count()
	lens := make([]uint64, n)
	total := uint64(0)
	for i := range lens {
		lens[i] = r.uint()
		total += lens[i]
		if total > uint64(len(r.b)) {
			r.fail()
			return
		}
	}
	if r.err != nil {
		return
	}
	all := ""
	if total > 0 {
		all = unsafe.String(&r.b[0], total)
	}
	r.b = r.b[total:]
	r.strings = make([]string, n)
	at := uint64(0)
	for i, l := range lens {
		r.strings[i] = all[at : at+l]
		at += l
	}
}

func (r *packReader) finding(f *finding.Finding) {
	for _, s := range [...]*string{&f.Rule, &f.Category, &f.Title, &f.Message, &f.File, &f.Statement, &f.Help, &f.Docs, &f.Fingerprint} {
		*s = r.string()
	}
	f.Severity = finding.Severity(r.int())
	for _, n := range [...]*int{&f.Line, &f.Column, &f.EndLine, &f.EndColumn, &f.StatementIndex, &f.Start, &f.End} {
		*n = r.int()
	}
	if !r.bool() {
		return
	}
	p := &finding.Plan{}
	if n := r.count(); n > 0 {
		p.Steps = make([]finding.PlanStep, n)
		for i := range p.Steps {
			s := &p.Steps[i]
			s.Phase, s.Change, s.SQL = r.string(), r.string(), r.string()
			s.NoTransaction = r.bool()
		}
	}
	p.Unresolved = r.stringList()
	f.Plan = p
}

func (r *packReader) directive(d *finding.Directive) {
	d.File = r.bool()
	d.Rules = r.stringList()
	d.Statement = r.int()
	if n := r.count(); n > 0 {
		d.Nested = make([]int, n)
		for i := range d.Nested {
			d.Nested[i] = r.int()
		}
	}
	for _, s := range [...]*string{&d.Reason, &d.Until, &d.Error, &d.Text} {
		*s = r.string()
	}
	for _, n := range [...]*int{&d.Line, &d.Column, &d.EndLine, &d.EndColumn, &d.Start, &d.End} {
		*n = r.int()
	}
}

// decodePack reads what encodePack wrote; anything malformed or left over
// is an error (a damaged entry). The results' strings share b's memory: b
// must not change afterwards.
func decodePack(b []byte) ([]cachedFile, error) {
	r := &packReader{b: b}
	r.table()
	files := make([]cachedFile, r.count())
	for i := range files {
		f := &files[i]
		f.Seq, f.Statements = r.int(), r.int()
		if n := r.count(); n > 0 {
			f.Findings = make([]finding.Finding, n)
			for k := range f.Findings {
				r.finding(&f.Findings[k])
			}
		}
		if n := r.count(); n > 0 {
			f.Directives = make([]finding.Directive, n)
			for k := range f.Directives {
				r.directive(&f.Directives[k])
			}
		}
		if r.err != nil {
			return nil, r.err
		}
	}
	if r.err != nil {
		return nil, r.err
	}
	if len(r.b) != 0 {
		return nil, fmt.Errorf("decode results: %d bytes after the pack", len(r.b))
	}
	return files, nil
}
