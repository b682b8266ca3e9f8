# METADATA
# title: Detach partitions concurrently
# description: |-
#   `ALTER TABLE ... DETACH PARTITION` takes an ACCESS EXCLUSIVE lock on the
#   partitioned table: reads and writes of every partition wait, and the
#   statement itself waits behind every running query on the table.
#
#   From PostgreSQL 14, `DETACH PARTITION ... CONCURRENTLY` takes only a SHARE
#   UPDATE EXCLUSIVE lock on the parent and waits for running queries in two
#   transactions instead. It cannot run inside a transaction block (see
#   ban-concurrent-in-transaction) nor while the table has a default
#   partition; if it is interrupted, finish it with `DETACH PARTITION ...
#   FINALIZE`:
#
#   ```sql
#   ALTER TABLE events DETACH PARTITION events_2020 CONCURRENTLY;
#   ```
#
#   A partitioned table created earlier in the same file is not reported.
# related_resources:
#   - ref: https://www.postgresql.org/docs/current/sql-altertable.html#SQL-ALTERTABLE-DETACH-PARTITION
#     description: ALTER TABLE DETACH PARTITION
#   - ref: https://www.postgresql.org/docs/current/ddl-partitioning.html#DDL-PARTITIONING-DECLARATIVE-MAINTENANCE
#     description: Partition maintenance
# custom:
#   severity: warning
#   min_pg_version: 14
#   help: Use DETACH PARTITION ... CONCURRENTLY (14+), in a migration that runs outside a transaction block.
#   examples:
#     bad: ALTER TABLE events DETACH PARTITION events_2020;
#     good: ALTER TABLE events DETACH PARTITION events_2020 CONCURRENTLY;
package ddlgate.rules.locking["require-concurrent-detach-partition"]

import data.ddlgate.lib.facts
import data.ddlgate.lib.result
import data.ddlgate.lib.runner
import data.ddlgate.lib.sql

report contains finding if {
	some x in input.actions_by_type.detach_partition
	stmt := x.statement
	action := x.action
	not action.detach_concurrently
	facts.existing(action.table)
	finding := result.fail_help(
		rego.metadata.chain(), stmt, action.span,
		sprintf("DETACH PARTITION %s takes an %s lock on %s: reads and writes of every partition wait until it is detached", [facts.qualified_name(action.partition), facts.lock(action), facts.qualified_name(action.table)]),
		runner.with_way_out(stmt, sprintf("ALTER TABLE %s DETACH PARTITION %s CONCURRENTLY; -- PostgreSQL 14+; not possible while the table has a default partition", [sql.name(action.table), sql.name(action.partition)])),
	)
}
