# METADATA
# title: Wait min_age after the expand before contracting
# description: |-
#   Between a change's expand and its contract, the application must move to
#   the new shape: every instance redeployed, every job and replica reading
#   the new column, the backfill finished. Contracting minutes after the
#   expand reached a database removes the old shape under code that still
#   uses it.
#
#   With a target database (`ddlgate apply`, `ddlgate lint` with the phase
#   ledger of a database), the rule reports a contract-phase migration whose
#   change's expand was applied there less than `min_age` ago (default 24h).
#   `min_age_by_change` sets another age for some changes, e.g. a week for a
#   change whose readers include a monthly batch:
#
#   ```yaml
#   rules:
#     ban-contract-too-soon:
#       params:
#         min_age: 24h
#         min_age_by_change:
#           orders-status-enum: 168h
#   ```
#
#   `ddlgate apply` refuses a contract whose expand runs earlier in the same
#   apply, unless the change's `min_age` is 0: the expand would be seconds
#   old. Apply up to the migration before the contract (`--to`) first.
#
#   Without a database the rule is silent: the age of an expand is a fact of
#   an environment, not of the files (require-expand-before-contract checks
#   the order of the files). A `min_age` that is not a duration (24h, 90m)
#   is reported rather than ignored.
# related_resources:
#   - ref: https://www.prisma.io/dataguide/types/relational/expand-and-contract-pattern
#     description: The expand and contract pattern
# custom:
#   severity: error
#   params:
#     min_age: 24h
#     min_age_by_change: {}
#   help: Wait until the expand has been applied for min_age in this database (ddlgate phase status shows when it was), or lower min_age for this change if every reader has already moved.
#   examples:
#     bad: |
#       -- options: phase_history={"change":"orders-status-enum","phase":"contract","live":true,"database":"production","earlier":[{"phase":"expand","file":"0007_expand.sql","applied":true,"applied_at":"2026-03-02T09:00:00Z","age_seconds":3600}],"tables":["public.orders"]}
#       -- ddlgate:phase contract change=orders-status-enum
#       ALTER TABLE orders DROP COLUMN status;
#     good: |
#       -- options: phase_history={"change":"orders-status-enum","phase":"contract","live":true,"database":"production","earlier":[{"phase":"expand","file":"0007_expand.sql","applied":true,"applied_at":"2026-02-20T09:00:00Z","age_seconds":864000}],"tables":["public.orders"]}
#       -- ddlgate:phase contract change=orders-status-enum
#       ALTER TABLE orders DROP COLUMN status;
package ddlgate.rules.compat["ban-contract-too-soon"]

import data.ddlgate.lib.phase
import data.ddlgate.lib.result
import data.ddlgate.lib.units

report contains finding if {
	phase.contract
	input.history.live == true
	some e in input.history.earlier
	e.phase == "expand"
	e.applied == true
	change := input.file.phase.change
	min_age := _min_age(change)
	_duration(min_age)
	e.age_seconds * 1000000000 < time.parse_duration_ns(min_age)
	finding := result.fail_file(
		rego.metadata.chain(), phase.span,
		sprintf("contract phase of change %s is too soon: its expand phase %s was applied %s ago in %s (at %s); min_age is %s", [
			change, e.file, units.age(e.age_seconds), input.history.database, e.applied_at, min_age,
		]),
	)
}

# The expand is pending in the same ddlgate apply: it would be seconds old.
report contains finding if {
	phase.contract
	input.history.live == true
	some e in input.history.earlier
	e.phase == "expand"
	e.pending == true
	change := input.file.phase.change
	min_age := _min_age(change)
	_duration(min_age)
	time.parse_duration_ns(min_age) > 0
	finding := result.fail_file(
		rego.metadata.chain(), phase.span,
		sprintf("contract phase of change %s would run in the same apply as its expand phase %s in %s: apply up to the migration before the contract first (--to), and contract once the expand is %s old", [
			change, e.file, input.history.database, min_age,
		]),
	)
}

report contains finding if {
	phase.contract
	input.history.live == true
	change := input.file.phase.change
	min_age := _min_age(change)
	not _duration(min_age)
	finding := result.fail_file(
		rego.metadata.chain(), phase.span,
		sprintf("min_age %v of change %s is not a duration such as 24h or 90m: the contract cannot be judged", [min_age, change]),
	)
}

_params := result.params(rego.metadata.chain())

# _duration holds for what time.parse_duration_ns reads (Go's durations).
_duration(s) if {
	is_string(s)
	regex.match(`^(0|([0-9]+(\.[0-9]*)?(ns|us|µs|ms|s|m|h))+)$`, s)
}

_min_age(change) := _params.min_age_by_change[change]

_min_age(change) := _params.min_age if not _params.min_age_by_change[change]
