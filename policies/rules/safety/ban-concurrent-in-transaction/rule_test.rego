package ddlgate.rules.safety["ban-concurrent-in-transaction_test"]

import data.ddlgate.rules.safety["ban-concurrent-in-transaction"] as rule

_report(sql, options) := r if {
	r := rule.report with input as ddlgate.parse_sql(sql, options)
}

_create := "CREATE INDEX CONCURRENTLY idx_orders_user ON orders (user_id);"

_two_statements := "CREATE INDEX CONCURRENTLY idx_orders_user ON orders (user_id);\nCREATE INDEX CONCURRENTLY idx_orders_state ON orders (state);"

test_runners_that_wrap_each_file if {
	every runner in ["goose", "dbmate", "flyway", "atlas", "ddlgate"] {
		[f] := [f | some f in _report(_create, {"runner": runner, "transaction_mode": "wrapped"})]
		f.message == sprintf("CREATE INDEX CONCURRENTLY cannot run inside a transaction block: %s runs the file in a transaction", [runner])
	}
}

test_help_names_the_runner_opt_out if {
	[goose] := [f.help | some f in _report(_create, {"runner": "goose", "transaction_mode": "wrapped"})]
	contains(goose, "-- +goose NO TRANSACTION")
	[dbmate] := [f.help | some f in _report(_create, {"runner": "dbmate", "transaction_mode": "wrapped"})]
	contains(dbmate, "-- migrate:up transaction:false")
	[flyway] := [f.help | some f in _report(_create, {"runner": "flyway", "transaction_mode": "wrapped"})]
	contains(flyway, "-- flyway:executeInTransaction=false")
	[atlas] := [f.help | some f in _report(_create, {"runner": "atlas", "transaction_mode": "wrapped"})]
	contains(atlas, "-- atlas:txmode none")
	[ddlgate] := [f.help | some f in _report(_create, {"runner": "ddlgate", "transaction_mode": "wrapped"})]
	contains(ddlgate, "-- ddlgate:no-transaction")
}

test_runner_opt_outs_are_not_reported if {
	every runner in ["goose", "dbmate", "flyway", "atlas", "psql"] {
		count(_report(_two_statements, {"runner": runner, "transaction_mode": "none"})) == 0
	}
}

test_ddlgate_no_transaction_directive if {
	count(_report(concat("\n", ["-- ddlgate:no-transaction", _create]), {"runner": "ddlgate", "transaction_mode": "wrapped"})) == 0
}

test_drizzle_shares_one_transaction if {
	[f] := [f | some f in _report(_create, {"runner": "drizzle", "transaction_mode": "wrapped"})]
	endswith(f.message, "drizzle-kit migrate runs all pending files in one transaction")
	contains(f.help, "drizzle-kit migrate has no opt-out")
}

test_implicit_transaction_of_multi_statement_files if {
	every runner in ["prisma", "golang-migrate"] {
		findings := _report(_two_statements, {"runner": runner, "transaction_mode": "implicit"})
		count(findings) == 2
		every f in findings {
			contains(f.message, sprintf("%s sends a file of several statements as one query", [runner]))
			contains(f.help, "alone to its own migration file")
		}
	}
}

test_single_statement_file_has_no_implicit_transaction if {
	every runner in ["prisma", "golang-migrate"] {
		count(_report(_create, {"runner": runner, "transaction_mode": "implicit"})) == 0
	}
}

test_explicit_begin_in_autocommit_file if {
	[f] := [f | some f in _report(concat("\n", ["BEGIN;", _create, "COMMIT;"]), {"runner": "psql", "transaction_mode": "none"})]
	endswith(f.message, "the file opens one with BEGIN")
	f.help == "Remove the BEGIN/COMMIT around it."
	f.span.line == 2
}

test_statement_after_commit_is_not_reported if {
	count(_report(concat("\n", ["BEGIN;", "SELECT 1;", "COMMIT;", _create]), {"runner": "psql", "transaction_mode": "none"})) == 0
}

test_every_concurrent_statement if {
	options := {"runner": "goose", "transaction_mode": "wrapped"}
	[drop] := [f | some f in _report("DROP INDEX CONCURRENTLY idx_orders_user;", options)]
	startswith(drop.message, "DROP INDEX CONCURRENTLY cannot run")
	[reindex] := [f | some f in _report("REINDEX INDEX CONCURRENTLY idx_orders_user;", options)]
	startswith(reindex.message, "REINDEX CONCURRENTLY cannot run")
	[detach] := [f | some f in _report("ALTER TABLE events DETACH PARTITION events_2020 CONCURRENTLY;", options)]
	startswith(detach.message, "DETACH PARTITION CONCURRENTLY cannot run")
}

test_plain_statements_are_not_reported if {
	options := {"runner": "goose", "transaction_mode": "wrapped"}
	count(_report("CREATE INDEX idx_orders_user ON orders (user_id);\nDROP INDEX idx_old;\nREINDEX INDEX idx_x;", options)) == 0
}
