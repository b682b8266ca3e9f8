package ddlgate.rules.compat["ban-rename-table_test"]

import data.ddlgate.rules.compat["ban-rename-table"] as rule

_report(sql, options) := r if {
	r := rule.report with input as ddlgate.parse_sql(sql, options)
}

_goose := {"runner": "goose", "transaction_mode": "wrapped"}

test_rename_table if {
	[f] := [f | some f in _report("ALTER TABLE users RENAME TO accounts;", {})]
	f.rule == "ban-rename-table"
	f.category == "compat"
	f.severity == "error"
	f.message == "RENAME TO accounts on public.users breaks deployed code that still uses users"
	f.help == "ALTER TABLE users RENAME TO accounts;\nCREATE VIEW users AS SELECT * FROM accounts; -- same transaction: old code keeps working through the view; drop it in a contract-phase migration"
}

test_help_keeps_schema_and_quoting if {
	[f] := [f | some f in _report(`ALTER TABLE IF EXISTS app."Users" RENAME TO "Accounts";`, {})]
	contains(f.message, "on app.Users")
	startswith(f.help, `ALTER TABLE app."Users" RENAME TO "Accounts";
CREATE VIEW app."Users" AS SELECT * FROM app."Accounts";`)
}

test_compatibility_view_in_the_same_transaction if {
	count(_report("ALTER TABLE users RENAME TO accounts;\nCREATE VIEW users AS SELECT * FROM accounts;", _goose)) == 0
}

test_compatibility_view_in_autocommit_leaves_a_gap if {
	count(_report("ALTER TABLE users RENAME TO accounts;\nCREATE VIEW users AS SELECT * FROM accounts;", {"runner": "psql", "transaction_mode": "none"})) == 1
}

test_other_renames_are_not_reported if {
	count(_report("ALTER TABLE users RENAME COLUMN a TO b;\nALTER INDEX idx_a RENAME TO idx_b;\nALTER VIEW v RENAME TO w;", {})) == 0
}

test_table_created_in_the_same_file_is_not_reported if {
	count(_report("CREATE TABLE users_new (id bigint PRIMARY KEY);\nALTER TABLE users_new RENAME TO users2;", {})) == 0
}

test_contract_of_a_table_its_change_expanded_is_not_reported if {
	count(_report_with_history("-- ddlgate:phase contract change=c\nALTER TABLE users RENAME TO accounts;", _expand_of(["public.users"]))) == 0
}

test_contract_without_expand_is_reported if {
	count(_report_with_history("-- ddlgate:phase contract change=c\nALTER TABLE users RENAME TO accounts;", {"change": "c", "phase": "contract", "live": false, "earlier": [], "tables": [], "columns": []})) == 1
}

test_contract_without_ledger_is_reported if {
	count(_report_with_history("-- ddlgate:phase contract change=c\nALTER TABLE users RENAME TO accounts;", null)) == 1
}

test_contract_of_a_table_its_change_never_touched_is_reported if {
	count(_report_with_history("-- ddlgate:phase contract change=c\nALTER TABLE users RENAME TO accounts;", _expand_of(["public.orders"]))) == 1
}

test_schema_qualified_table_matches_the_ledger if {
	count(_report_with_history("-- ddlgate:phase contract change=c\nALTER TABLE public.users RENAME TO accounts;", _expand_of(["public.users"]))) == 0
}

_report_with_history(sql, history) := r if {
	r := rule.report with input as object.union(ddlgate.parse_sql(sql, {}), {"history": history})
}

_expand_of(tables) := {"change": "c", "phase": "contract", "live": false, "earlier": [{"phase": "expand", "file": "1_expand.sql", "version": "1"}], "tables": tables, "columns": []}

