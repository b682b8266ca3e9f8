# METADATA
# title: Do not add enum values inside a transaction before PostgreSQL 12
# description: |-
#   Before PostgreSQL 12, `ALTER TYPE ... ADD VALUE` cannot run inside a
#   transaction block: PostgreSQL refuses it with "ALTER TYPE ... ADD cannot
#   run inside a transaction block" and the migration fails. The block may be
#   invisible in the file: goose, dbmate, flyway, atlas, ddlgate apply and
#   drizzle-kit migrate wrap each file (drizzle: all pending files) in a
#   transaction, and prisma and golang-migrate send a file of several
#   statements as one query, which runs as an implicit transaction. The one
#   exception is an enum created in the same transaction.
#
#   Put the statement in its own migration and turn the runner's transaction
#   off for that file (or upgrade to 12+):
#
#   ```sql
#   -- +goose NO TRANSACTION
#   ALTER TYPE order_state ADD VALUE 'refunded';
#   ```
#
#   From PostgreSQL 12 the statement runs in a transaction, but the new value
#   cannot be used before COMMIT (see ban-new-enum-value-in-same-transaction).
# related_resources:
#   - ref: https://www.postgresql.org/docs/11/sql-altertype.html#id-1.9.3.42.7
#     description: ALTER TYPE notes (PostgreSQL 11)
# custom:
#   severity: error
#   help: Move ALTER TYPE ... ADD VALUE to its own migration that runs outside a transaction block, or target PostgreSQL 12+.
#   examples:
#     bad: |
#       -- options: pg_version=11
#       BEGIN;
#       ALTER TYPE order_state ADD VALUE 'refunded';
#       COMMIT;
#     good: |
#       -- options: pg_version=11
#       -- ddlgate:no-transaction
#       ALTER TYPE order_state ADD VALUE 'refunded';
package ddlgate.rules.safety["ban-enum-add-value-in-transaction"]

import data.ddlgate.lib.facts
import data.ddlgate.lib.result
import data.ddlgate.lib.runner

# A target of 0 is unknown: the rule then assumes an old server, like the
# engine runs every rule for an unknown target.
report contains finding if {
	input.target.pg_version < 12
	some x in input.actions_by_type.add_enum_value
	stmt := x.statement
	facts.in_transaction(stmt)
	action := x.action
	not facts.type_created_earlier_in_transaction(stmt, action.enum_type)
	finding := result.fail_help(
		rego.metadata.chain(), stmt, action.span,
		sprintf("ALTER TYPE %s ADD VALUE '%s' cannot run inside a transaction block before PostgreSQL 12: %s", [facts.qualified_name(action.enum_type), action.enum_value, runner.why_in_transaction(stmt)]),
		runner.outside_transaction(stmt),
	)
}
