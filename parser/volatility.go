package parser

import (
	_ "embed"
	"strconv"
	"strings"
	"sync"

	pg_query "github.com/pganalyze/pg_query_go/v5"
)

// Volatility levels of an expression, as PostgreSQL classifies functions.
// ADD COLUMN ... DEFAULT rewrites the table (11+) only for volatile defaults.
const (
	immutable = "immutable"
	stable    = "stable"
	volatile  = "volatile"
)

// VolatilityRank orders volatility levels from immutable (0) to volatile
// (2); an unknown or empty level ranks as volatile, the safe answer.
func VolatilityRank(v string) int {
	switch v {
	case immutable:
		return 0
	case stable:
		return 1
	}
	return 2
}

func maxVolatility(a, b string) string {
	if VolatilityRank(b) > VolatilityRank(a) {
		return b
	}
	return a
}

// functionsTSV is the volatility of every function of pg_catalog and of
// common contrib extensions, generated from a server's pg_proc by
// tools/pgproc (never kept by hand).
//
//go:embed functions.tsv
var functionsTSV string

// builtinOverload is one line of functions.tsv.
type builtinOverload struct {
	minArgs, maxArgs int // -1 max: variadic; any: every arity
	any              bool
	volatility       string
	extension        string
}

var builtins = sync.OnceValue(func() map[string][]builtinOverload {
	m := make(map[string][]builtinOverload, 3300)
	for _, line := range strings.Split(functionsTSV, "\n") {
		if line == "" || line[0] == '#' {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != 5 {
			panic("parser: malformed functions.tsv line " + strconv.Quote(line))
		}
		o := builtinOverload{any: f[1] == "*", extension: f[4]}
		switch f[3] {
		case "i":
			o.volatility = immutable
		case "s":
			o.volatility = stable
		default:
			o.volatility = volatile
		}
		if !o.any {
			o.minArgs, _ = strconv.Atoi(f[1])
			o.maxArgs, _ = strconv.Atoi(f[2])
		}
		m[f[0]] = append(m[f[0]], o)
	}
	return m
})

// builtinVolatility is the volatility of a call of a built-in (or common
// extension) function with nargs arguments; ok is false for a function
// PostgreSQL does not ship. A call may match several overloads whose
// argument types the parser cannot tell apart: the most volatile wins. A
// schema other than pg_catalog only names extension functions, which live
// in whatever schema the extension was installed in.
func builtinVolatility(schema, name string, nargs int) (string, bool) {
	ovs := builtins()[name]
	if len(ovs) == 0 {
		return "", false
	}
	if schema != "" && schema != "pg_catalog" && ovs[0].extension == "" {
		return "", false
	}
	v, matched := immutable, false
	for _, o := range ovs {
		if o.any || (nargs >= o.minArgs && (o.maxArgs < 0 || nargs <= o.maxArgs)) {
			v, matched = maxVolatility(v, o.volatility), true
		}
	}
	if !matched {
		// No arity matches (the call fails on the server): the name's
		// highest volatility is still the best guess.
		for _, o := range ovs {
			v = maxVolatility(v, o.volatility)
		}
	}
	return v, true
}

// FunctionRef names a function called by an expression.
type FunctionRef struct {
	// Schema is the schema written in the call, "" when unqualified.
	Schema string `json:"schema"`
	Name   string `json:"name"`
	// Args is the number of arguments of the call.
	Args int `json:"args"`
}

// FunctionResolver answers the volatility of a function that is not built
// in, from what the schema history created; ok false means unknown.
type FunctionResolver func(f FunctionRef) (volatility string, ok bool)

// volatilityScan classifies an expression and collects the calls of
// functions that are not built in.
type volatilityScan struct {
	resolve FunctionResolver
	unknown []FunctionRef
}

// exprVolatility classifies an expression: constants and casts of constants
// are immutable, CURRENT_TIMESTAMP and friends stable, built-in functions
// as pg_proc says, other functions as resolve says and volatile when it
// does not know them (PostgreSQL's default for CREATE FUNCTION); operators
// and composite expressions take the highest volatility of their parts.
// Expression kinds not handled here (sub-selects, ...) are volatile, the
// safe answer for rewrite detection.
func (v *volatilityScan) expr(n *pg_query.Node) string {
	if n == nil {
		return immutable
	}
	switch x := n.Node.(type) {
	case *pg_query.Node_AConst, *pg_query.Node_ColumnRef, *pg_query.Node_ParamRef:
		return immutable
	case *pg_query.Node_TypeCast:
		return v.expr(x.TypeCast.Arg)
	case *pg_query.Node_CollateClause:
		return v.expr(x.CollateClause.Arg)
	case *pg_query.Node_SqlvalueFunction:
		return stable
	case *pg_query.Node_AArrayExpr:
		return v.list(x.AArrayExpr.Elements)
	case *pg_query.Node_List:
		return v.list(x.List.Items)
	case *pg_query.Node_RowExpr:
		return v.list(x.RowExpr.Args)
	case *pg_query.Node_CoalesceExpr:
		return v.list(x.CoalesceExpr.Args)
	case *pg_query.Node_MinMaxExpr:
		return v.list(x.MinMaxExpr.Args)
	case *pg_query.Node_BoolExpr:
		return v.list(x.BoolExpr.Args)
	case *pg_query.Node_NullTest:
		return v.expr(x.NullTest.Arg)
	case *pg_query.Node_BooleanTest:
		return v.expr(x.BooleanTest.Arg)
	case *pg_query.Node_AExpr:
		return maxVolatility(v.expr(x.AExpr.Lexpr), v.expr(x.AExpr.Rexpr))
	case *pg_query.Node_AIndirection:
		return v.expr(x.AIndirection.Arg)
	case *pg_query.Node_CaseExpr:
		r := maxVolatility(v.expr(x.CaseExpr.Arg), v.expr(x.CaseExpr.Defresult))
		return maxVolatility(r, v.list(x.CaseExpr.Args))
	case *pg_query.Node_CaseWhen:
		return maxVolatility(v.expr(x.CaseWhen.Expr), v.expr(x.CaseWhen.Result))
	case *pg_query.Node_FuncCall:
		return maxVolatility(v.call(x.FuncCall), v.list(x.FuncCall.Args))
	}
	return volatile
}

// call is the volatility of the function a FuncCall names.
func (v *volatilityScan) call(f *pg_query.FuncCall) string {
	ref := FunctionRef{Args: len(f.Args)}
	switch len(f.Funcname) {
	case 0:
		return volatile
	case 1:
		ref.Name = f.Funcname[0].GetString_().GetSval()
	default:
		ref.Schema = f.Funcname[len(f.Funcname)-2].GetString_().GetSval()
		ref.Name = f.Funcname[len(f.Funcname)-1].GetString_().GetSval()
	}
	if vol, ok := builtinVolatility(ref.Schema, ref.Name, ref.Args); ok {
		return vol
	}
	v.unknown = append(v.unknown, ref)
	if v.resolve != nil {
		if vol, ok := v.resolve(ref); ok {
			return vol
		}
	}
	return volatile
}

func (v *volatilityScan) list(nodes []*pg_query.Node) string {
	r := immutable
	for _, n := range nodes {
		r = maxVolatility(r, v.expr(n))
	}
	return r
}

// exprVolatility classifies a parsed expression with built-in knowledge
// only, and returns the functions it calls that are not built in.
func exprVolatility(n *pg_query.Node) (string, []FunctionRef) {
	v := volatilityScan{}
	vol := v.expr(n)
	return vol, nonNil(v.unknown)
}

// ExprVolatility classifies an expression written in SQL (a column
// default), resolving the functions that are not built in with resolve:
// the catalog knows the volatility of the functions the schema history
// created. ok is false when the text does not parse as an expression.
func ExprVolatility(expr string, resolve FunctionResolver) (volatility string, ok bool) {
	n, ok := parseExpr(expr)
	if !ok {
		return "", false
	}
	v := volatilityScan{resolve: resolve}
	return v.expr(n), true
}
