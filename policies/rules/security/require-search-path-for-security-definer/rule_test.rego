package ddlgate.rules.security["require-search-path-for-security-definer_test"]

import data.ddlgate.rules.security["require-search-path-for-security-definer"] as rule

_report(sql) := r if {
	r := rule.report with input as ddlgate.parse_sql(sql, {})
}

test_security_definer_without_search_path if {
	[f] := [f | some f in _report("CREATE FUNCTION app.touch() RETURNS void LANGUAGE sql SECURITY DEFINER AS $$ UPDATE accounts SET seen_at = now() $$;")]
	f.rule == "require-search-path-for-security-definer"
	f.category == "security"
	f.severity == "error"
	f.message == "SECURITY DEFINER function app.touch does not set search_path: a caller can shadow the objects it uses and run code with its owner's privileges"
	f.help == "ALTER FUNCTION app.touch SET search_path = pg_catalog, app, pg_temp; -- or add the SET clause to CREATE FUNCTION"
}

test_procedures if {
	[f] := [f | some f in _report("CREATE PROCEDURE p() LANGUAGE sql SECURITY DEFINER AS $$ DELETE FROM t $$;")]
	f.message == "SECURITY DEFINER procedure public.p does not set search_path: a caller can shadow the objects it uses and run code with its owner's privileges"
}

test_pinned_search_path_passes if {
	count(_report("CREATE FUNCTION f() RETURNS void LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS 'SELECT 1';")) == 0
	count(_report("CREATE FUNCTION f() RETURNS void LANGUAGE sql SECURITY DEFINER SET search_path TO '' AS 'SELECT 1';")) == 0
}

test_security_invoker_passes if {
	count(_report("CREATE FUNCTION f() RETURNS void LANGUAGE sql AS 'SELECT 1';")) == 0
	count(_report("CREATE FUNCTION f() RETURNS void LANGUAGE sql SECURITY INVOKER AS 'SELECT 1';")) == 0
}

test_other_settings_do_not_count if {
	count(_report("CREATE FUNCTION f() RETURNS void LANGUAGE sql SECURITY DEFINER SET work_mem = '64MB' AS 'SELECT 1';")) == 1
}

test_search_path_pinned_later_by_alter_function if {
	count(_report("CREATE FUNCTION app.f() RETURNS void LANGUAGE sql SECURITY DEFINER AS 'SELECT 1';\nALTER FUNCTION app.f() SET search_path = pg_catalog, pg_temp;")) == 0
	count(_report("CREATE FUNCTION app.f() RETURNS void LANGUAGE sql SECURITY DEFINER AS 'SELECT 1';\nALTER FUNCTION other.f() SET search_path = pg_catalog, pg_temp;")) == 1
}

test_alter_function_security_definer_of_a_function_of_this_file if {
	[f] := [f | some f in _report("CREATE FUNCTION f() RETURNS void LANGUAGE sql AS 'SELECT 1';\nALTER FUNCTION f() SECURITY DEFINER;")]
	f.span.line == 2
	count(_report("CREATE FUNCTION f() RETURNS void LANGUAGE sql SET search_path = pg_catalog AS 'SELECT 1';\nALTER FUNCTION f() SECURITY DEFINER;")) == 0
	count(_report("CREATE FUNCTION f() RETURNS void LANGUAGE sql AS 'SELECT 1';\nALTER FUNCTION f() SECURITY DEFINER SET search_path = pg_catalog;")) == 0
}

# A function from an earlier migration may already pin its search_path.
test_alter_function_of_an_unknown_function_is_not_judged if {
	count(_report("ALTER FUNCTION app.f() SECURITY DEFINER;")) == 0
}
