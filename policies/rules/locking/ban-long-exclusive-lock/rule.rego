# METADATA
# title: Commit soon after taking an ACCESS EXCLUSIVE lock
# description: |-
#   A lock is held until the end of the transaction, not of the statement.
#   After a statement takes an ACCESS EXCLUSIVE lock on an existing table
#   (ALTER TABLE, DROP, TRUNCATE, ...), every read and write of that table
#   waits until COMMIT, however many more statements the transaction runs
#   first: an instant `ADD COLUMN` followed by an index build or a backfill
#   in the same transaction blocks the table for the whole duration (every
#   PostgreSQL version).
#
#   The transaction may be the runner's: goose, dbmate, flyway, atlas,
#   ddlgate apply and drizzle-kit migrate wrap each file (drizzle: all
#   pending files) in one. Take the lock last, or commit right after it:
#
#   ```sql
#   CREATE INDEX idx_orders_user ON orders (user_id);
#   ALTER TABLE orders ADD COLUMN note text; -- last statement: COMMIT follows
#   ```
#
#   Transaction control (`COMMIT`, `SAVEPOINT`, ...) and `SET` do not count
#   as more statements; tables created earlier in the same file are not
#   reported.
# related_resources:
#   - ref: https://www.postgresql.org/docs/current/explicit-locking.html#LOCKING-TABLES
#     description: Table-level locks are held until the transaction ends
# custom:
#   severity: warning
#   help: Move the statements that follow into their own transaction (or migration), or run the locking statement last.
#   examples:
#     bad: |
#       BEGIN;
#       ALTER TABLE orders ADD COLUMN note text;
#       UPDATE orders SET note = '' WHERE id < 1000;
#       COMMIT;
#     good: |
#       BEGIN;
#       UPDATE orders SET state = 'new' WHERE id < 1000;
#       ALTER TABLE orders ADD COLUMN note text;
#       COMMIT;
package ddlgate.rules.locking["ban-long-exclusive-lock"]

import data.ddlgate.lib.facts
import data.ddlgate.lib.result

report contains finding if {
	some stmt in input.statements
	stmt.blocking_lock.mode == "ACCESS EXCLUSIVE"
	n := stmt.transaction.work_after
	n > 0
	some name in stmt.blocking_lock.relations
	not _already_held(stmt, name)
	finding := result.fail_help(
		rego.metadata.chain(), stmt, _span(stmt, name),
		sprintf("%s takes an ACCESS EXCLUSIVE lock on %s and holds it while %d more %s in the same transaction (up to line %d): every read and write of %s waits until COMMIT", [stmt.tag, name, n, _statements(n), input.statements[stmt.transaction.last_work].span.line, name]),
		"Commit right after this statement: move the statements that follow into their own transaction (or migration), or run this statement last.",
	)
}

# Only the first statement that takes a lock is reported: later ones run
# while it is already held. The facts count the work that follows a
# statement in its transaction (transaction.work_after, last_work: not
# transaction control or SET) and list the locks already held
# (transaction.held_access_exclusive).
_already_held(stmt, name) if {
	some held in stmt.transaction.held_access_exclusive
	held.relation == name
}

# Point at the clause that takes the lock when the statement says which.
_span(stmt, name) := spans[0] if {
	spans := [action.span |
		some action in stmt.actions
		action.lock == "ACCESS EXCLUSIVE"
		facts.qualified_name(action.table) == name
	]
	count(spans) > 0
} else := stmt.span

_statements(1) := "statement runs"

_statements(n) := "statements run" if n != 1
