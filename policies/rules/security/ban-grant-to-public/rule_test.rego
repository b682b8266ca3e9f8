package ddlgate.rules.security["ban-grant-to-public_test"]

import data.ddlgate.rules.security["ban-grant-to-public"] as rule

_report(sql) := r if {
	r := rule.report with input as ddlgate.parse_sql(sql, {})
}

test_grant_to_public if {
	[f] := [f | some f in _report("GRANT SELECT ON app.orders TO PUBLIC;")]
	f.severity == "warning"
	f.message == "GRANT SELECT ON table app.orders TO PUBLIC gives it to every role of the cluster, including roles created later"
	f.help == "GRANT SELECT ON TABLE app.orders TO <role>;"
}

test_public_among_grantees_and_other_objects if {
	count(_report("GRANT USAGE ON SCHEMA app TO reporting, public;")) == 1
	count(_report("GRANT EXECUTE ON FUNCTION app.f(int) TO PUBLIC;")) == 1
	count(_report("GRANT SELECT ON ALL TABLES IN SCHEMA app TO PUBLIC;")) == 1
	[f] := [f | some f in _report("ALTER DEFAULT PRIVILEGES IN SCHEMA app GRANT SELECT ON TABLES TO PUBLIC;")]
	f.message == "GRANT SELECT ON future tables TO PUBLIC gives it to every role of the cluster, including roles created later"
}

test_revoke_and_named_roles_pass if {
	count(_report("REVOKE ALL ON SCHEMA public FROM PUBLIC;")) == 0
	count(_report("GRANT SELECT ON app.orders TO reporting;")) == 0
	count(_report(`GRANT SELECT ON app.orders TO "PUBLIC_READERS";`)) == 0
}
