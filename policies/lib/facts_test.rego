package ddlgate.lib.facts_test

import data.ddlgate.lib.facts

test_existing_relation if {
	facts.existing({"schema": "public", "name": "t", "exists_before": true, "created_in_file": false})
	not facts.existing({"schema": "public", "name": "t", "exists_before": false, "created_in_file": true})
	# Created by an earlier migration of the run ddlgate apply judges.
	not facts.existing({"schema": "public", "name": "t", "exists_before": false, "created_in_file": false})
	not facts.existing(null)
}

test_qualified_name if {
	facts.qualified_name({"schema": "public", "name": "users"}) == "public.users"
	facts.qualified_name({"schema": "", "name": "users"}) == "users"
}

# key keeps an empty schema, so it is never confused with a bare name.
test_key if {
	facts.key({"schema": "public", "name": "users"}) == "public.users"
	facts.key({"schema": "", "name": "users"}) == ".users"
}

test_key_is_the_catalog_key if {
	f := ddlgate.parse_sql("ALTER TABLE app.users ADD COLUMN age int;", {"history": ["CREATE SCHEMA app; CREATE TABLE app.users (id bigint PRIMARY KEY);"]})
	some x in f.actions_by_type.add_column
	f.catalog.tables[facts.key(x.action.table)]
}

test_pg_at_least if {
	facts.pg_at_least(12) with input.target.pg_version as 16
	not facts.pg_at_least(12) with input.target.pg_version as 11
}

test_in_transaction if {
	facts.in_transaction({"transaction": {"in_transaction": true}})
	not facts.in_transaction({"transaction": {"in_transaction": false}})
}

test_lock_is_the_parser_mode if {
	f := ddlgate.parse_sql("CREATE INDEX users_email_idx ON users (email);", {})
	some x in f.actions_by_type.create_index
	facts.lock(x.action) == "SHARE"
}

# An action the parser knows no mode for (no table) is assumed to take the
# strongest lock, or the mode the caller names.
test_lock_defaults_when_unknown if {
	facts.lock({"lock": ""}) == "ACCESS EXCLUSIVE"
	facts.lock_or({"lock": ""}, "SHARE") == "SHARE"
	facts.lock_or({"lock": "EXCLUSIVE"}, "SHARE") == "EXCLUSIVE"
}

test_column_types_of_each_action if {
	f := ddlgate.parse_sql(concat("\n", [
		"CREATE TABLE t (a int, b text[]);",
		"ALTER TABLE u ADD COLUMN c json;",
		"ALTER TABLE u ALTER COLUMN d TYPE varchar(10);",
	]), {})
	cols := [[c.name, c.type.name] |
		some x in f.statements[_].actions
		some c in facts.column_types(x)
	]
	cols == [["a", "int4"], ["b", "text"], ["c", "json"], ["d", "varchar"]]
}

test_column_types_point_at_the_column if {
	f := ddlgate.parse_sql("CREATE TABLE t (\n  a int\n);", {})
	some x in f.actions_by_type.create_table
	some c in facts.column_types(x.action)
	c.span.line == 2
}

test_column_definitions if {
	f := ddlgate.parse_sql("CREATE TABLE t (id serial PRIMARY KEY);\nALTER TABLE u ADD COLUMN n bigserial;", {})
	defs := [c.serial |
		some x in f.statements[_].actions
		some c in facts.column_definitions(x)
	]
	defs == ["serial", "bigserial"]
}

test_column_definitions_skip_other_actions if {
	count([c | some c in facts.column_definitions({"type": "alter_column_type"})]) == 0
}

test_file_span_is_the_first_statement if {
	f := ddlgate.parse_sql("-- a comment\n\nDROP TABLE users;", {})
	facts.file_span.line == 3 with input as f
}

test_file_span_without_statements_is_line_one if {
	f := ddlgate.parse_sql("-- nothing but a comment\n", {})
	facts.file_span == {"start": 0, "end": 0, "line": 1, "col": 1, "end_line": 1, "end_col": 1} with input as f
}

test_type_created_earlier_in_transaction if {
	f := ddlgate.parse_sql("BEGIN;\nCREATE TYPE mood AS ENUM ('sad');\nALTER TYPE mood ADD VALUE 'happy';\nCOMMIT;", {})
	some x in f.actions_by_type.add_enum_value
	facts.type_created_earlier_in_transaction(x.statement, x.action.enum_type) with input as f
}

test_type_created_in_another_transaction if {
	f := ddlgate.parse_sql("CREATE TYPE mood AS ENUM ('sad');\nCOMMIT;\nBEGIN;\nALTER TYPE mood ADD VALUE 'happy';\nCOMMIT;", {"runner": "psql"})
	some x in f.actions_by_type.add_enum_value
	not facts.type_created_earlier_in_transaction(x.statement, x.action.enum_type) with input as f
}

test_locks_text if {
	facts.locks_text({"locks": [
		{"mode": "SHARE ROW EXCLUSIVE", "relation": {"schema": "public", "name": "orders"}},
		{"mode": "SHARE ROW EXCLUSIVE", "relation": {"schema": "", "name": "users"}},
	]}) == "SHARE ROW EXCLUSIVE on public.orders, SHARE ROW EXCLUSIVE on users"
}

test_same_transaction_as_add if {
	f := ddlgate.parse_sql("ALTER TABLE orders ADD CONSTRAINT c CHECK (n > 0) NOT VALID;\nALTER TABLE orders VALIDATE CONSTRAINT c;", {"runner": "goose"})
	some x in f.actions_by_type.validate_constraint
	added := facts.same_transaction_as_add(x.statement, x.action) with input as f
	added.index == 0
}

test_validated_with_add if {
	f := ddlgate.parse_sql("ALTER TABLE orders ADD CONSTRAINT c CHECK (n > 0) NOT VALID;\nALTER TABLE orders VALIDATE CONSTRAINT c;", {"runner": "goose"})
	some x in f.actions_by_type.validate_constraint
	added := facts.same_transaction_as_add(x.statement, x.action) with input as f
	facts.validated_with_add(x.action, added) == "VALIDATE CONSTRAINT c runs in the transaction of its ADD ... NOT VALID at line 1, which holds ACCESS EXCLUSIVE on public.orders through the validation scan: NOT VALID bought nothing"
}

test_separate_transaction_per_runner if {
	stmt := {"transaction": {"explicit": false}}
	startswith(facts.separate_transaction(stmt), "drizzle-kit migrate") with input.file as {"runner": "drizzle", "transaction_mode": "wrapped"}
	startswith(facts.separate_transaction(stmt), "goose runs each file") with input.file as {"runner": "goose", "transaction_mode": "wrapped"}
	startswith(facts.separate_transaction(stmt), "ddlgate apply runs each file") with input.file as {"runner": "", "transaction_mode": "wrapped"}
	startswith(facts.separate_transaction(stmt), "The file is sent as one multi-statement query") with input.file as {"runner": "prisma", "transaction_mode": "implicit"}
	startswith(facts.separate_transaction({"transaction": {"explicit": true}}), "COMMIT after")
}
