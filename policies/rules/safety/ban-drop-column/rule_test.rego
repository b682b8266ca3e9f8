package ddlgate.rules.safety["ban-drop-column_test"]

import data.ddlgate.rules.safety["ban-drop-column"] as rule

_report(sql) := r if {
	r := rule.report with input as ddlgate.parse_sql(sql, {})
}

test_drop_column_of_existing_table if {
	[f] := [f | some f in _report("ALTER TABLE users DROP COLUMN nickname;")]
	f.rule == "ban-drop-column"
	f.severity == "error"
	f.message == "DROP COLUMN nickname deletes public.users.nickname and its data: deployed code that still uses it fails"
}

test_each_dropped_column if {
	count(_report("ALTER TABLE users DROP COLUMN nickname, DROP COLUMN IF EXISTS avatar;")) == 2
}

test_table_created_in_same_file_is_not_reported if {
	count(_report("CREATE TABLE users (id bigint PRIMARY KEY, nickname text);\nALTER TABLE users DROP COLUMN nickname;")) == 0
}

test_contract_of_a_table_its_change_expanded_is_not_reported if {
	count(_report_with_history("-- ddlgate:phase contract change=c\nALTER TABLE users DROP COLUMN nickname;", _expand_of(["public.users"]))) == 0
}

test_contract_without_expand_is_reported if {
	count(_report_with_history("-- ddlgate:phase contract change=c\nALTER TABLE users DROP COLUMN nickname;", {"change": "c", "phase": "contract", "live": false, "earlier": [], "tables": [], "columns": []})) == 1
}

test_contract_without_ledger_is_reported if {
	count(_report_with_history("-- ddlgate:phase contract change=c\nALTER TABLE users DROP COLUMN nickname;", null)) == 1
}

test_contract_of_a_table_its_change_never_touched_is_reported if {
	count(_report_with_history("-- ddlgate:phase contract change=c\nALTER TABLE users DROP COLUMN nickname;", _expand_of(["public.orders"]))) == 1
}

test_schema_qualified_table_matches_the_ledger if {
	count(_report_with_history("-- ddlgate:phase contract change=c\nALTER TABLE public.users DROP COLUMN nickname;", _expand_of(["public.users"]))) == 0
}

_report_with_history(sql, history) := r if {
	r := rule.report with input as object.union(ddlgate.parse_sql(sql, {}), {"history": history})
}

_expand_of(tables) := {"change": "c", "phase": "contract", "live": false, "earlier": [{"phase": "expand", "file": "1_expand.sql", "version": "1"}], "tables": tables, "columns": []}


test_help_is_the_plan_for_this_drop if {
	[f] := [f | some f in _report("ALTER TABLE users DROP COLUMN nickname;")]
	f.help == "-- ddlgate:phase expand change=drop-users-nickname\n-- Once the column accepts NULL, code may stop writing it.\nSET lock_timeout = '2s';\nALTER TABLE users ALTER COLUMN nickname DROP NOT NULL;\n\n-- ddlgate:phase contract change=drop-users-nickname\n-- Ship once no deployed code reads or writes the column.\nSET lock_timeout = '2s';\nALTER TABLE users DROP COLUMN nickname;"
}
