package ddlgate.rules.safety["require-default-for-not-null-column_test"]

import data.ddlgate.rules.safety["require-default-for-not-null-column"] as rule

_report(sql) := r if {
	r := rule.report with input as ddlgate.parse_sql(sql, {})
}

test_not_null_without_default_on_existing_table if {
	[f] := [f | some f in _report("ALTER TABLE users ADD COLUMN status text NOT NULL;")]
	f.rule == "require-default-for-not-null-column"
	f.category == "safety"
	f.severity == "error"
	f.message == "ADD COLUMN status NOT NULL without a DEFAULT fails if public.users has any rows"
	startswith(f.help, "ALTER TABLE users ADD COLUMN status text NOT NULL DEFAULT <value>;")
}

test_primary_key_column_is_not_null if {
	count(_report("ALTER TABLE users ADD COLUMN code text PRIMARY KEY;")) == 1
}

test_default_is_not_reported if {
	count(_report("ALTER TABLE users ADD COLUMN status text NOT NULL DEFAULT 'active';")) == 0
}

test_nullable_is_not_reported if {
	count(_report("ALTER TABLE users ADD COLUMN status text;")) == 0
}

test_computed_columns_are_not_reported if {
	count(_report("ALTER TABLE users ADD COLUMN n bigint NOT NULL GENERATED ALWAYS AS IDENTITY;")) == 0
	count(_report("ALTER TABLE users ADD COLUMN total numeric NOT NULL GENERATED ALWAYS AS (price * qty) STORED;")) == 0
	count(_report("ALTER TABLE users ADD COLUMN seq bigserial NOT NULL;")) == 0
}

test_table_created_in_same_file_is_not_reported if {
	count(_report("CREATE TABLE users (id bigint PRIMARY KEY);\nALTER TABLE users ADD COLUMN status text NOT NULL;")) == 0
}
