package parser

import (
	pg_query "github.com/pganalyze/pg_query_go/v5"
)

// Volatility levels of an expression, as PostgreSQL classifies functions.
// ADD COLUMN ... DEFAULT rewrites the table (11+) only for volatile defaults.
const (
	immutable = "immutable"
	stable    = "stable"
	volatile  = "volatile"
)

func volatilityRank(v string) int {
	switch v {
	case immutable:
		return 0
	case stable:
		return 1
	}
	return 2
}

func maxVolatility(a, b string) string {
	if volatilityRank(b) > volatilityRank(a) {
		return b
	}
	return a
}

// functionVolatility lists the built-in functions whose volatility is known.
// Any other function is volatile: PostgreSQL's default for CREATE FUNCTION
// is VOLATILE, so an unknown function is assumed to be one.
var functionVolatility = map[string]string{
	"now":                   stable,
	"transaction_timestamp": stable,
	"statement_timestamp":   stable,
	"current_setting":       stable,
	"current_database":      stable,
	"current_schema":        stable,
	"to_timestamp":          stable,
	"to_char":               stable,
	"date_trunc":            stable,
	"date_part":             stable,
	"extract":               stable,
	"concat":                stable,
	"concat_ws":             stable,
	"json_build_object":     stable,
	"jsonb_build_object":    stable,
	"json_build_array":      stable,
	"jsonb_build_array":     stable,
	"to_tsvector":           stable,
	"timezone":              immutable,
	"random":                volatile,
	"random_normal":         volatile,
	"gen_random_uuid":       volatile,
	"uuid_generate_v1":      volatile,
	"uuid_generate_v1mc":    volatile,
	"uuid_generate_v4":      volatile,
	"nextval":               volatile,
	"currval":               volatile,
	"lastval":               volatile,
	"setval":                volatile,
	"clock_timestamp":       volatile,
	"timeofday":             volatile,
	"txid_current":          volatile,
	"lower":                 immutable,
	"upper":                 immutable,
	"abs":                   immutable,
	"length":                immutable,
	"md5":                   immutable,
	"btrim":                 immutable,
	"replace":               immutable,
	"round":                 immutable,
	"make_interval":         immutable,
	"make_date":             immutable,
	"substr":                immutable,
	"substring":             immutable,
	"left":                  immutable,
	"right":                 immutable,
	"floor":                 immutable,
	"ceil":                  immutable,
	"uuid_nil":              immutable,
}

// exprVolatility classifies an expression: constants and casts of constants
// are immutable, now() and CURRENT_TIMESTAMP stable, random() and unknown
// functions volatile; operators and other composite expressions take the
// highest volatility of their parts. Expression kinds not handled here
// (sub-selects, ...) are volatile, the safe answer for rewrite detection.
func exprVolatility(n *pg_query.Node) string {
	if n == nil {
		return immutable
	}
	switch x := n.Node.(type) {
	case *pg_query.Node_AConst, *pg_query.Node_ColumnRef, *pg_query.Node_ParamRef:
		return immutable
	case *pg_query.Node_TypeCast:
		return exprVolatility(x.TypeCast.Arg)
	case *pg_query.Node_CollateClause:
		return exprVolatility(x.CollateClause.Arg)
	case *pg_query.Node_SqlvalueFunction:
		return stable
	case *pg_query.Node_AArrayExpr:
		return listVolatility(x.AArrayExpr.Elements)
	case *pg_query.Node_List:
		return listVolatility(x.List.Items)
	case *pg_query.Node_RowExpr:
		return listVolatility(x.RowExpr.Args)
	case *pg_query.Node_CoalesceExpr:
		return listVolatility(x.CoalesceExpr.Args)
	case *pg_query.Node_MinMaxExpr:
		return listVolatility(x.MinMaxExpr.Args)
	case *pg_query.Node_BoolExpr:
		return listVolatility(x.BoolExpr.Args)
	case *pg_query.Node_NullTest:
		return exprVolatility(x.NullTest.Arg)
	case *pg_query.Node_AExpr:
		return maxVolatility(exprVolatility(x.AExpr.Lexpr), exprVolatility(x.AExpr.Rexpr))
	case *pg_query.Node_CaseExpr:
		v := maxVolatility(exprVolatility(x.CaseExpr.Arg), exprVolatility(x.CaseExpr.Defresult))
		return maxVolatility(v, listVolatility(x.CaseExpr.Args))
	case *pg_query.Node_CaseWhen:
		return maxVolatility(exprVolatility(x.CaseWhen.Expr), exprVolatility(x.CaseWhen.Result))
	case *pg_query.Node_FuncCall:
		fn := x.FuncCall.Funcname
		name := ""
		if len(fn) > 0 {
			name = fn[len(fn)-1].GetString_().GetSval()
		}
		v, ok := functionVolatility[name]
		if !ok {
			return volatile
		}
		return maxVolatility(v, listVolatility(x.FuncCall.Args))
	}
	return volatile
}

func listVolatility(nodes []*pg_query.Node) string {
	v := immutable
	for _, n := range nodes {
		v = maxVolatility(v, exprVolatility(n))
		if v == volatile {
			break
		}
	}
	return v
}
