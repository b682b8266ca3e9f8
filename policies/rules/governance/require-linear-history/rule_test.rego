package ddlgate.rules.governance["require-linear-history_test"]

import data.ddlgate.rules.governance["require-linear-history"] as rule

_with_duplicates(dups) := object.union(f, {"file": object.union(f.file, {"version": "0003", "duplicate_versions": dups})}) if {
	f := ddlgate.parse_sql("CREATE TABLE orders (id bigint PRIMARY KEY);", {"path": "migrations/0003_orders.sql"})
}

test_shared_version_is_reported if {
	[f] := [f | some f in rule.report] with input as _with_duplicates(["migrations/0003_invoices.sql"])
	f.message == "version 0003 of migrations/0003_orders.sql is also used by migrations/0003_invoices.sql: the runner applies only one of them, or fails"
	f.span.line == 1
}

test_unique_version_is_not_reported if {
	count(rule.report) == 0 with input as _with_duplicates([])
}

_out_of_order(path, format, version, name) := object.union(f, {"file": object.union(f.file, {
	"version": version, "name": name, "format": format, "next_version": "20261122090000",
	"ordered_before": [{"version": "20240301000000", "path": "migrations/20240301000000_b.sql", "where": "base-branch", "ref": "origin/main"}],
})}) if {
	f := ddlgate.parse_sql("CREATE TABLE a (id bigint PRIMARY KEY);", {"path": path})
}

test_new_file_before_the_base_branch_is_reported if {
	[f] := [f | some f in rule.report] with input as _out_of_order("migrations/20240201000000_a.sql", "goose", "20240201000000", "a")
	f.message == "migrations/20240201000000_a.sql (version 20240201000000) sorts before migrations/20240301000000_b.sql on origin/main: the runner skips it or applies it out of the reviewed order"
	f.help == "Rename 20240201000000_a.sql to 20261122090000_a.sql so it sorts last."
}

test_renumbering_follows_the_format if {
	[p] := [f | some f in rule.report] with input as _out_of_order("prisma/migrations/20240201000000_a/migration.sql", "prisma", "20240201000000", "a")
	p.help == "Rename the directory 20240201000000_a to 20261122090000_a so it sorts last."
	[g] := [f | some f in rule.report] with input as _out_of_order("db/20240201000000_a.up.sql", "golang-migrate", "20240201000000", "a")
	g.help == "Rename 20240201000000_a.up.sql to 20261122090000_a.up.sql, and its .down.sql likewise."
	[d] := [f | some f in rule.report] with input as _out_of_order("drizzle/0003_a.sql", "drizzle", "0003", "a")
	startswith(d.help, "drizzle-kit numbers migrations itself: delete drizzle/0003_a.sql")
	[w] := [f | some f in rule.report] with input as _out_of_order("sql/V3__a.sql", "flyway", "3", "a")
	w.help == "Rename V3__a.sql to V20261122090000__a.sql."
}

test_applied_migrations_count_too if {
	f := _out_of_order("migrations/0002_a.sql", "plain", "0002", "a")
	g := object.union(f, {"file": object.union(f.file, {"ordered_before": [{"version": "0003", "path": "0003_b.sql", "where": "database", "ref": "postgres://app@db/app"}]})})
	[r] := [r | some r in rule.report] with input as g
	contains(r.message, "sorts before version 0003 applied to postgres://app@db/app")
}
