# METADATA
# title: Do not drop tables
# description: |-
#   `DROP TABLE` deletes the table and every row in it. Application code that
#   is still deployed and reads or writes the table fails at once, and the data
#   can only come back from a backup. Under a rolling deploy the old version of
#   the application keeps running while the migration applies.
#
#   Ship the removal as a tracked change: an expand-phase migration that
#   deprecates the table (or creates its replacement), the application
#   release that stops using it, then the drop in the change's contract phase:
#
#   ```sql
#   -- ddlgate:phase expand change=remove-legacy-orders
#   REVOKE INSERT, UPDATE, DELETE ON legacy_orders FROM app;
#   -- later, in its own migration:
#   -- ddlgate:phase contract change=remove-legacy-orders
#   DROP TABLE legacy_orders;
#   ```
#
#   Dropping a table created earlier in the same file is harmless and not
#   reported. Inside a contract-phase file the drop is not reported when an
#   earlier phase of the same change acted on the table (created it, added
#   columns to it, put a trigger on it, backfilled it, changed its grants):
#   the change planned its removal. A contract without an expand, or one
#   dropping a table its change never touched, is still reported.
#   require-expand-before-contract and ban-contract-too-soon check the order.
# related_resources:
#   - ref: https://www.postgresql.org/docs/current/sql-droptable.html
#     description: DROP TABLE
# custom:
#   severity: error
#   help: Stop using the table in the application, then drop it in a contract-phase migration (-- ddlgate:phase contract change=<id>).
#   examples:
#     bad: DROP TABLE legacy_orders;
#     good: |
#       -- ddlgate:phase expand change=remove-legacy-orders
#       REVOKE INSERT, UPDATE, DELETE ON legacy_orders FROM app;
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
