package catalog

import (
	"slices"

	"github.com/ddlgate/ddlgate/parser"
)

// functions.go keeps the user functions of the history, so that a column
// default calling one is judged by the function's declared volatility: the
// parser knows only the built-in functions (generated from pg_proc).

// createFunction records CREATE [OR REPLACE] FUNCTION: a new overload, or a
// replacement of the one with the same argument counts.
func (c *Catalog) createFunction(fa *parser.FunctionAction) {
	if fa == nil || fa.Function == nil || fa.Procedure {
		return
	}
	key := c.key(fa.Function)
	f := Function{MinArgs: fa.MinArgs, MaxArgs: fa.MaxArgs, Volatility: fa.Volatility}
	ovs := slices.DeleteFunc(slices.Clone(c.functions[key]), func(o Function) bool {
		return o.MinArgs == f.MinArgs && o.MaxArgs == f.MaxArgs
	})
	c.functions[key] = append(ovs, f)
}

// alterFunction records ALTER FUNCTION ... IMMUTABLE | STABLE | VOLATILE.
// Without an argument list it names the only overload.
func (c *Catalog) alterFunction(fa *parser.FunctionAction) {
	if fa == nil || fa.Function == nil || fa.Volatility == "" {
		return
	}
	key := c.key(fa.Function)
	ovs := slices.Clone(c.functions[key])
	for i := range ovs {
		if fa.MaxArgs < 0 && len(ovs) == 1 || ovs[i].MinArgs == fa.MinArgs && ovs[i].MaxArgs == fa.MaxArgs {
			ovs[i].Volatility = fa.Volatility
		}
	}
	c.functions[key] = ovs
}

// dropFunction forgets every overload of a dropped function's name: the
// facts do not say which one was dropped, and an unknown function is
// volatile, the safe answer.
func (c *Catalog) dropFunction(r *parser.Relation) {
	if r != nil {
		delete(c.functions, c.key(r))
	}
}

// functionVolatility resolves a call of a user function: a qualified call
// in its schema, an unqualified one in the schemas of search path. Several
// matching overloads (argument types are unknown) give the most volatile.
func (c *Catalog) functionVolatility(ref parser.FunctionRef, searchPath []string) (string, bool) {
	schemas := searchPath
	if ref.Schema != "" {
		schemas = []string{ref.Schema}
	} else if len(schemas) == 0 {
		schemas = []string{c.defaultSchema}
	}
	for _, schema := range schemas {
		if schema == "$user" {
			continue
		}
		ovs := c.functions[schema+"."+ref.Name]
		rank, found := -1, ""
		for _, o := range ovs {
			if ref.Args < o.MinArgs || (o.MaxArgs >= 0 && ref.Args > o.MaxArgs) {
				continue
			}
			if r := parser.VolatilityRank(o.Volatility); r > rank {
				rank, found = r, o.Volatility
			}
		}
		if rank >= 0 {
			return found, true
		}
	}
	return "", false
}

// refineDefault judges a default that calls functions the parser does not
// know (set_default, add_column) with the history's user functions, and
// recomputes ADD COLUMN's rewrite. It reports whether the effects changed.
func (st *fileState) refineDefault(a *parser.Action) bool {
	ca := a.ColumnAction
	text, vol, funcs := ca.Default, ca.DefaultVolatility, ca.DefaultFunctions
	if ca.Column != nil {
		text, vol, funcs = ca.Column.Default, ca.Column.DefaultVolatility, ca.Column.DefaultFunctions
	}
	if text == nil || vol == nil || len(funcs) == 0 {
		return false
	}
	resolved, ok := parser.ExprVolatility(*text, func(ref parser.FunctionRef) (string, bool) {
		return st.c.functionVolatility(ref, st.searchPath)
	})
	if !ok || resolved == *vol {
		return false
	}
	*vol = resolved
	if ca.Column == nil || a.Type != "add_column" {
		return false
	}
	rewrites := parser.AddColumnRewrites(ca.Column, st.f.Target.PGVersion)
	if rewrites == a.Effects.RewritesTable {
		return false
	}
	a.Effects.RewritesTable = rewrites
	return true
}
