package ddlgate.custom.rules.integrity["require-fk-on-delete_test"]

import data.ddlgate.custom.rules.integrity["require-fk-on-delete"] as rule

_report(sql) := r if {
	r := rule.report with input as ddlgate.parse_sql(sql, {})
}

test_column_references_without_on_delete if {
	[f] := [f | some f in _report("CREATE TABLE orders (\n  id bigint PRIMARY KEY,\n  customer_id bigint REFERENCES customers (id)\n);")]
	f.rule == "require-fk-on-delete"
	f.severity == "warning"
	f.span.line == 3
	f.message == "foreign key orders (customer_id) -> customers has no ON DELETE: say what deleting a customers row does"
}

test_table_constraint_and_added_constraint if {
	sql := `CREATE TABLE lines (order_id bigint, FOREIGN KEY (order_id) REFERENCES orders (id));
ALTER TABLE invoices ADD CONSTRAINT invoices_order_fk FOREIGN KEY (order_id) REFERENCES orders (id) NOT VALID;
ALTER TABLE shipments ADD COLUMN order_id bigint REFERENCES orders (id);`
	lines := {f.span.line | some f in _report(sql)}
	lines == {1, 2, 3}
}

test_declared_on_delete_passes if {
	sql := `CREATE TABLE orders (customer_id bigint REFERENCES customers (id) ON DELETE RESTRICT);
ALTER TABLE lines ADD CONSTRAINT lines_order_fk FOREIGN KEY (order_id) REFERENCES orders (id) ON DELETE CASCADE;
ALTER TABLE notes ADD COLUMN author_id bigint REFERENCES users (id) ON DELETE SET NULL;`
	count(_report(sql)) == 0
}

test_other_constraints_pass if {
	count(_report("ALTER TABLE orders ADD CONSTRAINT total_positive CHECK (total > 0);")) == 0
}
