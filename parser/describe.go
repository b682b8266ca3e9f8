package parser

import (
	"strconv"
	"strings"
	"sync"

	pg_query "github.com/pganalyze/pg_query_go/v5"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// stmt is the statement being described: node locations are relative to
// base; start and end bound the statement text in the file.
type stmt struct {
	s          *fileState
	base       int
	start, end int
	span       Span
	b          builder
}

func (st *stmt) loc(l int32) int { return st.base + int(l) }

func (st *stmt) spanOf(start, end int) Span { return st.s.span(start, end) }

// clauseSpan is the span from start to the end of its clause.
func (st *stmt) clauseSpan(start int) Span {
	if start < st.start || start >= st.end {
		return st.span
	}
	last, _ := clauseEnd(st.s.src, start, st.end)
	return st.spanOf(start, last)
}

// nodeOneof is the oneof of pg_query's Node, looked up on first use:
// reading a descriptor builds those of the whole pg_query.proto file, most
// of the package's initialisation (~0.8 ms, 800 KB), which a run served
// from the cache, or ddlgate version, does not need.
var nodeOneof = sync.OnceValue(func() protoreflect.OneofDescriptor {
	return (&pg_query.Node{}).ProtoReflect().Descriptor().Oneofs().ByName("node")
})

// nodeName returns the pg_query node name of n ("AlterTableStmt").
func nodeName(n *pg_query.Node) string {
	if n == nil {
		return ""
	}
	fd := n.ProtoReflect().WhichOneof(nodeOneof())
	if fd == nil || fd.Message() == nil {
		return ""
	}
	return string(fd.Message().Name())
}

// describe returns the facts of one statement and records what it creates
// (for created_in_file of later statements). base is the byte offset, in
// the file, of the string pg_query parsed (node Locations are relative to
// it); stmtSpan is the trimmed span of the statement in the file.
//
// Pitfall (pg_query_go v5): after a raw parse ColumnDef.IsNotNull is false;
// NOT NULL, DEFAULT, GENERATED, IDENTITY, PRIMARY KEY and REFERENCES appear
// only as Constraints[].Contype. Unquoted identifiers arrive lower-cased,
// quoted ones keep their case.
func (s *fileState) describe(raw *pg_query.RawStmt, base int, stmtSpan Span) described {
	st := &stmt{s: s, base: base, start: int(stmtSpan.Start), end: int(stmtSpan.End), span: stmtSpan}
	if st.end > len(s.src) {
		st.end = len(s.src)
	}
	n := raw.GetStmt()
	st.b.d.Node = nodeName(n)
	st.b.d.Tag = commandTag(n, st.b.d.Node)
	if n == nil {
		return s.share(st.b.result())
	}
	switch x := n.Node.(type) {
	case *pg_query.Node_CreateStmt:
		st.createTable(x.CreateStmt)
	case *pg_query.Node_CreateTableAsStmt:
		st.createTableAs(x.CreateTableAsStmt)
	case *pg_query.Node_AlterTableStmt:
		st.alterTable(x.AlterTableStmt)
	case *pg_query.Node_RenameStmt:
		st.rename(x.RenameStmt)
	case *pg_query.Node_IndexStmt:
		st.createIndex(x.IndexStmt)
	case *pg_query.Node_DropStmt:
		st.drop(x.DropStmt)
	case *pg_query.Node_DropdbStmt:
		st.b.add(Action{Type: "drop_database", Span: st.span, Effects: lockFor("drop_database").effects(),
			DropAction: &DropAction{ObjectType: "database", Object: &Relation{Name: x.DropdbStmt.Dbname}, IfExists: x.DropdbStmt.MissingOk}})
	case *pg_query.Node_TruncateStmt:
		st.truncate(x.TruncateStmt)
	case *pg_query.Node_ReindexStmt:
		st.reindex(x.ReindexStmt)
	case *pg_query.Node_RefreshMatViewStmt:
		st.refresh(x.RefreshMatViewStmt)
	case *pg_query.Node_UpdateStmt:
		st.dml("update", x.UpdateStmt.Relation, x.UpdateStmt.WhereClause != nil)
	case *pg_query.Node_DeleteStmt:
		st.dml("delete", x.DeleteStmt.Relation, x.DeleteStmt.WhereClause != nil)
	case *pg_query.Node_InsertStmt:
		st.dml("insert", x.InsertStmt.Relation, false)
	case *pg_query.Node_VariableSetStmt:
		st.set(x.VariableSetStmt)
	case *pg_query.Node_TransactionStmt:
		st.transaction(x.TransactionStmt)
	case *pg_query.Node_VacuumStmt:
		st.vacuum(x.VacuumStmt)
	case *pg_query.Node_ClusterStmt:
		var table *Relation
		if x.ClusterStmt.Relation != nil {
			table = relPtr(st.s.rangeVar(x.ClusterStmt.Relation))
		}
		st.b.add(newAction("cluster", "cluster", st.span, table))
	case *pg_query.Node_CreateTrigStmt:
		t := x.CreateTrigStmt
		a := newAction("create_trigger", "create_trigger", st.span, relPtr(st.s.rangeVar(t.Relation)))
		a.TriggerAction = &TriggerAction{TriggerName: t.Trigname}
		st.b.add(a)
	case *pg_query.Node_AlterEnumStmt:
		st.alterEnum(x.AlterEnumStmt)
	case *pg_query.Node_CreateEnumStmt:
		st.createEnum(x.CreateEnumStmt)
	case *pg_query.Node_CompositeTypeStmt:
		st.createObject("create_type", st.s.rangeVar(x.CompositeTypeStmt.Typevar), "type")
	case *pg_query.Node_CreateRangeStmt:
		st.createObject("create_type", st.s.nameList(x.CreateRangeStmt.TypeName), "type")
	case *pg_query.Node_CreateDomainStmt:
		st.createDomain(x.CreateDomainStmt)
	case *pg_query.Node_AlterDomainStmt:
		st.alterDomain(x.AlterDomainStmt)
	case *pg_query.Node_DefineStmt:
		if x.DefineStmt.Kind == pg_query.ObjectType_OBJECT_TYPE {
			st.createObject("create_type", st.s.nameList(x.DefineStmt.Defnames), "type")
		} else {
			st.other(st.b.d.Node)
		}
	case *pg_query.Node_ViewStmt:
		st.createObject("create_view", st.s.rangeVar(x.ViewStmt.View), "view")
	case *pg_query.Node_CreateSeqStmt:
		st.createObject("create_sequence", st.s.rangeVar(x.CreateSeqStmt.Sequence), "sequence")
	case *pg_query.Node_CreateExtensionStmt:
		st.createObject("create_extension", Relation{Name: x.CreateExtensionStmt.Extname}, "extension")
	case *pg_query.Node_CreateSchemaStmt:
		st.createObject("create_schema", Relation{Name: x.CreateSchemaStmt.Schemaname}, "schema")
	case *pg_query.Node_CommentStmt:
		st.comment(x.CommentStmt)
	case *pg_query.Node_LockStmt:
		st.lockTable(x.LockStmt)
	case *pg_query.Node_CreateFunctionStmt:
		st.createFunction(x.CreateFunctionStmt)
	case *pg_query.Node_DoStmt:
		st.doBlock(x.DoStmt)
	case *pg_query.Node_AlterFunctionStmt:
		st.alterFunction(x.AlterFunctionStmt)
	case *pg_query.Node_GrantStmt:
		st.grant(x.GrantStmt, false)
	case *pg_query.Node_AlterDefaultPrivilegesStmt:
		if g := x.AlterDefaultPrivilegesStmt.Action; g != nil {
			st.grant(g, true)
		} else {
			st.other(st.b.d.Node)
		}
	case *pg_query.Node_CreateRoleStmt:
		st.role("create_role", x.CreateRoleStmt.Role, x.CreateRoleStmt.Options)
	case *pg_query.Node_AlterRoleStmt:
		st.role("alter_role", roleName(x.AlterRoleStmt.Role), x.AlterRoleStmt.Options)
	default:
		st.other(st.b.d.Node)
	}
	st.b.d.Syntax = st.syntaxOf(n)
	return s.share(st.b.result())
}

// lockModes are the modes of LOCK TABLE, indexed by PostgreSQL's LOCKMODE.
var lockModes = [...]string{"", lockAccessShare, lockRowShare, lockRowExclusive,
	lockShareUpdateExclusive, lockShare, lockShareRowExclusive, lockExclusive, lockAccessExclusive}

// lockTable describes LOCK TABLE: one lock_table action per table, locked
// in the mode the statement asks for (ACCESS EXCLUSIVE by default).
func (st *stmt) lockTable(l *pg_query.LockStmt) {
	mode := lockAccessExclusive
	if l.Mode > 0 && int(l.Mode) < len(lockModes) {
		mode = lockModes[l.Mode]
	}
	for _, n := range l.Relations {
		rv := n.GetRangeVar()
		if rv == nil {
			continue
		}
		table := st.s.rangeVar(rv)
		st.b.add(Action{Type: "lock_table", Span: st.span, Table: &table, Lock: mode})
	}
}

// other records a statement the parser does not model in depth.
func (st *stmt) other(subtype string) {
	st.b.add(Action{Type: "other", Span: st.span, OtherAction: &OtherAction{Subtype: subtype}})
}

// createObject records the creation of a view, sequence, type, schema or
// extension. Views and sequences are relations: they become the action's
// table and count as created in the file for later statements.
func (st *stmt) createObject(typ string, rel Relation, kind string) {
	rel = st.s.creating(rel)
	a := Action{Type: typ, Span: st.span, CreateObjectAction: &CreateObjectAction{CreatedObject: relPtr(rel)}}
	switch kind {
	case "view", "sequence", "materialized_view":
		a.Table = relPtr(rel)
	case "schema", "extension":
		// Not schema objects: there is no schema to resolve.
		rel.Schema, rel.Qualified = "", false
		a.CreateObjectAction.CreatedObject = relPtr(rel)
	}
	st.b.add(a)
	st.s.recordCreate(rel, kind)
}

func (st *stmt) dml(typ string, rv *pg_query.RangeVar, hasWhere bool) {
	var table *Relation
	if rv != nil {
		table = relPtr(st.s.rangeVar(rv))
	}
	a := newAction(typ, typ, st.span, table)
	a.DMLAction = &DMLAction{HasWhere: hasWhere}
	st.b.add(a)
}

func (st *stmt) set(v *pg_query.VariableSetStmt) {
	sa := &SetAction{Name: v.Name, Local: v.IsLocal}
	switch v.Kind {
	case pg_query.VariableSetKind_VAR_RESET, pg_query.VariableSetKind_VAR_RESET_ALL, pg_query.VariableSetKind_VAR_SET_DEFAULT:
		sa.Reset = true
	case pg_query.VariableSetKind_VAR_SET_CURRENT:
		sa.Value = "FROM CURRENT"
	default:
		sa.Value = settingValue(v.Args)
	}
	if v.Kind == pg_query.VariableSetKind_VAR_RESET_ALL {
		sa.Name = "all"
	}
	st.b.add(Action{Type: "set", Span: st.span, SetAction: sa})
}

// settingValue writes SET arguments as text: '5s' -> 5s, 5000 -> 5000,
// several arguments joined with ", ".
func settingValue(args []*pg_query.Node) string {
	var sb strings.Builder
	for i, a := range args {
		if i > 0 {
			sb.WriteString(", ")
		}
		if tc := a.GetTypeCast(); tc != nil {
			a = tc.Arg
		}
		c := a.GetAConst()
		switch {
		case c == nil:
		case c.GetSval() != nil:
			sb.WriteString(c.GetSval().Sval)
		case c.GetIval() != nil:
			sb.WriteString(strconv.Itoa(int(c.GetIval().Ival)))
		case c.GetFval() != nil:
			sb.WriteString(c.GetFval().Fval)
		case c.GetBoolval() != nil:
			sb.WriteString(strconv.FormatBool(c.GetBoolval().Boolval))
		}
	}
	return sb.String()
}

func (st *stmt) transaction(t *pg_query.TransactionStmt) {
	sa := &SetAction{}
	typ := ""
	switch t.Kind {
	case pg_query.TransactionStmtKind_TRANS_STMT_BEGIN, pg_query.TransactionStmtKind_TRANS_STMT_START:
		typ = "begin"
	case pg_query.TransactionStmtKind_TRANS_STMT_COMMIT:
		typ = "commit"
	case pg_query.TransactionStmtKind_TRANS_STMT_ROLLBACK:
		typ = "rollback"
	case pg_query.TransactionStmtKind_TRANS_STMT_ROLLBACK_TO:
		typ, sa.Name = "rollback_to", t.SavepointName
	case pg_query.TransactionStmtKind_TRANS_STMT_SAVEPOINT:
		typ, sa.Name = "savepoint", t.SavepointName
	case pg_query.TransactionStmtKind_TRANS_STMT_RELEASE:
		typ, sa.Name = "release", t.SavepointName
	case pg_query.TransactionStmtKind_TRANS_STMT_PREPARE:
		typ, sa.Name = "prepare", t.Gid
	case pg_query.TransactionStmtKind_TRANS_STMT_COMMIT_PREPARED:
		typ, sa.Name = "commit_prepared", t.Gid
	case pg_query.TransactionStmtKind_TRANS_STMT_ROLLBACK_PREPARED:
		typ, sa.Name = "rollback_prepared", t.Gid
	default:
		st.other(st.b.d.Node)
		return
	}
	st.b.add(Action{Type: typ, Span: st.span, SetAction: sa})
}

func (st *stmt) vacuum(v *pg_query.VacuumStmt) {
	full := false
	for _, o := range v.Options {
		if d := o.GetDefElem(); d != nil && d.Defname == "full" {
			full = !isFalse(d.Arg)
		}
	}
	if !v.IsVacuumcmd || !full {
		st.other(st.b.d.Node)
		return
	}
	if len(v.Rels) == 0 {
		st.b.add(newAction("vacuum_full", "vacuum_full", st.span, nil))
		return
	}
	for _, r := range v.Rels {
		vr := r.GetVacuumRelation()
		if vr == nil || vr.Relation == nil {
			continue
		}
		st.b.add(newAction("vacuum_full", "vacuum_full", st.span, relPtr(st.s.rangeVar(vr.Relation))))
	}
}

// isFalse reports whether an option argument is an explicit false (FULL false).
func isFalse(n *pg_query.Node) bool {
	if n == nil {
		return false
	}
	if b := n.GetBoolean(); b != nil {
		return !b.Boolval
	}
	if c := n.GetAConst(); c != nil {
		if b := c.GetBoolval(); b != nil {
			return !b.Boolval
		}
		if i := c.GetIval(); i != nil {
			return i.Ival == 0
		}
	}
	if s := n.GetString_(); s != nil {
		return s.Sval == "false" || s.Sval == "off"
	}
	return false
}

func (st *stmt) alterEnum(e *pg_query.AlterEnumStmt) {
	if e.NewVal == "" || e.OldVal != "" {
		st.other(st.b.d.Node)
		return
	}
	rel := st.s.nameList(e.TypeName)
	st.b.add(Action{Type: "add_enum_value", Span: st.span,
		EnumAction: &EnumAction{EnumType: relPtr(rel), EnumValue: e.NewVal, EnumValues: []string{}}})
}

// createDomain records CREATE DOMAIN with its constraints: a CHECK on a
// domain is validated against every column of that type when added later.
func (st *stmt) createDomain(d *pg_query.CreateDomainStmt) {
	st.createObject("create_domain", st.s.nameList(d.Domainname), "domain")
	a := &st.b.d.Actions[len(st.b.d.Actions)-1]
	constraints := []Constraint{}
	for _, n := range d.Constraints {
		if c := n.GetConstraint(); c != nil {
			constraints = append(constraints, st.constraint(c))
		}
	}
	a.DomainAction = &DomainAction{Domain: a.CreateObjectAction.CreatedObject, Constraints: constraints}
}

// alterDomain describes ALTER DOMAIN ... ADD CONSTRAINT; other ALTER DOMAIN
// forms are "other".
func (st *stmt) alterDomain(d *pg_query.AlterDomainStmt) {
	c := d.Def.GetConstraint()
	if d.Subtype != "C" || c == nil {
		st.other(st.b.d.Node)
		return
	}
	con := st.constraint(c)
	st.b.add(Action{Type: "add_domain_constraint", Span: con.Span,
		ConstraintAction: &ConstraintAction{Constraint: &con},
		DomainAction:     &DomainAction{Domain: relPtr(st.s.nameList(d.TypeName)), Constraints: []Constraint{}}})
}

// createEnum records CREATE TYPE ... AS ENUM with its labels, so the catalog
// knows the values later ALTER TYPE ... ADD VALUE statements extend.
func (st *stmt) createEnum(e *pg_query.CreateEnumStmt) {
	rel := st.s.nameList(e.TypeName)
	st.createObject("create_type", rel, "type")
	a := &st.b.d.Actions[len(st.b.d.Actions)-1]
	values := make([]string, 0, len(e.Vals))
	for _, v := range e.Vals {
		values = append(values, v.GetString_().GetSval())
	}
	a.EnumAction = &EnumAction{EnumType: a.CreateObjectAction.CreatedObject, EnumValues: values}
}

// commandTag returns the PostgreSQL command tag of a statement.
func commandTag(n *pg_query.Node, node string) string {
	if n == nil {
		return ""
	}
	switch x := n.Node.(type) {
	case *pg_query.Node_CreateStmt:
		return "CREATE TABLE"
	case *pg_query.Node_CreateTableAsStmt:
		if x.CreateTableAsStmt.Objtype == pg_query.ObjectType_OBJECT_MATVIEW {
			return "CREATE MATERIALIZED VIEW"
		}
		return "CREATE TABLE AS"
	case *pg_query.Node_AlterTableStmt:
		return "ALTER " + objectTypeTag(x.AlterTableStmt.Objtype)
	case *pg_query.Node_RenameStmt:
		r := x.RenameStmt
		switch r.RenameType {
		case pg_query.ObjectType_OBJECT_COLUMN, pg_query.ObjectType_OBJECT_ATTRIBUTE:
			return "ALTER " + objectTypeTag(r.RelationType)
		case pg_query.ObjectType_OBJECT_TABCONSTRAINT:
			return "ALTER TABLE"
		case pg_query.ObjectType_OBJECT_DOMCONSTRAINT:
			return "ALTER DOMAIN"
		}
		return "ALTER " + objectTypeTag(r.RenameType)
	case *pg_query.Node_DropStmt:
		return "DROP " + objectTypeTag(x.DropStmt.RemoveType)
	case *pg_query.Node_IndexStmt:
		return "CREATE INDEX"
	case *pg_query.Node_VariableSetStmt:
		if k := x.VariableSetStmt.Kind; k == pg_query.VariableSetKind_VAR_RESET || k == pg_query.VariableSetKind_VAR_RESET_ALL {
			return "RESET"
		}
		return "SET"
	case *pg_query.Node_VariableShowStmt:
		return "SHOW"
	case *pg_query.Node_TransactionStmt:
		switch x.TransactionStmt.Kind {
		case pg_query.TransactionStmtKind_TRANS_STMT_BEGIN:
			return "BEGIN"
		case pg_query.TransactionStmtKind_TRANS_STMT_START:
			return "START TRANSACTION"
		case pg_query.TransactionStmtKind_TRANS_STMT_COMMIT:
			return "COMMIT"
		case pg_query.TransactionStmtKind_TRANS_STMT_ROLLBACK, pg_query.TransactionStmtKind_TRANS_STMT_ROLLBACK_TO:
			return "ROLLBACK"
		case pg_query.TransactionStmtKind_TRANS_STMT_SAVEPOINT:
			return "SAVEPOINT"
		case pg_query.TransactionStmtKind_TRANS_STMT_RELEASE:
			return "RELEASE"
		case pg_query.TransactionStmtKind_TRANS_STMT_PREPARE:
			return "PREPARE TRANSACTION"
		case pg_query.TransactionStmtKind_TRANS_STMT_COMMIT_PREPARED:
			return "COMMIT PREPARED"
		case pg_query.TransactionStmtKind_TRANS_STMT_ROLLBACK_PREPARED:
			return "ROLLBACK PREPARED"
		}
	case *pg_query.Node_VacuumStmt:
		if x.VacuumStmt.IsVacuumcmd {
			return "VACUUM"
		}
		return "ANALYZE"
	case *pg_query.Node_ViewStmt:
		return "CREATE VIEW"
	case *pg_query.Node_CreateTrigStmt:
		return "CREATE TRIGGER"
	case *pg_query.Node_CreateSeqStmt:
		return "CREATE SEQUENCE"
	case *pg_query.Node_AlterSeqStmt:
		return "ALTER SEQUENCE"
	case *pg_query.Node_CreateEnumStmt, *pg_query.Node_CompositeTypeStmt, *pg_query.Node_CreateRangeStmt:
		return "CREATE TYPE"
	case *pg_query.Node_AlterEnumStmt:
		return "ALTER TYPE"
	case *pg_query.Node_DefineStmt:
		return "CREATE " + objectTypeTag(x.DefineStmt.Kind)
	case *pg_query.Node_CommentStmt:
		return "COMMENT"
	case *pg_query.Node_GrantStmt:
		if x.GrantStmt.IsGrant {
			return "GRANT"
		}
		return "REVOKE"
	case *pg_query.Node_GrantRoleStmt:
		if x.GrantRoleStmt.IsGrant {
			return "GRANT ROLE"
		}
		return "REVOKE ROLE"
	case *pg_query.Node_CreateFunctionStmt:
		if x.CreateFunctionStmt.IsProcedure {
			return "CREATE PROCEDURE"
		}
		return "CREATE FUNCTION"
	case *pg_query.Node_CreateRoleStmt:
		return "CREATE ROLE"
	case *pg_query.Node_AlterRoleStmt:
		return "ALTER ROLE"
	case *pg_query.Node_DropRoleStmt:
		return "DROP ROLE"
	case *pg_query.Node_CreatedbStmt:
		return "CREATE DATABASE"
	case *pg_query.Node_DropdbStmt:
		return "DROP DATABASE"
	case *pg_query.Node_CreatePlangStmt:
		return "CREATE LANGUAGE"
	case *pg_query.Node_CreatePolicyStmt:
		return "CREATE POLICY"
	case *pg_query.Node_AlterPolicyStmt:
		return "ALTER POLICY"
	case *pg_query.Node_DoStmt:
		return "DO"
	case *pg_query.Node_CallStmt:
		return "CALL"
	case *pg_query.Node_CopyStmt:
		return "COPY"
	case *pg_query.Node_LockStmt:
		return "LOCK TABLE"
	case *pg_query.Node_SelectStmt:
		if x.SelectStmt.IntoClause != nil {
			return "SELECT INTO"
		}
		return "SELECT"
	case *pg_query.Node_AlterObjectSchemaStmt:
		return "ALTER " + objectTypeTag(x.AlterObjectSchemaStmt.ObjectType)
	case *pg_query.Node_AlterOwnerStmt:
		return "ALTER " + objectTypeTag(x.AlterOwnerStmt.ObjectType)
	case *pg_query.Node_AlterDefaultPrivilegesStmt:
		return "ALTER DEFAULT PRIVILEGES"
	case *pg_query.Node_ExplainStmt:
		return "EXPLAIN"
	case *pg_query.Node_RefreshMatViewStmt:
		return "REFRESH MATERIALIZED VIEW"
	case *pg_query.Node_ReindexStmt:
		return "REINDEX"
	case *pg_query.Node_ClusterStmt:
		return "CLUSTER"
	case *pg_query.Node_TruncateStmt:
		return "TRUNCATE TABLE"
	case *pg_query.Node_InsertStmt:
		return "INSERT"
	case *pg_query.Node_UpdateStmt:
		return "UPDATE"
	case *pg_query.Node_DeleteStmt:
		return "DELETE"
	case *pg_query.Node_MergeStmt:
		return "MERGE"
	}
	return tagFromNodeName(node)
}

// tagFromNodeName derives a tag from a node name for statements without a
// special case: CreateExtensionStmt -> CREATE EXTENSION.
func tagFromNodeName(node string) string {
	node = strings.TrimSuffix(node, "Stmt")
	var sb strings.Builder
	for i := 0; i < len(node); i++ {
		c := node[i]
		if i > 0 && c >= 'A' && c <= 'Z' && node[i-1] >= 'a' && node[i-1] <= 'z' {
			sb.WriteByte(' ')
		}
		if c >= 'a' && c <= 'z' {
			c -= 'a' - 'A'
		}
		sb.WriteByte(c)
	}
	return sb.String()
}

// objectTypeTag turns OBJECT_MATVIEW into "MATERIALIZED VIEW" and
// OBJECT_FOREIGN_TABLE into "FOREIGN TABLE".
func objectTypeTag(t pg_query.ObjectType) string {
	return strings.ToUpper(strings.ReplaceAll(objectTypeName(t), "_", " "))
}

// objectTypeName is the lower-case name used in action types:
// drop_materialized_view, rename_column...
func objectTypeName(t pg_query.ObjectType) string {
	switch t {
	case pg_query.ObjectType_OBJECT_MATVIEW:
		return "materialized_view"
	case pg_query.ObjectType_OBJECT_TABCONSTRAINT:
		return "constraint"
	case pg_query.ObjectType_OBJECT_DOMCONSTRAINT:
		return "domain_constraint"
	case pg_query.ObjectType_OBJECT_FDW:
		return "foreign_data_wrapper"
	case pg_query.ObjectType_OBJECT_FOREIGN_SERVER:
		return "server"
	case pg_query.ObjectType_OBJECT_STATISTIC_EXT:
		return "statistics"
	case pg_query.ObjectType_OBJECT_LARGEOBJECT:
		return "large_object"
	case pg_query.ObjectType_OBJECT_TSCONFIGURATION:
		return "text_search_configuration"
	case pg_query.ObjectType_OBJECT_TSDICTIONARY:
		return "text_search_dictionary"
	case pg_query.ObjectType_OBJECT_TSPARSER:
		return "text_search_parser"
	case pg_query.ObjectType_OBJECT_TSTEMPLATE:
		return "text_search_template"
	}
	return strings.ToLower(strings.TrimPrefix(t.String(), "OBJECT_"))
}
