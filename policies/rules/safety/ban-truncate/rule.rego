# METADATA
# title: Do not truncate tables
# description: |-
#   `TRUNCATE` deletes every row of the table at once, takes an ACCESS
#   EXCLUSIVE lock on it (reads and writes wait), and with `CASCADE` also
#   empties every table that references it through a foreign key (every
#   PostgreSQL version). In a migration that runs against production this
#   destroys data that can only come back from a backup.
#
#   If the rows really must go, say which ones and delete them in batches, or
#   drop the table in a contract-phase migration once nothing uses it:
#
#   ```sql
#   DELETE FROM import_rows WHERE imported_at < now() - interval '30 days';
#   ```
#
#   A table created earlier in the same file is not reported.
# related_resources:
#   - ref: https://www.postgresql.org/docs/current/sql-truncate.html
#     description: TRUNCATE
# custom:
#   severity: error
#   help: Delete only the rows that must go (in batches), or drop the unused table in a contract-phase migration.
#   examples:
#     bad: TRUNCATE import_rows;
#     good: DELETE FROM import_rows WHERE imported_at < now() - interval '30 days';
package ddlgate.rules.safety["ban-truncate"]

import data.ddlgate.lib.facts
import data.ddlgate.lib.result

report contains finding if {
	some x in input.actions_by_type.truncate
	stmt := x.statement
	action := x.action
	facts.existing(action.table)
	finding := result.fail(
		rego.metadata.chain(), stmt, action.span,
		sprintf("TRUNCATE deletes every row of %s under an %s lock: the data can only come back from a backup", [facts.qualified_name(action.table), facts.lock(action)]),
	)
}
