package ddlgate.rules.compat["require-expand-before-contract_test"]

import data.ddlgate.rules.compat["require-expand-before-contract"] as rule

_contract := "-- ddlgate:phase contract change=orders-status-enum\nALTER TABLE orders DROP COLUMN status;"

_report(sql, history) := r if {
	r := rule.report with input as object.union(ddlgate.parse_sql(sql, {}), {"history": history})
}

_history(earlier, live) := {
	"change": "orders-status-enum", "phase": "contract", "live": live, "database": "postgres://db/production",
	"earlier": earlier, "tables": ["public.orders"], "columns": [],
}

_expand(applied) := {"phase": "expand", "file": "0007_expand.sql", "version": "0007", "applied": applied}

test_contract_without_expand if {
	[f] := [f | some f in _report(_contract, _history([], false))]
	f.rule == "require-expand-before-contract"
	f.severity == "error"
	f.statement == -1
	f.span.line == 2
	f.message == "contract phase of change orders-status-enum has no expand phase before it: no earlier migration declares -- ddlgate:phase expand change=orders-status-enum"
}

test_contract_without_ledger_is_reported if {
	count(_report(_contract, null)) == 1
}

test_backfill_alone_is_no_expand if {
	count(_report(_contract, _history([{"phase": "backfill", "file": "0008_backfill.sql"}], false))) == 1
}

test_contract_after_expand if {
	count(_report(_contract, _history([_expand(null)], false))) == 0
}

test_live_expand_not_applied if {
	[f] := [f | some f in _report(_contract, _history([_expand(false)], true))]
	f.message == "contract phase of change orders-status-enum before its expand phase 0007_expand.sql is applied in postgres://db/production"
}

test_live_expand_applied if {
	count(_report(_contract, _history([_expand(true)], true))) == 0
}

test_live_expand_pending_in_the_same_apply if {
	count(_report(_contract, _history([object.union(_expand(false), {"pending": true})], true))) == 0
}

test_expand_file_is_not_judged if {
	count(_report("-- ddlgate:phase expand change=orders-status-enum\nALTER TABLE orders ADD COLUMN status_v2 text;", null)) == 0
}

test_file_without_phase_is_not_judged if {
	count(_report("ALTER TABLE orders DROP COLUMN status;", null)) == 0
}

test_malformed_phase_directive if {
	[f] := [f | some f in _report("-- ddlgate:phase shrink change=x\nSELECT 1;", null)]
	f.span.line == 1
	f.message == "malformed ddlgate:phase directive: unknown phase \"shrink\" (want expand, backfill or contract): the migration belongs to no expand/contract change"
}

test_second_phase_directive if {
	[f] := [f | some f in _report("-- ddlgate:phase expand change=a\n-- ddlgate:phase expand change=b\nSELECT 1;", null)]
	f.span.line == 2
	contains(f.message, "phase already declared as expand change=a")
}
