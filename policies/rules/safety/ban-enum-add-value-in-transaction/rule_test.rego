package ddlgate.rules.safety["ban-enum-add-value-in-transaction_test"]

import data.ddlgate.rules.safety["ban-enum-add-value-in-transaction"] as rule

_report(sql, options) := r if {
	r := rule.report with input as ddlgate.parse_sql(sql, options)
}

_add := "ALTER TYPE order_state ADD VALUE 'refunded';"

test_runner_transaction_before_12 if {
	[f] := [f | some f in _report(_add, {"pg_version": 11, "runner": "goose", "transaction_mode": "wrapped"})]
	f.rule == "ban-enum-add-value-in-transaction"
	f.severity == "error"
	f.message == "ALTER TYPE public.order_state ADD VALUE 'refunded' cannot run inside a transaction block before PostgreSQL 12: goose runs the file in a transaction"
	f.help == "Move it to its own migration file that starts with `-- +goose NO TRANSACTION`."
}

test_explicit_begin_before_12 if {
	[f] := [f | some f in _report(concat("\n", ["BEGIN;", _add, "COMMIT;"]), {"pg_version": 10, "runner": "psql", "transaction_mode": "none"})]
	endswith(f.message, "the file opens one with BEGIN")
	f.help == "Remove the BEGIN/COMMIT around it."
	f.span.line == 2
}

test_implicit_transaction_before_12 if {
	[f] := [f | some f in _report(concat("\n", [_add, "SELECT 1;"]), {"pg_version": 11, "runner": "prisma", "transaction_mode": "implicit"})]
	contains(f.message, "prisma sends a file of several statements as one query")
}

test_from_12_is_not_reported if {
	count(_report(_add, {"pg_version": 12, "runner": "goose", "transaction_mode": "wrapped"})) == 0
}

test_outside_a_transaction_is_not_reported if {
	count(_report(_add, {"pg_version": 11, "runner": "goose", "transaction_mode": "none"})) == 0
	count(_report(_add, {"pg_version": 11, "runner": "prisma", "transaction_mode": "implicit"})) == 0
}

test_enum_created_in_the_same_transaction_is_not_reported if {
	count(_report("CREATE TYPE order_state AS ENUM ('new');\nALTER TYPE order_state ADD VALUE 'refunded';", {"pg_version": 11, "runner": "goose", "transaction_mode": "wrapped"})) == 0
}

test_enum_created_in_an_earlier_transaction_is_reported if {
	count(_report("BEGIN;\nCREATE TYPE order_state AS ENUM ('new');\nCOMMIT;\nBEGIN;\nALTER TYPE order_state ADD VALUE 'refunded';\nCOMMIT;", {"pg_version": 11, "runner": "psql", "transaction_mode": "none"})) == 1
}

test_help_follows_the_runner if {
	[drizzle] := [f.help | some f in _report(_add, {"pg_version": 11, "runner": "drizzle"})]
	startswith(drizzle, "drizzle-kit migrate runs every pending file in one transaction and has no opt-out")
	[diesel] := [f.help | some f in _report(_add, {"pg_version": 11, "runner": "diesel"})]
	diesel == "Move it to its own migration, whose metadata.toml sets `run_in_transaction = false`."
	[dbmate] := [f.help | some f in _report(_add, {"pg_version": 11, "runner": "dbmate"})]
	dbmate == "Move it to its own migration file whose up section starts with `-- migrate:up transaction:false`."
}
