# METADATA
# title: Rebuild indexes concurrently
# description: |-
#   `REINDEX` without `CONCURRENTLY` takes a SHARE lock on the table (writes
#   wait) and an ACCESS EXCLUSIVE lock on each index it rebuilds, so even
#   reads whose plan would use the index wait until the rebuild ends.
#   `REINDEX TABLE`, `SCHEMA` and `DATABASE` do this for every index in turn.
#
#   From PostgreSQL 12, `REINDEX ... CONCURRENTLY` builds a new copy of the
#   index next to the old one under a SHARE UPDATE EXCLUSIVE lock and swaps
#   them: reads and writes go on. Like `CREATE INDEX CONCURRENTLY` it cannot
#   run inside a transaction block (see ban-concurrent-in-transaction):
#
#   ```sql
#   REINDEX INDEX CONCURRENTLY idx_orders_user;
#   ```
#
#   Before PostgreSQL 12 the rule does not apply: build a new index with
#   `CREATE INDEX CONCURRENTLY`, drop the old one with `DROP INDEX
#   CONCURRENTLY` and rename the new one. `REINDEX SYSTEM` cannot run
#   concurrently and is not reported, nor is an index or table created
#   earlier in the same file.
#
#   With the target database's facts (`ddlgate lint --database-url` or
#   `--db-snapshot`, `ddlgate apply`), the rebuild lasts as long as the table is
#   large, and the message says how large it is: on a table under the
#   `small_table` parameter (default: under 10,000 estimated rows and under
#   10 MB) the finding drops to info, the lock lasting milliseconds; above
#   `large_table` (default: 1,000,000 rows or 1 GB) it says the table is
#   large; a table never analyzed has no size and keeps the finding's
#   severity. See [table sizes](../usage.md#table-sizes-from-the-database).
# related_resources:
#   - ref: https://www.postgresql.org/docs/current/sql-reindex.html#SQL-REINDEX-CONCURRENTLY
#     description: Rebuilding indexes concurrently
# custom:
#   severity: warning
#   params:
#     small_table:
#       rows: 10000
#       size: 10 MB
#     large_table:
#       rows: 1000000
#       size: 1 GB
#   min_pg_version: 12
#   help: Use REINDEX ... CONCURRENTLY (12+), in a migration that runs outside a transaction block.
#   examples:
#     bad: REINDEX INDEX idx_orders_user;
#     good: REINDEX INDEX CONCURRENTLY idx_orders_user;
package ddlgate.rules.locking["require-concurrent-reindex"]

import data.ddlgate.lib.facts
import data.ddlgate.lib.result
import data.ddlgate.lib.runner
import data.ddlgate.lib.size
import data.ddlgate.lib.sql

report contains finding if {
	some x in input.actions_by_type.reindex
	stmt := x.statement
	action := x.action
	not action.concurrently
	message := _message(action)
	finding := size.scaled(rego.metadata.chain(), result.fail_help(
		rego.metadata.chain(), stmt, action.span, message,
		runner.with_way_out(stmt, sprintf("%s; -- PostgreSQL 12+", [sql.concurrently(stmt.text)])),
	), _rebuilt_on(action))
}

# The table whose index (or indexes) is rebuilt, read in full: none known
# for a whole schema or database.
_rebuilt_on(action) := [action.table] if {
	action.kind in {"index", "table"}
	action.table != null
} else := []

_message(action) := sprintf("REINDEX INDEX takes an ACCESS EXCLUSIVE lock on index %s and a SHARE lock on its table: writes, and reads that would use the index, wait until it is rebuilt", [facts.qualified_name(action.index)]) if {
	action.kind == "index"
	facts.existing(action.index)
}

_message(action) := sprintf("REINDEX TABLE takes a %s lock on %s and an ACCESS EXCLUSIVE lock on each of its indexes: writes, and reads that use an index, wait until every index is rebuilt", [facts.lock_or(action, "SHARE"), facts.qualified_name(action.table)]) if {
	action.kind == "table"
	facts.existing(action.table)
}

_message(action) := sprintf("REINDEX %s locks every table it covers in turn (SHARE on the table, ACCESS EXCLUSIVE on each index): writes, and reads that use an index, wait while each one is rebuilt", [upper(action.kind)]) if {
	action.kind in {"schema", "database"}
}
