# METADATA
# title: Grant named privileges, not ALL
# description: |-
#   `GRANT ALL [PRIVILEGES]` hands out every privilege the object type has,
#   including ones nobody asked for: TRUNCATE, REFERENCES and TRIGGER on
#   tables (a TRIGGER privilege lets the grantee run code on every write),
#   CREATE on schemas, and whatever privileges a future PostgreSQL version
#   adds (MAINTAIN in 17). Least privilege means listing what the role
#   needs, so that a review can see it. Applies to every PostgreSQL version.
#
#   ```sql
#   GRANT SELECT, INSERT, UPDATE, DELETE ON app.orders TO app_rw;
#   GRANT USAGE ON SCHEMA app TO app_rw;
#   ```
#
#   `REVOKE ALL` is fine and never reported.
# related_resources:
#   - ref: https://www.postgresql.org/docs/current/ddl-priv.html
#     description: Privileges
#   - ref: https://www.postgresql.org/docs/current/sql-grant.html
#     description: GRANT
# custom:
#   severity: warning
#   help: List the privileges the role needs, e.g. GRANT SELECT, INSERT, UPDATE, DELETE ON ... TO ...
#   examples:
#     bad: GRANT ALL ON app.orders TO app_rw;
#     good: GRANT SELECT, INSERT, UPDATE, DELETE ON app.orders TO app_rw;
package ddlgate.rules.security["ban-grant-all"]

import data.ddlgate.lib.result

report contains finding if {
	some x in input.actions_by_type.grant
	stmt := x.statement
	action := x.action
	"all" in action.privileges
	finding := result.fail_help(
		rego.metadata.chain(), stmt, action.span,
		sprintf("GRANT ALL ON %s %s to %s grants every privilege of the %s, including %s", [action.target_type, concat(", ", action.targets), concat(", ", action.grantees), action.target_type, _extra(action.target_type)]),
		sprintf("GRANT %s ON %s TO %s;", [_suggested(action.target_type), _on(action), concat(", ", action.grantees)]),
	)
}

_extra(kind) := "TRUNCATE, REFERENCES and TRIGGER" if {
	kind == "table"
} else := "CREATE" if {
	kind == "schema"
} else := "the ones nobody asked for"

_suggested(kind) := "SELECT, INSERT, UPDATE, DELETE" if {
	kind == "table"
} else := "USAGE" if {
	kind in {"schema", "sequence", "type", "domain", "language"}
} else := "EXECUTE" if {
	kind in {"function", "procedure", "routine"}
} else := "<privileges>"

_on(action) := sprintf("ALL %sS IN SCHEMA %s", [upper(action.target_type), concat(", ", action.targets)]) if {
	action.all_in_schema
} else := trim_space(sprintf("%s %s", [upper(action.target_type), concat(", ", action.targets)]))
