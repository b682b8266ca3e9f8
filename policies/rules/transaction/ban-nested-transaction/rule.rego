# METADATA
# title: Do not open a transaction inside another
# description: |-
#   PostgreSQL has no nested transactions: `BEGIN` inside a transaction block
#   only prints "WARNING: there is already a transaction in progress", and
#   the first `COMMIT` then ends the outer transaction (every PostgreSQL
#   version). The statements after it run in autocommit, so a failure leaves
#   the migration half applied, and the runner's own `COMMIT` finds no
#   transaction.
#
#   The outer transaction may be invisible in the file: goose, dbmate,
#   flyway, atlas and ddlgate apply wrap each file in one, and drizzle-kit
#   migrate wraps all pending files in one. Remove the BEGIN/COMMIT from such
#   files; for a nested unit of work inside a transaction, use a savepoint:
#
#   ```sql
#   SAVEPOINT backfill;
#   UPDATE orders SET state = 'new' WHERE state IS NULL;
#   RELEASE SAVEPOINT backfill;
#   ```
#
#   A BEGIN in a file that prisma or golang-migrate sends as one
#   multi-statement query is not nested: PostgreSQL turns the implicit
#   transaction into the explicit one.
# related_resources:
#   - ref: https://www.postgresql.org/docs/current/sql-begin.html
#     description: BEGIN
#   - ref: https://www.postgresql.org/docs/current/sql-savepoint.html
#     description: SAVEPOINT
# custom:
#   severity: error
#   help: Remove the inner BEGIN/COMMIT (the runner already wraps the file in a transaction), or use SAVEPOINT/RELEASE SAVEPOINT for a nested unit of work.
#   examples:
#     bad: |
#       -- ddlgate apply runs each file in a transaction
#       BEGIN;
#       ALTER TABLE orders ADD COLUMN note text;
#       COMMIT;
#     good: |
#       -- ddlgate apply runs each file in a transaction
#       ALTER TABLE orders ADD COLUMN note text;
#       SAVEPOINT backfill;
#       UPDATE orders SET note = '' WHERE id = 1;
#       RELEASE SAVEPOINT backfill;
package ddlgate.rules.transaction["ban-nested-transaction"]

import data.ddlgate.lib.facts
import data.ddlgate.lib.result
import data.ddlgate.lib.runner

# BEGIN inside a block that the file opened itself.
report contains finding if {
	some x in input.actions_by_type.begin
	stmt := x.statement
	facts.in_transaction(stmt)
	stmt.transaction.explicit == true
	action := x.action
	finding := result.fail_help(
		rego.metadata.chain(), stmt, action.span,
		sprintf("%s inside the transaction opened at line %d: PostgreSQL ignores it, and the first COMMIT ends the outer transaction", [stmt.tag, _opener_line(stmt)]),
		"Remove the inner BEGIN and its COMMIT; use SAVEPOINT name; ... RELEASE SAVEPOINT name; for a nested unit of work.",
	)
}

# BEGIN inside the transaction the runner wraps the file in. An implicit
# transaction (one multi-statement query) simply becomes explicit.
report contains finding if {
	some x in input.actions_by_type.begin
	stmt := x.statement
	facts.in_transaction(stmt)
	stmt.transaction.explicit == false
	input.file.transaction_mode != "implicit"
	action := x.action
	finding := result.fail_help(
		rego.metadata.chain(), stmt, action.span,
		sprintf("%s inside the transaction %s: PostgreSQL ignores it, and the file's COMMIT ends that transaction early, so the statements after it run outside any transaction", [stmt.tag, _runner_transaction]),
		sprintf("Remove BEGIN and COMMIT from the file: %s.", [_runner_help]),
	)
}

# The BEGIN that opened the enclosing block: the last one before stmt that
# was not itself nested.
_opener_line(stmt) := max(lines) if {
	lines := [x.statement.span.line |
		some x in input.actions_by_type.begin
		x.statement.index < stmt.index
		x.statement.transaction.explicit == false
	]
	count(lines) > 0
} else := stmt.span.line

_runner_transaction := "drizzle-kit migrate runs all pending files in" if {
	input.file.runner == "drizzle"
} else := sprintf("%s runs the file in", [input.file.runner]) if {
	input.file.runner != ""
} else := "the runner wraps the file in"

_runner_help := "drizzle-kit migrate already runs every pending file in one transaction" if {
	input.file.runner == "drizzle"
} else := sprintf("%s already runs it in a transaction (or opt the file out of it with `%s` if it must manage its own)", [runner.name, runner.opt_out_directive]) if {
	runner.opt_out_directive != ""
} else := sprintf("%s already runs it in a transaction", [runner.name])
