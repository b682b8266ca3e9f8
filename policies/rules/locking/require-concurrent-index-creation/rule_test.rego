package ddlgate.rules.locking["require-concurrent-index-creation_test"]

import data.ddlgate.rules.locking["require-concurrent-index-creation"] as rule

_report(sql) := r if {
	r := rule.report with input as ddlgate.parse_sql(sql, {})
}

test_index_on_existing_table_blocks_writes if {
	[f] := [f | some f in _report("CREATE INDEX idx_orders_user ON orders (user_id);")]
	f.rule == "require-concurrent-index-creation"
	f.category == "locking"
	f.severity == "error"
	f.message == "CREATE INDEX takes a SHARE lock on public.orders: writes wait until the index is built"
	startswith(f.help, "CREATE INDEX CONCURRENTLY idx_orders_user ON orders (user_id);")
}

test_help_keeps_unique_columns_and_predicate if {
	[f] := [f | some f in _report("create unique index idx_users_email on users (lower(email)) where deleted_at is null;")]
	startswith(f.help, "create unique index CONCURRENTLY idx_users_email on users (lower(email)) where deleted_at is null;")
}

test_unnamed_index_on_existing_table if {
	count(_report("CREATE INDEX ON orders (user_id);")) == 1
}

test_concurrently_is_not_reported if {
	count(_report("CREATE INDEX CONCURRENTLY idx_orders_user ON orders (user_id);")) == 0
}

test_table_created_in_same_file_is_not_reported if {
	count(_report("CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint);\nCREATE INDEX idx_orders_user ON orders (user_id);")) == 0
}

test_schema_qualified_name_is_the_same_table if {
	count(_report(`CREATE TABLE public.orders (id bigint PRIMARY KEY, user_id bigint);
CREATE INDEX idx_orders_user ON "public"."orders" (user_id);`)) == 0
}

test_quoted_name_is_another_table if {
	[f] := [f | some f in _report(`CREATE TABLE "Users" (id bigint PRIMARY KEY, email text);
CREATE INDEX idx_users_email ON users (email);`)]
	contains(f.message, "public.users")
}

test_same_name_in_another_schema_is_existing if {
	count(_report("CREATE TABLE audit.orders (id bigint PRIMARY KEY, user_id bigint);\nCREATE INDEX idx_orders_user ON orders (user_id);")) == 1
}

test_span_points_at_the_statement_line if {
	[f] := [f | some f in _report("SELECT 1;\n\nCREATE INDEX idx_orders_user ON orders (user_id);")]
	f.span.line == 3
	f.statement == 1
}

# How to run the concurrent form outside a transaction depends on the
# runner; a file already outside one needs no advice.
test_help_follows_the_runner if {
	sql := "CREATE INDEX idx_orders_user ON orders (user_id);"
	[goose] := [f.help | some f in rule.report with input as ddlgate.parse_sql(sql, {"runner": "goose"})]
	goose == "CREATE INDEX CONCURRENTLY idx_orders_user ON orders (user_id);\n-- Move it to its own migration file that starts with `-- +goose NO TRANSACTION`."
	[drizzle] := [f.help | some f in rule.report with input as ddlgate.parse_sql(sql, {"runner": "drizzle"})]
	startswith(drizzle, "CREATE INDEX CONCURRENTLY idx_orders_user ON orders (user_id);\n-- drizzle-kit migrate runs every pending file in one transaction and has no opt-out")
	[prisma] := [f.help | some f in rule.report with input as ddlgate.parse_sql(concat("\n", [sql, "SELECT 1;"]), {"runner": "prisma"})]
	endswith(prisma, "\n-- Move it alone to its own migration file: prisma runs a single-statement file outside a transaction.")
	[psql] := [f.help | some f in rule.report with input as ddlgate.parse_sql(sql, {"runner": "psql"})]
	psql == "CREATE INDEX CONCURRENTLY idx_orders_user ON orders (user_id);"
}

# A single statement that prisma sends alone already runs outside a
# transaction: the concurrent form can stay where it is.
test_single_statement_prisma_file_needs_no_move if {
	[f] := [f | some f in rule.report with input as ddlgate.parse_sql("CREATE INDEX idx_orders_user ON orders (user_id);", {"runner": "prisma"})]
	f.help == "CREATE INDEX CONCURRENTLY idx_orders_user ON orders (user_id);"
}

test_explicit_transaction_block_is_named if {
	[f] := [f | some f in rule.report with input as ddlgate.parse_sql("BEGIN;\nCREATE INDEX idx_orders_user ON orders (user_id);\nCOMMIT;", {"runner": "psql"})]
	f.help == "CREATE INDEX CONCURRENTLY idx_orders_user ON orders (user_id);\n-- Remove the BEGIN/COMMIT around it."
}

# With the target database's sizes (lint --database-url or --db-snapshot,
# apply), a small table's build lasts milliseconds: info, with its size.
_sized(sql, rows, bytes) := r if {
	r := rule.report with input as ddlgate.parse_sql(sql, {"db": {"tables": {"public.orders": {
		"estimated_rows": rows, "size_bytes": bytes, "analyzed": true,
	}}}})
}

test_small_table_is_info_with_its_size if {
	[f] := [f | some f in _sized("CREATE INDEX idx_orders_user ON orders (user_id);", 1200, 98304)]
	f.max_severity == "info"
	f.message == "CREATE INDEX takes a SHARE lock on public.orders: writes wait until the index is built (public.orders has ~1,200 rows, 96 kB: the lock lasts milliseconds)"
}

test_large_table_says_it_is_large if {
	[f] := [f | some f in _sized("CREATE INDEX idx_orders_user ON orders (user_id);", 3000000, 268435456)]
	not f.max_severity
	endswith(f.message, "(public.orders is large: ~3,000,000 rows, 256 MB)")
}

test_small_table_threshold_is_configurable if {
	[f] := [f | some f in _sized("CREATE INDEX idx_orders_user ON orders (user_id);", 1200, 98304)] with data.config.params as {
		"require-concurrent-index-creation": {"small_table": {"rows": 1000}},
	}
	not f.max_severity
	endswith(f.message, "(public.orders has ~1,200 rows, 96 kB)")
}
