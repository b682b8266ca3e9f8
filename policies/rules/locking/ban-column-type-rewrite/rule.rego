# METADATA
# title: Do not change a column type that rewrites the table
# description: |-
#   `ALTER COLUMN ... TYPE` to a type that is not binary-coercible with the old
#   one (or with a `USING` expression) rewrites the whole table and rebuilds
#   every index on it while holding an ACCESS EXCLUSIVE lock (every PostgreSQL
#   version): reads and writes wait until it finishes. Widening `varchar(n)` to
#   a longer `varchar` or to `text`, `varchar` to `text`, and widening
#   `numeric(p,s)` do not rewrite.
#
#   Change the type in steps instead (expand/contract): add a new column of the
#   new type, backfill it in batches while the application writes both, switch
#   reads to it, then drop the old column.
#
#   ```sql
#   ALTER TABLE orders ADD COLUMN amount_new numeric(12,2);
#   -- backfill in batches, dual-write, switch reads, then:
#   ALTER TABLE orders DROP COLUMN amount;
#   ALTER TABLE orders RENAME COLUMN amount_new TO amount;
#   ```
#
#   A type change that keeps the storage but changes the collation
#   (`ALTER COLUMN name TYPE text COLLATE "C"` on a text column) does not
#   rewrite the table but rebuilds every index on the column under the
#   same lock: drop those indexes concurrently first and build them again
#   concurrently afterwards.
#
#   `timestamp` to `timestamptz` (12+) rewrites only when the session
#   TimeZone is not UTC: set the parameter `timezone_is_utc: true` when every
#   migration session runs in UTC and such changes are not reported.
#
#   A column of a table created earlier in the same file is not reported.
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
#   - ref: https://www.postgresql.org/docs/current/sql-altertable.html#SQL-ALTERTABLE-NOTES
#     description: ALTER TABLE notes on table rewrites
# custom:
#   severity: error
#   params:
#     small_table:
#       rows: 10000
#       size: 10 MB
#     large_table:
#       rows: 1000000
#       size: 1 GB
#     timezone_is_utc: false
#   help: Add a column of the new type, backfill it in batches, switch the application to it, then drop the old column.
#   examples:
#     bad: ALTER TABLE orders ALTER COLUMN amount TYPE bigint;
#     good: ALTER TABLE orders ALTER COLUMN note TYPE text;
package ddlgate.rules.locking["ban-column-type-rewrite"]

import data.ddlgate.lib.facts
import data.ddlgate.lib.phase
import data.ddlgate.lib.result
import data.ddlgate.lib.size
import data.ddlgate.lib.sql

report contains finding if {
	some x in input.actions_by_type.alter_column_type
	stmt := x.statement
	action := x.action
	facts.existing(action.table)
	reason := _rewrite(action)
	table := sql.name(action.table)
	column := sql.ident(action.column_name)
	new_column := sql.ident(sprintf("%s_new", [action.column_name]))
	plan := _plan(action)
	finding := size.scaled(rego.metadata.chain(), result.fail_plan(
		rego.metadata.chain(), stmt, action.span,
		sprintf("ALTER COLUMN %s TYPE %s rewrites %s and rebuilds its indexes while holding an %s lock%s: reads and writes wait until it finishes", [action.column_name, action.new_type.text, facts.qualified_name(action.table), facts.lock(action), reason]),
		_help(plan, action, table, column, new_column), plan,
	), [action.table])
}

# A change of collation alone keeps the table but rebuilds every index on
# the column under the same lock (the catalog lists them in
# rebuilt_indexes): drop them concurrently first, change the type (then
# brief), and build them again concurrently.
report contains finding if {
	some x in input.actions_by_type.alter_column_type
	stmt := x.statement
	action := x.action
	facts.existing(action.table)
	action.effects.rewrites_table == false
	count(action.rebuilt_indexes) > 0
	finding := size.scaled(rego.metadata.chain(), result.fail_help(
		rego.metadata.chain(), stmt, action.span,
		sprintf("ALTER COLUMN %s TYPE %s changes the collation: it does not rewrite %s, but rebuilds %s while holding an %s lock: reads and writes wait until they are built", [action.column_name, _type_text(action), facts.qualified_name(action.table), concat(", ", action.rebuilt_indexes), facts.lock(action)]),
		concat("\n", array.concat(
			[sprintf("DROP INDEX CONCURRENTLY %s; -- in a migration without a transaction block", [sql.ident(i)]) | some i in action.rebuilt_indexes],
			[
				sprintf("ALTER TABLE %s ALTER COLUMN %s TYPE %s; -- brief: no index left to rebuild", [sql.name(action.table), sql.ident(action.column_name), _type_text(action)]),
				"-- then build each index again with CREATE INDEX CONCURRENTLY, in a migration without a transaction block",
			],
		)),
	), [action.table])
}

_type_text(action) := sprintf("%s COLLATE %s", [action.new_type.text, sql.ident(action.new_collation)]) if {
	action.new_collation != ""
} else := action.new_type.text

# Outside a tracked change the help is the expand/backfill/contract plan for
# this very type change, with a dual-write trigger casting both ways
# (`ddlgate phase plan` writes it); inside one, the short recipe. Casting
# back needs the old type, which only the history knows.
_plan(action) := phase.plan(
	phase.replace_column_steps(
		action.table, action.column_name, sprintf("%s_new", [action.column_name]), action.new_type.text,
		sprintf("NEW.%s::%s", [phase.ident(action.column_name), action.new_type.text]),
		sprintf("NEW.%s::%s", [phase.ident(sprintf("%s_new", [action.column_name])), _old_type(action)]),
		phase.change_id("retype", action.table, action.column_name),
	),
	_unresolved(action),
) if {
	not phase.tracked
} else := null

_unresolved(action) := [] if {
	_old_type(action) != phase.unknown_type
} else := phase.unresolved_type(action.table, action.column_name)

_help(plan, _, _, _, _) := phase.plan_text(plan.steps) if plan != null

_help(null, action, table, column, new_column) := h if {
	phase.tracked
	h := concat("\n", [
			sprintf("ALTER TABLE %s ADD COLUMN %s %s;", [table, new_column, action.new_type.text]),
			sprintf("-- backfill %s in batches while the application writes both columns, switch reads to it, then in a later migration:", [new_column]),
			sprintf("ALTER TABLE %s DROP COLUMN %s;", [table, column]),
			sprintf("ALTER TABLE %s RENAME COLUMN %s TO %s;", [table, new_column, column]),
		])
}

_old_type(action) := action.old_type.text if {
	action.old_type.text != ""
} else := phase.column_type(action.table, action.column_name)

# _rewrite is the condition of the rewrite for the message: timestamp ->
# timestamptz rewrites only outside UTC, which the parameter settles.
_rewrite(action) := "" if {
	action.effects.rewrites_table == true
	not action.rewrite_depends_on_timezone == true
}

_rewrite(action) := " unless the session TimeZone is UTC" if {
	action.rewrite_depends_on_timezone == true
	not result.params(rego.metadata.chain()).timezone_is_utc == true
}
