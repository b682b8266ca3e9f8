package ddlgate.rules.compat["ban-drop-not-null_test"]

import data.ddlgate.rules.compat["ban-drop-not-null"] as rule

_report(sql) := r if {
	r := rule.report with input as ddlgate.parse_sql(sql, {})
}

test_drop_not_null if {
	[f] := [f | some f in _report("ALTER TABLE users ALTER COLUMN phone DROP NOT NULL;")]
	f.rule == "ban-drop-not-null"
	f.category == "compat"
	f.severity == "warning"
	f.message == "DROP NOT NULL on public.users.phone lets NULL into a column that deployed code reads as never NULL"
}

test_points_at_the_subcommand if {
	[f] := [f | some f in _report("ALTER TABLE app.\"Users\"\n  ALTER COLUMN \"Phone\" DROP NOT NULL;")]
	contains(f.message, "app.Users.Phone")
	f.span.line == 2
}

test_set_not_null_is_not_reported if {
	count(_report("ALTER TABLE users ALTER COLUMN phone SET NOT NULL;")) == 0
}

test_table_created_in_the_same_file_is_not_reported if {
	count(_report("CREATE TABLE users (id bigint PRIMARY KEY, phone text NOT NULL);\nALTER TABLE users ALTER COLUMN phone DROP NOT NULL;")) == 0
}

test_contract_phase_is_not_reported if {
	count(_report("-- ddlgate:phase contract change=optional-phone\nALTER TABLE users ALTER COLUMN phone DROP NOT NULL;")) == 0
}
