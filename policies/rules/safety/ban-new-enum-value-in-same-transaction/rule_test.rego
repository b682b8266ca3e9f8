package ddlgate.rules.safety["ban-new-enum-value-in-same-transaction_test"]

import data.ddlgate.rules.safety["ban-new-enum-value-in-same-transaction"] as rule

_report(sql, options) := r if {
	r := rule.report with input as ddlgate.parse_sql(sql, options)
}

_goose := {"runner": "goose", "transaction_mode": "wrapped"}

_psql := {"runner": "psql", "transaction_mode": "none"}

_add := "ALTER TYPE order_state ADD VALUE 'refunded';"

test_default_uses_the_new_value if {
	[f] := [f | some f in _report(concat("\n", [_add, "ALTER TABLE refunds ALTER COLUMN state SET DEFAULT 'refunded';"]), _goose)]
	f.rule == "ban-new-enum-value-in-same-transaction"
	f.severity == "error"
	f.message == "'refunded' was added to enum public.order_state at line 1 in this same transaction: PostgreSQL refuses to use it before COMMIT (unsafe use of new value)"
	f.span.line == 2
	startswith(f.help, "Commit between ALTER TYPE ... ADD VALUE and this statement")
}

test_check_cast_and_dml_use_the_value if {
	sql := concat("\n", [
		_add,
		"ALTER TABLE refunds ADD CONSTRAINT c CHECK (state <> 'refunded'::order_state) NOT VALID;",
		"UPDATE orders SET state = 'refunded' WHERE id = 1;",
		"INSERT INTO orders (state) VALUES ('refunded');",
		"CREATE TABLE refunds2 (state order_state DEFAULT 'refunded');",
	])
	count(_report(sql, _goose)) == 4
}

test_drizzle_help if {
	[f] := [f | some f in _report(concat("\n", [_add, "UPDATE orders SET state = 'refunded' WHERE id = 1;"]), {"runner": "drizzle", "transaction_mode": "wrapped"})]
	contains(f.help, "drizzle-kit migrate runs all pending files in one transaction")
}

test_after_commit_is_not_reported if {
	count(_report(concat("\n", ["BEGIN;", _add, "COMMIT;", "UPDATE orders SET state = 'refunded' WHERE id = 1;"]), _psql)) == 0
}

test_autocommit_is_not_reported if {
	count(_report(concat("\n", [_add, "UPDATE orders SET state = 'refunded' WHERE id = 1;"]), _psql)) == 0
}

test_use_before_the_add_is_not_reported if {
	count(_report(concat("\n", ["UPDATE orders SET state = 'refunded' WHERE id = 1;", _add]), _goose)) == 0
}

test_other_values_are_not_reported if {
	count(_report(concat("\n", [_add, "UPDATE orders SET state = 'paid' WHERE id = 1;"]), _goose)) == 0
}

test_ordering_another_new_value_is_allowed if {
	count(_report(concat("\n", [_add, "ALTER TYPE order_state ADD VALUE 'void' AFTER 'refunded';"]), _goose)) == 0
}

test_enum_created_in_the_same_transaction_is_not_reported if {
	count(_report("CREATE TYPE order_state AS ENUM ('new');\nALTER TYPE order_state ADD VALUE 'refunded';\nCREATE TABLE orders (state order_state DEFAULT 'refunded');", _goose)) == 0
}

test_quotes_in_values if {
	count(_report("ALTER TYPE mood ADD VALUE 'it''s';\nUPDATE t SET m = 'it''s' WHERE id = 1;", _goose)) == 1
}

test_string_literal_facts_point_at_the_literal if {
	facts := json.patch(ddlgate.parse_sql(concat("\n", [_add, "UPDATE orders SET state = 'refunded' WHERE id = 1;"]), _goose), [{"op": "add", "path": "/statements/1/string_literals", "value": [{"value": "refunded", "span": {"start": 71, "end": 81, "line": 2, "col": 27, "end_line": 2, "end_col": 36}}]}])
	[f] := [f | some f in rule.report] with input as facts
	f.span.col == 27
}
