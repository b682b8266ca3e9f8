package ddlgate.rules.schema["require-primary-key_test"]

import data.ddlgate.rules.schema["require-primary-key"] as rule

_report(sql) := r if {
	r := rule.report with input as ddlgate.parse_sql(sql, {})
}

test_table_without_primary_key if {
	[f] := [f | some f in _report("CREATE TABLE events (payload jsonb NOT NULL);")]
	f.rule == "require-primary-key"
	f.category == "schema"
	f.severity == "error"
	f.message == "table public.events has no primary key: rows cannot be addressed reliably and logical replication refuses its UPDATEs and DELETEs"
	f.help == "ALTER TABLE events ADD COLUMN id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY;"
}

test_help_uses_an_id_column if {
	[f] := [f | some f in _report("CREATE TABLE app.events (id uuid NOT NULL, payload jsonb);")]
	f.help == "ALTER TABLE app.events ADD PRIMARY KEY (id);"
}

test_column_and_table_primary_keys if {
	count(_report("CREATE TABLE events (id bigint PRIMARY KEY);")) == 0
	count(_report("CREATE TABLE events (tenant_id int, id int, PRIMARY KEY (tenant_id, id));")) == 0
	count(_report("CREATE TABLE events (id int, CONSTRAINT events_pk PRIMARY KEY (id));")) == 0
}

test_primary_key_added_later_in_file if {
	count(_report("CREATE TABLE events (id bigint NOT NULL);\nALTER TABLE events ADD PRIMARY KEY (id);")) == 0
	count(_report("CREATE TABLE events (payload jsonb);\nALTER TABLE public.events ADD COLUMN id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY;")) == 0
}

test_primary_key_added_after_rename if {
	count(_report("CREATE TABLE events (id bigint NOT NULL);\nALTER TABLE events RENAME TO audit_events;\nALTER TABLE audit_events ADD PRIMARY KEY (id);")) == 0
}

test_primary_key_on_another_table_does_not_count if {
	count(_report("CREATE TABLE events (id bigint NOT NULL);\nALTER TABLE audit.events ADD PRIMARY KEY (id);")) == 1
	count(_report(`CREATE TABLE events (id bigint NOT NULL);
ALTER TABLE "Events" ADD PRIMARY KEY (id);`)) == 1
}

test_table_dropped_later_in_file if {
	count(_report("CREATE TABLE scratch (payload jsonb);\nDROP TABLE scratch;")) == 0
}

test_partitions_and_temporary_tables_are_exempt if {
	count(_report("CREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');")) == 0
	count(_report("CREATE TEMPORARY TABLE scratch (payload jsonb);")) == 0
}

test_create_table_as_is_reported if {
	count(_report("CREATE TABLE orders_backup AS SELECT * FROM orders;")) == 1
}
