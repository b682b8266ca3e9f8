package ddlgate.rules.security["ban-hardcoded-password_test"]

import data.ddlgate.rules.security["ban-hardcoded-password"] as rule

_report(sql) := r if {
	r := rule.report with input as ddlgate.parse_sql(sql, {})
}

test_create_role_with_password if {
	[f] := [f | some f in _report("CREATE ROLE app_user LOGIN PASSWORD 'hunter2';")]
	f.severity == "error"
	f.message == "CREATE ROLE app_user sets a literal password: it ends up in version control, CI logs and the server log"
	f.help == "CREATE ROLE app_user ...; -- without PASSWORD, then set it outside migrations: \\password app_user"

	# The finding points at the PASSWORD clause.
	f.span.col == 28
}

test_alter_and_users_and_hashes if {
	count(_report("ALTER ROLE app_user PASSWORD 'x';")) == 1
	count(_report("CREATE USER bot WITH ENCRYPTED PASSWORD 'SCRAM-SHA-256$4096:abc';")) == 1
	count(_report("ALTER USER bot WITH PASSWORD 'x' VALID UNTIL '2030-01-01';")) == 1
}

test_roles_without_password_pass if {
	count(_report("CREATE ROLE app_user LOGIN;")) == 0
	count(_report("CREATE ROLE app_user LOGIN PASSWORD NULL;")) == 0
	count(_report("ALTER ROLE app_user SET statement_timeout = '5s';")) == 0
}
