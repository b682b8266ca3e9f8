# METADATA
# title: Add check constraints as NOT VALID, then validate
# description: |-
#   `ALTER TABLE ... ADD CHECK` takes an ACCESS EXCLUSIVE lock and scans the
#   whole table to check every row (every PostgreSQL version): reads and writes
#   wait until the scan ends.
#
#   Add the constraint as `NOT VALID` (only new and updated rows are checked,
#   no scan), then validate it in a later transaction: `VALIDATE CONSTRAINT`
#   takes a SHARE UPDATE EXCLUSIVE lock, so reads and writes go on while it
#   scans.
#
#   ```sql
#   ALTER TABLE orders ADD CONSTRAINT orders_amount_check CHECK (amount > 0) NOT VALID;
#   -- later transaction:
#   ALTER TABLE orders VALIDATE CONSTRAINT orders_amount_check;
#   ```
#
#   A check on a table created earlier in the same file is not reported.
# related_resources:
#   - ref: https://www.postgresql.org/docs/current/sql-altertable.html#SQL-ALTERTABLE-NOTES
#     description: ALTER TABLE notes on NOT VALID and VALIDATE CONSTRAINT
# custom:
#   severity: error
#   help: Add the check with NOT VALID, then VALIDATE CONSTRAINT in a separate transaction.
#   examples:
#     bad: ALTER TABLE orders ADD CONSTRAINT orders_amount_check CHECK (amount > 0);
#     good: ALTER TABLE orders ADD CONSTRAINT orders_amount_check CHECK (amount > 0) NOT VALID;
package ddlgate.rules.locking["require-not-valid-check"]

import data.ddlgate.lib.facts
import data.ddlgate.lib.result
import data.ddlgate.lib.sql

report contains finding if {
	some x in input.actions_by_type.add_constraint
	stmt := x.statement
	action := x.action
	c := action.constraint
	c.type == "check"
	not c.not_valid
	facts.existing(action.table)
	name := _constraint_name(action.table, c)
	finding := result.fail_help(
		rego.metadata.chain(), stmt, action.span,
		sprintf("ADD CHECK scans all of %s to validate it while holding an %s lock: reads and writes wait until the scan ends", [facts.qualified_name(action.table), _lock(action)]),
		concat("\n", [
			sprintf("ALTER TABLE %s ADD CONSTRAINT %s CHECK (%s) NOT VALID;", [sql.name(action.table), sql.ident(name), c.expression]),
			sprintf("ALTER TABLE %s VALIDATE CONSTRAINT %s; -- in a later transaction", [sql.name(action.table), sql.ident(name)]),
		]),
	)
}

_lock(action) := action.lock if {
	action.lock != ""
} else := "ACCESS EXCLUSIVE"

# PostgreSQL names an unnamed check after its table and first column.
_constraint_name(_, c) := c.name if c.name != ""

_constraint_name(table, c) := sprintf("%s_%s_check", [table.name, c.columns[0]]) if {
	c.name == ""
	count(c.columns) > 0
}

_constraint_name(table, c) := sprintf("%s_check", [table.name]) if {
	c.name == ""
	count(c.columns) == 0
}
