package ddlgate.rules.locking["require-concurrent-detach-partition_test"]

import data.ddlgate.rules.locking["require-concurrent-detach-partition"] as rule

_report(sql) := r if {
	r := rule.report with input as ddlgate.parse_sql(sql, {})
}

test_detach_blocks_the_parent if {
	[f] := [f | some f in _report("ALTER TABLE events DETACH PARTITION events_2020;")]
	f.rule == "require-concurrent-detach-partition"
	f.severity == "warning"
	f.message == "DETACH PARTITION public.events_2020 takes an ACCESS EXCLUSIVE lock on public.events: reads and writes of every partition wait until it is detached"
	startswith(f.help, "ALTER TABLE events DETACH PARTITION events_2020 CONCURRENTLY;")
}

test_help_keeps_quoting_and_schemas if {
	[f] := [f | some f in _report(`ALTER TABLE app."Events" DETACH PARTITION app."Events_2020";`)]
	startswith(f.help, `ALTER TABLE app."Events" DETACH PARTITION app."Events_2020" CONCURRENTLY;`)
}

test_concurrently_is_not_reported if {
	count(_report("ALTER TABLE events DETACH PARTITION events_2020 CONCURRENTLY;")) == 0
}

test_finalize_is_not_reported if {
	count(_report("ALTER TABLE events DETACH PARTITION events_2020 FINALIZE;")) == 0
}

test_table_created_in_the_same_file_is_not_reported if {
	count(_report("CREATE TABLE events (id bigint, at date) PARTITION BY RANGE (at);\nCREATE TABLE events_2020 PARTITION OF events FOR VALUES FROM ('2020-01-01') TO ('2021-01-01');\nALTER TABLE events DETACH PARTITION events_2020;")) == 0
}

test_help_follows_the_runner if {
	sql := "ALTER TABLE events DETACH PARTITION events_2020;"
	[atlas] := [f.help | some f in rule.report with input as ddlgate.parse_sql(sql, {"runner": "atlas", "pg_version": 14})]
	atlas == "ALTER TABLE events DETACH PARTITION events_2020 CONCURRENTLY; -- PostgreSQL 14+; not possible while the table has a default partition\n-- Move it to its own migration file that starts with `-- atlas:txmode none`."
}
