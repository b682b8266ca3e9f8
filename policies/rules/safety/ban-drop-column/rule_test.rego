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

test_contract_phase_is_not_reported if {
	count(_report("-- ddlgate:phase contract change=remove-nickname\nALTER TABLE users DROP COLUMN nickname;")) == 0
}
