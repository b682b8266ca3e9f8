package ddlgate.rules.schema["prefer-text-over-varchar_test"]

import data.ddlgate.rules.schema["prefer-text-over-varchar"] as rule

_report(sql) := r if {
	r := rule.report with input as ddlgate.parse_sql(sql, {})
}

test_varchar_with_length if {
	[f] := [f | some f in _report("CREATE TABLE users (id bigint PRIMARY KEY, email varchar(255) NOT NULL);")]
	f.severity == "info"
	f.message == "column public.users.email is varchar(255): the limit is a length check in disguise, and changing it later means ALTER COLUMN TYPE"
	f.help == "email text CHECK (length(email) <= 255)"
}

test_character_varying_spelling_and_add_column if {
	count(_report("ALTER TABLE users ADD COLUMN name character varying(80);")) == 1
	count(_report("ALTER TABLE users ALTER COLUMN name TYPE varchar(120);")) == 1
}

test_text_and_unbounded_varchar_pass if {
	count(_report("CREATE TABLE users (a text, b varchar, c char(2));")) == 0
}
