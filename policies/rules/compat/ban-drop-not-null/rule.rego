# METADATA
# title: Do not drop NOT NULL constraints
# description: |-
#   `ALTER COLUMN ... DROP NOT NULL` is instant, but from then on new code (or
#   any writer) may store NULL in a column that deployed code reads as never
#   NULL: a non-optional field in an ORM model, a `NOT NULL` assumption in a
#   report or a join. The first NULL breaks the old code, and a rollback of
#   the application cannot undo the rows already written (every PostgreSQL
#   version).
#
#   Make every reader handle NULL first, ship that, then drop the constraint
#   in a contract-phase migration of a tracked change:
#
#   ```sql
#   -- ddlgate:phase contract change=optional-users-phone
#   ALTER TABLE users ALTER COLUMN phone DROP NOT NULL;
#   ```
#
#   A column of a table created earlier in the same file is not reported, nor
#   is a drop inside a contract-phase file.
# related_resources:
#   - ref: https://www.postgresql.org/docs/current/sql-altertable.html#SQL-ALTERTABLE-DESC-SET-DROP-NOT-NULL
#     description: ALTER TABLE DROP NOT NULL
# custom:
#   severity: warning
#   help: Make every reader of the column handle NULL first, then drop NOT NULL in a contract-phase migration (-- ddlgate:phase contract change=<id>).
#   examples:
#     bad: ALTER TABLE users ALTER COLUMN phone DROP NOT NULL;
#     good: |
#       -- ddlgate:phase contract change=optional-users-phone
#       ALTER TABLE users ALTER COLUMN phone DROP NOT NULL;
package ddlgate.rules.compat["ban-drop-not-null"]

import data.ddlgate.lib.facts
import data.ddlgate.lib.phase
import data.ddlgate.lib.result

report contains finding if {
	not phase.contract
	some x in input.actions_by_type.drop_not_null
	stmt := x.statement
	action := x.action
	facts.existing(action.table)
	finding := result.fail(
		rego.metadata.chain(), stmt, action.span,
		sprintf("DROP NOT NULL on %s.%s lets NULL into a column that deployed code reads as never NULL", [facts.qualified_name(action.table), action.column_name]),
	)
}
