# METADATA
# title: Do not create privileged roles in migrations
# description: |-
#   SUPERUSER bypasses every permission check and can run programs on the
#   server (`COPY ... TO PROGRAM`); BYPASSRLS ignores every row-level
#   security policy; CREATEROLE can create roles and, before PostgreSQL 16,
#   grant itself membership in almost any role, which makes it nearly a
#   superuser. An application or migration role with these attributes turns
#   any SQL injection or leaked credential into full control of the
#   cluster, and a migration is the wrong place to hand them out: it runs
#   unattended in every environment. This holds in every PostgreSQL
#   version.
#
#   Give roles only the privileges they use, with GRANTs on objects:
#
#   ```sql
#   CREATE ROLE app_rw NOLOGIN;
#   GRANT USAGE ON SCHEMA app TO app_rw;
#   GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA app TO app_rw;
#   ```
#
#   Administrative roles belong in infrastructure code reviewed by the
#   database owners, not in application migrations.
# related_resources:
#   - ref: https://www.postgresql.org/docs/current/role-attributes.html
#     description: Role attributes
#   - ref: https://www.postgresql.org/docs/current/sql-createrole.html
#     description: CREATE ROLE
# custom:
#   severity: error
#   help: Create the role without SUPERUSER, BYPASSRLS or CREATEROLE and GRANT it the privileges it needs.
#   examples:
#     bad: CREATE ROLE app_admin LOGIN SUPERUSER;
#     good: CREATE ROLE app_rw NOLOGIN;
package ddlgate.rules.security["ban-privileged-role"]

import data.ddlgate.lib.result

report contains finding if {
	some type in ["create_role", "alter_role"]
	some x in input.actions_by_type[type]
	stmt := x.statement
	action := x.action
	attributes := [name |
		some name in ["SUPERUSER", "BYPASSRLS", "CREATEROLE"]
		action[lower(name)] == true
	]
	count(attributes) > 0
	finding := result.fail_help(
		rego.metadata.chain(), stmt, stmt.span,
		sprintf("%s %s gives it %s: a leaked credential or an injection through this role controls the cluster", [stmt.tag, action.role, concat(", ", attributes)]),
		sprintf("%s %s without %s, and GRANT it the privileges it needs on objects.", [stmt.tag, action.role, concat(", ", attributes)]),
	)
}
