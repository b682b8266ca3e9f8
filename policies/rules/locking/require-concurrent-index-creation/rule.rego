# METADATA
# title: Create indexes concurrently
# description: |-
#   `CREATE INDEX` without `CONCURRENTLY` holds a SHARE lock on the table for
#   the whole build (every PostgreSQL version): reads go on, but every INSERT,
#   UPDATE and DELETE waits until the index is built, which takes minutes on a
#   large table.
#
#   `CREATE INDEX CONCURRENTLY` takes a SHARE UPDATE EXCLUSIVE lock instead and
#   lets writes continue. It is slower, cannot run inside a transaction block
#   (see ban-concurrent-in-transaction), and a failed build leaves an INVALID
#   index behind: drop it and retry.
#
#   ```sql
#   CREATE INDEX CONCURRENTLY idx_orders_user ON orders (user_id);
#   ```
#
#   A partitioned table cannot build an index concurrently (see
#   ban-concurrent-index-on-partitioned-table): create it `ON ONLY` the
#   parent (invalid at first, and quick: the parent has no rows), build each
#   partition's index concurrently, then `ALTER INDEX ... ATTACH PARTITION`
#   them; the parent's index becomes valid once all are attached.
#
#   ```sql
#   CREATE INDEX events_at_idx ON ONLY events (at);
#   CREATE INDEX CONCURRENTLY events_2024_at_idx ON events_2024 (at);
#   ALTER INDEX events_at_idx ATTACH PARTITION events_2024_at_idx;
#   ```
#
#   An index on a table created earlier in the same file is not reported: no
#   one can be waiting on that table yet.
#
#   With the target database's facts (`ddlgate lint --database-url` or
#   `--db-snapshot`, `ddlgate apply`), the index build lasts as long as the table is
#   large, and the message says how large it is: on a table under the
#   `small_table` parameter (default: under 10,000 estimated rows and under
#   10 MB) the finding drops to info, the lock lasting milliseconds; above
#   `large_table` (default: 1,000,000 rows or 1 GB) it says the table is
#   large; a table never analyzed has no size and keeps the finding's
#   severity. See [table sizes](../usage.md#table-sizes-from-the-database).
# related_resources:
#   - ref: https://www.postgresql.org/docs/current/sql-createindex.html#SQL-CREATEINDEX-CONCURRENTLY
#     description: Building indexes concurrently
# custom:
#   severity: error
#   params:
#     small_table:
#       rows: 10000
#       size: 10 MB
#     large_table:
#       rows: 1000000
#       size: 1 GB
#   help: Use CREATE INDEX CONCURRENTLY, in a migration that runs outside a transaction block.
#   examples:
#     bad: CREATE INDEX idx_orders_user ON orders (user_id);
#     good: CREATE INDEX CONCURRENTLY idx_orders_user ON orders (user_id);
package ddlgate.rules.locking["require-concurrent-index-creation"]

import data.ddlgate.lib.facts
import data.ddlgate.lib.result
import data.ddlgate.lib.runner
import data.ddlgate.lib.size
import data.ddlgate.lib.sql

report contains finding if {
	some x in input.actions_by_type.create_index
	stmt := x.statement
	action := x.action
	not action.concurrently
	not action.only
	facts.existing(action.table)
	not action.table.partitioned
	finding := size.scaled(rego.metadata.chain(), result.fail_help(
		rego.metadata.chain(), stmt, action.span,
		sprintf("CREATE INDEX takes a %s lock on %s: writes wait until the index is built", [action.lock, facts.qualified_name(action.table)]),
		runner.with_way_out(stmt, sprintf("%s;", [sql.concurrently(stmt.text)])),
	), [action.table])
}

# A partitioned table cannot build an index CONCURRENTLY (the server
# refuses): the help is the recipe that can. ON ONLY builds nothing.
report contains finding if {
	some x in input.actions_by_type.create_index
	stmt := x.statement
	action := x.action
	not action.concurrently
	not action.only
	facts.existing(action.table)
	action.table.partitioned == true
	finding := size.scaled(rego.metadata.chain(), result.fail_help(
		rego.metadata.chain(), stmt, action.span,
		sprintf("CREATE INDEX on the partitioned table %s takes a %s lock on it and on every partition while it builds each partition's index: writes wait until all are built", [facts.qualified_name(action.table), action.lock]),
		sql.index_on_partitions(action),
	), [action.table])
}
