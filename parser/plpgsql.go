package parser

import (
	"encoding/json"
	"sort"
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v5"
)

// plpgsql.go reads PL/pgSQL bodies (CREATE FUNCTION ... LANGUAGE plpgsql and
// DO blocks) with pg_query's PL/pgSQL parser and reports their dynamic SQL:
// each EXECUTE (also FOR ... IN EXECUTE, RETURN QUERY EXECUTE, OPEN ... FOR
// EXECUTE) and whether its query string is built from values without
// quoting, the classic SQL injection of migrations' helper functions.
//
// Pitfalls of pg_query_go v5's ParsePlPgSqlToJSON:
//   - It compiles the body, so semantic errors fail the whole parse ("cannot
//     use RETURN QUERY in a non-SETOF function", undeclared loop variables):
//     they become FunctionAction.BodyError, never a file parse error.
//   - Statements carry only a lineno, counted from the first line of the body
//     string (the text right after the opening quote is line 1), and
//     expressions only their text: spans are found again in the source.
//   - Parameter types come out as "UNKNOWN"; they are read from the SQL
//     parse tree instead.

// bodySource is a function body as written in the file: text is the body
// string's value, and offsets of text map to the file through toFile.
type bodySource struct {
	text string
	// start is the file offset of the first byte of the value; quoted
	// holds the file offsets of the second byte of each doubled quote of a
	// '...' literal, so later offsets shift by one per earlier quote.
	start  int
	quoted []int
	ok     bool
}

// toFile maps an offset of the body's value to a file offset.
func (b *bodySource) toFile(off int) int {
	shift := 0
	for _, q := range b.quoted {
		if q-b.start-shift-1 < off {
			shift++
		}
	}
	return b.start + off + shift
}

// locateBody finds the string literal starting at or after from in the
// statement and returns how its value maps to the file. It understands
// $tag$...$tag$ and '...' literals; for E'...' literals and anything it cannot
// verify it returns ok false, and spans fall back to the statement's.
func (st *stmt) locateBody(from int, value string) bodySource {
	src := st.s.src
	kind, ts, te := nextToken(src, from, st.end)
	if kind != tokString {
		return bodySource{text: value}
	}
	switch {
	case src[ts] == '$':
		open := strings.IndexByte(src[ts+1:te], '$') + ts + 2
		close := te - (open - ts)
		if close >= open && src[open:close] == value {
			return bodySource{text: value, start: open, ok: true}
		}
	case src[ts] == '\'':
		b := bodySource{text: value, start: ts + 1, ok: true}
		var sb strings.Builder
		for i := ts + 1; i < te-1; i++ {
			sb.WriteByte(src[i])
			if src[i] == '\'' {
				i++
				b.quoted = append(b.quoted, i)
			}
		}
		if sb.String() == value {
			return b
		}
	}
	return bodySource{text: value}
}

// plpgsqlBody fills fa's body facts for the statement's PL/pgSQL body. from
// is the file offset at which the body literal's token starts (or the AS
// keyword before it); params are the function's typed parameters.
func (st *stmt) plpgsqlBody(fa *FunctionAction, value string, from int, params map[string]string) {
	// Most bodies run no dynamic SQL; skipping the second parse keeps
	// function-heavy files fast.
	if !containsFold(value, "execute") {
		return
	}
	fn := st.parsePlpgsql(fa, value)
	if fn == nil {
		return
	}
	body := st.locateBody(from, value)
	st.dynamicSQL(fa, fn, &body, params)
}

// parsePlpgsql parses the statement's PL/pgSQL body (value is the body
// string) and returns its function tree, nil with fa.BodyError set when it
// cannot be read.
func (st *stmt) parsePlpgsql(fa *FunctionAction, value string) map[string]any {
	if err := checkDepth(value); err != nil {
		fa.BodyError = err.Error()
		return nil
	}
	out, err := pg_query.ParsePlPgSqlToJSON(st.s.src[st.start:st.end])
	if err != nil {
		fa.BodyError = err.Error()
		return nil
	}
	var funcs []map[string]any
	if err := json.Unmarshal([]byte(out), &funcs); err != nil || len(funcs) == 0 {
		fa.BodyError = "unreadable PL/pgSQL parse tree"
		return nil
	}
	fn, _ := funcs[0]["PLpgSQL_function"].(map[string]any)
	return fn
}

// dynamicSQL fills fa.DynamicSQL from a parsed body.
func (st *stmt) dynamicSQL(fa *FunctionAction, fn map[string]any, body *bodySource, params map[string]string) {
	w := bodyWalker{st: st, body: body, types: params, assigned: map[string][]string{}}
	w.readDatums(fn["datums"])
	w.collect(fn["action"])
	sort.SliceStable(w.executes, func(i, j int) bool { return w.executes[i].lineno < w.executes[j].lineno })
	for _, a := range w.assigns {
		if name := w.varName(a.varno); name != "" {
			w.assigned[name] = append(w.assigned[name], w.unquotedParts(a.rhs, name)...)
		}
	}
	for _, e := range w.executes {
		fa.DynamicSQL = append(fa.DynamicSQL, w.dynamicSQL(e))
	}
}

// bodyWalker gathers the dynamic SQL and assignments of one function body.
type bodyWalker struct {
	st   *stmt
	body *bodySource
	// types maps variable and parameter names to their lower-case type
	// names; names maps datum numbers to variable names.
	types    map[string]string
	names    []string
	executes []plExecute
	assigns  []plAssign
	// assigned maps a variable to the parts interpolated into it without
	// quoting by any assignment of the body.
	assigned map[string][]string
}

type plExecute struct {
	lineno int
	query  string
}

type plAssign struct {
	varno int
	rhs   string
}

func (w *bodyWalker) readDatums(v any) {
	list, _ := v.([]any)
	w.names = make([]string, len(list))
	for i, d := range list {
		m, _ := d.(map[string]any)
		v, _ := m["PLpgSQL_var"].(map[string]any)
		if v == nil {
			continue
		}
		name, _ := v["refname"].(string)
		w.names[i] = name
		dt, _ := v["datatype"].(map[string]any)
		t, _ := dt["PLpgSQL_type"].(map[string]any)
		if typ, _ := t["typname"].(string); typ != "" && typ != "UNKNOWN" {
			w.types[name] = declaredType(typ)
		}
	}
}

// declaredType normalises a declared type as PL/pgSQL reports it ("int ",
// "pg_catalog.numeric(10,2)") to a lower-case bare name.
func declaredType(typ string) string {
	typ = strings.ToLower(strings.TrimSpace(typ))
	if i := strings.IndexByte(typ, '('); i >= 0 {
		typ = strings.TrimSpace(typ[:i])
	}
	if i := strings.LastIndexByte(typ, '.'); i >= 0 {
		typ = typ[i+1:]
	}
	return typ
}

func (w *bodyWalker) varName(varno int) string {
	if varno >= 0 && varno < len(w.names) {
		return w.names[varno]
	}
	return ""
}

// dynamicKeys name, per PL/pgSQL statement node, the field holding a
// dynamic query.
var dynamicKeys = map[string]string{
	"PLpgSQL_stmt_dynexecute":   "query",
	"PLpgSQL_stmt_dynfors":      "query",
	"PLpgSQL_stmt_return_query": "dynquery",
	"PLpgSQL_stmt_open":         "dynquery",
}

// collect walks the statement tree in source order.
func (w *bodyWalker) collect(v any) {
	switch x := v.(type) {
	case []any:
		for _, e := range x {
			w.collect(e)
		}
	case map[string]any:
		for node, field := range dynamicKeys {
			if s, ok := x[node].(map[string]any); ok {
				if q := exprText(s[field]); q != "" {
					w.executes = append(w.executes, plExecute{lineno: intField(s, "lineno"), query: q})
				}
			}
		}
		if s, ok := x["PLpgSQL_stmt_assign"].(map[string]any); ok {
			if _, rhs, ok := strings.Cut(exprText(s["expr"]), ":="); ok {
				w.assigns = append(w.assigns, plAssign{varno: intField(s, "varno"), rhs: rhs})
			} else if _, rhs, ok := strings.Cut(exprText(s["expr"]), "="); ok {
				w.assigns = append(w.assigns, plAssign{varno: intField(s, "varno"), rhs: rhs})
			}
		}
		for _, k := range sortedKeys(x) {
			w.collect(x[k])
		}
	}
}

// sortedKeys makes the walk deterministic; statement lists are arrays, so
// key order only matters among sibling fields (else_body sorts before
// then_body), and executes are put in line order afterwards.
func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func exprText(v any) string {
	m, _ := v.(map[string]any)
	e, _ := m["PLpgSQL_expr"].(map[string]any)
	q, _ := e["query"].(string)
	return q
}

func intField(m map[string]any, key string) int {
	f, _ := m[key].(float64)
	return int(f)
}

// dynamicSQL describes one dynamic query.
func (w *bodyWalker) dynamicSQL(e plExecute) DynamicSQL {
	d := DynamicSQL{Text: strings.TrimSpace(e.query), Span: w.st.span, Unquoted: []string{}}
	d.Span = w.executeSpan(e)
	expr, ok := parseExpr(e.query)
	if !ok {
		return d
	}
	a := exprAnalysis{types: w.types}
	a.walk(expr, false)
	d.Concatenated, d.UsesQuoting = a.concatenated, a.quoting
	d.Unquoted = append(d.Unquoted, a.unquoted...)
	if !a.concatenated {
		// EXECUTE q: judge the assignments that built q.
		if ref := expr.GetColumnRef(); ref != nil && len(ref.Fields) == 1 {
			name := ref.Fields[0].GetString_().GetSval()
			if parts := w.assigned[name]; len(parts) > 0 {
				d.Concatenated, d.Via = true, name
				d.Unquoted = append(d.Unquoted, parts...)
			}
		}
	}
	return d
}

// unquotedParts are the parts an assignment's right-hand side interpolates
// without quoting; self is the assigned variable (q := q || x reuses q).
func (w *bodyWalker) unquotedParts(rhs, self string) []string {
	expr, ok := parseExpr(rhs)
	if !ok {
		return nil
	}
	a := exprAnalysis{types: w.types, self: self}
	a.walk(expr, false)
	if !a.concatenated {
		return nil
	}
	return a.unquoted
}

// executeSpan covers the EXECUTE keyword and the query expression after it,
// found from the statement's line in the body; the statement's span when
// the body cannot be mapped to the file.
func (w *bodyWalker) executeSpan(e plExecute) Span {
	b := w.body
	if !b.ok {
		return w.st.span
	}
	line := lineOffset(b.text, e.lineno)
	if line < 0 {
		return w.st.span
	}
	q := strings.TrimSpace(e.query)
	qs := strings.Index(b.text[line:], q)
	if qs < 0 {
		return w.st.span
	}
	qs += line
	ks := lastWordFold(b.text[line:qs], "execute")
	if ks < 0 {
		return w.st.span
	}
	start, end := b.toFile(line+ks), b.toFile(qs+len(q)-1)+1
	if start < w.st.start || end > w.st.end || start >= end {
		return w.st.span
	}
	return w.st.spanOf(start, end)
}

// lineOffset is the offset of the 1-based line n of s, -1 past the end.
func lineOffset(s string, n int) int {
	off := 0
	for i := 1; i < n; i++ {
		j := strings.IndexByte(s[off:], '\n')
		if j < 0 {
			return -1
		}
		off += j + 1
	}
	return off
}

// lastWordFold is the offset of the last whole-word, case-insensitive
// occurrence of word in s, -1 when none.
func lastWordFold(s, word string) int {
	for i := len(s) - len(word); i >= 0; i-- {
		if !strings.EqualFold(s[i:i+len(word)], word) {
			continue
		}
		if (i == 0 || !isLexWordByte(s[i-1])) && (i+len(word) == len(s) || !isLexWordByte(s[i+len(word)])) {
			return i
		}
	}
	return -1
}

// containsFold reports whether s contains word (lower-case ASCII letters
// first) up to case. Only the offsets where word's first letter is are
// compared: this runs over every statement's text (syntaxOf), where calling
// strings.EqualFold at every offset cost 1.5% of a corpus run. Unicode
// folding adds nothing for an ASCII word: a rune that folds to an ASCII
// letter (the Kelvin sign) takes more bytes than the letter.
func containsFold(s, word string) bool {
	first, upper := word[0], word[0]-'a'+'A'
	for i := 0; i+len(word) <= len(s); i++ {
		if c := s[i]; (c == first || c == upper) && strings.EqualFold(s[i:i+len(word)], word) {
			return true
		}
	}
	return false
}

// parseExpr parses a PL/pgSQL expression as the target of a SELECT.
func parseExpr(expr string) (*pg_query.Node, bool) {
	res, err := parseGuarded("SELECT " + expr)
	if err != nil || len(res.Stmts) != 1 {
		return nil, false
	}
	sel := res.Stmts[0].GetStmt().GetSelectStmt()
	if sel == nil || len(sel.TargetList) != 1 || len(sel.FromClause) > 0 {
		return nil, false
	}
	rt := sel.TargetList[0].GetResTarget()
	if rt == nil || rt.Val == nil {
		return nil, false
	}
	return rt.Val, true
}

// exprAnalysis judges how a query string is built.
type exprAnalysis struct {
	types map[string]string
	// self is the variable being assigned: q := q || x does not interpolate
	// q itself.
	self         string
	concatenated bool
	quoting      bool
	unquoted     []string
}

// quotingFuncs return their argument quoted for SQL.
var quotingFuncs = map[string]bool{"quote_ident": true, "quote_literal": true, "quote_nullable": true}

// safeTypes are types whose text form cannot carry SQL: numbers, booleans,
// uuids, dates, and the reg* types, whose output is a quoted name.
var safeTypes = map[string]bool{
	"int2": true, "int4": true, "int8": true, "smallint": true, "integer": true, "int": true,
	"bigint": true, "numeric": true, "decimal": true, "real": true, "float4": true, "float8": true,
	"double precision": true, "bool": true, "boolean": true, "uuid": true, "date": true,
	"oid": true, "regclass": true, "regproc": true, "regprocedure": true, "regtype": true,
	"regnamespace": true, "regrole": true,
}

// walk inspects n; part is true when n is interpolated into the string as a
// whole (an operand of ||, an argument of concat, a %s of format).
func (a *exprAnalysis) walk(n *pg_query.Node, part bool) {
	switch x := n.Node.(type) {
	case *pg_query.Node_AConst:
		return
	case *pg_query.Node_AExpr:
		if x.AExpr.Kind == pg_query.A_Expr_Kind_AEXPR_OP && len(x.AExpr.Name) == 1 &&
			x.AExpr.Name[0].GetString_().GetSval() == "||" && x.AExpr.Lexpr != nil && x.AExpr.Rexpr != nil {
			a.concatenated = true
			a.walk(x.AExpr.Lexpr, true)
			a.walk(x.AExpr.Rexpr, true)
			return
		}
	case *pg_query.Node_TypeCast:
		if safeTypes[typeNameText(x.TypeCast.TypeName)] {
			if strings.HasPrefix(typeNameText(x.TypeCast.TypeName), "reg") {
				a.quoting = true
			}
			return
		}
		a.walk(x.TypeCast.Arg, part)
		return
	case *pg_query.Node_FuncCall:
		if a.funcCall(x.FuncCall) {
			return
		}
	case *pg_query.Node_ColumnRef:
		if len(x.ColumnRef.Fields) == 1 {
			name := x.ColumnRef.Fields[0].GetString_().GetSval()
			if name == a.self || safeTypes[a.types[name]] {
				return
			}
		}
	}
	if part {
		a.unquoted = append(a.unquoted, partName(n))
	}
}

// funcCall handles the calls that build strings; false means the call is an
// opaque value.
func (a *exprAnalysis) funcCall(f *pg_query.FuncCall) bool {
	name := ""
	if len(f.Funcname) > 0 {
		name = f.Funcname[len(f.Funcname)-1].GetString_().GetSval()
	}
	switch {
	case quotingFuncs[name]:
		a.quoting = true
		return true
	case name == "concat" || name == "concat_ws":
		a.concatenated = true
		for i, arg := range f.Args {
			a.walk(arg, !(name == "concat_ws" && i == 0))
		}
		return true
	case name == "format" && len(f.Args) > 0:
		c := f.Args[0].GetAConst()
		if c == nil || c.GetSval() == nil {
			return false
		}
		for i, conv := range formatConversions(c.GetSval().Sval) {
			if i+1 >= len(f.Args) {
				break
			}
			switch conv {
			case 'I', 'L':
				a.quoting = true
			case 's':
				a.concatenated = true
				a.walk(f.Args[i+1], true)
			}
		}
		return true
	}
	return false
}

// formatConversions lists the conversion letters of a format() string in
// argument order (%1$s positions are honoured, %% skipped).
func formatConversions(f string) []byte {
	var out []byte
	next := 0
	for i := 0; i < len(f); i++ {
		if f[i] != '%' || i+1 >= len(f) {
			continue
		}
		i++
		if f[i] == '%' {
			continue
		}
		pos := -1
		j := i
		n := 0
		for j < len(f) && f[j] >= '0' && f[j] <= '9' {
			n = n*10 + int(f[j]-'0')
			j++
		}
		if j < len(f) && f[j] == '$' && j > i {
			pos = n - 1
			i = j + 1
		}
		// Flags and width ("%-10s", "%*s") precede the letter.
		for i < len(f) && (f[i] == '-' || f[i] == '*' || (f[i] >= '0' && f[i] <= '9')) {
			i++
		}
		if i >= len(f) {
			break
		}
		if pos < 0 {
			pos = next
		}
		next = pos + 1
		for len(out) <= pos {
			out = append(out, 0)
		}
		out[pos] = f[i]
	}
	return out
}

func typeNameText(tn *pg_query.TypeName) string {
	if tn == nil || len(tn.Names) == 0 {
		return ""
	}
	return strings.ToLower(tn.Names[len(tn.Names)-1].GetString_().GetSval())
}

// partName names an interpolated part for messages: the variable, $n, or
// the function called.
func partName(n *pg_query.Node) string {
	switch x := n.Node.(type) {
	case *pg_query.Node_ColumnRef:
		names := make([]string, 0, len(x.ColumnRef.Fields))
		for _, f := range x.ColumnRef.Fields {
			if s := f.GetString_(); s != nil {
				names = append(names, s.Sval)
			} else {
				names = append(names, "*")
			}
		}
		return strings.Join(names, ".")
	case *pg_query.Node_ParamRef:
		return "$" + itoa(int(x.ParamRef.Number))
	case *pg_query.Node_FuncCall:
		if len(x.FuncCall.Funcname) > 0 {
			return x.FuncCall.Funcname[len(x.FuncCall.Funcname)-1].GetString_().GetSval() + "(...)"
		}
	}
	return "an expression"
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b [20]byte
	i := len(b)
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	return string(b[i:])
}

// functionParams maps the named parameters of a function to their
// lower-case type names.
func functionParams(params []*pg_query.Node) map[string]string {
	m := make(map[string]string, len(params))
	for _, p := range params {
		fp := p.GetFunctionParameter()
		if fp == nil || fp.Name == "" {
			continue
		}
		m[fp.Name] = typeNameText(fp.ArgType)
	}
	return m
}

// functionBody returns the body string of CREATE FUNCTION's AS option and
// the file offset to look for its literal from; ok is false for SQL-standard
// bodies (BEGIN ATOMIC, RETURN) and C functions (AS 'obj', 'symbol').
func (st *stmt) functionBody(d *pg_query.DefElem) (string, int, bool) {
	list := d.Arg.GetList()
	if list == nil || len(list.Items) != 1 {
		return "", 0, false
	}
	s := list.Items[0].GetString_()
	if s == nil {
		return "", 0, false
	}
	from := st.start
	if d.Location >= 0 {
		// The DefElem points at AS; the literal follows it.
		_, ae := findWord(st.s.src, st.loc(d.Location), st.end, "as")
		if ae > 0 {
			from = ae
		}
	}
	return s.Sval, from, true
}

// doBlock describes DO [LANGUAGE lang] '<body>': an action of type "do" with
// the body's facts, and the statements the body runs (static SQL and
// EXECUTE of a constant string), which the file parser adds as statements
// of the file after the DO.
func (st *stmt) doBlock(d *pg_query.DoStmt) {
	fa := &FunctionAction{Language: "plpgsql", DynamicSQL: []DynamicSQL{}}
	var body *pg_query.DefElem
	for _, a := range d.Args {
		de := a.GetDefElem()
		if de == nil {
			continue
		}
		switch de.Defname {
		case "as":
			body = de
		case "language":
			fa.Language = strings.ToLower(de.Arg.GetString_().GetSval())
		}
	}
	if body != nil && fa.Language == "plpgsql" {
		from := st.start
		if body.Location >= 0 {
			from = st.loc(body.Location)
		}
		value := body.Arg.GetString_().GetSval()
		if fn := st.parsePlpgsql(fa, value); fn != nil {
			src := st.locateBody(from, value)
			if containsFold(value, "execute") {
				st.dynamicSQL(fa, fn, &src, map[string]string{})
			}
			st.b.d.Inner = st.innerStatements(fn, &src)
		}
	}
	st.b.add(Action{Type: "do", Span: st.span, FunctionAction: fa})
}
