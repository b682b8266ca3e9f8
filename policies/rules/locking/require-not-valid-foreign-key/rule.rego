# METADATA
# title: Add foreign keys as NOT VALID, then validate
# description: |-
#   `ALTER TABLE ... ADD FOREIGN KEY` takes a SHARE ROW EXCLUSIVE lock on both
#   the table and the referenced table, then scans the whole table to check
#   every row (every PostgreSQL version): writes to both tables wait until the
#   scan ends. Adding a column with `REFERENCES` does the same.
#
#   Add the constraint as `NOT VALID` (only new rows are checked, no scan),
#   then validate it in a later transaction: `VALIDATE CONSTRAINT` takes a
#   SHARE UPDATE EXCLUSIVE lock, so writes go on while it scans.
#
#   ```sql
#   ALTER TABLE orders ADD CONSTRAINT orders_user_id_fkey
#     FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;
#   -- later transaction:
#   ALTER TABLE orders VALIDATE CONSTRAINT orders_user_id_fkey;
#   ```
#
#   Validating in the same transaction as the `ADD ... NOT VALID` keeps
#   ADD's locks through the scan: the VALIDATE is reported then, with how to
#   separate them under the file's runner (goose, dbmate, flyway, atlas and
#   ddlgate apply wrap each file in a transaction, drizzle-kit all pending
#   files in one).
#
#   A foreign key on a table created earlier in the same file is not reported:
#   the new table is empty, so there is nothing to scan.
#
#   With the target database's facts (`ddlgate lint --database-url` or
#   `--db-snapshot`, `ddlgate apply`), the validation scan lasts as long as the table is
#   large, and the message says how large it is: on a table under the
#   `small_table` parameter (default: under 10,000 estimated rows and under
#   10 MB) the finding drops to info, the lock lasting milliseconds; above
#   `large_table` (default: 1,000,000 rows or 1 GB) it says the table is
#   large; a table never analyzed has no size and keeps the finding's
#   severity. See [table sizes](../usage.md#table-sizes-from-the-database).
# related_resources:
#   - ref: https://www.postgresql.org/docs/current/sql-altertable.html#SQL-ALTERTABLE-NOTES
#     description: ALTER TABLE notes on NOT VALID and VALIDATE CONSTRAINT
# custom:
#   severity: error
#   params:
#     small_table:
#       rows: 10000
#       size: 10 MB
#     large_table:
#       rows: 1000000
#       size: 1 GB
#   help: Add the foreign key with NOT VALID, then VALIDATE CONSTRAINT in a separate transaction.
#   examples:
#     bad: ALTER TABLE orders ADD CONSTRAINT orders_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id);
#     good: ALTER TABLE orders ADD CONSTRAINT orders_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;
package ddlgate.rules.locking["require-not-valid-foreign-key"]

import data.ddlgate.lib.facts
import data.ddlgate.lib.result
import data.ddlgate.lib.size
import data.ddlgate.lib.sql

report contains finding if {
	some x in input.actions_by_type.add_constraint
	stmt := x.statement
	action := x.action
	c := action.constraint
	c.type == "foreign_key"
	not c.not_valid
	facts.existing(action.table)
	name := _constraint_name(action.table, c)
	finding := size.scaled(rego.metadata.chain(), result.fail_help(
		rego.metadata.chain(), stmt, action.span,
		_message("ADD FOREIGN KEY", action.table, c.references),
		concat("\n", [
			sprintf("ALTER TABLE %s ADD CONSTRAINT %s FOREIGN KEY (%s) %s NOT VALID;", [sql.name(action.table), sql.ident(name), sql.columns(c.columns), _references(c.references)]),
			sprintf("ALTER TABLE %s VALIDATE CONSTRAINT %s; -- in a later transaction", [sql.name(action.table), sql.ident(name)]),
		]),
	), [action.table, c.references.table])
}

# ADD COLUMN ... REFERENCES validates the new column with the same scan.
report contains finding if {
	some x in input.actions_by_type.add_column
	stmt := x.statement
	action := x.action
	col := action.column
	col.references != null
	facts.existing(action.table)
	name := _constraint_name(action.table, {"name": "", "columns": [col.name]})
	finding := size.scaled(rego.metadata.chain(), result.fail_help(
		rego.metadata.chain(), stmt, action.span,
		_message(sprintf("ADD COLUMN %s REFERENCES", [col.name]), action.table, col.references),
		concat("\n", [
			sprintf("ALTER TABLE %s ADD COLUMN %s %s;", [sql.name(action.table), sql.ident(col.name), col.type.text]),
			sprintf("ALTER TABLE %s ADD CONSTRAINT %s FOREIGN KEY (%s) %s NOT VALID;", [sql.name(action.table), sql.ident(name), sql.ident(col.name), _references(col.references)]),
			sprintf("ALTER TABLE %s VALIDATE CONSTRAINT %s; -- in a later transaction", [sql.name(action.table), sql.ident(name)]),
		]),
	), [action.table, col.references.table])
}

# VALIDATE in the transaction of its ADD ... NOT VALID: ADD's SHARE ROW
# EXCLUSIVE locks on both tables are held through the validation scan.
report contains finding if {
	some x in input.actions_by_type.validate_constraint
	stmt := x.statement
	action := x.action
	action.constraint.type == "foreign_key"
	facts.existing(action.table)
	added := facts.same_transaction_as_add(stmt, action)
	finding := size.scaled(rego.metadata.chain(), result.fail_help(
		rego.metadata.chain(), stmt, action.span,
		facts.validated_with_add(action, added),
		facts.separate_transaction(stmt),
	), [l.relation | some l in added.locks])
}

_message(what, table, refs) := sprintf(
	"%s scans all of %s to validate it while holding SHARE ROW EXCLUSIVE locks on %s: writes wait until the scan ends",
	[what, facts.qualified_name(table), concat(" and ", _locked_names(table, refs))],
)

# A self-referencing key locks one table, named once.
_locked_names(table, refs) := [facts.qualified_name(table)] if {
	facts.qualified_name(table) == facts.qualified_name(refs.table)
} else := [facts.qualified_name(table), facts.qualified_name(refs.table)]

# PostgreSQL names an unnamed foreign key <table>_<columns>_fkey.
_constraint_name(_, c) := c.name if c.name != ""

_constraint_name(table, c) := sprintf("%s_%s_fkey", [table.name, concat("_", c.columns)]) if c.name == ""

_references(refs) := concat("", [
	"REFERENCES ", sql.name(refs.table), _ref_columns(refs.columns),
	_referential_action("DELETE", refs.on_delete), _referential_action("UPDATE", refs.on_update),
])

_ref_columns(cols) := "" if count(cols) == 0

_ref_columns(cols) := sprintf(" (%s)", [sql.columns(cols)]) if count(cols) > 0

_referential_action(event, action) := sprintf(" ON %s %s", [event, upper(replace(action, "_", " "))]) if {
	not action in {"", "no_action"}
} else := ""
