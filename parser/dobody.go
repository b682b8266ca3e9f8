package parser

import (
	"reflect"
	"sort"
	"strings"
)

// dobody.go lints the statements a DO block runs as statements of the file.
// drizzle-kit wraps every foreign key in
//
//	DO $$ BEGIN ALTER TABLE ... ADD CONSTRAINT ... FOREIGN KEY ...;
//	EXCEPTION WHEN duplicate_object THEN null; END $$;
//
// and the validation scan under a SHARE ROW EXCLUSIVE lock happens all the
// same. Static SQL statements of the body and EXECUTE of a constant string
// become statements of the file right after the DO, in its transaction
// context, with Parent naming the DO and spans pointing at the inner
// statement; every rule judges them like any other statement.

// Values of Statement.Via.
const (
	viaDo      = "do"
	viaExecute = "execute"
)

// maxInnerDepth bounds DO blocks nested through EXECUTE 'DO ...'.
const maxInnerDepth = 4

// innerStatement is SQL a DO body runs.
type innerStatement struct {
	// text is the SQL as it appears in the file (or in the body when it
	// is not verbatim in the file), parseText what the parser reads: the
	// same, except that PL/pgSQL blanks the INTO clause of SELECT ...
	// INTO and ... RETURNING ... INTO.
	text, parseText string
	// start is the file offset where text appears verbatim, -1 when the
	// body is not mapped to the file (E'' strings, doubled quotes): its
	// statements then take the DO statement's span.
	start int
	via   string
	// order is the offset in the body, for source order.
	order int
}

// innerStatements lists the static SQL statements of a parsed PL/pgSQL body
// and the constant strings it EXECUTEs, in source order.
func (st *stmt) innerStatements(fn map[string]any, body *bodySource) []innerStatement {
	var out []innerStatement
	var walk func(v any)
	walk = func(v any) {
		switch x := v.(type) {
		case []any:
			for _, e := range x {
				walk(e)
			}
		case map[string]any:
			if s, ok := x["PLpgSQL_stmt_execsql"].(map[string]any); ok {
				if q := exprText(s["sqlstmt"]); q != "" {
					out = append(out, st.locateInner(body, intField(s, "lineno"), q, q, 0, viaDo))
				}
			}
			if s, ok := x["PLpgSQL_stmt_dynexecute"].(map[string]any); ok {
				if q := exprText(s["query"]); q != "" {
					if value, skip, ok := constantString(q); ok {
						out = append(out, st.locateInner(body, intField(s, "lineno"), q, value, skip, viaExecute))
					}
				}
			}
			for _, k := range sortedKeys(x) {
				walk(x[k])
			}
		}
	}
	walk(fn["action"])
	sort.SliceStable(out, func(i, j int) bool { return out[i].order < out[j].order })
	return out
}

// constantString decodes an EXECUTE query that is one string constant:
// its value and how many bytes of the literal precede the value (the quote,
// or the $tag$). ok is false for anything else (concatenations, format()).
func constantString(expr string) (value string, skip int, ok bool) {
	expr = strings.TrimSpace(expr)
	n, parsed := parseExpr(expr)
	if !parsed {
		return "", 0, false
	}
	c := n.GetAConst()
	if c == nil || c.GetSval() == nil {
		return "", 0, false
	}
	value = c.GetSval().Sval
	switch {
	case strings.HasPrefix(expr, "'"):
		return value, 1, true
	case strings.HasPrefix(expr, "$"):
		return value, strings.IndexByte(expr[1:], '$') + 2, true
	}
	// E'' and U&'' strings: the value is not the text between the quotes.
	return value, -1, true
}

// locateInner finds expr (the expression as written in the body, at or
// after line lineno) and maps the inner SQL, which starts skip bytes into
// it, to the file.
func (st *stmt) locateInner(body *bodySource, lineno int, expr, sql string, skip int, via string) innerStatement {
	in := innerStatement{text: sql, parseText: sql, start: -1, via: via, order: 1 << 30}
	line := lineOffset(body.text, lineno)
	if line < 0 {
		return in
	}
	i := findBlanked(body.text, line, strings.TrimSpace(expr))
	if i < 0 {
		return in
	}
	in.order = i
	if !body.ok || skip < 0 {
		return in
	}
	start := body.toFile(i + skip)
	if start >= st.start && start+len(sql) <= st.end && matchesBlanked(st.s.src[start:start+len(sql)], sql) {
		in.start = start
		// The file's text, with the INTO clause PL/pgSQL blanked out.
		in.text = st.s.src[start : start+len(sql)]
		in.parseText = sql
	}
	return in
}

// findBlanked is the offset of the first occurrence of q in s at or after
// from, where a blank of q may stand for any byte of s: PL/pgSQL reports a
// statement with its INTO clause replaced by as many spaces.
func findBlanked(s string, from int, q string) int {
	if q == "" {
		return -1
	}
	// The text before the first double blank is verbatim.
	head := q
	if k := strings.Index(q, "  "); k > 0 {
		head = q[:k]
	}
	for off := from; off < len(s); {
		k := strings.Index(s[off:], head)
		if k < 0 {
			return -1
		}
		off += k
		if off+len(q) <= len(s) && matchesBlanked(s[off:off+len(q)], q) {
			return off
		}
		off++
	}
	return -1
}

// matchesBlanked reports whether text equals q where q's spaces may stand
// for any byte.
func matchesBlanked(text, q string) bool {
	if len(text) != len(q) {
		return false
	}
	for i := 0; i < len(q); i++ {
		if text[i] != q[i] && q[i] != ' ' {
			return false
		}
	}
	return true
}

// addInner parses the statements of in and appends them after their DO
// statement (index parent), described with the file's state so that
// later statements see what they create.
func (p *fileParser) addInner(in innerStatement, parent, depth int) {
	doSpan := p.file.Statements[parent].Span
	res, err := parseGuarded(in.parseText)
	if err != nil {
		if in.start >= 0 {
			p.addParseError(err, in.start, in.start+len(in.text))
		} else {
			p.file.ParseErrors = append(p.file.ParseErrors, ParseError{Message: err.Error(), Span: doSpan})
		}
		return
	}
	for _, raw := range res.GetStmts() {
		rawStart := int(raw.StmtLocation)
		rawEnd := len(in.text)
		if raw.StmtLen > 0 {
			rawEnd = min(rawStart+int(raw.StmtLen), len(in.text))
		}
		a, b := trimStatement(in.parseText, rawStart, rawEnd)
		if a == b {
			continue
		}
		var d described
		var sp Span
		fp := ""
		if in.start >= 0 {
			sp = p.lines.span(in.start+a, in.start+b)
			d = p.describe(p.state, raw, in.start, sp)
			fp = fingerprint(p.text, in.start+a, in.start+b)
		} else {
			// The body is not verbatim in the file: describe the SQL on
			// its own text, then point every span at the DO statement.
			sub := p.state.withSource(in.parseText)
			d = p.describe(sub, raw, 0, sub.lines.span(a, b))
			setSpans(reflect.ValueOf(&d.Actions).Elem(), doSpan)
			sp = doSpan
			fp = fingerprint(in.parseText, a, b)
		}
		self := p.appendStatement(raw, d, in.text[a:b], sp, fp, parent, in.via)
		if depth < maxInnerDepth {
			for _, nested := range d.Inner {
				p.addInner(nested, self, depth+1)
			}
		}
	}
}

var spanType = reflect.TypeFor[Span]()

// setSpans sets every Span reachable from v (through structs, pointers and
// slices) to sp.
func setSpans(v reflect.Value, sp Span) {
	switch v.Kind() {
	case reflect.Pointer:
		if !v.IsNil() {
			setSpans(v.Elem(), sp)
		}
	case reflect.Slice:
		for i := 0; i < v.Len(); i++ {
			setSpans(v.Index(i), sp)
		}
	case reflect.Struct:
		if v.Type() == spanType {
			v.Set(reflect.ValueOf(sp))
			return
		}
		for i := 0; i < v.NumField(); i++ {
			if v.Type().Field(i).IsExported() {
				setSpans(v.Field(i), sp)
			}
		}
	}
}

// Nested returns the indexes of the statements that statement i runs (the
// statements of its DO body, and theirs), so that an ignore directive on a
// DO covers them; nil when there are none.
func Nested(stmts []Statement, i int) []int {
	var out []int
	for j := i + 1; j < len(stmts) && i >= 0; j++ {
		if stmts[j].Parent < i || stmts[j].Parent < 0 {
			break
		}
		out = append(out, j)
	}
	return out
}
