package ddlgate.rules.locking["ban-concurrent-index-on-partitioned-table_test"]

import data.ddlgate.rules.locking["ban-concurrent-index-on-partitioned-table"] as rule

_report(sql, history) := r if {
	r := rule.report with input as ddlgate.parse_sql(sql, {"history": history})
}

_events := ["CREATE TABLE events (id bigint, at date, kind text) PARTITION BY RANGE (at);"]

test_concurrent_index_on_partitioned_table_fails if {
	[f] := [f | some f in _report("CREATE INDEX CONCURRENTLY events_at_idx ON events (at);", _events)]
	f.severity == "error"
	f.message == "CREATE INDEX CONCURRENTLY on the partitioned table public.events fails: PostgreSQL cannot build an index on a partitioned table concurrently"
	f.help == concat("\n", [
		"CREATE INDEX events_at_idx ON ONLY events (at); -- quick: the parent alone has no rows",
		"CREATE INDEX CONCURRENTLY <partition>_at_idx ON <partition> (at); -- for each partition, without a transaction block",
		"ALTER INDEX events_at_idx ATTACH PARTITION <partition>_at_idx; -- for each partition: the parent's index is valid once all are attached",
	])
}

test_partitioned_in_the_same_file if {
	count(_report("CREATE TABLE events (id bigint, at date) PARTITION BY RANGE (at);\nCREATE UNIQUE INDEX CONCURRENTLY ON events (id, at);", [])) == 1
}

test_plain_tables_and_partitions_are_fine if {
	count(_report("CREATE INDEX CONCURRENTLY events_at_idx ON events_2024 (at);", ["CREATE TABLE events_2024 (id bigint, at date);"])) == 0
	count(_report("CREATE INDEX CONCURRENTLY orders_at_idx ON orders (at);", [])) == 0
}

test_without_concurrently_is_another_rule if {
	count(_report("CREATE INDEX events_at_idx ON events (at);", _events)) == 0
}
