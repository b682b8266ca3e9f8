package ddlgate.rules.security["ban-privileged-role_test"]

import data.ddlgate.rules.security["ban-privileged-role"] as rule

_report(sql) := r if {
	r := rule.report with input as ddlgate.parse_sql(sql, {})
}

test_superuser if {
	[f] := [f | some f in _report("CREATE ROLE app_admin LOGIN SUPERUSER;")]
	f.severity == "error"
	f.message == "CREATE ROLE app_admin gives it SUPERUSER: a leaked credential or an injection through this role controls the cluster"
	f.span.col == 1
}

test_every_attribute_named_once if {
	[f] := [f | some f in _report("ALTER ROLE app WITH SUPERUSER BYPASSRLS CREATEROLE;")]
	f.message == "ALTER ROLE app gives it SUPERUSER, BYPASSRLS, CREATEROLE: a leaked credential or an injection through this role controls the cluster"
}

test_users_too if {
	count(_report("CREATE USER ops CREATEROLE;")) == 1
}

test_removing_or_plain_attributes_pass if {
	count(_report("ALTER ROLE app NOSUPERUSER NOBYPASSRLS NOCREATEROLE;")) == 0
	count(_report("CREATE ROLE app_rw LOGIN CREATEDB;")) == 0
}
