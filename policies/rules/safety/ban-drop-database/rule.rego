# METADATA
# title: Do not drop databases
# description: |-
#   `DROP DATABASE` deletes a whole database, every schema and row in it, and
#   cannot even run inside a transaction block (every PostgreSQL version). A
#   schema migration has no business doing it: it is either a mistake (a
#   script meant for a development machine) or an operation that deserves a
#   deliberate, reviewed runbook instead of a migration file.
#
#   Remove the statement from the migration; drop databases by hand, after a
#   backup, outside the migration history.
# related_resources:
#   - ref: https://www.postgresql.org/docs/current/sql-dropdatabase.html
#     description: DROP DATABASE
# custom:
#   severity: error
#   help: Remove DROP DATABASE from the migration; drop databases deliberately, after a backup, outside the migration history.
#   examples:
#     bad: DROP DATABASE analytics;
#     good: DROP TABLE IF EXISTS scratch_import;
package ddlgate.rules.safety["ban-drop-database"]

import data.ddlgate.lib.result

report contains finding if {
	some x in input.actions_by_type.drop_database
	stmt := x.statement
	action := x.action
	finding := result.fail(
		rego.metadata.chain(), stmt, action.span,
		sprintf("DROP DATABASE %s deletes the whole database and all its data: a migration must never do this", [action.object.name]),
	)
}
