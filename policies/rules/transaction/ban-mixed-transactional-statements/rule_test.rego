package ddlgate.rules.transaction["ban-mixed-transactional-statements_test"]

import data.ddlgate.rules.transaction["ban-mixed-transactional-statements"] as rule

_report(sql, options) := r if {
	r := rule.report with input as ddlgate.parse_sql(sql, options)
}

_mixed := "ALTER TABLE orders ADD COLUMN note text;\nCREATE INDEX CONCURRENTLY orders_note_idx ON orders (note);"

test_mixed_script_is_refused if {
	[f] := [f | some f in _report(_mixed, {"runner": "flyway", "path": "db/migration/V3__orders.sql"})]
	f.message == "Flyway refuses this migration: the CREATE INDEX must run outside a transaction, the ALTER TABLE at line 1 inside one, and flyway.mixed is not true"
	f.span.line == 2
	contains(f.help, "`executeInTransaction=false` in its script configuration file (`V3__orders.sql.conf`)")
}

test_mixed_allowed_runs_outside_a_transaction if {
	doc := ddlgate.parse_sql(_mixed, {"runner": "flyway", "mixed_allowed": true})
	doc.file.transaction_mode == "none"
	findings := rule.report with input as doc
	count(findings) == 0
}

test_script_configuration_decides if {
	count(_report(_mixed, {"runner": "flyway", "force_transaction": true})) == 0
	count(_report(_mixed, {"runner": "flyway", "transaction_mode": "none"})) == 0
}

test_only_statements_flyway_detects if {
	# REINDEX ... CONCURRENTLY is not on Flyway's list: it runs in the
	# script's transaction (and fails there), the script is not refused.
	count(_report("ALTER TABLE orders ADD COLUMN note text;\nREINDEX INDEX CONCURRENTLY orders_pkey;", {"runner": "flyway"})) == 0
	count(_report("ALTER TABLE orders ADD COLUMN note text;\nREINDEX SCHEMA CONCURRENTLY app;", {"runner": "flyway"})) == 1
}

test_add_enum_value_before_12 if {
	sql := "ALTER TYPE mood ADD VALUE 'meh';\nUPDATE t SET m = 'ok';"
	count(_report(sql, {"runner": "flyway", "pg_version": 11})) == 1
	count(_report(sql, {"runner": "flyway", "pg_version": 12})) == 0
}

test_other_runners_are_not_flyway if {
	every runner in ["goose", "dbmate", "atlas", "psql", "prisma"] {
		count(_report(_mixed, {"runner": runner})) == 0
	}
}
