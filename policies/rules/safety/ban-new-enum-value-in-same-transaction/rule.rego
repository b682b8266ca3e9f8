# METADATA
# title: Do not use a new enum value in the transaction that adds it
# description: |-
#   From PostgreSQL 12, `ALTER TYPE ... ADD VALUE` may run inside a
#   transaction block, but the new value cannot be used until that
#   transaction commits: a DEFAULT, a CHECK, a cast or DML that uses it later
#   in the same transaction fails with "unsafe use of new value" and the
#   migration aborts (before 12 the ADD VALUE itself fails, see
#   ban-enum-add-value-in-transaction). The transaction may be the runner's:
#   goose, dbmate, flyway, atlas and ddlgate apply wrap each file in one, and
#   drizzle-kit migrate runs all pending files in a single transaction, so
#   the use may even sit in a later file.
#
#   Add the value in one migration and use it in the next (for drizzle: in a
#   later `drizzle-kit migrate` run):
#
#   ```sql
#   -- 0007_add_refunded.sql
#   ALTER TYPE order_state ADD VALUE 'refunded';
#   -- 0008_default_refunded.sql
#   ALTER TABLE refunds ALTER COLUMN state SET DEFAULT 'refunded';
#   ```
#
#   An enum created in the same transaction is not reported: its values are
#   all new together and usable at once.
# related_resources:
#   - ref: https://www.postgresql.org/docs/current/sql-altertype.html#SQL-ALTERTYPE-NOTES
#     description: ALTER TYPE notes (new enum values and transactions)
# custom:
#   severity: error
#   help: Commit between ALTER TYPE ... ADD VALUE and the statements that use the value; move them to the next migration.
#   examples:
#     bad: |
#       BEGIN;
#       ALTER TYPE order_state ADD VALUE 'refunded';
#       ALTER TABLE refunds ALTER COLUMN state SET DEFAULT 'refunded';
#       COMMIT;
#     good: |
#       BEGIN;
#       ALTER TYPE order_state ADD VALUE 'refunded';
#       COMMIT;
#       ALTER TABLE refunds ALTER COLUMN state SET DEFAULT 'refunded';
package ddlgate.rules.safety["ban-new-enum-value-in-same-transaction"]

import data.ddlgate.lib.facts
import data.ddlgate.lib.result

report contains finding if {
	some added in input.actions_by_type.add_enum_value
	add_stmt := added.statement
	add := added.action
	block := add_stmt.transaction.block
	block > 0
	not facts.type_created_earlier_in_transaction(add_stmt, add.enum_type)
	some use in input.statements
	use.index > add_stmt.index
	use.transaction.block == block
	not _adds_enum_value(use)
	some literal in use.string_literals
	literal.value == add.enum_value
	finding := result.fail_help(
		rego.metadata.chain(), use, literal.span,
		sprintf("'%s' was added to enum %s at line %d in this same transaction: PostgreSQL refuses to use it before COMMIT (unsafe use of new value)", [add.enum_value, facts.qualified_name(add.enum_type), add_stmt.span.line]),
		_help,
	)
}

_help := "drizzle-kit migrate runs all pending files in one transaction: add the value in one migration and use it only after a later drizzle-kit migrate run." if {
	input.file.runner == "drizzle"
} else := "Commit between ALTER TYPE ... ADD VALUE and this statement: move the statements that use the value to the next migration."

# ADD VALUE ... BEFORE/AFTER a new value only orders labels: it is allowed.
_adds_enum_value(stmt) if {
	some action in stmt.actions
	action.type == "add_enum_value"
}
