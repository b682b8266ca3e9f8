# METADATA
# title: Do not add exclusion constraints to existing tables
# description: |-
#   `ALTER TABLE ... ADD CONSTRAINT ... EXCLUDE` builds the constraint's index
#   and checks every row while holding an ACCESS EXCLUSIVE lock on the table
#   (every PostgreSQL version): reads and writes wait until it ends, which
#   takes minutes on a large table.
#
#   Unlike CHECK and FOREIGN KEY constraints, an exclusion constraint cannot be
#   added `NOT VALID`, and unlike UNIQUE it cannot be attached `USING INDEX` an
#   index built concurrently: there is no online way to add one. Declare it
#   when the table is created, or add it in a maintenance window with a
#   `lock_timeout`:
#
#   ```sql
#   CREATE TABLE reservations (
#     room_id bigint NOT NULL,
#     during tstzrange NOT NULL,
#     EXCLUDE USING gist (room_id WITH =, during WITH &&)
#   );
#   ```
#
#   A table created earlier in the same file is not reported.
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
#   - ref: https://www.postgresql.org/docs/current/sql-altertable.html#SQL-ALTERTABLE-DESC-ADD-TABLE-CONSTRAINT
#     description: ALTER TABLE ADD CONSTRAINT
#   - ref: https://www.postgresql.org/docs/current/ddl-constraints.html#DDL-CONSTRAINTS-EXCLUSION
#     description: Exclusion constraints
# custom:
#   severity: warning
#   params:
#     small_table:
#       rows: 10000
#       size: 10 MB
#     large_table:
#       rows: 1000000
#       size: 1 GB
#   help: Declare exclusion constraints when the table is created; on an existing table, add them in a maintenance window with a lock_timeout.
#   examples:
#     bad: ALTER TABLE reservations ADD CONSTRAINT reservations_no_overlap EXCLUDE USING gist (room_id WITH =, during WITH &&);
#     good: |
#       CREATE TABLE reservations (
#         room_id bigint NOT NULL,
#         during tstzrange NOT NULL,
#         CONSTRAINT reservations_no_overlap EXCLUDE USING gist (room_id WITH =, during WITH &&)
#       );
package ddlgate.rules.locking["ban-exclusion-constraint"]

import data.ddlgate.lib.facts
import data.ddlgate.lib.result
import data.ddlgate.lib.size

report contains finding if {
	some x in input.actions_by_type.add_constraint
	stmt := x.statement
	action := x.action
	action.constraint.type == "exclusion"
	facts.existing(action.table)
	finding := size.scaled(rego.metadata.chain(), result.fail_help(
		rego.metadata.chain(), stmt, action.span,
		sprintf("ADD %s builds an index on %s while holding an %s lock: reads and writes wait until every row is checked", [_what(action.constraint), facts.qualified_name(action.table), facts.lock(action)]),
		"An exclusion constraint cannot be added NOT VALID nor USING INDEX: declare it when the table is created, or add it in a maintenance window after SET lock_timeout = '2s';",
	), [action.table])
}

_what(constraint) := sprintf("CONSTRAINT %s EXCLUDE", [constraint.name]) if {
	constraint.name != ""
} else := "EXCLUDE"
