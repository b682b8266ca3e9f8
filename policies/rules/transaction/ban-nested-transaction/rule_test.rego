package ddlgate.rules.transaction["ban-nested-transaction_test"]

import data.ddlgate.rules.transaction["ban-nested-transaction"] as rule

_report(sql, options) := r if {
	r := rule.report with input as ddlgate.parse_sql(sql, options)
}

_psql := {"runner": "psql", "transaction_mode": "none"}

test_explicit_inside_explicit if {
	[f] := [f | some f in _report("BEGIN;\nALTER TABLE orders ADD COLUMN note text;\nBEGIN;\nCOMMIT;\nCOMMIT;", _psql)]
	f.rule == "ban-nested-transaction"
	f.category == "transaction"
	f.severity == "error"
	f.message == "BEGIN inside the transaction opened at line 1: PostgreSQL ignores it, and the first COMMIT ends the outer transaction"
	f.span.line == 3
}

test_start_transaction_inside_a_later_block if {
	[f] := [f | some f in _report("BEGIN;\nCOMMIT;\nSTART TRANSACTION;\nSELECT 1;\nSTART TRANSACTION;\nCOMMIT;", _psql)]
	f.message == "START TRANSACTION inside the transaction opened at line 3: PostgreSQL ignores it, and the first COMMIT ends the outer transaction"
}

test_begin_inside_a_runner_transaction if {
	every runner in ["goose", "dbmate", "flyway", "atlas", "ddlgate"] {
		[f] := [f | some f in _report("BEGIN;\nALTER TABLE orders ADD COLUMN note text;\nCOMMIT;", {"runner": runner, "transaction_mode": "wrapped"})]
		f.message == sprintf("BEGIN inside the transaction %s runs the file in: PostgreSQL ignores it, and the file's COMMIT ends that transaction early, so the statements after it run outside any transaction", [runner])
		startswith(f.help, sprintf("Remove BEGIN and COMMIT from the file: %s already runs it in a transaction", [runner]))
	}
}

test_drizzle if {
	[f] := [f | some f in _report("BEGIN;\nSELECT 1;\nCOMMIT;", {"runner": "drizzle", "transaction_mode": "wrapped"})]
	contains(f.message, "drizzle-kit migrate runs all pending files in")
}

test_implicit_transaction_becomes_explicit if {
	every runner in ["prisma", "golang-migrate"] {
		count(_report("SELECT 1;\nBEGIN;\nSELECT 2;\nCOMMIT;", {"runner": runner, "transaction_mode": "implicit"})) == 0
	}
}

test_runner_opt_out_and_autocommit if {
	count(_report("BEGIN;\nSELECT 1;\nCOMMIT;\nBEGIN;\nSELECT 2;\nCOMMIT;", {"runner": "goose", "transaction_mode": "none"})) == 0
	count(_report("BEGIN;\nSELECT 1;\nCOMMIT;", _psql)) == 0
}

test_savepoints_are_not_reported if {
	count(_report("BEGIN;\nSAVEPOINT a;\nSELECT 1;\nRELEASE SAVEPOINT a;\nCOMMIT;", _psql)) == 0
}

# The help names the runner's opt-out when it has one.
test_help_names_the_opt_out if {
	[goose] := [f.help | some f in _report("BEGIN;\nSELECT 1;\nCOMMIT;", {"runner": "goose"})]
	goose == "Remove BEGIN and COMMIT from the file: goose already runs it in a transaction (or opt the file out of it with `-- +goose NO TRANSACTION` if it must manage its own)."
	[supabase] := [f.help | some f in _report("BEGIN;\nSELECT 1;\nCOMMIT;", {"runner": "supabase"})]
	supabase == "Remove BEGIN and COMMIT from the file: supabase already runs it in a transaction."
}
