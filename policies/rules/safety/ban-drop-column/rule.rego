# METADATA
# title: Do not drop columns
# description: |-
#   `ALTER TABLE ... DROP COLUMN` deletes the column's data. Deployed code that
#   still selects, inserts or updates the column fails at once (ORMs often
#   name every column explicitly), and the data can only come back from a
#   backup.
#
#   Stop reading and writing the column in the application first (ignore it in
#   the ORM), ship that, then drop it in a contract-phase migration of a
#   tracked change:
#
#   ```sql
#   -- ddlgate:phase contract change=remove-users-nickname
#   ALTER TABLE users DROP COLUMN nickname;
#   ```
#
#   A column of a table created earlier in the same file is not reported, nor
#   is a drop inside a contract-phase file.
# related_resources:
#   - ref: https://www.postgresql.org/docs/current/sql-altertable.html#SQL-ALTERTABLE-DESC-DROP-COLUMN
#     description: ALTER TABLE DROP COLUMN
# custom:
#   severity: error
#   help: Stop using the column in the application, then drop it in a contract-phase migration (-- ddlgate:phase contract change=<id>).
#   examples:
#     bad: ALTER TABLE users DROP COLUMN nickname;
#     good: |
#       -- ddlgate:phase contract change=remove-users-nickname
#       ALTER TABLE users DROP COLUMN nickname;
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
	finding := result.fail(
		rego.metadata.chain(), stmt, action.span,
		sprintf("DROP COLUMN %s deletes %s.%s and its data: deployed code that still uses it fails", [action.column_name, facts.qualified_name(action.table), action.column_name]),
	)
}
