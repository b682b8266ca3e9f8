# METADATA
# title: Do not add a column that rewrites the table
# description: |-
#   Adding a column whose value must be computed for every existing row
#   rewrites the whole table while holding an ACCESS EXCLUSIVE lock: reads and
#   writes wait until it finishes. That happens for a volatile default
#   (`random()`, `gen_random_uuid()`, `clock_timestamp()`, `nextval()`), a
#   `serial` or identity column, a `GENERATED ... STORED` column, a column
#   whose type is a domain with CHECK or NOT NULL constraints (with or
#   without a default: the server checks every row), and, before
#   PostgreSQL 11, for any default at all. From 11 on, a constant or stable
#   default (`0`, `'new'`, `now()`, `lpad('7', 3, '0')`) is stored in the
#   catalog: no rewrite. Built-in functions are judged by the server's own
#   `pg_proc`; a user function by the volatility its `CREATE FUNCTION` in
#   the schema history declares (VOLATILE when it declares none, as the
#   server does).
#
#   Add the column without the default, set the default for new rows, and
#   backfill existing rows in batches:
#
#   ```sql
#   ALTER TABLE users ADD COLUMN token uuid;
#   ALTER TABLE users ALTER COLUMN token SET DEFAULT gen_random_uuid();
#   UPDATE users SET token = gen_random_uuid() WHERE token IS NULL AND id BETWEEN 1 AND 10000;
#   ```
#
#   A column added to a table created earlier in the same file is not reported.
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
#   help: Add the column without a default, SET DEFAULT for new rows, then backfill existing rows in batches.
#   examples:
#     bad: ALTER TABLE users ADD COLUMN token uuid DEFAULT gen_random_uuid();
#     good: ALTER TABLE users ADD COLUMN token uuid;
package ddlgate.rules.locking["ban-add-column-rewrite"]

import data.ddlgate.lib.facts
import data.ddlgate.lib.result
import data.ddlgate.lib.size
import data.ddlgate.lib.sql

report contains finding if {
	some x in input.actions_by_type.add_column
	stmt := x.statement
	action := x.action
	facts.existing(action.table)
	action.effects.rewrites_table == true
	col := action.column
	finding := size.scaled(rego.metadata.chain(), result.fail_help(
		rego.metadata.chain(), stmt, action.span,
		sprintf("ADD COLUMN %s rewrites %s while holding an %s lock: %s", [col.name, facts.qualified_name(action.table), facts.lock(action), _reason(col)]),
		_help(action.table, col),
	), [action.table])
}

# The reasons mirror the parser's rewrite conditions, most specific first, so
# the message says which part of the definition forces the rewrite.
_reason(col) := "a GENERATED ... STORED column is computed for every row" if {
	col.generated == "stored"
} else := "an identity column is filled for every row" if {
	col.identity != null
} else := sprintf("a %s column is filled from its sequence for every row", [col.serial]) if {
	col.serial != null
} else := sprintf("the domain %s has constraints, checked by rewriting every row", [col.type.text]) if {
	col.domain_constraints == true
} else := sprintf("the volatile default %s is evaluated for every row", [col.default]) if {
	col.default_volatility == "volatile"
} else := sprintf("before PostgreSQL 11 the default %s is written into every row", [col.default]) if {
	col.has_default == true
} else := "every row is rewritten"

_help(table, col) := concat("\n", [
	sprintf("ALTER TABLE %s ADD COLUMN %s %s;", [sql.name(table), sql.ident(col.name), col.type.text]),
	sprintf("ALTER TABLE %s ALTER COLUMN %s SET DEFAULT %s;", [sql.name(table), sql.ident(col.name), col.default]),
	sprintf("-- backfill existing rows in batches: UPDATE %s SET %s = %s WHERE %s IS NULL AND <key range>;", [sql.name(table), sql.ident(col.name), col.default, sql.ident(col.name)]),
]) if _plain_default(col)

_help(table, col) := concat("\n", [
	sprintf("ALTER TABLE %s ADD COLUMN %s %s; -- a plain column, nullable", [sql.name(table), sql.ident(col.name), _base_type(col)]),
	"-- fill it for new rows (sequence default or trigger), backfill existing rows in batches,",
	"-- then add the identity, sequence or constraint in a later migration.",
]) if {
	not _plain_default(col)
}

_plain_default(col) if {
	col.default != null
	col.domain_constraints == false
	col.generated == null
	col.identity == null
	col.serial == null
}

# A serial column is an integer column with a sequence default.
_base_type(col) := "integer" if col.serial == "serial"

_base_type(col) := "bigint" if col.serial == "bigserial"

_base_type(col) := "smallint" if col.serial == "smallserial"

_base_type(col) := col.type.text if col.serial == null
