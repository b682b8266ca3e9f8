# METADATA
# title: Do not rename tables
# description: |-
#   `ALTER TABLE ... RENAME TO` is instant, but deployed application code
#   still uses the old name: every query naming it fails from the moment the
#   migration commits until the new code is deployed everywhere (every
#   PostgreSQL version). Under a rolling deploy both versions run at once,
#   so no order of deploy and migration is safe.
#
#   Rename in steps instead: rename the table and, in the same transaction,
#   create a view with the old name (a simple view is updatable, so old code
#   keeps reading and writing through it); drop the view in a contract-phase
#   migration once no code uses the old name:
#
#   ```sql
#   ALTER TABLE users RENAME TO accounts;
#   CREATE VIEW users AS SELECT * FROM accounts;
#   -- later:
#   -- ddlgate:phase contract change=rename-users
#   DROP VIEW users;
#   ```
#
#   A table created earlier in the same file is not reported, nor is a rename
#   followed by such a view in the same transaction, nor a rename inside a
#   contract-phase file when an earlier phase of the same change acted on the
#   table (a contract without an expand is still reported).
# related_resources:
#   - ref: https://www.postgresql.org/docs/current/sql-altertable.html#SQL-ALTERTABLE-DESC-RENAME
#     description: ALTER TABLE RENAME
#   - ref: https://www.postgresql.org/docs/current/sql-createview.html#SQL-CREATEVIEW-UPDATABLE-VIEWS
#     description: Updatable views
# custom:
#   severity: error
#   help: Rename the table and create a view with the old name in the same transaction; drop the view in a contract-phase migration.
#   examples:
#     bad: ALTER TABLE users RENAME TO accounts;
#     good: |
#       BEGIN;
#       ALTER TABLE users RENAME TO accounts;
#       CREATE VIEW users AS SELECT * FROM accounts;
#       COMMIT;
package ddlgate.rules.compat["ban-rename-table"]

import data.ddlgate.lib.facts
import data.ddlgate.lib.phase
import data.ddlgate.lib.result
import data.ddlgate.lib.sql

report contains finding if {
	some x in input.actions_by_type.rename_table
	stmt := x.statement
	action := x.action
	not phase.covers(action.table)
	facts.existing(action.table)
	not _compatibility_view(stmt, action)
	finding := result.fail_help(
		rego.metadata.chain(), stmt, action.span,
		sprintf("RENAME TO %s on %s breaks deployed code that still uses %s", [action.new_name, facts.qualified_name(action.table), action.table.name]),
		sprintf("ALTER TABLE %s RENAME TO %s;\nCREATE VIEW %s AS SELECT * FROM %s; -- same transaction: old code keeps working through the view; drop it in a contract-phase migration", [sql.name(action.table), sql.ident(action.new_name), sql.name(action.table), sql.name(object.union(action.table, {"name": action.new_name}))]),
	)
}

# A view with the old name, created later in the same transaction, keeps old
# code working without a moment where the old name is missing.
_compatibility_view(stmt, action) if {
	stmt.transaction.block > 0
	some x in input.actions_by_type.create_view
	x.statement.index > stmt.index
	x.statement.transaction.block == stmt.transaction.block
	view := x.action
	view.created_object.schema == action.table.schema
	view.created_object.name == action.table.name
}
