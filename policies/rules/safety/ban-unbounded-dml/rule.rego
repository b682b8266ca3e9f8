# METADATA
# title: Do not update or delete every row at once
# description: |-
#   `UPDATE` or `DELETE` without `WHERE` changes every row of the table in one
#   transaction (every PostgreSQL version): it holds a row lock on each of
#   them until COMMIT, so the application's writes to any row wait; it writes
#   a new version of every row (the table and its indexes bloat, replicas
#   lag); and on a large table it runs for minutes. Often it is a mistake.
#
#   Change the rows in batches that each commit, from a migration without a
#   transaction block or a background job:
#
#   ```sql
#   UPDATE users SET email_lower = lower(email)
#   WHERE id IN (SELECT id FROM users WHERE email_lower IS NULL LIMIT 10000);
#   -- repeat until it updates no row
#   ```
#
#   A table created earlier in the same file is not reported. DML inside
#   function bodies is not a statement of the migration and is not judged.
# related_resources:
#   - ref: https://www.postgresql.org/docs/current/sql-update.html
#     description: UPDATE
#   - ref: https://www.postgresql.org/docs/current/sql-delete.html
#     description: DELETE
# custom:
#   severity: warning
#   help: Change the rows in batches that each commit (WHERE id IN (SELECT ... LIMIT 10000), repeated), outside the DDL's transaction.
#   examples:
#     bad: UPDATE users SET email_lower = lower(email);
#     good: UPDATE users SET email_lower = lower(email) WHERE id IN (SELECT id FROM users WHERE email_lower IS NULL LIMIT 10000);
package ddlgate.rules.safety["ban-unbounded-dml"]

import data.ddlgate.lib.facts
import data.ddlgate.lib.result
import data.ddlgate.lib.sql

_verbs := {
	"update": ["UPDATE", "changes"],
	"delete": ["DELETE", "deletes"],
}

report contains finding if {
	some type, [verb, does] in _verbs
	some x in input.actions_by_type[type]
	stmt := x.statement
	action := x.action
	action.has_where == false
	facts.existing(action.table)
	table := facts.qualified_name(action.table)
	finding := result.fail_help(
		rego.metadata.chain(), stmt, action.span,
		sprintf("%s without WHERE %s every row of %s in one transaction: it locks them all until COMMIT and bloats the table", [verb, does, table]),
		sprintf("%s in batches that each commit: ... WHERE id IN (SELECT id FROM %s WHERE <not done yet> LIMIT 10000), repeated until no row changes.", [verb, sql.name(action.table)]),
	)
}
