# METADATA
# title: Keep expand and backfill phases additive
# description: |-
#   The expand and backfill phases of a change must leave the old shape
#   working: code deployed before them keeps running while they apply and
#   until the next release. A rename, a drop, a type change or a new NOT NULL
#   inside them breaks that code, and the phase label hides it from review.
#
#   Expand adds (a new column, a new table, a dual-write trigger, an index);
#   backfill copies data; everything that removes or tightens the old shape
#   belongs to the change's contract phase:
#
#   ```sql
#   -- ddlgate:phase expand change=orders-status-enum
#   CREATE TYPE order_status AS ENUM ('pending', 'paid', 'shipped');
#   ALTER TABLE orders ADD COLUMN status_v2 order_status;
#   -- not here: ALTER TABLE orders ALTER COLUMN status TYPE order_status ...
#   ```
#
#   Tables created earlier in the same file are not reported.
# related_resources:
#   - ref: https://www.prisma.io/dataguide/types/relational/expand-and-contract-pattern
#     description: The expand and contract pattern
# custom:
#   severity: error
#   help: Move the statement to the change's contract phase (-- ddlgate:phase contract change=<id>); in expand, only add.
#   examples:
#     bad: |
#       -- ddlgate:phase expand change=orders-status-enum
#       ALTER TABLE orders ALTER COLUMN status TYPE order_status USING status::order_status;
#     good: |
#       -- ddlgate:phase expand change=orders-status-enum
#       ALTER TABLE orders ADD COLUMN status_v2 order_status;
package ddlgate.rules.compat["ban-breaking-change-in-expand"]

import data.ddlgate.lib.facts
import data.ddlgate.lib.result

report contains finding if {
	phase := input.file.phase.phase
	phase in {"expand", "backfill"}
	some type, what in _breaking
	some x in input.actions_by_type[type]
	action := x.action
	facts.existing(action.table)
	finding := result.fail(
		rego.metadata.chain(), x.statement, action.span,
		sprintf("%s inside the %s phase of change %s breaks code deployed before it: move it to the contract phase", [_describe(what, action), phase, input.file.phase.change]),
	)
}

_breaking := {
	"drop_table": "DROP TABLE %s",
	"rename_table": "RENAME TABLE %s",
	"drop_column": "DROP COLUMN %s",
	"rename_column": "RENAME COLUMN %s",
	"alter_column_type": "ALTER COLUMN %s TYPE",
	"set_not_null": "SET NOT NULL on %s",
}

_describe(what, action) := sprintf(what, [concat(".", [facts.qualified_name(action.table), _column(action)])]) if {
	_column(action) != ""
} else := sprintf(what, [facts.qualified_name(action.table)])

_column(action) := action.column_name if {
	action.column_name != ""
} else := action.old_name if {
	action.type == "rename_column"
} else := ""
