package parser

import (
	"strconv"

	pg_query "github.com/pganalyze/pg_query_go/v5"
)

// subcommandRanges finds the text of each ALTER TABLE subcommand: they
// follow the relation name and are separated by top-level commas.
// AlterTableCmd has no location, so this is lexical; it returns nil when
// the count does not match the parse tree (the statement span is used then).
func (st *stmt) subcommandRanges(rv *pg_query.RangeVar, n int) []textRange {
	if rv == nil || rv.Location < 0 {
		return nil
	}
	src := st.s.src
	p := st.loc(rv.Location)
	if p < st.start || p >= st.end {
		return nil
	}
	p = skipQualifiedName(src, p, st.end)
	if kind, ts, te := nextToken(src, p, st.end); kind == tokPunct && src[ts] == '*' {
		p = te
	}
	parts := splitTopLevel(src, p, st.end)
	if len(parts) != n {
		return nil
	}
	return parts
}

func (st *stmt) alterTable(at *pg_query.AlterTableStmt) {
	table := st.s.rangeVar(at.Relation)
	parts := st.subcommandRanges(at.Relation, len(at.Cmds))
	st.b.d.Actions = make([]Action, 0, len(at.Cmds))
	for i, n := range at.Cmds {
		cmd := n.GetAlterTableCmd()
		if cmd == nil {
			continue
		}
		r := textRange{st.start, st.end}
		span := st.span
		if parts != nil {
			r = parts[i]
			span = st.spanOf(r.start, r.end)
		}
		st.alterTableCmd(cmd, table, r, span)
	}
}

// atSimple maps ALTER TABLE subcommands without details to their action
// type and lock table row.
var atSimple = map[pg_query.AlterTableType][2]string{
	pg_query.AlterTableType_AT_SetLogged:               {"set_logged", "set_logged"},
	pg_query.AlterTableType_AT_SetUnLogged:             {"set_unlogged", "set_unlogged"},
	pg_query.AlterTableType_AT_SetTableSpace:           {"set_tablespace", "set_tablespace"},
	pg_query.AlterTableType_AT_SetAccessMethod:         {"set_access_method", "set_access_method"},
	pg_query.AlterTableType_AT_EnableRowSecurity:       {"enable_rls", "alter_table"},
	pg_query.AlterTableType_AT_DisableRowSecurity:      {"disable_rls", "alter_table"},
	pg_query.AlterTableType_AT_ForceRowSecurity:        {"force_rls", "alter_table"},
	pg_query.AlterTableType_AT_NoForceRowSecurity:      {"no_force_rls", "alter_table"},
	pg_query.AlterTableType_AT_ChangeOwner:             {"owner", "alter_table"},
	pg_query.AlterTableType_AT_ClusterOn:               {"cluster_on", "cluster_on"},
	pg_query.AlterTableType_AT_ReplicaIdentity:         {"replica_identity", "alter_table"},
	pg_query.AlterTableType_AT_DropCluster:             {"other", "cluster_on"},
	pg_query.AlterTableType_AT_SetOptions:              {"other", "set_statistics"},
	pg_query.AlterTableType_AT_ResetOptions:            {"other", "set_statistics"},
	pg_query.AlterTableType_AT_DetachPartitionFinalize: {"other", "detach_partition_concurrently"},
}

func (st *stmt) alterTableCmd(cmd *pg_query.AlterTableCmd, table Relation, r textRange, span Span) {
	tp := relPtr(table)
	switch cmd.Subtype {
	case pg_query.AlterTableType_AT_AddColumn:
		cd := cmd.Def.GetColumnDef()
		if cd == nil {
			break
		}
		col, checks := st.column(cd)
		a := newAction("add_column", addColumnKind(&col, st.s.opts.PGVersion), span, tp)
		a.ColumnAction = &ColumnAction{ColumnName: col.Name, Column: &col, IfNotExists: cmd.MissingOk}
		if len(checks) > 0 {
			a.Effects.ScansTable = true
		}
		st.b.add(a)
		if col.References != nil {
			st.b.lock(col.References.Table, lockFor("foreign_key_referenced").Mode)
		}
		return
	case pg_query.AlterTableType_AT_DropColumn:
		a := newAction("drop_column", "drop_column", span, tp)
		a.ColumnAction = &ColumnAction{ColumnName: cmd.Name, IfExists: cmd.MissingOk, Cascade: cmd.Behavior == pg_query.DropBehavior_DROP_CASCADE}
		st.b.add(a)
		return
	case pg_query.AlterTableType_AT_AlterColumnType:
		cd := cmd.Def.GetColumnDef()
		if cd == nil {
			break
		}
		t, _ := st.s.canonicalType(cd.TypeName, st.base, r.end)
		using := cd.RawDefault != nil
		a := newAction("alter_column_type", alterColumnTypeKind(t, using), span, tp)
		a.ColumnAction = &ColumnAction{ColumnName: cmd.Name, NewType: &t, Using: using,
			NewCollation: collationName(cd.CollClause), RebuiltIndexes: []string{}}
		st.b.add(a)
		return
	case pg_query.AlterTableType_AT_SetNotNull:
		st.columnAction("set_not_null", cmd, span, tp)
		return
	case pg_query.AlterTableType_AT_DropNotNull:
		st.columnAction("drop_not_null", cmd, span, tp)
		return
	case pg_query.AlterTableType_AT_ColumnDefault:
		if cmd.Def == nil {
			st.columnAction("drop_default", cmd, span, tp)
			return
		}
		a := newAction("set_default", "set_default", span, tp)
		vol, funcs := exprVolatility(cmd.Def)
		a.ColumnAction = &ColumnAction{
			ColumnName:        cmd.Name,
			Default:           strPtr(st.expressionAfter(r.start, r.end, "default")),
			DefaultVolatility: strPtr(vol),
			DefaultFunctions:  funcs,
		}
		st.b.add(a)
		return
	case pg_query.AlterTableType_AT_SetStatistics:
		st.columnAction("set_statistics", cmd, span, tp)
		return
	case pg_query.AlterTableType_AT_AddConstraint:
		c := cmd.Def.GetConstraint()
		if c == nil {
			break
		}
		con := st.constraint(c)
		a := newAction("add_constraint", addConstraintKind(&con), span, tp)
		a.ConstraintAction = &ConstraintAction{Constraint: &con, ConstraintName: con.Name}
		st.b.add(a)
		if con.References != nil {
			st.b.lock(con.References.Table, lockFor("foreign_key_referenced").Mode)
		}
		return
	case pg_query.AlterTableType_AT_ValidateConstraint:
		a := newAction("validate_constraint", "validate_constraint", span, tp)
		a.ConstraintAction = &ConstraintAction{ConstraintName: cmd.Name}
		st.b.add(a)
		return
	case pg_query.AlterTableType_AT_DropConstraint:
		a := newAction("drop_constraint", "drop_constraint", span, tp)
		a.ConstraintAction = &ConstraintAction{ConstraintName: cmd.Name}
		st.b.add(a)
		return
	case pg_query.AlterTableType_AT_AttachPartition, pg_query.AlterTableType_AT_DetachPartition:
		pc := cmd.Def.GetPartitionCmd()
		if pc == nil {
			break
		}
		typ, kind, partKind := "attach_partition", "attach_partition", "partition_attached"
		if v := st.s.opts.PGVersion; v != 0 && v < 12 {
			kind = "attach_partition_before_12"
		}
		if cmd.Subtype == pg_query.AlterTableType_AT_DetachPartition {
			typ, kind, partKind = "detach_partition", "detach_partition", "partition_detached"
			if pc.Concurrent {
				kind = "detach_partition_concurrently"
			}
		}
		a := newAction(typ, kind, span, tp)
		pa := &PartitionAction{DetachConcurrently: pc.Concurrent, Bound: partitionBound(pc.Bound)}
		if pc.Name != nil {
			pa.Partition = relPtr(st.s.rangeVar(pc.Name))
		}
		a.PartitionAction = pa
		st.b.add(a)
		if pa.Partition != nil {
			st.b.lock(*pa.Partition, lockFor(partKind).Mode)
		}
		return
	case pg_query.AlterTableType_AT_SetRelOptions, pg_query.AlterTableType_AT_ResetRelOptions, pg_query.AlterTableType_AT_ReplaceRelOptions:
		a := newAction("set_storage", "set_storage", span, tp)
		a.StorageAction = &StorageAction{StorageOptions: storageOptions(cmd.Def)}
		st.b.add(a)
		return
	case pg_query.AlterTableType_AT_EnableTrig, pg_query.AlterTableType_AT_EnableAlwaysTrig,
		pg_query.AlterTableType_AT_EnableReplicaTrig, pg_query.AlterTableType_AT_EnableTrigAll,
		pg_query.AlterTableType_AT_EnableTrigUser:
		st.trigger("enable_trigger", cmd, span, tp)
		return
	case pg_query.AlterTableType_AT_DisableTrig, pg_query.AlterTableType_AT_DisableTrigAll,
		pg_query.AlterTableType_AT_DisableTrigUser:
		st.trigger("disable_trigger", cmd, span, tp)
		return
	}
	if m, ok := atSimple[cmd.Subtype]; ok {
		a := newAction(m[0], m[1], span, tp)
		if m[0] == "other" {
			a.OtherAction = &OtherAction{Subtype: cmd.Subtype.String()}
		}
		st.b.add(a)
		return
	}
	a := newAction("other", "alter_table", span, tp)
	a.OtherAction = &OtherAction{Subtype: cmd.Subtype.String()}
	st.b.add(a)
}

func (st *stmt) columnAction(typ string, cmd *pg_query.AlterTableCmd, span Span, table *Relation) {
	a := newAction(typ, typ, span, table)
	a.ColumnAction = &ColumnAction{ColumnName: cmd.Name}
	st.b.add(a)
}

func (st *stmt) trigger(typ string, cmd *pg_query.AlterTableCmd, span Span, table *Relation) {
	name := cmd.Name
	switch cmd.Subtype {
	case pg_query.AlterTableType_AT_EnableTrigAll, pg_query.AlterTableType_AT_DisableTrigAll:
		name = "ALL"
	case pg_query.AlterTableType_AT_EnableTrigUser, pg_query.AlterTableType_AT_DisableTrigUser:
		name = "USER"
	}
	a := newAction(typ, typ, span, table)
	a.TriggerAction = &TriggerAction{TriggerName: name}
	st.b.add(a)
}

// storageOptions writes SET (a = 1, b) / RESET (a) options as "a=1" / "a".
func storageOptions(def *pg_query.Node) []string {
	out := []string{}
	l := def.GetList()
	if l == nil {
		return out
	}
	for _, n := range l.Items {
		d := n.GetDefElem()
		if d == nil {
			continue
		}
		name := d.Defname
		if d.Defnamespace != "" {
			name = d.Defnamespace + "." + name
		}
		if d.Arg != nil {
			name += "=" + defArgText(d.Arg)
		}
		out = append(out, name)
	}
	return out
}

func defArgText(n *pg_query.Node) string {
	switch x := n.Node.(type) {
	case *pg_query.Node_Integer:
		return strconv.Itoa(int(x.Integer.Ival))
	case *pg_query.Node_Float:
		return x.Float.Fval
	case *pg_query.Node_String_:
		return x.String_.Sval
	case *pg_query.Node_Boolean:
		return strconv.FormatBool(x.Boolean.Boolval)
	case *pg_query.Node_TypeName:
		if len(x.TypeName.Names) > 0 {
			return x.TypeName.Names[len(x.TypeName.Names)-1].GetString_().GetSval()
		}
	}
	return settingValue([]*pg_query.Node{n})
}

func (st *stmt) rename(r *pg_query.RenameStmt) {
	var rel Relation
	hasRel := r.Relation != nil
	if hasRel {
		rel = st.s.rangeVar(r.Relation)
	}
	ra := &RenameAction{ObjectType: objectTypeName(r.RenameType), NewName: r.Newname}
	switch r.RenameType {
	case pg_query.ObjectType_OBJECT_TABLE, pg_query.ObjectType_OBJECT_VIEW, pg_query.ObjectType_OBJECT_MATVIEW,
		pg_query.ObjectType_OBJECT_SEQUENCE, pg_query.ObjectType_OBJECT_FOREIGN_TABLE, pg_query.ObjectType_OBJECT_INDEX:
		if !hasRel {
			break
		}
		ra.OldName = rel.Name
		kind := "rename_table"
		if r.RenameType == pg_query.ObjectType_OBJECT_INDEX {
			kind = "rename_index"
			if v := st.s.opts.PGVersion; v != 0 && v < 12 {
				kind = "rename_index_before_12"
			}
		} else if r.RenameType != pg_query.ObjectType_OBJECT_TABLE {
			kind = "alter_table"
		}
		a := newAction("rename_"+ra.ObjectType, kind, st.span, relPtr(rel))
		a.RenameAction = ra
		st.b.add(a)
		st.s.recordRename(rel, r.Newname)
		return
	case pg_query.ObjectType_OBJECT_COLUMN, pg_query.ObjectType_OBJECT_TABCONSTRAINT:
		if !hasRel {
			break
		}
		typ := "rename_column"
		if r.RenameType == pg_query.ObjectType_OBJECT_TABCONSTRAINT {
			typ = "rename_constraint"
		}
		ra.OldName = r.Subname
		a := newAction(typ, typ, st.span, relPtr(rel))
		a.RenameAction = ra
		st.b.add(a)
		return
	}
	// Other objects (types, schemas, functions, triggers...): no table lock
	// modelled; the old name is the object's last name part.
	ra.OldName = r.Subname
	if ra.OldName == "" && r.Object != nil {
		ra.OldName = lastName(r.Object)
	}
	a := Action{Type: "rename_" + ra.ObjectType, Span: st.span, RenameAction: ra}
	if hasRel {
		a.Table = relPtr(rel)
	}
	st.b.add(a)
}

// lastName returns the last identifier of an object name node (a String, a
// List of Strings, a TypeName or an ObjectWithArgs).
func lastName(n *pg_query.Node) string {
	switch x := n.Node.(type) {
	case *pg_query.Node_String_:
		return x.String_.Sval
	case *pg_query.Node_List:
		if k := len(x.List.Items); k > 0 {
			return lastName(x.List.Items[k-1])
		}
	case *pg_query.Node_TypeName:
		if k := len(x.TypeName.Names); k > 0 {
			return lastName(x.TypeName.Names[k-1])
		}
	case *pg_query.Node_ObjectWithArgs:
		if k := len(x.ObjectWithArgs.Objname); k > 0 {
			return lastName(x.ObjectWithArgs.Objname[k-1])
		}
	}
	return ""
}
