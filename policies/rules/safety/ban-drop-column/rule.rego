# METADATA
# title: Do not drop columns
# description: |-
#   `ALTER TABLE ... DROP COLUMN` deletes the column's data. Deployed code that
#   still selects, inserts or updates the column fails at once (ORMs often
#   name every column explicitly), and the data can only come back from a
#   backup.
#
#   Ship the removal as a tracked change: an expand-phase migration that
#   relaxes the column so code can stop writing it, the application release
#   that ignores it (in the ORM too), then the drop in the contract phase:
#
#   ```sql
#   -- ddlgate:phase expand change=remove-users-nickname
#   ALTER TABLE users ALTER COLUMN nickname DROP NOT NULL;
#   -- later, in its own migration:
#   -- ddlgate:phase contract change=remove-users-nickname
#   ALTER TABLE users DROP COLUMN nickname;
#   ```
#
#   When the column is being replaced (a rename or a type change), the help
#   shows the whole plan for that statement; `ddlgate phase plan FILE` writes
#   it as migration files.
#
#   A column of a table created earlier in the same file is not reported.
#   Inside a contract-phase file the drop is not reported when an earlier
#   phase of the same change acted on the column's table (added the new
#   column, a dual-write trigger, a backfill): the change planned it. A
#   contract without an expand is still reported.
# related_resources:
#   - ref: https://www.postgresql.org/docs/current/sql-altertable.html#SQL-ALTERTABLE-DESC-DROP-COLUMN
#     description: ALTER TABLE DROP COLUMN
# custom:
#   severity: error
#   help: Stop using the column in the application, then drop it in a contract-phase migration (-- ddlgate:phase contract change=<id>).
#   examples:
#     bad: ALTER TABLE users DROP COLUMN nickname;
#     good: |
#       -- ddlgate:phase expand change=remove-users-nickname
#       ALTER TABLE users ALTER COLUMN nickname DROP NOT NULL;
package ddlgate.rules.safety["ban-drop-column"]

import data.ddlgate.lib.facts
import data.ddlgate.lib.phase
import data.ddlgate.lib.result

report contains finding if {
	some x in input.actions_by_type.drop_column
	stmt := x.statement
	action := x.action
	not phase.covers(action.table)
	facts.existing(action.table)
	plan := _plan(action)
	finding := result.fail_plan(
		rego.metadata.chain(), stmt, action.span,
		sprintf("DROP COLUMN %s deletes %s.%s and its data: deployed code that still uses it fails", [action.column_name, facts.qualified_name(action.table), action.column_name]),
		phase.plan_help(plan), plan,
	)
}

# Outside a tracked change the help is the expand/contract plan for this
# very drop (`ddlgate phase plan` writes it); inside one, METADATA's help.
_plan(action) := phase.plan(phase.drop_column_steps(action.table, action.column_name, phase.change_id("drop", action.table, action.column_name)), []) if {
	not phase.tracked
} else := null
