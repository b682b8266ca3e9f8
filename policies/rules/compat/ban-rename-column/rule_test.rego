package ddlgate.rules.compat["ban-rename-column_test"]

import data.ddlgate.rules.compat["ban-rename-column"] as rule

_report(sql) := r if {
	r := rule.report with input as ddlgate.parse_sql(sql, {})
}

test_rename_column_of_existing_table if {
	[f] := [f | some f in _report("ALTER TABLE users RENAME COLUMN email TO email_address;")]
	f.rule == "ban-rename-column"
	f.category == "compat"
	f.severity == "error"
	f.message == "RENAME COLUMN email TO email_address on public.users breaks deployed code that still uses email"
}

test_table_created_in_same_file_is_not_reported if {
	count(_report("CREATE TABLE users (id bigint PRIMARY KEY, email text);\nALTER TABLE users RENAME COLUMN email TO email_address;")) == 0
}

test_contract_of_a_table_its_change_expanded_is_not_reported if {
	count(_report_with_history("-- ddlgate:phase contract change=c\nALTER TABLE users RENAME COLUMN email TO email_address;", _expand_of(["public.users"]))) == 0
}

test_contract_without_expand_is_reported if {
	count(_report_with_history("-- ddlgate:phase contract change=c\nALTER TABLE users RENAME COLUMN email TO email_address;", {"change": "c", "phase": "contract", "live": false, "earlier": [], "tables": [], "columns": []})) == 1
}

test_contract_without_ledger_is_reported if {
	count(_report_with_history("-- ddlgate:phase contract change=c\nALTER TABLE users RENAME COLUMN email TO email_address;", null)) == 1
}

test_contract_of_a_table_its_change_never_touched_is_reported if {
	count(_report_with_history("-- ddlgate:phase contract change=c\nALTER TABLE users RENAME COLUMN email TO email_address;", _expand_of(["public.orders"]))) == 1
}

test_schema_qualified_table_matches_the_ledger if {
	count(_report_with_history("-- ddlgate:phase contract change=c\nALTER TABLE public.users RENAME COLUMN email TO email_address;", _expand_of(["public.users"]))) == 0
}

_report_with_history(sql, history) := r if {
	r := rule.report with input as object.union(ddlgate.parse_sql(sql, {}), {"history": history})
}

_expand_of(tables) := {"change": "c", "phase": "contract", "live": false, "earlier": [{"phase": "expand", "file": "1_expand.sql", "version": "1"}], "tables": tables, "columns": []}


test_rename_table_is_another_rule if {
	count(_report("ALTER TABLE users RENAME TO accounts;")) == 0
}

test_help_is_the_plan_for_this_rename if {
	r := rule.report with input as ddlgate.parse_sql("ALTER TABLE users RENAME COLUMN email TO email_address;", {"history": ["CREATE TABLE users (id bigint PRIMARY KEY, email varchar(255));"]})
	[f] := [f | some f in r]
	startswith(f.help, "-- ddlgate:phase expand change=rename-users-email\nSET lock_timeout = '2s';\nALTER TABLE users ADD COLUMN email_address varchar(255);\n")
	contains(f.help, "\n-- ddlgate:phase backfill change=rename-users-email\n")
	endswith(f.help, "\n-- ddlgate:phase contract change=rename-users-email\n-- Ship once every reader and writer uses email_address.\nSET lock_timeout = '2s';\nDROP TRIGGER users_email_dual_write ON users;\nDROP FUNCTION users_email_dual_write();\nALTER TABLE users DROP COLUMN email;")
}

test_unknown_type_is_a_placeholder if {
	[f] := [f | some f in _report("ALTER TABLE users RENAME COLUMN email TO email_address;")]
	contains(f.help, "ADD COLUMN email_address <type>;")
}

# The plan reaches `ddlgate phase plan` as data: one step per phase, and
# the new column's type, which only the history knows, as unresolved.
test_plan_is_data if {
	[f] := [f | some f in rule.report with input as ddlgate.parse_sql("ALTER TABLE users RENAME COLUMN email TO email_address;", {})]
	[s.phase | some s in f.plan.steps] == ["expand", "backfill", "contract"]
	f.plan.unresolved == ["the type of column public.users.email"]
	f.help == concat("\n\n", [s.sql | some s in f.plan.steps])
	[f2] := [f | some f in rule.report with input as ddlgate.parse_sql("ALTER TABLE users RENAME COLUMN email TO email_address;", {"history": ["CREATE TABLE users (id bigint PRIMARY KEY, email varchar(255));"]})]
	f2.plan.unresolved == []
	contains(f2.plan.steps[0].sql, "ADD COLUMN email_address varchar(255);")
}
