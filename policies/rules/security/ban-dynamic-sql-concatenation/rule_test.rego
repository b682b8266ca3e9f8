package ddlgate.rules.security["ban-dynamic-sql-concatenation_test"]

import data.ddlgate.rules.security["ban-dynamic-sql-concatenation"] as rule

_report(sql) := r if {
	r := rule.report with input as ddlgate.parse_sql(sql, {})
}

test_concatenated_execute if {
	[f] := [f | some f in _report("CREATE FUNCTION app.purge(tbl text) RETURNS void LANGUAGE plpgsql AS $$\nBEGIN\n  EXECUTE 'TRUNCATE ' || tbl;\nEND $$;")]
	f.severity == "error"
	f.message == "EXECUTE in function app.purge builds SQL from tbl without quoting: a crafted value runs arbitrary SQL"
	f.span.line == 3
	f.span.col == 3
}

test_query_built_in_a_variable if {
	[f] := [f | some f in _report("CREATE FUNCTION f(t text) RETURNS void LANGUAGE plpgsql AS $$DECLARE q text; BEGIN q := 'DROP TABLE ' || t; EXECUTE q; END $$;")]
	f.message == "EXECUTE in function public.f builds SQL from t without quoting (concatenated into q): a crafted value runs arbitrary SQL"
}

test_do_block_and_format_s if {
	[f] := [f | some f in _report("DO $$BEGIN EXECUTE format('ALTER ROLE %s LOGIN', current_setting('app.role')); END $$;")]
	f.message == "EXECUTE in DO block builds SQL from current_setting(...) without quoting: a crafted value runs arbitrary SQL"
}

test_quoted_values_pass if {
	count(_report("CREATE FUNCTION f(t text, v text) RETURNS void LANGUAGE plpgsql AS $$BEGIN EXECUTE format('DELETE FROM %I WHERE k = %L', t, v); END $$;")) == 0
	count(_report("CREATE FUNCTION f(t text) RETURNS void LANGUAGE plpgsql AS $$BEGIN EXECUTE 'TRUNCATE ' || quote_ident(t); END $$;")) == 0
	count(_report("CREATE FUNCTION f(v text) RETURNS void LANGUAGE plpgsql AS $$BEGIN EXECUTE 'DELETE FROM t WHERE k = $1' USING v; END $$;")) == 0
}

test_numeric_values_and_regclass_pass if {
	count(_report("CREATE FUNCTION f(t text, n int) RETURNS void LANGUAGE plpgsql AS $$BEGIN EXECUTE 'DELETE FROM ' || t::regclass || ' WHERE id = ' || n; END $$;")) == 0
}

test_other_languages_are_not_read if {
	count(_report("CREATE FUNCTION f(t text) RETURNS text LANGUAGE sql AS $$ SELECT 'EXECUTE ' || t $$;")) == 0
}
