package parser

import (
	"slices"

	pg_query "github.com/pganalyze/pg_query_go/v5"
)

// Action types: the closed set of Action.Type values, defined once. The
// facts JSON Schema publishes the set as an enum, so a policy comparing
// action.type with a misspelt name fails to compile, and a test checks that
// the parser produces no type outside it. DROP and RENAME of any kind of
// object add the families DropActionType and RenameActionType build.
const (
	ActionAddColumn           = "add_column"
	ActionDropColumn          = "drop_column"
	ActionAlterColumnType     = "alter_column_type"
	ActionSetNotNull          = "set_not_null"
	ActionDropNotNull         = "drop_not_null"
	ActionSetDefault          = "set_default"
	ActionDropDefault         = "drop_default"
	ActionSetStatistics       = "set_statistics"
	ActionAddConstraint       = "add_constraint"
	ActionValidateConstraint  = "validate_constraint"
	ActionDropConstraint      = "drop_constraint"
	ActionAttachPartition     = "attach_partition"
	ActionDetachPartition     = "detach_partition"
	ActionSetStorage          = "set_storage"
	ActionEnableTrigger       = "enable_trigger"
	ActionDisableTrigger      = "disable_trigger"
	ActionSetLogged           = "set_logged"
	ActionSetUnlogged         = "set_unlogged"
	ActionSetTablespace       = "set_tablespace"
	ActionSetAccessMethod     = "set_access_method"
	ActionEnableRLS           = "enable_rls"
	ActionDisableRLS          = "disable_rls"
	ActionForceRLS            = "force_rls"
	ActionNoForceRLS          = "no_force_rls"
	ActionOwner               = "owner"
	ActionClusterOn           = "cluster_on"
	ActionReplicaIdentity     = "replica_identity"
	ActionCreateTable         = "create_table"
	ActionCreateIndex         = "create_index"
	ActionCreateType          = "create_type"
	ActionCreateView          = "create_view"
	ActionCreateMatview       = "create_materialized_view"
	ActionCreateSequence      = "create_sequence"
	ActionCreateExtension     = "create_extension"
	ActionCreateSchema        = "create_schema"
	ActionCreateDomain        = "create_domain"
	ActionCreateFunction      = "create_function"
	ActionAlterFunction       = "alter_function"
	ActionCreateTrigger       = "create_trigger"
	ActionCreateRole          = "create_role"
	ActionAlterRole           = "alter_role"
	ActionAddEnumValue        = "add_enum_value"
	ActionAddDomainConstraint = "add_domain_constraint"
	ActionCluster             = "cluster"
	ActionVacuumFull          = "vacuum_full"
	ActionRefreshMatview      = "refresh_matview"
	ActionReindex             = "reindex"
	ActionTruncate            = "truncate"
	ActionLockTable           = "lock_table"
	ActionUpdate              = "update"
	ActionDelete              = "delete"
	ActionInsert              = "insert"
	ActionSet                 = "set"
	ActionBegin               = "begin"
	ActionCommit              = "commit"
	ActionRollback            = "rollback"
	ActionSavepoint           = "savepoint"
	ActionRelease             = "release"
	ActionRollbackTo          = "rollback_to"
	ActionPrepare             = "prepare"
	ActionCommitPrepared      = "commit_prepared"
	ActionRollbackPrepared    = "rollback_prepared"
	ActionGrant               = "grant"
	ActionRevoke              = "revoke"
	ActionComment             = "comment"
	ActionDo                  = "do"
	ActionOther               = "other"
	// Members of the DROP and RENAME families the rest of ddlgate names.
	ActionDropTable    = "drop_table"
	ActionDropIndex    = "drop_index"
	ActionRenameTable  = "rename_table"
	ActionRenameColumn = "rename_column"
)

// fixedActionTypes are the action types outside the DROP and RENAME
// families.
var fixedActionTypes = []string{
	ActionAddColumn, ActionDropColumn, ActionAlterColumnType, ActionSetNotNull, ActionDropNotNull,
	ActionSetDefault, ActionDropDefault, ActionSetStatistics, ActionAddConstraint, ActionValidateConstraint,
	ActionDropConstraint, ActionAttachPartition, ActionDetachPartition, ActionSetStorage, ActionEnableTrigger,
	ActionDisableTrigger, ActionSetLogged, ActionSetUnlogged, ActionSetTablespace, ActionSetAccessMethod,
	ActionEnableRLS, ActionDisableRLS, ActionForceRLS, ActionNoForceRLS, ActionOwner, ActionClusterOn,
	ActionReplicaIdentity, ActionCreateTable, ActionCreateIndex, ActionCreateType, ActionCreateView,
	ActionCreateMatview, ActionCreateSequence, ActionCreateExtension, ActionCreateSchema, ActionCreateDomain,
	ActionCreateFunction, ActionAlterFunction, ActionCreateTrigger, ActionCreateRole, ActionAlterRole,
	ActionAddEnumValue, ActionAddDomainConstraint, ActionCluster, ActionVacuumFull, ActionRefreshMatview,
	ActionReindex, ActionTruncate, ActionLockTable, ActionUpdate, ActionDelete, ActionInsert, ActionSet,
	ActionBegin, ActionCommit, ActionRollback, ActionSavepoint, ActionRelease, ActionRollbackTo,
	ActionPrepare, ActionCommitPrepared, ActionRollbackPrepared, ActionGrant, ActionRevoke, ActionComment,
	ActionDo, ActionOther,
}

// DropActionType is the type of dropping an object of the kind objectType
// ("table", "materialized_view", ...): drop_table.
func DropActionType(objectType string) string { return "drop_" + objectType }

// RenameActionType is the type of renaming an object of the kind
// objectType: rename_column.
func RenameActionType(objectType string) string { return "rename_" + objectType }

// ActionTypes returns every action type the parser can produce, sorted:
// the fixed types and the DROP and RENAME families over every kind of
// object PostgreSQL's grammar knows.
func ActionTypes() []string {
	types := slices.Clone(fixedActionTypes)
	for v := range pg_query.ObjectType_name {
		t := pg_query.ObjectType(v)
		if t == pg_query.ObjectType_OBJECT_TYPE_UNDEFINED {
			continue
		}
		name := objectTypeName(t)
		types = append(types, DropActionType(name), RenameActionType(name))
	}
	slices.Sort(types)
	return slices.Compact(types)
}
