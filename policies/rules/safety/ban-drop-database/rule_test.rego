package ddlgate.rules.safety["ban-drop-database_test"]

import data.ddlgate.rules.safety["ban-drop-database"] as rule

_report(sql) := r if {
	r := rule.report with input as ddlgate.parse_sql(sql, {})
}

test_drop_database if {
	[f] := [f | some f in _report("DROP DATABASE analytics;")]
	f.rule == "ban-drop-database"
	f.severity == "error"
	f.message == "DROP DATABASE analytics deletes the whole database and all its data: a migration must never do this"
}

test_if_exists_and_force_are_reported if {
	count(_report("DROP DATABASE IF EXISTS \"Analytics\" WITH (FORCE);")) == 1
}

test_other_drops_are_not_reported if {
	count(_report("DROP TABLE scratch;\nDROP SCHEMA scratch;\nDROP ROLE analytics;")) == 0
}
