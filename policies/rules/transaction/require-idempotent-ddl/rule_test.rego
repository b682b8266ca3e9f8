package ddlgate.rules.transaction["require-idempotent-ddl_test"]

import data.ddlgate.rules.transaction["require-idempotent-ddl"] as rule

_report(sql, options) := r if {
	r := rule.report with input as ddlgate.parse_sql(sql, options)
}

_psql := {"runner": "psql", "transaction_mode": "none"}

test_create_table_and_index if {
	findings := _report("CREATE TABLE audit_log (id bigint PRIMARY KEY);\nCREATE UNIQUE INDEX CONCURRENTLY idx_orders_ref ON orders (ref);", _psql)
	{f.help | some f in findings} == {
		"CREATE TABLE IF NOT EXISTS audit_log (id bigint PRIMARY KEY);",
		"CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS idx_orders_ref ON orders (ref);",
	}
	some f in findings
	f.rule == "require-idempotent-ddl"
	f.severity == "info"
	f.message == "CREATE TABLE without IF NOT EXISTS runs outside a transaction: if the file fails after it, re-running the file fails here"
}

test_drops if {
	findings := _report("DROP INDEX CONCURRENTLY idx_a;\nDROP TABLE legacy;\ndrop materialized view mv;\nDROP TEXT SEARCH CONFIGURATION c;\nDROP CAST (int AS text);", _psql)
	{f.help | some f in findings} == {
		"DROP INDEX CONCURRENTLY IF EXISTS idx_a;",
		"DROP TABLE IF EXISTS legacy;",
		"drop materialized view IF EXISTS mv;",
		"DROP TEXT SEARCH CONFIGURATION IF EXISTS c;",
		"DROP CAST IF EXISTS (int AS text);",
	}
}

test_columns if {
	findings := _report("ALTER TABLE orders ADD COLUMN note text, DROP COLUMN legacy;\nSELECT 1;", _psql)
	{f.message | some f in findings} == {
		"ALTER TABLE without IF NOT EXISTS runs outside a transaction: if the file fails after it, re-running the file fails here",
		"ALTER TABLE without IF EXISTS runs outside a transaction: if the file fails after it, re-running the file fails here",
	}
}

test_unnamed_index if {
	[f] := [f | some f in _report("CREATE INDEX ON orders (user_id);\nSELECT 1;", _psql)]
	startswith(f.help, "Name the index")
}

test_idempotent_ddl_is_not_reported if {
	count(_report("CREATE TABLE IF NOT EXISTS a (id int);\nCREATE INDEX IF NOT EXISTS i ON a (id);\nALTER TABLE a ADD COLUMN IF NOT EXISTS b int, DROP COLUMN IF EXISTS c;\nDROP INDEX IF EXISTS j;\nDROP TABLE IF EXISTS d;\nALTER TABLE a ALTER COLUMN b DROP NOT NULL, ALTER COLUMN b DROP DEFAULT;", _psql)) == 0
}

test_transactions_are_atomic if {
	count(_report("CREATE TABLE a (id int);\nDROP TABLE b;", {"runner": "goose", "transaction_mode": "wrapped"})) == 0
	count(_report("BEGIN;\nCREATE TABLE a (id int);\nDROP TABLE b;\nCOMMIT;", _psql)) == 0
}

test_single_statement_file_is_atomic if {
	count(_report("CREATE TABLE a (id int);", _psql)) == 0
}
