# METADATA
# title: Do not rename a column by dropping it and adding another
# description: |-
#   A file that drops column `full_name` and adds column `name` of the same
#   type to the same table is usually a rename that a generator (drizzle-kit
#   among others, when it cannot tell a rename from a replacement) wrote as
#   `DROP COLUMN` + `ADD COLUMN`: every value of the old column is deleted and
#   the new one starts empty (every PostgreSQL version). The data can only
#   come back from a backup.
#
#   If it is a rename, say so; the data stays (and see ban-rename-column for
#   code that still uses the old name):
#
#   ```sql
#   ALTER TABLE users RENAME COLUMN full_name TO name;
#   ```
#
#   The dropped column's type comes from the schema history (earlier
#   migrations) or from an earlier `ALTER COLUMN ... TYPE` in the same file;
#   when it is unknown the rule stays silent. Only one-to-one pairs are
#   reported: a table that loses or gains several columns of the type is
#   being reshaped, not renamed. Columns added earlier in the same file, and
#   tables created in it, hold no data worth keeping and are not reported.
# related_resources:
#   - ref: https://www.postgresql.org/docs/current/sql-altertable.html#SQL-ALTERTABLE-DESC-RENAME
#     description: ALTER TABLE RENAME COLUMN
# custom:
#   severity: error
#   help: If this is a rename, use ALTER TABLE ... RENAME COLUMN old TO new, which keeps the data.
#   examples:
#     bad: |
#       ALTER TABLE users ALTER COLUMN full_name TYPE text;
#       ALTER TABLE users DROP COLUMN full_name;
#       ALTER TABLE users ADD COLUMN name text;
#     good: ALTER TABLE users RENAME COLUMN full_name TO name;
package ddlgate.rules.safety["ban-rename-as-drop-add"]

import data.ddlgate.lib.facts
import data.ddlgate.lib.phase
import data.ddlgate.lib.result
import data.ddlgate.lib.sql

# A rename is one to one: the table loses exactly one column of the type and
# gains exactly one, else the file reshapes the table.
report contains finding if {
	some [drop_stmt, drop, add_stmt, add] in _pairs
	count([1 | some [_, d, _, _] in _pairs; d == drop]) == 1
	count([1 | some [_, _, _, a] in _pairs; a == add]) == 1
	table := facts.qualified_name(add.table)
	plan := _plan(drop, add)
	finding := result.fail_plan(
		rego.metadata.chain(), add_stmt, add.span,
		sprintf("%s drops column %s (line %d) and adds column %s of the same type %s: if this is a rename, every value of %s is lost", [table, drop.column_name, drop_stmt.span.line, add.column.name, add.column.type.text, drop.column_name]),
		_help(plan, drop, add), plan,
	)
}

# Outside a tracked change the help is the expand/contract plan that renames
# without losing data or breaking deployed code (`ddlgate phase plan` writes
# it); inside one, the plain RENAME COLUMN.
_plan(drop, add) := phase.plan(
	phase.replace_column_steps(
		add.table, drop.column_name, add.column.name, add.column.type.text,
		sprintf("NEW.%s", [phase.ident(drop.column_name)]), sprintf("NEW.%s", [phase.ident(add.column.name)]),
		phase.change_id("rename", add.table, drop.column_name),
	),
	[],
) if {
	not phase.tracked
} else := null

_help(plan, drop, add) := phase.plan_text(plan.steps) if {
	plan != null
} else := sprintf("ALTER TABLE %s RENAME COLUMN %s TO %s; -- instead of DROP COLUMN + ADD COLUMN, if it is a rename", [sql.name(add.table), sql.ident(drop.column_name), sql.ident(add.column.name)])

# _pairs are the (dropped, added) columns of the same table and type, as
# [drop statement, drop action, add statement, add action].
_pairs contains [drop_stmt, drop, add_stmt, add] if {
	some added in input.actions_by_type.add_column
	add_stmt := added.statement
	add := added.action
	facts.existing(add.table)
	some dropped in input.actions_by_type.drop_column
	drop_stmt := dropped.statement
	drop := dropped.action
	_same_table(drop.table, add.table)
	drop.column_name != add.column.name
	not _added_earlier(drop_stmt, drop)
	old := _type_at_drop(drop_stmt, drop)
	_same_type(old, add.column.type)
}

_same_table(a, b) if {
	a.schema == b.schema
	a.name == b.name
}

_same_type(a, b) if {
	a.name == b.name
	a.mods == b.mods
	a.array == b.array
}

# The type the column had when it was dropped: the last ALTER COLUMN ... TYPE
# before the drop in this file, else the schema history's.
_type_at_drop(drop_stmt, drop) := types[count(types) - 1] if {
	types := [action.new_type |
		some x in input.actions_by_type.alter_column_type
		x.statement.index < drop_stmt.index
		action := x.action
		_same_table(action.table, drop.table)
		action.column_name == drop.column_name
	]
	count(types) > 0
} else := input.catalog.tables[concat(".", [drop.table.schema, drop.table.name])].columns[drop.column_name].type

_added_earlier(drop_stmt, drop) if {
	some x in input.actions_by_type.add_column
	stmt := x.statement
	stmt.index < drop_stmt.index
	action := x.action
	_same_table(action.table, drop.table)
	action.column.name == drop.column_name
}
