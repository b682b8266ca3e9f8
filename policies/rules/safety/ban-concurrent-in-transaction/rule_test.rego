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
	contains(flyway, "`executeInTransaction=false` in a script configuration file")
	contains(flyway, "`V<version>__<name>.sql.conf`")
	[diesel] := [f.help | some f in _report(_create, {"runner": "diesel", "transaction_mode": "wrapped"})]
	contains(diesel, "metadata.toml sets `run_in_transaction = false`")
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
	startswith(f.help, "drizzle-kit migrate runs every pending file in one transaction and has no opt-out: run it outside drizzle-kit")
	contains(f.help, "`-- ddlgate:no-transaction`, applied with `ddlgate apply`")
}

test_implicit_transaction_of_multi_statement_files if {
	every runner in ["prisma", "golang-migrate"] {
		findings := _report(_two_statements, {"runner": runner, "transaction_mode": "implicit"})
		count(findings) == 2
		every f in findings {
			contains(f.message, sprintf("%s sends a file of several statements as one query", [runner]))
			startswith(f.help, "Move it alone to its own migration file: ")
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

# The help is the runner's profile, as lint fills it: file.runner_profile.
# (Flyway keeps such a file in a transaction only when its script
# configuration says executeInTransaction=true.)
test_help_is_the_runner_profile if {
	every runner in ["ddlgate", "drizzle", "prisma", "golang-migrate", "goose", "dbmate", "flyway", "diesel", "supabase", "atlas"] {
		f := ddlgate.parse_sql(_two_statements, {"runner": runner, "force_transaction": runner == "flyway"})
		findings := rule.report with input as f
		count(findings) > 0
		every finding in findings {
			finding.help == f.file.runner_profile.no_transaction.how
		}
	}
}

# golang-migrate's multi-statement mode is offered with its caveats.
test_golang_migrate_multi_statement_caveats if {
	some f in _report(_two_statements, {"runner": "golang-migrate"})
	contains(f.help, "x-multi-statement=true")
	contains(f.help, "even inside strings and function bodies")
}

# Under a runner that wraps the file, a BEGIN in it is nested in the
# runner's transaction (ban-nested-transaction reports it): the runner's
# way out is the one to take.
test_begin_under_a_wrapping_runner if {
	[f] := [f | some f in _report(concat("\n", ["BEGIN;", _create, "COMMIT;"]), {"runner": "goose"})]
	f.help == "Move it to its own migration file that starts with `-- +goose NO TRANSACTION`."
}

# Flyway runs a script of statements it knows cannot run in a transaction
# outside one; REINDEX ... CONCURRENTLY is not among them.
test_flyway_detects_concurrent_index_builds if {
	count(_report(_two_statements, {"runner": "flyway"})) == 0
	[f] := [f | some f in _report("REINDEX INDEX CONCURRENTLY idx_orders_user;", {"runner": "flyway"})]
	f.message == "REINDEX CONCURRENTLY cannot run inside a transaction block: flyway runs the file in a transaction"
}

# A script Flyway refuses is reported by ban-mixed-transactional-statements.
test_flyway_mixed_script_is_left_to_its_rule if {
	count(_report(concat("\n", ["ALTER TABLE orders ADD COLUMN note text;", _create]), {"runner": "flyway"})) == 0
}
