package ddlgate.rules.schema["require-index-for-foreign-key_test"]

import data.ddlgate.rules.schema["require-index-for-foreign-key"] as rule

_report(sql) := r if {
	r := rule.report with input as ddlgate.parse_sql(sql, {})
}

_report_with_catalog(sql, catalog) := r if {
	r := rule.report with input as object.union(ddlgate.parse_sql(sql, {}), {"catalog": catalog})
}

test_column_reference_without_index if {
	[f] := [f | some f in _report("CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint REFERENCES customers (id));")]
	f.severity == "warning"
	f.message == "foreign key public.orders (customer_id) -> public.customers has no index starting with its columns: each DELETE or key UPDATE on public.customers scans public.orders"
	f.help == "CREATE INDEX orders_customer_id_idx ON orders (customer_id);"
}

test_existing_table_gets_concurrent_help if {
	[f] := [f | some f in _report("ALTER TABLE app.orders ADD CONSTRAINT fk FOREIGN KEY (customer_id) REFERENCES customers (id) NOT VALID;")]
	f.help == "CREATE INDEX CONCURRENTLY orders_customer_id_idx ON app.orders (customer_id);"
}

test_index_in_same_file_covers if {
	count(_report("CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint REFERENCES customers);\nCREATE INDEX ON orders (customer_id, created_at);")) == 0
	count(_report("CREATE INDEX ON public.orders (customer_id);\nALTER TABLE orders ADD FOREIGN KEY (customer_id) REFERENCES customers;")) == 0
}

test_multi_column_keys_match_leading_columns_in_any_order if {
	count(_report("CREATE TABLE t (a int, b int, c int, PRIMARY KEY (b, a, c), FOREIGN KEY (a, b) REFERENCES p (x, y));")) == 0
	count(_report("CREATE TABLE t (a int, b int, c int, PRIMARY KEY (c, a, b), FOREIGN KEY (a, b) REFERENCES p (x, y));")) == 1
}

test_unique_column_and_constraint_cover if {
	count(_report("CREATE TABLE profiles (id bigint PRIMARY KEY, user_id bigint UNIQUE REFERENCES users);")) == 0
	count(_report("ALTER TABLE profiles ADD COLUMN user_id bigint UNIQUE REFERENCES users;")) == 0
}

test_partial_index_and_other_table_do_not_cover if {
	count(_report("CREATE INDEX ON orders (customer_id) WHERE deleted_at IS NULL;\nALTER TABLE orders ADD FOREIGN KEY (customer_id) REFERENCES customers;")) == 1
	count(_report("CREATE INDEX ON archive.orders (customer_id);\nALTER TABLE orders ADD FOREIGN KEY (customer_id) REFERENCES customers;")) == 1
	count(_report(`CREATE INDEX ON "Orders" (customer_id);
ALTER TABLE orders ADD FOREIGN KEY (customer_id) REFERENCES customers;`)) == 1
}

test_index_from_schema_history_covers if {
	catalog := {
		"tables": {"public.orders": {
			"schema": "public", "name": "orders", "columns": {},
			"indexes": [{"name": "orders_customer_id_idx", "columns": ["customer_id"], "unique": false, "partial": false, "valid": true}],
			"constraints": [], "primary_key": ["id"],
		}},
		"enums": {}, "views": [],
	}
	count(_report_with_catalog("ALTER TABLE orders ADD FOREIGN KEY (customer_id) REFERENCES customers;", catalog)) == 0
	count(_report_with_catalog("ALTER TABLE orders ADD FOREIGN KEY (id) REFERENCES legacy_orders;", catalog)) == 0
	count(_report_with_catalog("ALTER TABLE orders ADD FOREIGN KEY (shop_id) REFERENCES shops;", catalog)) == 1
}

test_partial_index_from_history_does_not_cover if {
	catalog := {
		"tables": {"public.orders": {
			"schema": "public", "name": "orders", "columns": {},
			"indexes": [{"name": "i", "columns": ["customer_id"], "unique": false, "partial": true, "valid": true}],
			"constraints": [], "primary_key": [],
		}},
		"enums": {}, "views": [],
	}
	count(_report_with_catalog("ALTER TABLE orders ADD FOREIGN KEY (customer_id) REFERENCES customers;", catalog)) == 1
}
