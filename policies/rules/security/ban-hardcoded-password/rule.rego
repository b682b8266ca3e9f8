# METADATA
# title: Do not put passwords in migrations
# description: |-
#   `CREATE ROLE ... PASSWORD '...'` or `ALTER ROLE ... PASSWORD '...'`
#   writes the credential into the migration file, and so into version
#   control, code review, CI logs, every clone of the repository, and the
#   server log when `log_statement` is on. A pre-hashed `SCRAM-SHA-256$...`
#   or `md5...` value is still a credential that can be cracked offline or
#   replayed. This holds in every PostgreSQL version.
#
#   Create the role without a password (or with `PASSWORD NULL`) and set the
#   password out of band, from a secret manager or with psql's `\password`,
#   which sends only a hash:
#
#   ```sql
#   CREATE ROLE app_user LOGIN;
#   -- then, outside migrations: \password app_user
#   ```
# related_resources:
#   - ref: https://www.postgresql.org/docs/current/sql-createrole.html
#     description: CREATE ROLE (PASSWORD)
#   - ref: https://www.postgresql.org/docs/current/app-psql.html#APP-PSQL-META-COMMAND-PASSWORD
#     description: psql \password
# custom:
#   severity: error
#   help: Create the role without a password and set it outside migrations (secret manager, psql \password).
#   examples:
#     bad: CREATE ROLE app_user LOGIN PASSWORD 'hunter2';
#     good: CREATE ROLE app_user LOGIN;
package ddlgate.rules.security["ban-hardcoded-password"]

import data.ddlgate.lib.result

report contains finding if {
	some type in ["create_role", "alter_role"]
	some x in input.actions_by_type[type]
	stmt := x.statement
	action := x.action
	action.password_literal
	finding := result.fail_help(
		rego.metadata.chain(), stmt, action.span,
		sprintf("%s %s sets a literal password: it ends up in version control, CI logs and the server log", [stmt.tag, action.role]),
		sprintf("%s %s ...; -- without PASSWORD, then set it outside migrations: \\password %s", [stmt.tag, action.role, action.role]),
	)
}
