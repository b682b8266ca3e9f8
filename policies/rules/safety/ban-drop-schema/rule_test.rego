package ddlgate.rules.safety["ban-drop-schema_test"]

import data.ddlgate.rules.safety["ban-drop-schema"] as rule

_report(sql) := r if {
	r := rule.report with input as ddlgate.parse_sql(sql, {})
}

test_drop_schema_cascade if {
	[f] := [f | some f in _report("DROP SCHEMA legacy CASCADE;")]
	f.rule == "ban-drop-schema"
	f.severity == "error"
	f.message == "DROP SCHEMA legacy deletes the schema and every table, view and function in it, with their data: deployed code that still uses it fails"
}

test_each_schema_is_reported if {
	{f.message | some f in _report(`DROP SCHEMA IF EXISTS legacy, "Old";`)} == {
		"DROP SCHEMA legacy deletes the schema: deployed code that still uses it fails",
		"DROP SCHEMA Old deletes the schema: deployed code that still uses it fails",
	}
}

test_schema_created_in_the_same_file_is_not_reported if {
	count(_report("CREATE SCHEMA scratch;\nDROP SCHEMA scratch CASCADE;")) == 0
}

test_quoted_name_is_another_schema if {
	count(_report("CREATE SCHEMA \"Scratch\";\nDROP SCHEMA scratch;")) == 1
}

test_contract_phase_is_not_reported if {
	count(_report("-- ddlgate:phase contract change=remove-legacy\nDROP SCHEMA legacy;")) == 0
}
