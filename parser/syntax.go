package parser

import (
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v5"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// syntax.go records the syntax a statement uses that older PostgreSQL
// versions cannot run, so a rule can compare it with the target version.

// SyntaxFeature is version-dependent syntax a statement uses.
type SyntaxFeature struct {
	// Feature names the syntax as a reader knows it: "REINDEX ...
	// CONCURRENTLY".
	Feature string `json:"feature"`
	// Since is the first PostgreSQL major version that runs it.
	Since int  `json:"since"`
	Span  Span `json:"span"`
}

// syntaxFeature identifies a row of syntaxSince.
type syntaxFeature uint8

const (
	synInclude syntaxFeature = iota
	synProcedure
	synHashPartition
	synDefaultPartition
	synReindexConcurrently
	synGeneratedStored
	synDropExpression
	synDetachConcurrently
	synOrReplaceTrigger
	synSQLBody
	synSetCompression
	synReindexTablespace
	synNullsNotDistinct
	synMerge
	synSetAccessMethod
	synGrantOnParameter
	synJSONConstructor
	synSystemUser
)

// syntaxSince is the one table of syntax and the first major version that
// runs it (from each version's release notes and SQL reference).
var syntaxSince = [...]struct {
	feature string
	since   int
}{
	synInclude:             {"CREATE INDEX ... INCLUDE", 11},
	synProcedure:           {"CREATE PROCEDURE / CALL", 11},
	synHashPartition:       {"PARTITION BY HASH", 11},
	synDefaultPartition:    {"a DEFAULT partition", 11},
	synReindexConcurrently: {"REINDEX ... CONCURRENTLY", 12},
	synGeneratedStored:     {"GENERATED ALWAYS AS (...) STORED", 12},
	synDropExpression:      {"ALTER COLUMN ... DROP EXPRESSION", 13},
	synDetachConcurrently:  {"DETACH PARTITION ... CONCURRENTLY / FINALIZE", 14},
	synOrReplaceTrigger:    {"CREATE OR REPLACE TRIGGER", 14},
	synSQLBody:             {"a SQL-standard function body (BEGIN ATOMIC / RETURN)", 14},
	synSetCompression:      {"ALTER COLUMN ... SET COMPRESSION", 14},
	synReindexTablespace:   {"REINDEX (TABLESPACE ...)", 14},
	synNullsNotDistinct:    {"UNIQUE NULLS NOT DISTINCT", 15},
	synMerge:               {"MERGE", 15},
	synSetAccessMethod:     {"ALTER TABLE ... SET ACCESS METHOD", 15},
	synGrantOnParameter:    {"GRANT ... ON PARAMETER", 15},
	synJSONConstructor:     {"SQL/JSON constructors and IS JSON (JSON_OBJECT, JSON_ARRAY, ...)", 16},
	synSystemUser:          {"SYSTEM_USER", 16},
}

// syntaxOf lists the version-dependent syntax of a statement.
func (st *stmt) syntaxOf(n *pg_query.Node) []SyntaxFeature {
	var found []syntaxFeature
	add := func(f syntaxFeature) { found = append(found, f) }
	switch x := n.Node.(type) {
	case *pg_query.Node_IndexStmt:
		if len(x.IndexStmt.IndexIncludingParams) > 0 {
			add(synInclude)
		}
		if x.IndexStmt.NullsNotDistinct {
			add(synNullsNotDistinct)
		}
	case *pg_query.Node_CreateFunctionStmt:
		if x.CreateFunctionStmt.IsProcedure {
			add(synProcedure)
		}
		if x.CreateFunctionStmt.SqlBody != nil {
			add(synSQLBody)
		}
	case *pg_query.Node_CallStmt:
		add(synProcedure)
	case *pg_query.Node_ReindexStmt:
		for _, p := range x.ReindexStmt.Params {
			switch p.GetDefElem().GetDefname() {
			case "concurrently":
				add(synReindexConcurrently)
			case "tablespace":
				add(synReindexTablespace)
			}
		}
	case *pg_query.Node_CreateTrigStmt:
		if x.CreateTrigStmt.Replace {
			add(synOrReplaceTrigger)
		}
	case *pg_query.Node_MergeStmt:
		add(synMerge)
	case *pg_query.Node_GrantStmt:
		if x.GrantStmt.Objtype == pg_query.ObjectType_OBJECT_PARAMETER_ACL {
			add(synGrantOnParameter)
		}
	case *pg_query.Node_AlterTableStmt:
		for _, c := range x.AlterTableStmt.Cmds {
			cmd := c.GetAlterTableCmd()
			switch cmd.GetSubtype() {
			case pg_query.AlterTableType_AT_DropExpression:
				add(synDropExpression)
			case pg_query.AlterTableType_AT_SetCompression:
				add(synSetCompression)
			case pg_query.AlterTableType_AT_SetAccessMethod:
				add(synSetAccessMethod)
			case pg_query.AlterTableType_AT_DetachPartitionFinalize:
				add(synDetachConcurrently)
			case pg_query.AlterTableType_AT_DetachPartition:
				if cmd.GetDef().GetPartitionCmd().GetConcurrent() {
					add(synDetachConcurrently)
				}
			case pg_query.AlterTableType_AT_AttachPartition:
				if cmd.GetDef().GetPartitionCmd().GetBound().GetIsDefault() {
					add(synDefaultPartition)
				}
			case pg_query.AlterTableType_AT_AddColumn:
				found = append(found, columnSyntax(cmd.GetDef().GetColumnDef())...)
			case pg_query.AlterTableType_AT_AddConstraint:
				if cmd.GetDef().GetConstraint().GetNullsNotDistinct() {
					add(synNullsNotDistinct)
				}
			}
		}
	case *pg_query.Node_CreateStmt:
		c := x.CreateStmt
		if c.Partspec != nil && c.Partspec.Strategy == pg_query.PartitionStrategy_PARTITION_STRATEGY_HASH {
			add(synHashPartition)
		}
		if c.Partbound != nil && c.Partbound.IsDefault {
			add(synDefaultPartition)
		}
		for _, e := range c.TableElts {
			if cd := e.GetColumnDef(); cd != nil {
				found = append(found, columnSyntax(cd)...)
			}
			if con := e.GetConstraint(); con != nil && con.NullsNotDistinct {
				add(synNullsNotDistinct)
			}
		}
	}
	// SQL/JSON constructors and SYSTEM_USER hide in any expression; only
	// statements that spell them are walked.
	text := st.s.src[st.start:st.end]
	if containsFold(text, "json") || containsFold(text, "system_user") {
		found = append(found, expressionSyntax(n.ProtoReflect())...)
	}
	out := make([]SyntaxFeature, 0, len(found))
	seen := map[syntaxFeature]bool{}
	for _, f := range found {
		if !seen[f] {
			seen[f] = true
			out = append(out, SyntaxFeature{Feature: syntaxSince[f].feature, Since: syntaxSince[f].since, Span: st.span})
		}
	}
	return out
}

// columnSyntax is the version-dependent syntax of a column definition.
func columnSyntax(cd *pg_query.ColumnDef) []syntaxFeature {
	var out []syntaxFeature
	for _, c := range cd.GetConstraints() {
		con := c.GetConstraint()
		switch {
		case con.GetContype() == pg_query.ConstrType_CONSTR_GENERATED:
			out = append(out, synGeneratedStored)
		case con.GetNullsNotDistinct():
			out = append(out, synNullsNotDistinct)
		}
	}
	return out
}

// expressionSyntax walks a parse tree for the SQL/JSON nodes and
// SYSTEM_USER of PostgreSQL 16.
func expressionSyntax(m protoreflect.Message) []syntaxFeature {
	var out []syntaxFeature
	name := string(m.Descriptor().Name())
	switch {
	case strings.HasPrefix(name, "JsonObject") || strings.HasPrefix(name, "JsonArray") || name == "JsonIsPredicate":
		out = append(out, synJSONConstructor)
	case name == "FuncCall":
		// SYSTEM_USER parses as a call of pg_catalog.system_user.
		if f, ok := m.Interface().(*pg_query.FuncCall); ok && len(f.Funcname) > 0 &&
			f.Funcname[len(f.Funcname)-1].GetString_().GetSval() == "system_user" {
			out = append(out, synSystemUser)
		}
	}
	m.Range(func(fd protoreflect.FieldDescriptor, v protoreflect.Value) bool {
		if fd.Kind() != protoreflect.MessageKind {
			return true
		}
		if fd.IsList() {
			for i := 0; i < v.List().Len(); i++ {
				out = append(out, expressionSyntax(v.List().Get(i).Message())...)
			}
		} else if !fd.IsMap() {
			out = append(out, expressionSyntax(v.Message())...)
		}
		return true
	})
	return out
}
