package ddlgate.rules.compat["ban-contract-too-soon_test"]

import data.ddlgate.rules.compat["ban-contract-too-soon"] as rule

_contract := "-- ddlgate:phase contract change=orders-status-enum\nALTER TABLE orders DROP COLUMN status;"

_report(history) := r if {
	r := rule.report with input as object.union(ddlgate.parse_sql(_contract, {}), {"history": history})
}

_history(expand, live) := {
	"change": "orders-status-enum", "phase": "contract", "live": live, "database": "production",
	"earlier": [expand], "tables": ["public.orders"], "columns": [],
}

_applied(age) := {"phase": "expand", "file": "0007_expand.sql", "version": "0007", "applied": true, "applied_at": "2026-03-02T09:00:00Z", "age_seconds": age}

test_expand_applied_an_hour_ago if {
	[f] := [f | some f in _report(_history(_applied(3600), true))]
	f.rule == "ban-contract-too-soon"
	f.severity == "error"
	f.span.line == 2
	f.message == "contract phase of change orders-status-enum is too soon: its expand phase 0007_expand.sql was applied 1.0h ago in production (at 2026-03-02T09:00:00Z); min_age is 24h"
}

test_minutes_read_as_minutes if {
	[f] := [f | some f in _report(_history(_applied(300), true))]
	contains(f.message, "applied 5m ago")
}

test_expand_older_than_min_age if {
	count(_report(_history(_applied(90000), true))) == 0
}

test_min_age_is_configurable if {
	count(_report(_history(_applied(3600), true))) == 0 with data.config.params as {"ban-contract-too-soon": {"min_age": "30m"}}
}

test_min_age_per_change if {
	r := _report(_history(_applied(90000), true)) with data.config.params as {"ban-contract-too-soon": {"min_age_by_change": {"orders-status-enum": "168h"}}}
	[f] := [f | some f in r]
	endswith(f.message, "min_age is 168h")
}

test_other_changes_keep_the_default if {
	count(_report(_history(_applied(90000), true))) == 0 with data.config.params as {"ban-contract-too-soon": {"min_age_by_change": {"another-change": "168h"}}}
}

test_silent_without_database if {
	count(_report(_history({"phase": "expand", "file": "0007_expand.sql", "applied": null, "applied_at": null, "age_seconds": null}, false))) == 0
}

test_expand_not_applied_is_another_rule if {
	count(_report(_history({"phase": "expand", "file": "0007_expand.sql", "applied": false, "applied_at": null, "age_seconds": null}, true))) == 0
}

_pending := {"phase": "expand", "file": "0007_expand.sql", "version": "0007", "applied": false, "applied_at": null, "age_seconds": null, "pending": true}

test_expand_pending_in_the_same_apply if {
	[f] := [f | some f in _report(_history(_pending, true))]
	f.message == "contract phase of change orders-status-enum would run in the same apply as its expand phase 0007_expand.sql in production: apply up to the migration before the contract first (--to), and contract once the expand is 24h old"
}

test_expand_pending_with_a_zero_min_age if {
	count(_report(_history(_pending, true))) == 0 with data.config.params as {"ban-contract-too-soon": {"min_age_by_change": {"orders-status-enum": "0s"}}}
}

test_min_age_that_is_no_duration if {
	r := _report(_history(_applied(3600), true)) with data.config.params as {"ban-contract-too-soon": {"min_age": "one day"}}
	[f] := [f | some f in r]
	f.message == "min_age one day of change orders-status-enum is not a duration such as 24h or 90m: the contract cannot be judged"
}
