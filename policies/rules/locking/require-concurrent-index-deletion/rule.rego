# METADATA
# title: Drop indexes concurrently
# description: |-
#   `DROP INDEX` without `CONCURRENTLY` takes an ACCESS EXCLUSIVE lock on the
#   index's table (every PostgreSQL version). It is quick once granted, but it
#   queues behind every running query on the table, and every later query,
#   reads included, queues behind it: a long report query turns the drop into
#   an outage.
#
#   `DROP INDEX CONCURRENTLY` waits for running transactions without blocking
#   new ones. It drops one index at a time, cannot use CASCADE and cannot run
#   inside a transaction block.
#
#   ```sql
#   DROP INDEX CONCURRENTLY IF EXISTS idx_orders_user;
#   ```
#
#   Dropping an index created earlier in the same file is not reported.
# related_resources:
#   - ref: https://www.postgresql.org/docs/current/sql-dropindex.html
#     description: DROP INDEX
# custom:
#   severity: error
#   help: Use DROP INDEX CONCURRENTLY, in a migration that runs outside a transaction block.
#   examples:
#     bad: DROP INDEX idx_orders_user;
#     good: DROP INDEX CONCURRENTLY idx_orders_user;
package ddlgate.rules.locking["require-concurrent-index-deletion"]

import data.ddlgate.lib.facts
import data.ddlgate.lib.result
import data.ddlgate.lib.runner
import data.ddlgate.lib.sql

report contains finding if {
	some x in input.actions_by_type.drop_index
	stmt := x.statement
	action := x.action
	not action.concurrently
	index := _dropped_index(action)
	facts.existing(index)
	not _on_new_table(action)
	finding := result.fail_help(
		rego.metadata.chain(), stmt, action.span,
		sprintf("DROP INDEX %s takes an %s lock on %s: reads and writes wait until it is dropped", [facts.qualified_name(index), facts.lock(action), _table(action)]),
		runner.with_way_out(stmt, sprintf("DROP INDEX CONCURRENTLY %s%s;", [_if_exists(action), sql.name(index)])),
	)
}

# The dropped index is the index relation of the action, or the generic
# dropped object when the parser reports it that way.
_dropped_index(action) := action.index if {
	action.index != null
} else := action.object if {
	action.object != null
}

_on_new_table(action) if action.table.exists_before == false

_table(action) := facts.qualified_name(action.table) if {
	action.table != null
} else := "its table"

_if_exists(action) := "IF EXISTS " if {
	action.if_exists == true
} else := ""
