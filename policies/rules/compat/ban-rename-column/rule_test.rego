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

test_contract_phase_is_not_reported if {
	count(_report("-- ddlgate:phase contract change=rename-email\nALTER TABLE users RENAME COLUMN email TO email_address;")) == 0
}

test_rename_table_is_another_rule if {
	count(_report("ALTER TABLE users RENAME TO accounts;")) == 0
}
