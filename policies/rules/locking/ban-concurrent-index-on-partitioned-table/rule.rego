# METADATA
# title: Do not create indexes concurrently on partitioned tables
# description: |-
#   `CREATE INDEX CONCURRENTLY` on a partitioned table fails: PostgreSQL
#   cannot build an index on a partitioned table concurrently ("cannot
#   create index on partitioned table ... concurrently", every version with
#   declarative partitioning). The migration stops there.
#
#   Create the index `ON ONLY` the parent (invalid at first, and quick: the
#   parent itself has no rows), build each partition's index concurrently,
#   then attach each one; the parent's index becomes valid once every
#   partition's is attached:
#
#   ```sql
#   CREATE INDEX events_at_idx ON ONLY events (at);
#   CREATE INDEX CONCURRENTLY events_2024_at_idx ON events_2024 (at);
#   ALTER INDEX events_at_idx ATTACH PARTITION events_2024_at_idx;
#   ```
#
#   The rule knows a table is partitioned from its `CREATE TABLE ...
#   PARTITION BY` in the schema history or the same file.
# related_resources:
#   - ref: https://www.postgresql.org/docs/current/sql-createindex.html#SQL-CREATEINDEX-CONCURRENTLY
#     description: Building indexes concurrently (partitioned tables)
#   - ref: https://www.postgresql.org/docs/current/ddl-partitioning.html#DDL-PARTITIONING-DECLARATIVE-MAINTENANCE
#     description: Creating an index on a partitioned table without locking it
# custom:
#   severity: error
#   help: Create the index ON ONLY the parent, build each partition's index CONCURRENTLY, then ALTER INDEX ... ATTACH PARTITION each one.
#   examples:
#     bad: |
#       CREATE TABLE events (id bigint, at date) PARTITION BY RANGE (at);
#       CREATE INDEX CONCURRENTLY events_at_idx ON events (at);
#     good: |
#       CREATE TABLE events (id bigint, at date) PARTITION BY RANGE (at);
#       CREATE INDEX events_at_idx ON ONLY events (at);
package ddlgate.rules.locking["ban-concurrent-index-on-partitioned-table"]

import data.ddlgate.lib.facts
import data.ddlgate.lib.result
import data.ddlgate.lib.sql

report contains finding if {
	some x in input.actions_by_type.create_index
	stmt := x.statement
	action := x.action
	action.concurrently == true
	action.table.partitioned == true
	finding := result.fail_help(
		rego.metadata.chain(), stmt, action.span,
		sprintf("CREATE INDEX CONCURRENTLY on the partitioned table %s fails: PostgreSQL cannot build an index on a partitioned table concurrently", [facts.key(action.table)]),
		sql.index_on_partitions(action),
	)
}
