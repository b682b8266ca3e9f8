# METADATA
# title: Do not drop schemas
# description: |-
#   `DROP SCHEMA` deletes the schema; with `CASCADE` it silently deletes every
#   table, view, function, type and sequence in it, with all their data
#   (every PostgreSQL version). Deployed code that still uses any of them
#   fails at once, and the data can only come back from a backup.
#
#   Drop the objects one by one, each after the application stopped using it,
#   then drop the empty schema without CASCADE in a contract-phase migration
#   of a tracked change (a non-empty schema then makes the drop fail instead
#   of losing data):
#
#   ```sql
#   -- ddlgate:phase contract change=remove-legacy-schema
#   DROP SCHEMA legacy RESTRICT;
#   ```
#
#   A schema created earlier in the same file is not reported, nor is a drop
#   inside a contract-phase file.
# related_resources:
#   - ref: https://www.postgresql.org/docs/current/sql-dropschema.html
#     description: DROP SCHEMA
# custom:
#   severity: error
#   help: Drop the schema's objects once unused, then drop the empty schema without CASCADE in a contract-phase migration (-- ddlgate:phase contract change=<id>).
#   examples:
#     bad: DROP SCHEMA legacy CASCADE;
#     good: |
#       -- ddlgate:phase contract change=remove-legacy-schema
#       DROP SCHEMA legacy RESTRICT;
package ddlgate.rules.safety["ban-drop-schema"]

import data.ddlgate.lib.phase
import data.ddlgate.lib.result

report contains finding if {
	not phase.contract
	some x in input.actions_by_type.drop_schema
	stmt := x.statement
	action := x.action
	not _created_earlier(stmt, action.object.name)
	finding := result.fail(
		rego.metadata.chain(), stmt, action.span,
		sprintf("DROP SCHEMA %s deletes the schema%s: deployed code that still uses it fails", [action.object.name, _cascade(action)]),
	)
}

_cascade(action) := " and every table, view and function in it, with their data" if {
	action.cascade == true
} else := ""

# Schemas carry no created_in_file flag: look for the CREATE SCHEMA.
_created_earlier(stmt, name) if {
	some x in input.actions_by_type.create_schema
	earlier := x.statement
	earlier.index < stmt.index
	action := x.action
	action.created_object.name == name
}
