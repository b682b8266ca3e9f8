package ddlgate.rules.transaction["ban-uncommitted-transaction_test"]

import data.ddlgate.rules.transaction["ban-uncommitted-transaction"] as rule

_report(sql, options) := r if {
	r := rule.report with input as ddlgate.parse_sql(sql, options)
}

_psql := {"runner": "psql", "transaction_mode": "none"}

test_begin_without_commit if {
	[f] := [f | some f in _report("BEGIN;\nALTER TABLE orders ADD COLUMN note text;", _psql)]
	f.rule == "ban-uncommitted-transaction"
	f.category == "transaction"
	f.severity == "error"
	f.message == "BEGIN opens a transaction that the file never commits: its changes are rolled back when the connection closes, and its locks are held until then"
	f.span.line == 1
}

test_second_transaction_left_open if {
	[f] := [f | some f in _report("BEGIN;\nSELECT 1;\nCOMMIT;\nSTART TRANSACTION;\nSELECT 2;", _psql)]
	f.span.line == 4
	startswith(f.message, "START TRANSACTION opens a transaction")
}

test_begin_as_last_statement if {
	count(_report("SELECT 1;\nBEGIN;", _psql)) == 1
}

test_implicit_transaction_made_explicit if {
	count(_report("SELECT 1;\nBEGIN;\nSELECT 2;", {"runner": "prisma", "transaction_mode": "implicit"})) == 1
	count(_report("SELECT 1;\nBEGIN;\nSELECT 2;\nCOMMIT;", {"runner": "prisma", "transaction_mode": "implicit"})) == 0
}

test_ended_transactions_are_not_reported if {
	count(_report("BEGIN;\nSELECT 1;\nCOMMIT;", _psql)) == 0
	count(_report("BEGIN;\nSELECT 1;\nROLLBACK;", _psql)) == 0
	count(_report("BEGIN;\nSELECT 1;\nEND;", _psql)) == 0
	count(_report("BEGIN;\nSELECT 1;\nPREPARE TRANSACTION 'x';", _psql)) == 0
}

test_rollback_to_savepoint_does_not_end_it if {
	count(_report("BEGIN;\nSAVEPOINT a;\nROLLBACK TO SAVEPOINT a;", _psql)) == 1
}

test_runner_transaction_is_the_runners if {
	count(_report("BEGIN;\nSELECT 1;", {"runner": "goose", "transaction_mode": "wrapped"})) == 0
	count(_report("SELECT 1;", {"runner": "goose", "transaction_mode": "wrapped"})) == 0
}

test_empty_file if {
	count(_report("-- nothing", _psql)) == 0
}
