package ddlgate.rules.locking["ban-unique-constraint-build_test"]

import data.ddlgate.rules.locking["ban-unique-constraint-build"] as rule

_report(sql) := r if {
	r := rule.report with input as ddlgate.parse_sql(sql, {})
}

test_unique_on_existing_table if {
	[f] := [f | some f in _report("ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email);")]
	f.rule == "ban-unique-constraint-build"
	f.severity == "error"
	f.message == "ADD UNIQUE builds an index on public.users while holding an ACCESS EXCLUSIVE lock: reads and writes wait until it is built"
	f.help == concat("\n", [
		"CREATE UNIQUE INDEX CONCURRENTLY users_email_key ON users (email);",
		"-- Move it to its own migration file that starts with `-- ddlgate:no-transaction`.",
		"ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE USING INDEX users_email_key;",
	])
}

test_unnamed_unique_gets_postgres_name if {
	[f] := [f | some f in _report("ALTER TABLE users ADD UNIQUE (tenant_id, email);")]
	startswith(f.help, "CREATE UNIQUE INDEX CONCURRENTLY users_tenant_id_email_key ON users (tenant_id, email);")
}

test_primary_key_on_existing_table if {
	[f] := [f | some f in _report("ALTER TABLE users ADD PRIMARY KEY (id);")]
	startswith(f.message, "ADD PRIMARY KEY builds an index on public.users")
	contains(f.help, "ALTER TABLE users ADD CONSTRAINT users_pkey PRIMARY KEY USING INDEX users_pkey;")
}

test_using_index_is_not_reported if {
	count(_report("ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE USING INDEX users_email_key;")) == 0
	count(_report("ALTER TABLE users ADD CONSTRAINT users_pkey PRIMARY KEY USING INDEX users_pkey;")) == 0
}

test_table_created_in_same_file_is_not_reported if {
	count(_report("CREATE TABLE users (id bigint, email text);\nALTER TABLE users ADD PRIMARY KEY (id);\nALTER TABLE users ADD UNIQUE (email);")) == 0
}

test_added_unique_column if {
	[f] := [f | some f in _report("ALTER TABLE users ADD COLUMN code text UNIQUE;")]
	startswith(f.message, "ADD UNIQUE builds an index on public.users")
	startswith(f.help, "CREATE UNIQUE INDEX CONCURRENTLY users_code_key ON users (code);")
}

test_other_constraints_are_not_reported if {
	count(_report("ALTER TABLE users ADD CONSTRAINT users_age_check CHECK (age > 0);")) == 0
}

# The index is built outside a transaction the way the runner allows; a
# file that already runs without one needs no advice.
test_help_follows_the_runner if {
	sql := "ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email);"
	[drizzle] := [f.help | some f in rule.report with input as ddlgate.parse_sql(sql, {"runner": "drizzle"})]
	contains(drizzle, "\n-- drizzle-kit migrate runs every pending file in one transaction and has no opt-out: run it outside drizzle-kit")
	[psql] := [f.help | some f in rule.report with input as ddlgate.parse_sql(sql, {"runner": "psql"})]
	psql == concat("\n", [
		"CREATE UNIQUE INDEX CONCURRENTLY users_email_key ON users (email);",
		"ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE USING INDEX users_email_key;",
	])
}
