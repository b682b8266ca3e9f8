package ddlgate.rules.locking["require-statement-timeout_test"]

import data.ddlgate.rules.locking["require-statement-timeout"] as rule

_report(sql, options) := r if {
	r := rule.report with input as ddlgate.parse_sql(sql, options)
}

test_index_build_without_statement_timeout if {
	[f] := [f | some f in _report("CREATE INDEX idx_orders_user ON orders (user_id);", {})]
	f.rule == "require-statement-timeout"
	f.severity == "info"
	f.message == "CREATE INDEX locks public.orders with no statement_timeout: if it runs longer than expected, the application waits for as long as it runs"
	f.help == "SET statement_timeout = '1min'; -- before this statement"
}

test_validation_scan_is_reported if {
	count(_report("ALTER TABLE orders VALIDATE CONSTRAINT orders_user_fk;", {})) == 1
}

test_statement_timeout_in_effect if {
	count(_report("SET statement_timeout = '1min';\nCREATE INDEX idx_orders_user ON orders (user_id);", {})) == 0
	count(_report("SET statement_timeout = 0;\nCREATE INDEX idx_orders_user ON orders (user_id);", {})) == 1
}

test_plain_statements_are_not_reported if {
	count(_report("CREATE INDEX CONCURRENTLY idx_orders_user ON orders (user_id);\nUPDATE orders SET state = 'x' WHERE id = 1;\nSELECT 1;", {})) == 0
}

test_table_created_in_the_same_file_is_not_reported if {
	count(_report("CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint);\nCREATE INDEX ON orders (user_id);", {})) == 0
}

test_runner_that_sets_statement_timeout if {
	count(_report("CREATE INDEX idx_orders_user ON orders (user_id);", {"runner": "ddlgate", "transaction_mode": "wrapped"})) == 0
}
