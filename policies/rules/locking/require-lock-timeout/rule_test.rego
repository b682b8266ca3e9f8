package ddlgate.rules.locking["require-lock-timeout_test"]

import data.ddlgate.rules.locking["require-lock-timeout"] as rule

_report(sql, options) := r if {
	r := rule.report with input as ddlgate.parse_sql(sql, options)
}

test_alter_table_without_lock_timeout if {
	[f] := [f | some f in _report("ALTER TABLE users ADD COLUMN nickname text;", {})]
	f.rule == "require-lock-timeout"
	f.severity == "warning"
	f.message == "ALTER TABLE waits for an ACCESS EXCLUSIVE lock on public.users with no lock_timeout: while it waits, all reads and writes of it queue behind it"
	f.help == "SET lock_timeout = '2s'; -- before this statement; retry the migration when it times out"
}

test_share_lock_blocks_writes if {
	[f] := [f | some f in _report("CREATE INDEX idx_orders_user ON orders (user_id);", {})]
	f.message == "CREATE INDEX waits for a SHARE lock on public.orders with no lock_timeout: while it waits, all writes to it queue behind it"
}

test_foreign_key_names_both_tables if {
	[f] := [f | some f in _report("ALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;", {})]
	contains(f.message, "SHARE ROW EXCLUSIVE lock on public.orders, public.users")
}

test_lock_timeout_in_effect if {
	count(_report("SET lock_timeout = '2s';\nALTER TABLE users ADD COLUMN nickname text;", {})) == 0
	count(_report("SET LOCAL lock_timeout TO 5000;\nALTER TABLE users ADD COLUMN nickname text;", {"runner": "goose", "transaction_mode": "wrapped"})) == 0
}

test_zero_or_reset_lock_timeout_is_no_timeout if {
	count(_report("SET lock_timeout = 0;\nALTER TABLE users ADD COLUMN nickname text;", {})) == 1
	count(_report("SET lock_timeout = '2s';\nRESET lock_timeout;\nALTER TABLE users ADD COLUMN nickname text;", {})) == 1
}

test_set_local_ends_with_its_transaction if {
	findings := _report("BEGIN;\nSET LOCAL lock_timeout = '2s';\nALTER TABLE users ADD COLUMN a text;\nCOMMIT;\nALTER TABLE users ADD COLUMN b text;", {"runner": "psql", "transaction_mode": "none"})
	[f] := [f | some f in findings]
	f.span.line == 5
}

test_weak_locks_are_not_reported if {
	count(_report("CREATE INDEX CONCURRENTLY idx_orders_user ON orders (user_id);\nALTER TABLE orders VALIDATE CONSTRAINT orders_user_fk;\nUPDATE orders SET state = 'x' WHERE id = 1;", {})) == 0
}

test_table_created_in_the_same_file_is_not_reported if {
	count(_report("CREATE TABLE users (id bigint PRIMARY KEY);\nALTER TABLE users ADD COLUMN nickname text;\nCREATE INDEX ON users (nickname);", {})) == 0
}

test_runner_that_sets_lock_timeout if {
	count(_report("ALTER TABLE users ADD COLUMN nickname text;", {"runner": "ddlgate", "transaction_mode": "wrapped"})) == 0
}

test_timeout_param if {
	[f] := [f | some f in rule.report] with input as ddlgate.parse_sql("DROP TABLE users;", {})
		with data.config.params as {"require-lock-timeout": {"timeout": "500ms"}}
	startswith(f.help, "SET lock_timeout = '500ms';")
}
