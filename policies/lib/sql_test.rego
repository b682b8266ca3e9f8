package ddlgate.lib.sql_test

import data.ddlgate.lib.sql

test_plain_names_stay_bare if {
	sql.ident("users") == "users"
	sql.ident("user_id2") == "user_id2"
	sql.ident("a$b") == "a$b"
}

test_names_postgresql_would_fold_are_quoted if {
	sql.ident("Users") == `"Users"`
	sql.ident("2fa") == `"2fa"`
	sql.ident("with space") == `"with space"`
	sql.ident(`say "hi"`) == `"say ""hi"""`
}

# Keywords that are not unreserved cannot stand as names unquoted.
test_keywords_are_quoted if {
	sql.ident("user") == `"user"`
	sql.ident("order") == `"order"`
	sql.ident("select") == `"select"`
	sql.ident("int") == `"int"`
	sql.ident("authorization") == `"authorization"`
}

# Unreserved keywords are fine as names.
test_unreserved_keywords_stay_bare if {
	sql.ident("name") == "name"
	sql.ident("comment") == "comment"
	sql.ident("data") == "data"
}

test_name_keeps_the_qualification_as_written if {
	sql.name({"schema": "Users", "name": "Score", "qualified": true}) == `"Users"."Score"`
	sql.name({"schema": "public", "name": "order", "qualified": false}) == `"order"`
	sql.qualified({"schema": "public", "name": "order", "qualified": false}) == `public."order"`
}

test_columns if {
	sql.columns(["id", "User"]) == `id, "User"`
}

test_array_suffix if {
	sql.array_suffix({"array": true}) == "[]"
	sql.array_suffix({"array": false}) == ""
}

test_concurrently_keeps_the_statement_as_written if {
	sql.concurrently("CREATE INDEX users_email_idx ON users (lower(email)) WHERE active") == "CREATE INDEX CONCURRENTLY users_email_idx ON users (lower(email)) WHERE active"
	sql.concurrently("create unique index on users (email)") == "create unique index CONCURRENTLY on users (email)"
	sql.concurrently("REFRESH MATERIALIZED VIEW daily_totals") == "REFRESH MATERIALIZED VIEW CONCURRENTLY daily_totals"
	sql.concurrently("REINDEX (VERBOSE) TABLE orders") == "REINDEX (VERBOSE) TABLE CONCURRENTLY orders"
	sql.concurrently("REINDEX INDEX orders_pkey") == "REINDEX INDEX CONCURRENTLY orders_pkey"
}

# Other statements are left alone.
test_concurrently_ignores_other_statements if {
	sql.concurrently("DROP INDEX users_email_idx") == "DROP INDEX users_email_idx"
}

test_qualified_name_of_a_bare_relation if {
	sql.qualified({"schema": "", "name": "Users"}) == `"Users"`
}

test_index_on_partitions if {
	recipe := sql.index_on_partitions({
		"table": {"schema": "public", "name": "events", "qualified": false},
		"columns": ["created_at"], "unique": false, "index": null,
	})
	lines := split(recipe, "\n")
	startswith(lines[0], "CREATE INDEX events_created_at_idx ON ONLY events (created_at);")
	startswith(lines[1], "CREATE INDEX CONCURRENTLY <partition>_created_at_idx ON <partition> (created_at);")
	startswith(lines[2], "ALTER INDEX events_created_at_idx ATTACH PARTITION <partition>_created_at_idx;")
}
