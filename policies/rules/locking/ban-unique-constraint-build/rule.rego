# METADATA
# title: Build unique indexes concurrently before adding the constraint
# description: |-
#   `ALTER TABLE ... ADD UNIQUE` and `ADD PRIMARY KEY` build their index while
#   holding an ACCESS EXCLUSIVE lock on the table (every PostgreSQL version):
#   reads and writes wait until the whole index is built. Adding a column
#   declared `UNIQUE` or `PRIMARY KEY` does the same.
#
#   Build the index with `CREATE UNIQUE INDEX CONCURRENTLY` (writes go on),
#   then attach it with `USING INDEX`, which only takes the lock briefly. For a
#   primary key, make its columns NOT NULL first (see require-safe-set-not-null),
#   otherwise `ADD PRIMARY KEY USING INDEX` scans the table to check them.
#
#   ```sql
#   CREATE UNIQUE INDEX CONCURRENTLY users_email_key ON users (email);
#   ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE USING INDEX users_email_key;
#   ```
#
#   Constraints on a table created earlier in the same file are not reported.
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
#   - ref: https://www.postgresql.org/docs/current/sql-altertable.html#SQL-ALTERTABLE-DESC-ADD-TABLE-CONSTRAINT-USING-INDEX
#     description: ADD table_constraint_using_index
# custom:
#   severity: error
#   params:
#     small_table:
#       rows: 10000
#       size: 10 MB
#     large_table:
#       rows: 1000000
#       size: 1 GB
#   help: Create the unique index CONCURRENTLY, then add the constraint USING INDEX.
#   examples:
#     bad: ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email);
#     good: ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE USING INDEX users_email_key;
package ddlgate.rules.locking["ban-unique-constraint-build"]

import data.ddlgate.lib.facts
import data.ddlgate.lib.result
import data.ddlgate.lib.runner
import data.ddlgate.lib.size
import data.ddlgate.lib.sql

_kinds := {"unique": "UNIQUE", "primary_key": "PRIMARY KEY"}

report contains finding if {
	some x in input.actions_by_type.add_constraint
	stmt := x.statement
	action := x.action
	c := action.constraint
	kind := _kinds[c.type]
	c.using_index == ""
	facts.existing(action.table)
	finding := size.scaled(rego.metadata.chain(), _finding(stmt, action, kind, _index_name(action.table, c.type, c.name, c.columns), c.columns), [action.table])
}

# ADD COLUMN ... UNIQUE or PRIMARY KEY builds the index the same way.
report contains finding if {
	some x in input.actions_by_type.add_column
	stmt := x.statement
	action := x.action
	col := action.column
	some ctype, kind in _kinds
	_column_is(col, ctype)
	facts.existing(action.table)
	finding := size.scaled(rego.metadata.chain(), _finding(stmt, action, kind, _index_name(action.table, ctype, "", [col.name]), [col.name]), [action.table])
}

_column_is(col, "unique") if col.unique == true

_column_is(col, "primary_key") if col.primary_key == true

_finding(stmt, action, kind, name, columns) := result.fail_help(
	rego.metadata.chain(), stmt, action.span,
	sprintf("ADD %s builds an index on %s while holding an %s lock: reads and writes wait until it is built", [kind, facts.qualified_name(action.table), facts.lock(action)]),
	concat("\n", [
		runner.with_way_out(stmt, sprintf("CREATE UNIQUE INDEX CONCURRENTLY %s ON %s (%s);", [sql.ident(name), sql.name(action.table), sql.columns(columns)])),
		sprintf("ALTER TABLE %s ADD CONSTRAINT %s %s USING INDEX %s;", [sql.name(action.table), sql.ident(name), kind, sql.ident(name)]),
	]),
)

# PostgreSQL names unnamed constraints <table>_pkey and <table>_<columns>_key.
_index_name(_, _, name, _) := name if name != ""

_index_name(table, "primary_key", "", _) := sprintf("%s_pkey", [table.name])

_index_name(table, "unique", "", columns) := sprintf("%s_%s_key", [table.name, concat("_", columns)])
