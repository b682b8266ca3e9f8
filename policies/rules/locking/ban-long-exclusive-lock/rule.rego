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
	some [block, index, name] in _first_locks
	later := [i | some i in _working[block]; i > index]
	count(later) > 0
	stmt := input.statements[index]
	finding := result.fail_help(
		rego.metadata.chain(), stmt, _span(stmt, name),
		sprintf("%s takes an ACCESS EXCLUSIVE lock on %s and holds it while %d more %s in the same transaction (up to line %d): every read and write of %s waits until COMMIT", [stmt.tag, name, count(later), _statements(count(later)), input.statements[max(later)].span.line, name]),
		"Commit right after this statement: move the statements that follow into their own transaction (or migration), or run this statement last.",
	)
}

# _exclusive lists the ACCESS EXCLUSIVE locks on existing relations taken
# inside transaction blocks, as [block, statement index, relation name].
_exclusive := [[stmt.transaction.block, stmt.index, name] |
	some stmt in input.statements
	stmt.transaction.block > 0
	stmt.blocking_lock.mode == "ACCESS EXCLUSIVE"
	some name in stmt.blocking_lock.relations
]

# Only the first statement that takes the lock is reported: later ones run
# while it is already held. Grouping by block and relation keeps this linear
# in the number of locks, which matters for long generated migrations.
_first_locks contains [block, min(indexes), name] if {
	some [block, name], indexes in _locks_by_relation
}

_locks_by_relation[[block, name]] contains index if {
	some [block, index, name] in _exclusive
}

# _working[block] are the indexes of the block's statements that do work.
_working[block] := [stmt.index |
	some stmt in input.statements
	stmt.transaction.block == block
	_does_work(stmt)
] if {
	some [block, _, _] in _exclusive
}

# Transaction control and SET take no time and no lock.
_instant := {"begin", "commit", "rollback", "savepoint", "release", "set"}

_does_work(stmt) if {
	some action in stmt.actions
	not action.type in _instant
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
