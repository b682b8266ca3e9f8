package parser

import (
	"slices"
	"strconv"
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v5"
)

// partition.go reads partition bounds and decides whether a CHECK
// constraint proves one: ATTACH PARTITION scans the partition, under an
// ACCESS EXCLUSIVE lock, unless a valid CHECK already implies the
// partition constraint (PostgreSQL's predicate_implied_by). The recognised
// shapes are the ones PostgreSQL proves and ddlgate's own recipe writes:
// for a range bound on key k, k IS NOT NULL AND k >= from AND k < to; for a
// list bound, k IS NOT NULL AND k IN (...) (or = ANY (ARRAY[...])).

// partitionBound converts a FOR VALUES clause; nil when there is none.
func partitionBound(b *pg_query.PartitionBoundSpec) *PartitionBound {
	if b == nil {
		return nil
	}
	pb := &PartitionBound{From: []string{}, To: []string{}, In: []string{}}
	switch {
	case b.IsDefault:
		pb.Strategy = "default"
	case b.Strategy == "r":
		pb.Strategy = "range"
	case b.Strategy == "l":
		pb.Strategy = "list"
	case b.Strategy == "h":
		pb.Strategy = "hash"
	}
	pb.From = datums(b.Lowerdatums)
	pb.To = datums(b.Upperdatums)
	pb.In = datums(b.Listdatums)
	return pb
}

func datums(nodes []*pg_query.Node) []string {
	out := make([]string, 0, len(nodes))
	for _, n := range nodes {
		out = append(out, constSQL(n))
	}
	return out
}

// constSQL writes a bound value as SQL: numbers as written, strings
// quoted, MINVALUE and MAXVALUE as keywords; "" for anything else.
func constSQL(n *pg_query.Node) string {
	if tc := n.GetTypeCast(); tc != nil {
		n = tc.Arg
	}
	if ref := n.GetColumnRef(); ref != nil && len(ref.Fields) == 1 {
		if s := ref.Fields[0].GetString_().GetSval(); s == "minvalue" || s == "maxvalue" {
			return strings.ToUpper(s)
		}
		return ""
	}
	c := n.GetAConst()
	switch {
	case c == nil:
		return ""
	case c.GetIval() != nil:
		return strconv.Itoa(int(c.GetIval().Ival))
	case c.GetFval() != nil:
		return c.GetFval().Fval
	case c.GetSval() != nil:
		return "'" + strings.ReplaceAll(c.GetSval().Sval, "'", "''") + "'"
	case c.GetBoolval() != nil:
		return strconv.FormatBool(c.GetBoolval().Boolval)
	case c.Isnull:
		return "NULL"
	}
	return ""
}

// BoundCheck is the CHECK expression that proves a single-column range or
// list bound on key (a column name), as PostgreSQL would prove it before
// skipping ATTACH PARTITION's scan; "" for other bounds.
func BoundCheck(key string, b *PartitionBound) string {
	if b == nil || key == "" {
		return ""
	}
	k := quoteIdent(key)
	switch b.Strategy {
	case "range":
		if len(b.From) != 1 || len(b.To) != 1 || b.From[0] == "" || b.To[0] == "" {
			return ""
		}
		terms := []string{k + " IS NOT NULL"}
		if b.From[0] != "MINVALUE" {
			terms = append(terms, k+" >= "+b.From[0])
		}
		if b.To[0] != "MAXVALUE" {
			terms = append(terms, k+" < "+b.To[0])
		}
		return strings.Join(terms, " AND ")
	case "list":
		if len(b.In) == 0 || slices.Contains(b.In, "") || slices.Contains(b.In, "NULL") {
			return ""
		}
		return k + " IS NOT NULL AND " + k + " IN (" + strings.Join(b.In, ", ") + ")"
	}
	return ""
}

// CheckProvesBound reports whether a CHECK expression implies the
// partition constraint of a single-column range or list bound on key: each
// term BoundCheck would write appears among the AND-ed terms of the CHECK
// (in either operand order, a list as IN or = ANY (ARRAY[...]) of the same
// values in any order).
func CheckProvesBound(check, key string, b *PartitionBound) bool {
	want := BoundCheck(key, b)
	if want == "" {
		return false
	}
	have, ok := andTerms(check)
	if !ok {
		return false
	}
	need, ok := andTerms(want)
	if !ok {
		return false
	}
	for _, n := range need {
		if !slices.Contains(have, n) {
			return false
		}
	}
	return true
}

// andTerms parses an expression and returns its AND-ed terms in a
// canonical form, so that equivalent spellings compare equal.
func andTerms(expr string) ([]string, bool) {
	n, ok := parseExpr(expr)
	if !ok {
		return nil, false
	}
	var out []string
	var walk func(n *pg_query.Node)
	walk = func(n *pg_query.Node) {
		if be := n.GetBoolExpr(); be != nil && be.Boolop == pg_query.BoolExprType_AND_EXPR {
			for _, a := range be.Args {
				walk(a)
			}
			return
		}
		out = append(out, canonicalTerm(n))
	}
	walk(n)
	return out, true
}

// canonicalTerm writes a comparison term as "col op value" (flipping
// "value op col"), IS NOT NULL as "col is not null", and an IN list or
// = ANY (ARRAY[...]) as "col in v1,v2" with sorted values; "" for other
// terms.
func canonicalTerm(n *pg_query.Node) string {
	if nt := n.GetNullTest(); nt != nil && nt.Nulltesttype == pg_query.NullTestType_IS_NOT_NULL {
		if col := columnName(nt.Arg); col != "" {
			return col + " is not null"
		}
		return ""
	}
	e := n.GetAExpr()
	if e == nil || len(e.Name) != 1 {
		return ""
	}
	op := e.Name[0].GetString_().GetSval()
	switch e.Kind {
	case pg_query.A_Expr_Kind_AEXPR_OP:
		if col, val := columnName(e.Lexpr), constSQL(e.Rexpr); col != "" && val != "" {
			return col + " " + op + " " + val
		}
		flipped := map[string]string{"<": ">", ">": "<", "<=": ">=", ">=": "<=", "=": "="}[op]
		if col, val := columnName(e.Rexpr), constSQL(e.Lexpr); col != "" && val != "" && flipped != "" {
			return col + " " + flipped + " " + val
		}
	case pg_query.A_Expr_Kind_AEXPR_IN, pg_query.A_Expr_Kind_AEXPR_OP_ANY:
		if op != "=" {
			return ""
		}
		col := columnName(e.Lexpr)
		var items []*pg_query.Node
		if l := e.Rexpr.GetList(); l != nil {
			items = l.Items
		} else if a := e.Rexpr.GetAArrayExpr(); a != nil {
			items = a.Elements
		}
		vals := datums(items)
		if col == "" || len(vals) == 0 || slices.Contains(vals, "") {
			return ""
		}
		slices.Sort(vals)
		return col + " in " + strings.Join(vals, ",")
	}
	return ""
}

// columnName is the name of a lone column reference.
func columnName(n *pg_query.Node) string {
	if n == nil {
		return ""
	}
	if ref := n.GetColumnRef(); ref != nil && len(ref.Fields) == 1 {
		return ref.Fields[0].GetString_().GetSval()
	}
	return ""
}

// quoteIdent quotes a name for SQL when it is not a plain lower-case
// identifier.
func quoteIdent(name string) string {
	plain := name != ""
	for i := 0; i < len(name); i++ {
		c := name[i]
		if !(c == '_' || c >= 'a' && c <= 'z' || i > 0 && (c >= '0' && c <= '9' || c == '$')) {
			plain = false
		}
	}
	if plain && !isKeyword(name) {
		return name
	}
	return `"` + strings.ReplaceAll(name, `"`, `""`) + `"`
}

// isKeyword reports whether name is a PostgreSQL keyword that cannot stand
// as a column name unquoted, asking the real scanner.
func isKeyword(name string) bool {
	res, err := pg_query.Scan(name)
	if err != nil || len(res.Tokens) != 1 {
		return true
	}
	k := res.Tokens[0].KeywordKind
	return k != pg_query.KeywordKind_NO_KEYWORD && k != pg_query.KeywordKind_UNRESERVED_KEYWORD
}
