package ddlgate.rules.schema["prefer-bigint-over-int_test"]

import data.ddlgate.rules.schema["prefer-bigint-over-int"] as rule

_report(sql) := r if {
	r := rule.report with input as ddlgate.parse_sql(sql, {})
}

test_serial_primary_key if {
	[f] := [f | some f in _report("CREATE TABLE orders (id serial PRIMARY KEY);")]
	f.severity == "warning"
	f.message == "column public.orders.id is serial and a primary key: it runs out at 2,147,483,647, and widening it later rewrites the table"
	f.help == "id bigint GENERATED ALWAYS AS IDENTITY"
}

test_table_constraint_keys if {
	[f] := [f | some f in _report("CREATE TABLE t (id int NOT NULL, PRIMARY KEY (id));")]
	f.help == "id bigint"
	[g] := [g | some g in _report("CREATE TABLE t (id bigint PRIMARY KEY, c smallint, FOREIGN KEY (c) REFERENCES cs (id));")]
	g.message == "column public.t.c is smallint and a foreign key: it runs out at 32,767, and widening it later rewrites the table"
}

test_identity_and_references if {
	count(_report("ALTER TABLE t ADD COLUMN n integer GENERATED ALWAYS AS IDENTITY;")) == 1
	count(_report("ALTER TABLE t ADD COLUMN user_id int REFERENCES users;")) == 1
}

test_one_finding_per_column if {
	count(_report("CREATE TABLE t (id serial PRIMARY KEY REFERENCES other (id));")) == 1
}

test_bigint_keys_and_plain_int_columns_pass if {
	count(_report("CREATE TABLE t (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, qty int NOT NULL, tags int[]);")) == 0
	count(_report("CREATE TABLE t (id bigserial PRIMARY KEY, owner_id bigint REFERENCES users);")) == 0
}
