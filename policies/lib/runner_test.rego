package ddlgate.lib.runner_test

import data.ddlgate.lib.runner

_create := "CREATE INDEX CONCURRENTLY orders_user_idx ON orders (user_id);"

_wrapped := concat("\n", [_create, "SELECT 1;"])

# The advice of every runner, as its profile states it and the facts carry
# it: the data is defined once, in Go, and read here.
test_every_runner_has_a_way_out if {
	every r in ["ddlgate", "drizzle", "prisma", "golang-migrate", "goose", "dbmate", "flyway", "diesel", "supabase", "atlas"] {
		f := ddlgate.parse_sql(_wrapped, {"runner": r})
		how := f.file.runner_profile.no_transaction.how
		how != ""
		runner.outside_transaction(f.statements[0]) == how with input as f
	}
}

test_directives if {
	_directive("ddlgate") == "-- ddlgate:no-transaction"
	_directive("goose") == "-- +goose NO TRANSACTION"
	_directive("dbmate") == "-- migrate:up transaction:false"
	_directive("flyway") == "executeInTransaction=false"
	_directive("atlas") == "-- atlas:txmode none"
	_directive("diesel") == "run_in_transaction = false"
	every r in ["drizzle", "prisma", "golang-migrate", "supabase", "psql"] {
		_directive(r) == ""
	}
}

_directive(r) := d if {
	f := ddlgate.parse_sql(_create, {"runner": r})
	d := runner.opt_out_directive with input as f
}

# drizzle runs every pending file in one transaction: no file-level
# opt-out, so the way out is another tool.
test_drizzle_runs_it_elsewhere if {
	f := ddlgate.parse_sql(_create, {"runner": "drizzle"})
	how := runner.outside_transaction(f.statements[0]) with input as f
	startswith(how, "drizzle-kit migrate runs every pending file in one transaction and has no opt-out")
	contains(how, "`ddlgate apply`")
	contains(how, "`-- ddlgate:no-transaction`")
}

# (A script that must stay in a transaction: executeInTransaction=true.
# Flyway runs a script holding only CREATE INDEX CONCURRENTLY outside one.)
test_flyway_uses_a_script_configuration_file if {
	f := ddlgate.parse_sql(_create, {"runner": "flyway", "force_transaction": true})
	how := runner.outside_transaction(f.statements[0]) with input as f
	contains(how, "`executeInTransaction=false`")
	contains(how, ".sql.conf")
}

# A statement already outside any transaction needs no advice.
test_autocommit_needs_nothing if {
	f := ddlgate.parse_sql(_create, {"runner": "psql"})
	runner.outside_transaction(f.statements[0]) == "" with input as f
	runner.with_way_out(f.statements[0], "X;") == "X;" with input as f
}

test_a_lone_statement_of_an_implicit_runner_needs_nothing if {
	f := ddlgate.parse_sql(_create, {"runner": "golang-migrate"})
	runner.outside_transaction(f.statements[0]) == "" with input as f
}

test_explicit_block_comes_first if {
	f := ddlgate.parse_sql(concat("\n", ["BEGIN;", _create, "COMMIT;"]), {"runner": "psql"})
	runner.outside_transaction(f.statements[1]) == "Remove the BEGIN/COMMIT around it." with input as f
	# A file that opens its own transaction after the runner's implicit one
	# holds both: its BEGIN and the runner's way out.
	g := ddlgate.parse_sql(concat("\n", ["SELECT 1;", "BEGIN;", _create, "COMMIT;"]), {"runner": "prisma"})
	runner.outside_transaction(g.statements[2]) == "Remove the BEGIN/COMMIT around it. Move it alone to its own migration file: prisma runs a single-statement file outside a transaction." with input as g
}

test_with_way_out_adds_a_comment_line if {
	f := ddlgate.parse_sql(_create, {"runner": "atlas"})
	runner.with_way_out(f.statements[0], "X;") == "X;\n-- Move it to its own migration file that starts with `-- atlas:txmode none`." with input as f
}

# A document without a profile (the parser called alone) still gets advice.
test_generic_advice_without_a_profile if {
	stmt := {"transaction": {"in_transaction": true, "explicit": false}}
	file := {"runner": "x", "transaction_mode": "wrapped", "runner_profile": {"no_transaction": {"directive": "", "how": ""}}}
	runner.outside_transaction(stmt) == "Move it to its own migration that runs outside a transaction block." with input.file as file
}

test_why_in_transaction if {
	stmt := {"transaction": {"explicit": false}}
	runner.why_in_transaction({"transaction": {"explicit": true}}) == "the file opens one with BEGIN"
	runner.why_in_transaction(stmt) == "prisma sends a file of several statements as one query, which runs as an implicit transaction" with input.file as {"runner": "prisma", "transaction_mode": "implicit"}
	runner.why_in_transaction(stmt) == "drizzle-kit migrate runs all pending files in one transaction" with input.file as {"runner": "drizzle", "transaction_mode": "wrapped"}
	runner.why_in_transaction(stmt) == "goose runs the file in a transaction" with input.file as {"runner": "goose", "transaction_mode": "wrapped"}
	runner.why_in_transaction(stmt) == "the runner runs the file in a transaction" with input.file as {"runner": "", "transaction_mode": "wrapped"}
}
