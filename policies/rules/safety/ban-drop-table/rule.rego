# METADATA
# title: Do not drop tables
# description: |-
#   `DROP TABLE` deletes the table and every row in it. Application code that
#   is still deployed and reads or writes the table fails at once, and the data
#   can only come back from a backup. Under a rolling deploy the old version of
#   the application keeps running while the migration applies.
#
#   Stop using the table in the application first, ship that, then drop the
#   table in a contract-phase migration of a tracked change:
#
#   ```sql
#   -- ddlgate:phase contract change=remove-legacy-orders
#   DROP TABLE legacy_orders;
#   ```
#
#   Dropping a table created earlier in the same file is harmless and not
#   reported; a drop inside a contract-phase file is the intended shape and is
#   not reported either (require-expand-before-contract checks the ordering).
# related_resources:
#   - ref: https://www.postgresql.org/docs/current/sql-droptable.html
#     description: DROP TABLE
# custom:
#   severity: error
#   help: Stop using the table in the application, then drop it in a contract-phase migration (-- ddlgate:phase contract change=<id>).
#   examples:
#     bad: DROP TABLE legacy_orders;
#     good: |
#       -- ddlgate:phase contract change=remove-legacy-orders
#       DROP TABLE legacy_orders;
package ddlgate.rules.safety["ban-drop-table"]

import data.ddlgate.lib.facts
import data.ddlgate.lib.phase
import data.ddlgate.lib.result

report contains finding if {
	some x in input.actions_by_type.drop_table
	stmt := x.statement
	action := x.action
	not phase.covers(action.table)
	facts.existing(action.table)
	finding := result.fail(
		rego.metadata.chain(), stmt, action.span,
		sprintf("DROP TABLE %s deletes the table and all its rows: deployed code that still uses it fails", [facts.qualified_name(action.table)]),
	)
}
