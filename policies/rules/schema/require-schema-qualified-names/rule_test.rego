package ddlgate.rules.schema["require-schema-qualified-names_test"]

import data.ddlgate.rules.schema["require-schema-qualified-names"] as rule

_report(sql, opts) := r if {
	r := rule.report with input as ddlgate.parse_sql(sql, opts)
}

test_unqualified_table if {
	[f] := [f | some f in _report("ALTER TABLE orders ADD COLUMN note text;", {})]
	f.severity == "info"
	f.message == "orders is not schema-qualified: it resolves through search_path, which differs between sessions and roles"
	f.help == "Write public.orders"
}

test_default_schema_and_quoting_in_help if {
	[f] := [f | some f in _report(`CREATE TABLE "Orders" (id bigint);`, {"default_schema": "app"})]
	f.help == `Write app."Orders"`
}

test_one_finding_per_statement_and_name if {
	count(_report("ALTER TABLE orders ADD COLUMN a int, ADD COLUMN b int;", {})) == 1
}

test_qualified_names_pass if {
	count(_report("ALTER TABLE public.orders ADD COLUMN note text;", {})) == 0
	count(_report("CREATE INDEX i ON app.orders (a); SET lock_timeout = '1s';", {})) == 0
}
