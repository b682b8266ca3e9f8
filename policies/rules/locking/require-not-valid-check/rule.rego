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
#   Validating in the same transaction as the `ADD ... NOT VALID` keeps
#   ADD's ACCESS EXCLUSIVE lock through the scan: the VALIDATE is reported
#   then, with how to separate them under the file's runner.
#
#   `ALTER TABLE parent ATTACH PARTITION p` checks the partition bound the
#   same way: it scans `p` under an ACCESS EXCLUSIVE lock unless a valid
#   CHECK constraint of `p` proves the bound. Add that CHECK as NOT VALID,
#   validate it, then attach:
#
#   ```sql
#   ALTER TABLE events_2024 ADD CONSTRAINT events_2024_bound
#     CHECK (at IS NOT NULL AND at >= '2024-01-01' AND at < '2025-01-01') NOT VALID;
#   ALTER TABLE events_2024 VALIDATE CONSTRAINT events_2024_bound; -- later transaction
#   ALTER TABLE events ATTACH PARTITION events_2024 FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
#   ```
#
#   A check on a table created earlier in the same file is not reported.
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
#   help: Add the check with NOT VALID, then VALIDATE CONSTRAINT in a separate transaction.
#   examples:
#     bad: ALTER TABLE orders ADD CONSTRAINT orders_amount_check CHECK (amount > 0);
#     good: ALTER TABLE orders ADD CONSTRAINT orders_amount_check CHECK (amount > 0) NOT VALID;
package ddlgate.rules.locking["require-not-valid-check"]

import data.ddlgate.lib.facts
import data.ddlgate.lib.result
import data.ddlgate.lib.size
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
	finding := size.scaled(rego.metadata.chain(), result.fail_help(
		rego.metadata.chain(), stmt, action.span,
		sprintf("ADD CHECK scans all of %s to validate it while holding an %s lock: reads and writes wait until the scan ends", [facts.qualified_name(action.table), facts.lock(action)]),
		concat("\n", [
			sprintf("ALTER TABLE %s ADD CONSTRAINT %s CHECK (%s) NOT VALID;", [sql.name(action.table), sql.ident(name), c.expression]),
			sprintf("ALTER TABLE %s VALIDATE CONSTRAINT %s; -- in a later transaction", [sql.name(action.table), sql.ident(name)]),
		]),
	), [action.table])
}

# VALIDATE in the transaction of its ADD ... NOT VALID: ADD's ACCESS
# EXCLUSIVE lock is held through the validation scan.
report contains finding if {
	some x in input.actions_by_type.validate_constraint
	stmt := x.statement
	action := x.action
	action.constraint.type == "check"
	facts.existing(action.table)
	added := facts.same_transaction_as_add(stmt, action)
	finding := size.scaled(rego.metadata.chain(), result.fail_help(
		rego.metadata.chain(), stmt, action.span,
		facts.validated_with_add(action, added),
		facts.separate_transaction(stmt),
	), [action.table])
}

# ATTACH PARTITION validates the partition bound the same way: a scan of
# the partition under ACCESS EXCLUSIVE, unless a valid CHECK proves it.
report contains finding if {
	some x in input.actions_by_type.attach_partition
	stmt := x.statement
	action := x.action
	action.effects.scans_table == true
	part := action.partition
	facts.existing(part)
	finding := size.scaled(rego.metadata.chain(), result.fail_help(
		rego.metadata.chain(), stmt, action.span,
		sprintf("ATTACH PARTITION scans all of %s to check its partition bound while holding an ACCESS EXCLUSIVE lock on it: reads and writes of it wait until the scan ends", [facts.qualified_name(part)]),
		_attach_help(part, action.bound_check),
	), [part])
}

_attach_help(part, check) := concat("\n", [
	sprintf("ALTER TABLE %s ADD CONSTRAINT %s CHECK (%s) NOT VALID;", [sql.name(part), _bound_name(part), _bound(check)]),
	sprintf("ALTER TABLE %s VALIDATE CONSTRAINT %s; -- in a later transaction", [sql.name(part), _bound_name(part)]),
	"-- then ATTACH PARTITION: the valid CHECK spares its scan; drop the CHECK afterwards",
])

_bound_name(part) := sql.ident(sprintf("%s_bound", [part.name]))

_bound(check) := check if check != ""

_bound(check) := "<the partition bound as a condition>" if check == ""

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
