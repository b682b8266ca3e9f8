package ddlgate.rules.security["ban-disable-row-level-security_test"]

import data.ddlgate.rules.security["ban-disable-row-level-security"] as rule

_report(sql) := r if {
	r := rule.report with input as ddlgate.parse_sql(sql, {})
}

test_disable_rls if {
	[f] := [f | some f in _report("ALTER TABLE app.tickets DISABLE ROW LEVEL SECURITY;")]
	f.severity == "error"
	f.message == "DISABLE ROW LEVEL SECURITY on app.tickets: every row-level security policy of the table stops applying"
}

test_no_force_rls if {
	[f] := [f | some f in _report("ALTER TABLE tickets NO FORCE ROW LEVEL SECURITY;")]
	f.message == "NO FORCE ROW LEVEL SECURITY on public.tickets: the table's owner bypasses its row-level security policies again"
}

test_enabling_passes if {
	count(_report("ALTER TABLE tickets ENABLE ROW LEVEL SECURITY;")) == 0
	count(_report("ALTER TABLE tickets FORCE ROW LEVEL SECURITY;")) == 0
}
