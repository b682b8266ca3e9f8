package ddlgate.rules.governance["require-migration-naming_test"]

import data.ddlgate.rules.governance["require-migration-naming"] as rule

_file(path, format) := object.union(f, {"file": object.union(f.file, {"format": format})}) if {
	f := ddlgate.parse_sql("CREATE TABLE orders (id bigint PRIMARY KEY);", {"path": path})
}

test_golang_migrate_without_version_is_reported if {
	[f] := [f | some f in rule.report] with input as _file("db/add_orders.up.sql", "golang-migrate")
	startswith(f.message, "add_orders.up.sql does not follow the golang-migrate naming pattern")
}

test_golang_migrate_with_version_passes if {
	count(rule.report) == 0 with input as _file("db/20240101120000_add_orders.up.sql", "golang-migrate")
}

test_flyway_single_underscore_is_reported if {
	count(rule.report) == 1 with input as _file("sql/V2_add_orders.sql", "flyway")
}

test_flyway_versioned_and_repeatable_pass if {
	count(rule.report) == 0 with input as _file("sql/V2.1__add_orders.sql", "flyway")
	count(rule.report) == 0 with input as _file("sql/R__views.sql", "flyway")
}

test_prisma_is_judged_on_its_directory if {
	count(rule.report) == 0 with input as _file("prisma/migrations/20240101120000_orders/migration.sql", "prisma")
	count(rule.report) == 1 with input as _file("prisma/migrations/orders/migration.sql", "prisma")
}

test_plain_sql_is_not_judged if {
	count(rule.report) == 0 with input as _file("anything.sql", "plain")
}

test_patterns_are_configurable if {
	count(rule.report) == 0 with input as _file("db/add_orders.up.sql", "golang-migrate")
		with data.config.params as {"require-migration-naming": {"patterns": {"golang-migrate": ".*"}}}
}
