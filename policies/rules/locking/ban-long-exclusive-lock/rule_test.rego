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
