package ddlgate.rules.safety["ban-drop-table_test"]

import data.ddlgate.rules.safety["ban-drop-table"] as rule

_report(sql) := r if {
	r := rule.report with input as ddlgate.parse_sql(sql, {})
}

test_drop_existing_table if {
	[f] := [f | some f in _report("DROP TABLE legacy_orders;")]
	f.rule == "ban-drop-table"
	f.category == "safety"
	f.severity == "error"
	f.message == "DROP TABLE public.legacy_orders deletes the table and all its rows: deployed code that still uses it fails"
}

test_each_table_of_a_multi_drop if {
	count(_report("DROP TABLE IF EXISTS legacy_orders, audit.legacy_events CASCADE;")) == 2
}

test_table_created_in_same_file_is_not_reported if {
	count(_report("CREATE TABLE scratch (id int);\nDROP TABLE scratch;")) == 0
	count(_report(`CREATE TABLE "public"."scratch" (id int);
DROP TABLE scratch;`)) == 0
}

test_quoted_name_is_another_table if {
	count(_report(`CREATE TABLE "Scratch" (id int);
DROP TABLE scratch;`)) == 1
}

test_contract_of_a_table_its_change_expanded_is_not_reported if {
	count(_report_with_history("-- ddlgate:phase contract change=c\nDROP TABLE legacy_orders;", _expand_of(["public.legacy_orders"]))) == 0
}

test_contract_without_expand_is_reported if {
	count(_report_with_history("-- ddlgate:phase contract change=c\nDROP TABLE legacy_orders;", {"change": "c", "phase": "contract", "live": false, "earlier": [], "tables": [], "columns": []})) == 1
}

test_contract_without_ledger_is_reported if {
	count(_report_with_history("-- ddlgate:phase contract change=c\nDROP TABLE legacy_orders;", null)) == 1
}

test_contract_of_a_table_its_change_never_touched_is_reported if {
	count(_report_with_history("-- ddlgate:phase contract change=c\nDROP TABLE legacy_orders;", _expand_of(["public.orders"]))) == 1
}

test_schema_qualified_table_matches_the_ledger if {
	count(_report_with_history("-- ddlgate:phase contract change=c\nDROP TABLE public.legacy_orders;", _expand_of(["public.legacy_orders"]))) == 0
}

_report_with_history(sql, history) := r if {
	r := rule.report with input as object.union(ddlgate.parse_sql(sql, {}), {"history": history})
}

_expand_of(tables) := {"change": "c", "phase": "contract", "live": false, "earlier": [{"phase": "expand", "file": "1_expand.sql", "version": "1"}], "tables": tables, "columns": []}


test_expand_phase_is_reported if {
	count(_report("-- ddlgate:phase expand change=remove-legacy-orders\nDROP TABLE legacy_orders;")) == 1
}

test_drop_view_is_not_a_table if {
	count(_report("DROP VIEW legacy_orders_view;")) == 0
}
