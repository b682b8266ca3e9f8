# METADATA
# title: Set NOT NULL through a validated CHECK constraint
# description: |-
#   `ALTER COLUMN ... SET NOT NULL` takes an ACCESS EXCLUSIVE lock and scans
#   the whole table to check that no row holds NULL: reads and writes wait
#   until the scan ends.
#
#   From PostgreSQL 12 the scan is skipped when a valid
#   `CHECK (col IS NOT NULL)` constraint already proves it. Add that check as
#   `NOT VALID`, validate it in a later transaction (SHARE UPDATE EXCLUSIVE:
#   writes go on), then set NOT NULL and drop the redundant check:
#
#   ```sql
#   ALTER TABLE users ADD CONSTRAINT users_email_not_null CHECK (email IS NOT NULL) NOT VALID;
#   -- later transaction:
#   ALTER TABLE users VALIDATE CONSTRAINT users_email_not_null;
#   -- later transaction:
#   ALTER TABLE users ALTER COLUMN email SET NOT NULL;
#   ALTER TABLE users DROP CONSTRAINT users_email_not_null;
#   ```
#
#   Before PostgreSQL 12, SET NOT NULL always scans: keep the validated CHECK
#   constraint instead of NOT NULL until the server is upgraded.
#
#   `ADD CONSTRAINT ... PRIMARY KEY USING INDEX` sets NOT NULL the same way
#   on its columns that are not NOT NULL yet, with the same scan: prove them
#   NOT NULL first, then add the primary key.
#
#   A column of a table created earlier in the same file is not reported, nor
#   one that the schema history (or an earlier statement of the file) knows
#   a validated CHECK (col IS NOT NULL) for (12+).
#
#   With the target database's facts (`ddlgate lint --database-url` or
#   `--db-snapshot`, `ddlgate apply`), the scan lasts as long as the table is
#   large, and the message says how large it is: on a table under the
#   `small_table` parameter (default: under 10,000 estimated rows and under
#   10 MB) the finding drops to info, the lock lasting milliseconds; above
#   `large_table` (default: 1,000,000 rows or 1 GB) it says the table is
#   large; a table never analyzed has no size and keeps the finding's
#   severity. See [table sizes](../usage.md#table-sizes-from-the-database).
# related_resources:
#   - ref: https://www.postgresql.org/docs/current/sql-altertable.html#SQL-ALTERTABLE-DESC-SET-DROP-NOT-NULL
#     description: ALTER TABLE SET NOT NULL
# custom:
#   severity: error
#   params:
#     small_table:
#       rows: 10000
#       size: 10 MB
#     large_table:
#       rows: 1000000
#       size: 1 GB
#   help: Prove the column NOT NULL with a CHECK constraint added NOT VALID and validated separately, then SET NOT NULL (12+).
#   examples:
#     bad: ALTER TABLE users ALTER COLUMN email SET NOT NULL;
#     good: ALTER TABLE users ADD CONSTRAINT users_email_not_null CHECK (email IS NOT NULL) NOT VALID;
package ddlgate.rules.locking["require-safe-set-not-null"]

import data.ddlgate.lib.facts
import data.ddlgate.lib.result
import data.ddlgate.lib.size
import data.ddlgate.lib.sql

report contains finding if {
	some x in input.actions_by_type.set_not_null
	stmt := x.statement
	action := x.action
	facts.existing(action.table)
	action.effects.scans_table == true
	not _proven_not_null(action)
	finding := size.scaled(rego.metadata.chain(), result.fail_help(
		rego.metadata.chain(), stmt, action.span,
		sprintf("%s %s.%s scans the whole table while holding an %s lock: reads and writes wait until the scan ends", [_what(action), facts.qualified_name(action.table), action.column_name, facts.lock(action)]),
		_help(action.table, action.column_name),
	), [action.table])
}

# ADD PRIMARY KEY ... USING INDEX sets NOT NULL on columns not known to be:
# the catalog adds that set_not_null with implied_by "primary_key".
_what(action) := "SET NOT NULL on" if {
	action.implied_by == ""
} else := "ADD PRIMARY KEY ... USING INDEX sets NOT NULL on a nullable column: setting"

# A validated CHECK (col IS NOT NULL) known from the schema history lets 12+
# skip the scan even when the lock table still says "scans".
_proven_not_null(action) if {
	action.has_not_null_check == true
	facts.pg_at_least(12)
}

_help(table, column) := concat("\n", [
	sprintf("ALTER TABLE %s ADD CONSTRAINT %s CHECK (%s IS NOT NULL) NOT VALID;", [sql.name(table), _check(table, column), sql.ident(column)]),
	sprintf("ALTER TABLE %s VALIDATE CONSTRAINT %s; -- in a later transaction", [sql.name(table), _check(table, column)]),
	sprintf("ALTER TABLE %s ALTER COLUMN %s SET NOT NULL; -- in a later transaction: the valid CHECK makes it skip the scan", [sql.name(table), sql.ident(column)]),
	sprintf("ALTER TABLE %s DROP CONSTRAINT %s;", [sql.name(table), _check(table, column)]),
]) if facts.pg_at_least(12)

_help(table, column) := concat("\n", [
	"-- Before PostgreSQL 12 SET NOT NULL always scans the table: enforce the rule with a validated CHECK instead.",
	sprintf("ALTER TABLE %s ADD CONSTRAINT %s CHECK (%s IS NOT NULL) NOT VALID;", [sql.name(table), _check(table, column), sql.ident(column)]),
	sprintf("ALTER TABLE %s VALIDATE CONSTRAINT %s; -- in a later transaction", [sql.name(table), _check(table, column)]),
	"-- After upgrading to 12+, SET NOT NULL uses the valid CHECK and skips the scan; then drop the CHECK.",
]) if not facts.pg_at_least(12)

_check(table, column) := sql.ident(sprintf("%s_%s_not_null", [table.name, column]))
