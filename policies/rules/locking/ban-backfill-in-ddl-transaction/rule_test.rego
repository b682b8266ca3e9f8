package ddlgate.rules.locking["ban-backfill-in-ddl-transaction_test"]

import data.ddlgate.rules.locking["ban-backfill-in-ddl-transaction"] as rule

_report(sql, options) := r if {
	r := rule.report with input as ddlgate.parse_sql(sql, options)
}

_goose := {"runner": "goose", "transaction_mode": "wrapped"}

_psql := {"runner": "psql", "transaction_mode": "none"}

test_backfill_after_add_column if {
	[f] := [f | some f in _report("ALTER TABLE users ADD COLUMN email_lower text;\nUPDATE users SET email_lower = lower(email);", _goose)]
	f.rule == "ban-backfill-in-ddl-transaction"
	f.severity == "warning"
	f.message == "UPDATE of public.users runs in the same transaction as the ALTER TABLE at line 1, which holds an ACCESS EXCLUSIVE lock on public.users until COMMIT: the application waits for the whole backfill"
	f.span.line == 2
	f.help == "Move the UPDATE to its own migration, outside the transaction of the ALTER TABLE at line 1, and run it in batches that each commit."
}

test_delete_before_index_build if {
	[f] := [f | some f in _report("BEGIN;\nDELETE FROM orders WHERE state = 'void';\nCREATE INDEX idx_orders_state ON orders (state);\nCOMMIT;", _psql)]
	startswith(f.message, "DELETE of public.orders runs in the same transaction as the CREATE INDEX at line 3, which then takes a SHARE lock")
}

test_schema_qualified_and_quoted_names_match if {
	count(_report(
		`ALTER TABLE "public"."users" ADD COLUMN a text;
UPDATE users SET a = 'x';`,
		_goose,
	)) == 1
	count(_report(
		`ALTER TABLE "Users" ADD COLUMN a text;
UPDATE users SET a = 'x';`,
		_goose,
	)) == 0
}

test_other_table_is_not_reported if {
	count(_report("ALTER TABLE users ADD COLUMN a text;\nUPDATE orders SET a = 'x';", _goose)) == 0
}

test_separate_transactions_are_not_reported if {
	count(_report("BEGIN;\nALTER TABLE users ADD COLUMN a text;\nCOMMIT;\nUPDATE users SET a = 'x';", _psql)) == 0
	count(_report("ALTER TABLE users ADD COLUMN a text;\nUPDATE users SET a = 'x';", _psql)) == 0
}

test_insert_is_not_a_backfill if {
	count(_report("ALTER TABLE users ADD COLUMN a text;\nINSERT INTO users (a) VALUES ('x');", _goose)) == 0
}

test_table_created_in_the_same_file_is_not_reported if {
	count(_report("CREATE TABLE users (id bigint PRIMARY KEY, a text);\nCREATE INDEX ON users (a);\nUPDATE users SET a = 'x';", _goose)) == 0
}
