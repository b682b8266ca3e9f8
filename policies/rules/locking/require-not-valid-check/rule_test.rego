package ddlgate.rules.locking["require-not-valid-check_test"]

import data.ddlgate.rules.locking["require-not-valid-check"] as rule

_report(sql) := r if {
	r := rule.report with input as ddlgate.parse_sql(sql, {})
}

test_check_on_existing_table if {
	[f] := [f | some f in _report("ALTER TABLE orders ADD CONSTRAINT orders_amount_check CHECK (amount > 0);")]
	f.rule == "require-not-valid-check"
	f.severity == "error"
	f.message == "ADD CHECK scans all of public.orders to validate it while holding an ACCESS EXCLUSIVE lock: reads and writes wait until the scan ends"
	contains(f.help, "ALTER TABLE orders ADD CONSTRAINT orders_amount_check CHECK (")
	contains(f.help, "amount > 0")
	contains(f.help, ") NOT VALID;\nALTER TABLE orders VALIDATE CONSTRAINT orders_amount_check;")
}

test_not_valid_is_not_reported if {
	count(_report("ALTER TABLE orders ADD CONSTRAINT orders_amount_check CHECK (amount > 0) NOT VALID;")) == 0
}

test_table_created_in_same_file_is_not_reported if {
	count(_report("CREATE TABLE orders (id bigint PRIMARY KEY, amount int);\nALTER TABLE orders ADD CONSTRAINT orders_amount_check CHECK (amount > 0);")) == 0
}

test_foreign_key_is_another_rule if {
	count(_report("ALTER TABLE orders ADD FOREIGN KEY (user_id) REFERENCES users (id);")) == 0
}
