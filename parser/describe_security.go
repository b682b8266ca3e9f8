package parser

import (
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v5"
)

func (st *stmt) createFunction(f *pg_query.CreateFunctionStmt) {
	fa := &FunctionAction{
		Function:   relPtr(st.s.nameList(f.Funcname)),
		Procedure:  f.IsProcedure,
		OrReplace:  f.Replace,
		DynamicSQL: []DynamicSQL{},
		Volatility: volatile,
	}
	fa.MinArgs, fa.MaxArgs = parameterCounts(f.Parameters)
	var body *pg_query.DefElem
	for _, o := range f.Options {
		d := o.GetDefElem()
		if d == nil {
			continue
		}
		switch d.Defname {
		case "as":
			body = d
		case "language":
			fa.Language = strings.ToLower(d.Arg.GetString_().GetSval())
		default:
			fa.securityOption(d)
		}
	}
	if body != nil && fa.Language == "plpgsql" {
		if value, from, ok := st.functionBody(body); ok {
			st.plpgsqlBody(fa, value, from, functionParams(f.Parameters))
		}
	}
	st.b.add(Action{Type: "create_function", Span: st.span, FunctionAction: fa})
}

// alterFunction describes ALTER FUNCTION / PROCEDURE / ROUTINE: an
// alter_function action whose SecurityDefiner is true only when the
// statement sets SECURITY DEFINER, and SetsSearchPath when it pins
// search_path, so policies can pair it with an earlier CREATE FUNCTION.
func (st *stmt) alterFunction(f *pg_query.AlterFunctionStmt) {
	fa := &FunctionAction{
		Procedure:  f.Objtype == pg_query.ObjectType_OBJECT_PROCEDURE,
		DynamicSQL: []DynamicSQL{},
	}
	if f.Func != nil {
		fa.Function = relPtr(st.s.nameList(f.Func.Objname))
		if !f.Func.ArgsUnspecified {
			fa.MinArgs, fa.MaxArgs = parameterCounts(f.Func.Objfuncargs)
		} else {
			fa.MaxArgs = -1
		}
	}
	for _, o := range f.Actions {
		d := o.GetDefElem()
		if d == nil {
			continue
		}
		fa.securityOption(d)
	}
	st.b.add(Action{Type: "alter_function", Span: st.span, FunctionAction: fa})
}

// securityOption records the options of CREATE and ALTER FUNCTION that the
// security rules judge: SECURITY DEFINER (which arrives as security = true)
// and SET search_path.
func (fa *FunctionAction) securityOption(d *pg_query.DefElem) {
	switch d.Defname {
	case "volatility":
		switch v := strings.ToLower(d.Arg.GetString_().GetSval()); v {
		case immutable, stable, volatile:
			fa.Volatility = v
		}
	case "security":
		if b := d.Arg.GetBoolean(); b != nil {
			fa.SecurityDefiner = b.Boolval
		}
	case "set":
		if v := d.Arg.GetVariableSetStmt(); v != nil && v.Name == "search_path" &&
			v.Kind != pg_query.VariableSetKind_VAR_RESET && v.Kind != pg_query.VariableSetKind_VAR_RESET_ALL {
			fa.SetsSearchPath = true
		}
	}
}

func (st *stmt) grant(g *pg_query.GrantStmt, defaults bool) {
	typ := "revoke"
	if g.IsGrant {
		typ = "grant"
	}
	ga := &GrantAction{
		Privileges:        make([]string, 0, len(g.Privileges)),
		TargetType:        objectTypeName(g.Objtype),
		AllInSchema:       g.Targtype == pg_query.GrantTargetType_ACL_TARGET_ALL_IN_SCHEMA,
		DefaultPrivileges: defaults,
		Targets:           make([]string, 0, len(g.Objects)),
		Grantees:          make([]string, 0, len(g.Grantees)),
		WithGrantOption:   g.GrantOption,
	}
	for _, p := range g.Privileges {
		if ap := p.GetAccessPriv(); ap != nil && ap.PrivName != "" {
			ga.Privileges = append(ga.Privileges, ap.PrivName)
		}
	}
	if len(g.Privileges) == 0 {
		// An empty privilege list is ALL [PRIVILEGES].
		ga.Privileges = append(ga.Privileges, "all")
	}
	for _, o := range g.Objects {
		ga.Targets = append(ga.Targets, st.objectName(o))
	}
	for _, r := range g.Grantees {
		ga.Grantees = append(ga.Grantees, roleName(r.GetRoleSpec()))
	}
	st.b.add(Action{Type: typ, Span: st.span, GrantAction: ga})
}

// objectName is the qualified name of a GRANT target.
func (st *stmt) objectName(n *pg_query.Node) string {
	var r Relation
	switch x := n.Node.(type) {
	case *pg_query.Node_RangeVar:
		r = st.s.rangeVar(x.RangeVar)
	case *pg_query.Node_ObjectWithArgs:
		r = st.s.nameList(x.ObjectWithArgs.Objname)
	case *pg_query.Node_String_:
		return x.String_.Sval
	case *pg_query.Node_List:
		r = st.s.nameList(x.List.Items)
	case *pg_query.Node_TypeName:
		r = st.s.nameList(x.TypeName.Names)
	default:
		return lastName(n)
	}
	return r.Schema + "." + r.Name
}

// roleName names a role specification; PUBLIC and CURRENT_USER-style
// pseudo-roles are written in upper case.
func roleName(r *pg_query.RoleSpec) string {
	if r == nil {
		return ""
	}
	switch r.Roletype {
	case pg_query.RoleSpecType_ROLESPEC_CSTRING:
		return r.Rolename
	case pg_query.RoleSpecType_ROLESPEC_PUBLIC:
		return "PUBLIC"
	case pg_query.RoleSpecType_ROLESPEC_CURRENT_ROLE:
		return "CURRENT_ROLE"
	case pg_query.RoleSpecType_ROLESPEC_CURRENT_USER:
		return "CURRENT_USER"
	case pg_query.RoleSpecType_ROLESPEC_SESSION_USER:
		return "SESSION_USER"
	}
	return r.Rolename
}

func (st *stmt) role(typ, name string, options []*pg_query.Node) {
	ra := &RoleAction{Role: name}
	span := st.span
	for _, o := range options {
		d := o.GetDefElem()
		if d == nil {
			continue
		}
		on := d.Arg == nil || !isFalse(d.Arg)
		switch d.Defname {
		case "password":
			if d.Arg != nil && d.Arg.GetString_() != nil {
				ra.PasswordLiteral = true
				span = st.passwordSpan(d)
			}
		case "superuser":
			ra.Superuser = on
		case "bypassrls":
			ra.Bypassrls = on
		case "createrole":
			ra.Createrole = on
		case "createdb":
			ra.Createdb = on
		case "canlogin":
			ra.Login = on
		}
	}
	st.b.add(Action{Type: typ, Span: span, RoleAction: ra})
}

// passwordSpan covers "PASSWORD '<literal>'" (from ENCRYPTED when given).
func (st *stmt) passwordSpan(d *pg_query.DefElem) Span {
	start := st.loc(d.Location)
	if d.Location < 0 || start < st.start || start >= st.end {
		return st.span
	}
	src := st.s.src
	_, pe := findWord(src, start, st.end, "password")
	if pe < 0 {
		return st.span
	}
	kind, _, te := nextToken(src, pe, st.end)
	if kind != tokString {
		return st.span
	}
	return st.spanOf(start, te)
}

// parameterCounts returns how many arguments a call of a function with
// these parameters passes at least and at most (-1: VARIADIC). OUT and
// TABLE parameters are results, not arguments.
func parameterCounts(params []*pg_query.Node) (minArgs, maxArgs int) {
	for _, n := range params {
		p := n.GetFunctionParameter()
		if p == nil {
			continue
		}
		switch p.Mode {
		case pg_query.FunctionParameterMode_FUNC_PARAM_OUT, pg_query.FunctionParameterMode_FUNC_PARAM_TABLE:
			continue
		case pg_query.FunctionParameterMode_FUNC_PARAM_VARIADIC:
			return minArgs, -1
		}
		maxArgs++
		if p.Defexpr == nil {
			minArgs = maxArgs
		}
	}
	return minArgs, maxArgs
}
