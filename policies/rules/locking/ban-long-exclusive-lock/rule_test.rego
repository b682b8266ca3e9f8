package ddlgate.rules.locking["ban-long-exclusive-lock_test"]

import data.ddlgate.rules.locking["ban-long-exclusive-lock"] as rule

_report(sql, options) := r if {
	r := rule.report with input as ddlgate.parse_sql(sql, options)
}

_goose := {"runner": "goose", "transaction_mode": "wrapped"}

_psql := {"runner": "psql", "transaction_mode": "none"}

test_lock_held_while_more_statements_run if {
	sql := "ALTER TABLE orders ADD COLUMN note text;\nCREATE INDEX idx_orders_note ON orders (note);\nUPDATE orders SET note = '' WHERE id < 10;"
	[f] := [f | some f in _report(sql, _goose)]
	f.rule == "ban-long-exclusive-lock"
	f.severity == "warning"
	f.message == "ALTER TABLE takes an ACCESS EXCLUSIVE lock on public.orders and holds it while 2 more statements run in the same transaction (up to line 3): every read and write of public.orders waits until COMMIT"
	f.span.line == 1
}

test_explicit_transaction if {
	sql := "BEGIN;\nDROP INDEX idx_old;\nALTER TABLE users RENAME COLUMN a TO b;\nSELECT 1;\nCOMMIT;"
	{f.message | some f in _report(sql, _psql)} == {
		"DROP INDEX takes an ACCESS EXCLUSIVE lock on public.idx_old and holds it while 2 more statements run in the same transaction (up to line 4): every read and write of public.idx_old waits until COMMIT",
		"ALTER TABLE takes an ACCESS EXCLUSIVE lock on public.users and holds it while 1 more statement runs in the same transaction (up to line 4): every read and write of public.users waits until COMMIT",
	}
}

test_only_the_first_lock_on_a_table_is_reported if {
	sql := "ALTER TABLE orders ADD COLUMN a text;\nALTER TABLE orders ADD COLUMN b text;\nALTER TABLE orders ADD COLUMN c text;"
	[f] := [f | some f in _report(sql, _goose)]
	f.span.line == 1
}

test_last_locking_statement_is_not_reported if {
	count(_report("UPDATE orders SET state = 'new' WHERE id < 10;\nALTER TABLE orders ADD COLUMN note text;", _goose)) == 0
}

test_commit_and_set_do_not_count if {
	count(_report("BEGIN;\nALTER TABLE orders ADD COLUMN note text;\nSET lock_timeout = 0;\nCOMMIT;\nCREATE INDEX CONCURRENTLY i ON orders (note);", _psql)) == 0
}

test_autocommit_is_not_reported if {
	count(_report("ALTER TABLE orders ADD COLUMN note text;\nUPDATE orders SET note = '' WHERE id < 10;", _psql)) == 0
}

test_table_created_in_the_same_file_is_not_reported if {
	count(_report("CREATE TABLE orders (id bigint PRIMARY KEY);\nALTER TABLE orders ADD COLUMN note text;\nINSERT INTO orders VALUES (1, '');", _goose)) == 0
}

_sized(sql) := r if {
	r := rule.report with input as ddlgate.parse_sql(sql, {"db": {"tables": {
		"public.orders": {"estimated_rows": 1200, "size_bytes": 98304, "analyzed": true},
		"public.events": {"estimated_rows": 5000000, "size_bytes": 2147483648, "analyzed": true},
	}}})
}

# The lock lasts as long as the work after it: DDL on small tables is quick.
test_ddl_after_on_small_tables_is_info if {
	[f] := [f | some f in _sized("BEGIN; ALTER TABLE orders ADD COLUMN note text; CREATE INDEX orders_note ON orders (note); COMMIT;")]
	f.max_severity == "info"
	endswith(f.message, "(public.orders has ~1,200 rows, 96 kB: the lock lasts milliseconds)")
}

test_ddl_after_on_a_large_table_says_so if {
	[f] := [f | some f in _sized("BEGIN; ALTER TABLE orders ADD COLUMN note text; CREATE INDEX events_at ON events (at); COMMIT;")]
	not f.max_severity
	endswith(f.message, "(public.events is large: ~5,000,000 rows, 2048 MB)")
}

# DML may read any table (UPDATE ... FROM, INSERT ... SELECT): its duration
# is unknown, whatever the size of the table it writes.
test_dml_after_is_not_judged_by_size if {
	[f] := [f | some f in _sized("BEGIN; ALTER TABLE orders ADD COLUMN note text; INSERT INTO orders (note) SELECT kind FROM events; COMMIT;")]
	not f.max_severity
	endswith(f.message, "waits until COMMIT")
}
