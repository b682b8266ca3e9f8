package ddlgate.rules.locking["require-concurrent-reindex_test"]

import data.ddlgate.rules.locking["require-concurrent-reindex"] as rule

_report(sql) := r if {
	r := rule.report with input as ddlgate.parse_sql(sql, {})
}

test_reindex_index if {
	[f] := [f | some f in _report("REINDEX INDEX idx_orders_user;")]
	f.rule == "require-concurrent-reindex"
	f.severity == "warning"
	f.message == "REINDEX INDEX takes an ACCESS EXCLUSIVE lock on index public.idx_orders_user and a SHARE lock on its table: writes, and reads that would use the index, wait until it is rebuilt"
	f.help == "REINDEX INDEX CONCURRENTLY idx_orders_user; -- PostgreSQL 12+\n-- Move it to its own migration file that starts with `-- ddlgate:no-transaction`."
}

test_reindex_table_names_the_table_and_lock if {
	[f] := [f | some f in _report(`REINDEX (VERBOSE) TABLE app."Orders";`)]
	startswith(f.message, "REINDEX TABLE takes a SHARE lock on app.Orders")
	startswith(f.help, `REINDEX (VERBOSE) TABLE CONCURRENTLY app."Orders";`)
}

test_reindex_schema_and_database if {
	[s] := [f | some f in _report("REINDEX SCHEMA app;")]
	startswith(s.message, "REINDEX SCHEMA locks every table")
	startswith(s.help, "REINDEX SCHEMA CONCURRENTLY app;")
	count(_report("REINDEX DATABASE app;")) == 1
}

test_reindex_system_cannot_be_concurrent if {
	count(_report("REINDEX SYSTEM app;")) == 0
}

test_concurrently_is_not_reported if {
	count(_report("REINDEX INDEX CONCURRENTLY idx_orders_user;\nREINDEX TABLE CONCURRENTLY orders;")) == 0
}

test_objects_created_in_the_same_file_are_not_reported if {
	count(_report("CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint);\nCREATE INDEX idx_orders_user ON orders (user_id);\nREINDEX INDEX idx_orders_user;\nREINDEX TABLE orders;")) == 0
}

test_help_follows_the_runner if {
	[goose] := [f.help | some f in rule.report with input as ddlgate.parse_sql("REINDEX INDEX idx_orders_user;", {"runner": "goose"})]
	goose == "REINDEX INDEX CONCURRENTLY idx_orders_user; -- PostgreSQL 12+\n-- Move it to its own migration file that starts with `-- +goose NO TRANSACTION`."
	[psql] := [f.help | some f in rule.report with input as ddlgate.parse_sql("REINDEX INDEX idx_orders_user;", {"runner": "psql"})]
	psql == "REINDEX INDEX CONCURRENTLY idx_orders_user; -- PostgreSQL 12+"
}
