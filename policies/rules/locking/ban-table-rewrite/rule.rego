# METADATA
# title: Do not rewrite tables
# description: |-
#   Some statements copy a whole table (and rebuild its indexes) while holding
#   an ACCESS EXCLUSIVE lock on it, so every read and write waits until the
#   copy is written (every PostgreSQL version): `VACUUM FULL`, `CLUSTER`,
#   `ALTER TABLE ... SET LOGGED` / `SET UNLOGGED`, `SET TABLESPACE` (tables and
#   indexes) and `SET ACCESS METHOD` (15+). On a large table that is an outage
#   of minutes to hours.
#
#   Safe alternatives: plain `VACUUM` (no lock against reads and writes) to
#   reclaim space for reuse; the pg_repack or pg_squeeze extensions to compact,
#   reorder or move a table online; otherwise a maintenance window with a
#   `lock_timeout`:
#
#   ```sql
#   VACUUM (ANALYZE) orders;
#   ```
#
#   A table created earlier in the same file is not reported: it is empty.
#
#   With the target database's facts (`ddlgate lint --database-url` or
#   `--db-snapshot`, `ddlgate apply`), the rewrite lasts as long as the table is
#   large, and the message says how large it is: on a table under the
#   `small_table` parameter (default: under 10,000 estimated rows and under
#   10 MB) the finding drops to info, the lock lasting milliseconds; above
#   `large_table` (default: 1,000,000 rows or 1 GB) it says the table is
#   large; a table never analyzed has no size and keeps the finding's
#   severity. See [table sizes](../usage.md#table-sizes-from-the-database).
# related_resources:
#   - ref: https://www.postgresql.org/docs/current/sql-vacuum.html
#     description: VACUUM (FULL)
#   - ref: https://www.postgresql.org/docs/current/sql-cluster.html
#     description: CLUSTER
#   - ref: https://www.postgresql.org/docs/current/sql-altertable.html#SQL-ALTERTABLE-DESC-SET-TABLESPACE
#     description: ALTER TABLE SET TABLESPACE, SET LOGGED/UNLOGGED, SET ACCESS METHOD
# custom:
#   severity: error
#   params:
#     small_table:
#       rows: 10000
#       size: 10 MB
#     large_table:
#       rows: 1000000
#       size: 1 GB
#   help: Use plain VACUUM, or pg_repack/pg_squeeze to rewrite the table online; otherwise schedule a maintenance window.
#   examples:
#     bad: VACUUM FULL orders;
#     good: VACUUM (ANALYZE) orders;
package ddlgate.rules.locking["ban-table-rewrite"]

import data.ddlgate.lib.facts
import data.ddlgate.lib.result
import data.ddlgate.lib.size

_statements := {
	"vacuum_full": "VACUUM FULL",
	"cluster": "CLUSTER",
	"set_logged": "SET LOGGED",
	"set_unlogged": "SET UNLOGGED",
	"set_tablespace": "SET TABLESPACE",
	"set_access_method": "SET ACCESS METHOD",
}

_help := {
	"vacuum_full": "Use plain VACUUM (it does not block reads or writes) to make the space reusable, or pg_repack/pg_squeeze to compact the table online.",
	"cluster": "Reorder the table online with pg_repack --order-by, or drop the CLUSTER: an index scan does not need the physical order.",
	"set_logged": "Create the table with the persistence it needs; changing it copies every row (through the WAL for SET LOGGED).",
	"set_unlogged": "Create the table with the persistence it needs; changing it copies every row (through the WAL for SET LOGGED).",
	"set_tablespace": "Move the data online with pg_repack --tablespace, or in a maintenance window after SET lock_timeout = '2s';",
	"set_access_method": "Create a new table with the access method, copy the rows in batches and swap the tables in an expand/contract change.",
}

report contains finding if {
	some type, what in _statements
	some x in input.actions_by_type[type]
	stmt := x.statement
	action := x.action
	facts.existing(action.table)
	# SET LOGGED of a table known to be logged (and SET UNLOGGED of an
	# unlogged one) rewrites nothing: the catalog clears the effect.
	action.effects.rewrites_table == true
	finding := size.scaled(rego.metadata.chain(), result.fail_help(
		rego.metadata.chain(), stmt, action.span,
		sprintf("%s rewrites %s%s while holding an %s lock on it: reads and writes wait until the copy is written", [what, _kind(stmt), facts.qualified_name(action.table), facts.lock(action)]),
		_help[action.type],
	), [action.table])
}

# CLUSTER without a table re-clusters every table clustered before.
report contains finding if {
	some x in input.actions_by_type.cluster
	stmt := x.statement
	action := x.action
	action.table == null
	finding := result.fail_help(
		rego.metadata.chain(), stmt, action.span,
		"CLUSTER without a table rewrites every previously clustered table of the database, each under an ACCESS EXCLUSIVE lock: reads and writes wait",
		_help.cluster,
	)
}

_kind(stmt) := "index " if {
	stmt.tag == "ALTER INDEX"
} else := "materialized view " if {
	stmt.tag == "ALTER MATERIALIZED VIEW"
} else := ""
