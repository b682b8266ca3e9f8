# METADATA
# title: Give a new NOT NULL column a default
# description: |-
#   `ALTER TABLE ... ADD COLUMN ... NOT NULL` without a `DEFAULT` fills every
#   existing row with NULL, which the constraint refuses: the statement fails
#   with "column contains null values" as soon as the table has a row. It
#   passes on an empty development database and fails in production.
#
#   Give the column a default (from PostgreSQL 11 a constant default does not
#   rewrite the table), or add it nullable, backfill it, then set NOT NULL
#   safely (see require-safe-set-not-null):
#
#   ```sql
#   ALTER TABLE users ADD COLUMN status text NOT NULL DEFAULT 'active';
#   ```
#
#   Identity, serial and generated columns compute their values and are not
#   reported, nor are columns of a table created earlier in the same file.
# related_resources:
#   - ref: https://www.postgresql.org/docs/current/sql-altertable.html#SQL-ALTERTABLE-DESC-ADD-COLUMN
#     description: ALTER TABLE ADD COLUMN
# custom:
#   severity: error
#   help: Add a DEFAULT, or add the column nullable, backfill it, then set NOT NULL.
#   examples:
#     bad: ALTER TABLE users ADD COLUMN status text NOT NULL;
#     good: ALTER TABLE users ADD COLUMN status text NOT NULL DEFAULT 'active';
package ddlgate.rules.safety["require-default-for-not-null-column"]

import data.ddlgate.lib.facts
import data.ddlgate.lib.result
import data.ddlgate.lib.sql

report contains finding if {
	some x in input.actions_by_type.add_column
	stmt := x.statement
	action := x.action
	col := action.column
	_not_null(col)
	col.has_default == false
	not _computed(col)
	facts.existing(action.table)
	finding := result.fail_help(
		rego.metadata.chain(), stmt, action.span,
		sprintf("ADD COLUMN %s NOT NULL without a DEFAULT fails if %s has any rows", [col.name, facts.qualified_name(action.table)]),
		concat("\n", [
			sprintf("ALTER TABLE %s ADD COLUMN %s %s NOT NULL DEFAULT <value>;", [sql.name(action.table), sql.ident(col.name), col.type.text]),
			sprintf("-- or: ALTER TABLE %s ADD COLUMN %s %s; then backfill it in batches and set NOT NULL through a validated CHECK.", [sql.name(action.table), sql.ident(col.name), col.type.text]),
		]),
	)
}

# A primary key column is NOT NULL even when the definition does not say so.
_not_null(col) if col.not_null == true

_not_null(col) if col.primary_key == true

_computed(col) if col.identity != null

_computed(col) if col.generated != null

_computed(col) if col.serial != null
