# METADATA
# title: Do not rename columns
# description: |-
#   `ALTER TABLE ... RENAME COLUMN` is instant, but deployed application code
#   still uses the old name: every query naming it fails from the moment the
#   migration commits until the new code is deployed everywhere. Under a
#   rolling deploy both versions run at once, so no order of deploy and
#   migration is safe.
#
#   Rename in steps instead (expand/contract): add the new column and a
#   trigger that writes both, backfill in batches, switch reads to the new
#   column, then drop the old one in a contract-phase migration:
#
#   ```sql
#   -- ddlgate:phase expand change=rename-users-email
#   ALTER TABLE users ADD COLUMN email_address text;
#   -- + dual-write trigger; then a backfill phase; later:
#   -- ddlgate:phase contract change=rename-users-email
#   ALTER TABLE users DROP COLUMN email;
#   ```
#
#   The finding's help is that plan for the very statement, and
#   `ddlgate phase plan FILE` writes it as three migration files.
#
#   A column of a table created earlier in the same file is not reported.
#   Inside a contract-phase file a rename is not reported when an earlier
#   phase of the same change acted on the table; a contract without an
#   expand is still reported.
# related_resources:
#   - ref: https://www.postgresql.org/docs/current/sql-altertable.html#SQL-ALTERTABLE-DESC-RENAME
#     description: ALTER TABLE RENAME
# custom:
#   severity: error
#   help: Add the new column, write both, backfill, switch reads, then drop the old column in a contract-phase migration.
#   examples:
#     bad: ALTER TABLE users RENAME COLUMN email TO email_address;
#     good: |
#       -- ddlgate:phase expand change=rename-users-email
#       ALTER TABLE users ADD COLUMN email_address text;
package ddlgate.rules.compat["ban-rename-column"]

import data.ddlgate.lib.facts
import data.ddlgate.lib.phase
import data.ddlgate.lib.result

report contains finding if {
	some x in input.actions_by_type.rename_column
	stmt := x.statement
	action := x.action
	not phase.covers(action.table)
	facts.existing(action.table)
	old := _old_name(action)
	plan := _plan(action, old)
	finding := result.fail_plan(
		rego.metadata.chain(), stmt, action.span,
		sprintf("RENAME COLUMN %s TO %s on %s breaks deployed code that still uses %s", [old, action.new_name, facts.qualified_name(action.table), old]),
		phase.plan_help(plan), plan,
	)
}

# Outside a tracked change the help is the expand/contract plan for this
# very rename (`ddlgate phase plan` writes it); inside one, METADATA's help.
# The new column takes the old one's type, which only the history knows.
_plan(action, old) := phase.plan(
	phase.replace_column_steps(
		action.table, old, action.new_name, phase.column_type(action.table, old),
		sprintf("NEW.%s", [phase.ident(old)]), sprintf("NEW.%s", [phase.ident(action.new_name)]),
		phase.change_id("rename", action.table, old),
	),
	phase.unresolved_type(action.table, old),
) if {
	not phase.tracked
} else := null

_old_name(action) := action.old_name if {
	action.old_name != ""
} else := action.column_name
