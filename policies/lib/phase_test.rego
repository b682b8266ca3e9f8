package ddlgate.lib.phase_test

import data.ddlgate.lib.phase

_history := {
	"change": "drop-nickname",
	"phase": "contract",
	"earlier": [{"phase": "expand", "file": "1_expand.sql"}],
	"tables": ["public.users"],
}

test_contract_reads_the_directive if {
	f := ddlgate.parse_sql("-- ddlgate:phase contract change=drop-nickname\nALTER TABLE users DROP COLUMN nickname;", {})
	phase.contract with input as f
	phase.tracked with input as f
}

test_untracked_file if {
	f := ddlgate.parse_sql("ALTER TABLE users DROP COLUMN nickname;", {})
	not phase.contract with input as f
	not phase.tracked with input as f
}

test_covers_a_table_of_the_change if {
	f := ddlgate.parse_sql("-- ddlgate:phase contract change=drop-nickname\nALTER TABLE users DROP COLUMN nickname;", {"phase_history": _history})
	phase.expand_exists with input as f
	phase.covers({"schema": "public", "name": "users"}) with input as f
	not phase.covers({"schema": "public", "name": "orders"}) with input as f
}

# A contract whose change never had an expand covers nothing.
test_covers_nothing_without_expand if {
	history := object.union(_history, {"earlier": []})
	f := ddlgate.parse_sql("-- ddlgate:phase contract change=drop-nickname\nALTER TABLE users DROP COLUMN nickname;", {"phase_history": history})
	not phase.covers({"schema": "public", "name": "users"}) with input as f
}

# An unqualified relation resolves in the target's default schema.
test_covers_unqualified_names_in_the_default_schema if {
	f := ddlgate.parse_sql("-- ddlgate:phase contract change=drop-nickname\nALTER TABLE users DROP COLUMN nickname;", {"phase_history": _history})
	phase.covers({"schema": "", "name": "users"}) with input as f
}

test_span_is_the_first_statement if {
	f := ddlgate.parse_sql("-- ddlgate:phase expand change=c\n\nALTER TABLE users ADD COLUMN n text;", {})
	phase.span.line == 3 with input as f
}

test_span_without_statements_is_the_directive if {
	f := ddlgate.parse_sql("\n-- ddlgate:phase expand change=c\n", {})
	phase.span.line == 2 with input as f
}

test_change_id if {
	phase.change_id("rename", {"schema": "public", "name": "Users"}, "e-mail") == "rename-users-e-mail"
}

test_column_type_from_the_history if {
	f := ddlgate.parse_sql("ALTER TABLE users RENAME COLUMN nick TO nickname;", {"history": ["CREATE TABLE users (id bigint PRIMARY KEY, nick varchar(40));"]})
	phase.column_type({"schema": "public", "name": "users"}, "nick") == "varchar(40)" with input as f
	phase.column_type({"schema": "public", "name": "users"}, "missing") == "<type>" with input as f
}
