package ddlgate.rules.compat["ban-breaking-change-in-expand_test"]

import data.ddlgate.rules.compat["ban-breaking-change-in-expand"] as rule

_report(sql) := r if {
	r := rule.report with input as ddlgate.parse_sql(sql, {})
}

_expand := "-- ddlgate:phase expand change=orders-status-enum\n"

test_type_change_in_expand if {
	[f] := [f | some f in _report(concat("", [_expand, "ALTER TABLE orders ALTER COLUMN status TYPE order_status USING status::order_status;"]))]
	f.rule == "ban-breaking-change-in-expand"
	f.severity == "error"
	f.message == "ALTER COLUMN public.orders.status TYPE inside the expand phase of change orders-status-enum breaks code deployed before it: move it to the contract phase"
}

test_each_breaking_action if {
	sql := concat("\n", [
		_expand,
		"ALTER TABLE orders RENAME COLUMN status TO state;",
		"ALTER TABLE orders DROP COLUMN note;",
		"ALTER TABLE orders ALTER COLUMN total SET NOT NULL;",
		"ALTER TABLE legacy RENAME TO legacy_old;",
		"DROP TABLE archive;",
	])
	msgs := {f.message | some f in _report(sql)}
	count(msgs) == 5
	some m1 in msgs
	startswith(m1, "RENAME COLUMN public.orders.status inside")
	some m2 in msgs
	startswith(m2, "SET NOT NULL on public.orders.total inside")
	some m3 in msgs
	startswith(m3, "DROP TABLE public.archive inside")
}

test_backfill_is_judged_too if {
	[f] := [f | some f in _report("-- ddlgate:phase backfill change=c\nALTER TABLE orders DROP COLUMN note;")]
	contains(f.message, "inside the backfill phase of change c")
}

test_additive_expand_is_not_reported if {
	count(_report(concat("", [_expand, "CREATE TYPE order_status AS ENUM ('pending', 'paid');\nALTER TABLE orders ADD COLUMN status_v2 order_status;"]))) == 0
}

test_contract_is_not_judged if {
	count(_report("-- ddlgate:phase contract change=c\nALTER TABLE orders DROP COLUMN status;")) == 0
}

test_file_without_phase_is_not_judged if {
	count(_report("ALTER TABLE orders DROP COLUMN status;")) == 0
}

test_table_created_in_same_file_is_not_reported if {
	count(_report(concat("", [_expand, "CREATE TABLE t (a int);\nALTER TABLE t ALTER COLUMN a SET NOT NULL;"]))) == 0
}
