package ddlgate.rules.locking["require-not-valid-foreign-key_test"]

import data.ddlgate.rules.locking["require-not-valid-foreign-key"] as rule

_report(sql) := r if {
	r := rule.report with input as ddlgate.parse_sql(sql, {})
}

test_foreign_key_on_existing_table if {
	[f] := [f | some f in _report("ALTER TABLE orders ADD CONSTRAINT fk_orders_user FOREIGN KEY (user_id) REFERENCES users (id);")]
	f.rule == "require-not-valid-foreign-key"
	f.severity == "error"
	f.message == "ADD FOREIGN KEY scans all of public.orders to validate it while holding SHARE ROW EXCLUSIVE locks on public.orders and public.users: writes wait until the scan ends"
	f.help == "ALTER TABLE orders ADD CONSTRAINT fk_orders_user FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;\nALTER TABLE orders VALIDATE CONSTRAINT fk_orders_user; -- in a later transaction"
}

test_unnamed_key_gets_postgres_name_and_keeps_actions if {
	[f] := [f | some f in _report("ALTER TABLE orders ADD FOREIGN KEY (user_id, tenant_id) REFERENCES users (id, tenant_id) ON DELETE CASCADE;")]
	contains(f.help, "ADD CONSTRAINT orders_user_id_tenant_id_fkey FOREIGN KEY (user_id, tenant_id) REFERENCES users (id, tenant_id) ON DELETE CASCADE NOT VALID;")
}

test_self_reference_names_the_table_once if {
	[f] := [f | some f in _report("ALTER TABLE categories ADD FOREIGN KEY (parent_id) REFERENCES categories (id);")]
	contains(f.message, "locks on public.categories: ")
}

test_not_valid_is_not_reported if {
	count(_report("ALTER TABLE orders ADD CONSTRAINT fk_orders_user FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;")) == 0
}

test_validate_is_not_reported if {
	count(_report("ALTER TABLE orders VALIDATE CONSTRAINT fk_orders_user;")) == 0
}

test_new_table_referencing_existing_table_is_not_reported if {
	count(_report(`CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint);
ALTER TABLE orders ADD CONSTRAINT fk_orders_user FOREIGN KEY (user_id) REFERENCES users (id);`)) == 0
}

test_inline_reference_in_create_table_is_not_reported if {
	count(_report("CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint REFERENCES users (id));")) == 0
}

test_added_column_with_reference if {
	[f] := [f | some f in _report("ALTER TABLE orders ADD COLUMN user_id bigint REFERENCES users (id);")]
	startswith(f.message, "ADD COLUMN user_id REFERENCES scans all of public.orders")
	startswith(f.help, "ALTER TABLE orders ADD COLUMN user_id bigint;\nALTER TABLE orders ADD CONSTRAINT orders_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;")
}
