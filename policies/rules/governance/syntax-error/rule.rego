# METADATA
# title: Syntax error
# description: |
#   PostgreSQL cannot parse this part of the migration, so applying it fails
#   and nothing after the error can be checked for safety. The rest of the file
#   is still linted. Fix the SQL; run it through `psql` against a scratch
#   database if the error message is unclear.
# related_resources:
#   - ref: https://www.postgresql.org/docs/current/sql-syntax.html
#     description: PostgreSQL SQL syntax
# custom:
#   severity: error
#   help: Fix the SQL so PostgreSQL can parse it.
#   examples:
#     bad: "CREATE TABLE accounts (id bigint PRIMARY KEY,);"
#     good: "CREATE TABLE accounts (id bigint PRIMARY KEY);"
package ddlgate.rules.governance["syntax-error"]

import data.ddlgate.lib.result

report contains result.fail_file(rego.metadata.chain(), e.span, e.message) if {
	some e in input.parse_errors
}
