package ddlgate.rules.locking["require-concurrent-index-deletion_test"]

import data.ddlgate.rules.locking["require-concurrent-index-deletion"] as rule

_report(sql) := r if {
	r := rule.report with input as ddlgate.parse_sql(sql, {})
}

test_drop_existing_index if {
	[f] := [f | some f in _report("DROP INDEX idx_orders_user;")]
	f.rule == "require-concurrent-index-deletion"
	f.severity == "error"
	contains(f.message, "DROP INDEX public.idx_orders_user takes an ACCESS EXCLUSIVE lock")
	startswith(f.help, "DROP INDEX CONCURRENTLY idx_orders_user;")
}

test_each_index_of_a_multi_drop_is_reported if {
	helps := {f.help | some f in _report("DROP INDEX IF EXISTS idx_a, app.idx_b;")}
	count(helps) == 2
	some a in helps
	startswith(a, "DROP INDEX CONCURRENTLY IF EXISTS idx_a;")
	some b in helps
	startswith(b, "DROP INDEX CONCURRENTLY IF EXISTS app.idx_b;")
}

test_concurrently_is_not_reported if {
	count(_report("DROP INDEX CONCURRENTLY idx_orders_user;")) == 0
}

test_index_created_in_same_file_is_not_reported if {
	count(_report("CREATE INDEX idx_orders_user ON orders (user_id);\nDROP INDEX idx_orders_user;")) == 0
}

test_index_created_in_same_file_with_schema_is_not_reported if {
	count(_report("CREATE INDEX idx_orders_user ON public.orders (user_id);\nDROP INDEX public.idx_orders_user;")) == 0
}

test_index_of_another_schema_is_existing if {
	count(_report("CREATE INDEX idx_orders_user ON audit.orders (user_id);\nDROP INDEX idx_orders_user;")) == 1
}

test_help_follows_the_runner if {
	[flyway] := [f.help | some f in rule.report with input as ddlgate.parse_sql("DROP INDEX idx_orders_user;", {"runner": "flyway"})]
	flyway == "DROP INDEX CONCURRENTLY idx_orders_user;\n-- Move it to its own migration file, with `executeInTransaction=false` in a script configuration file beside it named after it plus .conf (`V<version>__<name>.sql.conf`)."
	[psql] := [f.help | some f in rule.report with input as ddlgate.parse_sql("DROP INDEX idx_orders_user;", {"runner": "psql"})]
	psql == "DROP INDEX CONCURRENTLY idx_orders_user;"
}
