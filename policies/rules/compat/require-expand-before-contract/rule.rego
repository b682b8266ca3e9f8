# METADATA
# title: Ship the expand phase before the contract phase
# description: |-
#   A contract-phase migration removes the old shape of a change (drops the
#   old column, the old table, the compatibility view). It is only safe once
#   the change's expand phase (the new shape, the dual-write) has shipped and
#   the application has moved to it. A contract with no expand before it is
#   a breaking change wearing a phase label.
#
#   Statically, the rule reports a contract file when no earlier migration of
#   the directory declares the expand phase of the same change. With a target
#   database (`ddlgate lint --database-url`, `ddlgate apply`), it also reports
#   a contract whose expand exists but is not applied in that database: one
#   environment must not contract before it expanded, whatever another did.
#   An expand that `ddlgate apply` runs earlier in the same apply counts as
#   applied; ban-contract-too-soon judges whether it is old enough.
#
#   ```sql
#   -- 0007_orders_status_enum_expand.sql
#   -- ddlgate:phase expand change=orders-status-enum
#   ALTER TABLE orders ADD COLUMN status_v2 order_status;
#   -- 0009_orders_status_enum_contract.sql
#   -- ddlgate:phase contract change=orders-status-enum
#   ALTER TABLE orders DROP COLUMN status;
#   ```
#
#   A malformed or second phase directive is reported on its line too: the
#   ledger would otherwise file the migration under no change, or the wrong
#   one, and every phase check would pass it silently.
# related_resources:
#   - ref: https://www.prisma.io/dataguide/types/relational/expand-and-contract-pattern
#     description: The expand and contract pattern
# custom:
#   severity: error
#   help: Add the change's expand migration (-- ddlgate:phase expand change=<id>) before this one and apply it everywhere first; `ddlgate phase status` shows where it is applied.
#   examples:
#     bad: |
#       -- ddlgate:phase contract change=orders-status-enum
#       ALTER TABLE orders DROP COLUMN status;
#     good: |
#       -- options: phase_history={"change":"orders-status-enum","phase":"contract","earlier":[{"phase":"expand","file":"0007_expand.sql"}],"tables":["public.orders"]}
#       -- ddlgate:phase contract change=orders-status-enum
#       ALTER TABLE orders DROP COLUMN status;
package ddlgate.rules.compat["require-expand-before-contract"]

import data.ddlgate.lib.phase
import data.ddlgate.lib.result

report contains finding if {
	phase.contract
	not phase.expand_exists
	change := input.file.phase.change
	finding := result.fail_file(
		rego.metadata.chain(), phase.span,
		sprintf("contract phase of change %s has no expand phase before it: no earlier migration declares -- ddlgate:phase expand change=%s", [change, change]),
	)
}

report contains finding if {
	phase.contract
	input.history.live == true
	some e in input.history.earlier
	e.phase == "expand"
	e.applied == false
	# An expand that runs earlier in the same apply will be applied: its
	# age is ban-contract-too-soon's business.
	not e.pending == true
	finding := result.fail_file(
		rego.metadata.chain(), phase.span,
		sprintf("contract phase of change %s before its expand phase %s is applied in %s", [input.file.phase.change, e.file, input.history.database]),
	)
}

report contains finding if {
	some d in input.directives
	d.kind == "phase"
	d.error != ""
	finding := result.fail_file(
		rego.metadata.chain(), d.span,
		sprintf("malformed ddlgate:phase directive: %s: the migration belongs to no expand/contract change", [d.error]),
	)
}
