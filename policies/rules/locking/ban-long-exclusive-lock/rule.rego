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
#
#   With the target database's facts (`ddlgate lint --database-url` or
#   `--db-snapshot`, `ddlgate apply`), the lock lasts as long as the
#   statements that follow it take. When each of them is DDL whose work is
#   bounded by the tables it locks (an index build, a constraint, a column
#   change; not DML, which may read any table, nor a function call) and
#   every table they lock is under the `small_table` parameter (default:
#   under 10,000 estimated rows and under 10 MB) or new, the finding drops
#   to info and says their sizes; above `large_table` (default: 1,000,000
#   rows or 1 GB) it says a table is large. See
#   [table sizes](../usage.md#table-sizes-from-the-database).
# related_resources:
#   - ref: https://www.postgresql.org/docs/current/explicit-locking.html#LOCKING-TABLES
#     description: Table-level locks are held until the transaction ends
# custom:
#   severity: warning
#   params:
#     small_table:
#       rows: 10000
#       size: 10 MB
#     large_table:
#       rows: 1000000
#       size: 1 GB
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
import data.ddlgate.lib.size

report contains finding if {
	some stmt in input.statements
	stmt.blocking_lock.mode == "ACCESS EXCLUSIVE"
	n := stmt.transaction.work_after
	n > 0
	some name in stmt.blocking_lock.relations
	not _already_held(stmt, name)
	finding := _scaled(stmt, result.fail_help(
		rego.metadata.chain(), stmt, _span(stmt, name),
		sprintf("%s takes an ACCESS EXCLUSIVE lock on %s and holds it while %d more %s in the same transaction (up to line %d): every read and write of %s waits until COMMIT", [stmt.tag, name, n, _statements(n), input.statements[stmt.transaction.last_work].span.line, name]),
		"Commit right after this statement: move the statements that follow into their own transaction (or migration), or run this statement last.",
	))
}

# The lock lasts as long as the work after it. When that work is bounded
# by the tables it locks (see _bounded), their sizes say how long it is.
_scaled(stmt, finding) := size.scaled(rego.metadata.chain(), finding, [l.relation |
	some later in _work_after(stmt)
	some l in later.locks
]) if {
	input.db.tables
	every later in _work_after(stmt) {
		_bounded(later)
	}
} else := finding

# _work_after are the statements of stmt's transaction after it, up to its
# last work (transaction control and SET among them are not work).
_work_after(stmt) := [later |
	some later in input.statements
	later.index > stmt.index
	later.index <= stmt.transaction.last_work
	later.transaction.block == stmt.transaction.block
	not _not_work(later)
]

_not_work(stmt) if {
	count(stmt.actions) > 0
	every action in stmt.actions {
		action.type in {"set", "begin", "commit", "rollback", "savepoint", "release", "rollback_to"}
	}
}

# _bounded holds for a statement whose work only reads the relations it
# locks, so that their sizes bound its duration: DDL on a table (a build, a
# scan, a rewrite of that table, or a catalog change). DML (UPDATE ... FROM,
# INSERT ... SELECT), CREATE TABLE AS, a refresh, DO blocks and function
# calls may read any table: their duration is unknown.
_bounded(stmt) if {
	count(stmt.locks) > 0
	count(stmt.actions) > 0
	every action in stmt.actions {
		_bounded_action(action)
	}
}

_bounded_action(action) if action.type in _bounded_types

_bounded_action(action) if {
	action.type == "create_table"
	action.as_query == false
}

_bounded_types := {
	"add_column", "drop_column", "alter_column_type", "set_not_null", "drop_not_null",
	"set_default", "drop_default", "set_statistics", "add_constraint", "validate_constraint",
	"drop_constraint", "set_storage", "enable_trigger", "disable_trigger", "set_logged",
	"set_unlogged", "set_tablespace", "set_access_method", "enable_rls", "disable_rls",
	"force_rls", "no_force_rls", "owner", "cluster_on", "replica_identity", "create_index",
	"cluster", "vacuum_full", "reindex", "truncate", "lock_table", "drop_table", "drop_index",
	"rename_table", "rename_column", "comment", "grant", "revoke",
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
