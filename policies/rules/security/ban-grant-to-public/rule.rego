# METADATA
# title: Do not grant to PUBLIC
# description: |-
#   `PUBLIC` is every role of the cluster, including roles created later:
#   other applications sharing the server, read-only reporting users,
#   extensions' roles, and anyone who obtains any login. A grant to PUBLIC
#   cannot be audited per consumer and is easy to forget when access
#   should be revoked. Applies to every PostgreSQL version.
#
#   Grant to a dedicated role, and grant that role to the users that need
#   it:
#
#   ```sql
#   CREATE ROLE reporting NOLOGIN;
#   GRANT SELECT ON app.orders TO reporting;
#   GRANT reporting TO metabase;
#   ```
#
#   `REVOKE ... FROM PUBLIC` is encouraged and never reported.
# related_resources:
#   - ref: https://www.postgresql.org/docs/current/ddl-priv.html
#     description: Privileges (PUBLIC)
#   - ref: https://www.postgresql.org/docs/current/sql-grant.html
#     description: GRANT
# custom:
#   severity: warning
#   help: Grant to a dedicated role instead of PUBLIC.
#   examples:
#     bad: GRANT SELECT ON app.orders TO PUBLIC;
#     good: GRANT SELECT ON app.orders TO reporting;
package ddlgate.rules.security["ban-grant-to-public"]

import data.ddlgate.lib.result

report contains finding if {
	some x in input.actions_by_type.grant
	stmt := x.statement
	action := x.action
	"PUBLIC" in action.grantees
	finding := result.fail_help(
		rego.metadata.chain(), stmt, action.span,
		sprintf("GRANT %s ON %s TO PUBLIC gives it to every role of the cluster, including roles created later", [upper(concat(", ", action.privileges)), _target(action, false)]),
		sprintf("GRANT %s ON %s TO <role>;", [upper(concat(", ", action.privileges)), _target(action, true)]),
	)
}

# _target describes what is granted on: "table app.orders", "all tables in
# schema app", "future tables" (ALTER DEFAULT PRIVILEGES); sql upper-cases
# the kind for the help's SQL.
_target(action, sql) := trim_space(concat(" ", [_case(_kind(action), sql), concat(", ", action.targets)]))

_kind(action) := sprintf("all %ss in schema", [action.target_type]) if {
	action.all_in_schema
} else := sprintf("future %ss", [action.target_type]) if {
	action.default_privileges
} else := action.target_type

_case(s, true) := upper(s)

_case(s, false) := s
