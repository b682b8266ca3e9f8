package ddlgate.rules.security["ban-grant-all_test"]

import data.ddlgate.rules.security["ban-grant-all"] as rule

_report(sql) := r if {
	r := rule.report with input as ddlgate.parse_sql(sql, {})
}

test_grant_all_on_table if {
	[f] := [f | some f in _report("GRANT ALL PRIVILEGES ON app.orders TO app_rw;")]
	f.severity == "warning"
	f.message == "GRANT ALL ON table app.orders to app_rw grants every privilege of the table, including TRUNCATE, REFERENCES and TRIGGER"
	f.help == "GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE app.orders TO app_rw;"
}

test_schemas_and_all_in_schema if {
	[f] := [f | some f in _report("GRANT ALL ON SCHEMA app TO app_rw;")]
	f.help == "GRANT USAGE ON SCHEMA app TO app_rw;"
	[g] := [g | some g in _report("GRANT ALL ON ALL TABLES IN SCHEMA app TO app_rw;")]
	g.help == "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA app TO app_rw;"
}

test_named_privileges_and_revoke_pass if {
	count(_report("GRANT SELECT, UPDATE ON app.orders TO app_rw;")) == 0
	count(_report("REVOKE ALL ON app.orders FROM PUBLIC;")) == 0
}
