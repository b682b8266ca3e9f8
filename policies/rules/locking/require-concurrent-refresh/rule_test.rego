package ddlgate.rules.locking["require-concurrent-refresh_test"]

import data.ddlgate.rules.locking["require-concurrent-refresh"] as rule

_report(sql) := r if {
	r := rule.report with input as ddlgate.parse_sql(sql, {})
}

test_refresh_blocks_reads if {
	[f] := [f | some f in _report("REFRESH MATERIALIZED VIEW mv_orders_daily;")]
	f.rule == "require-concurrent-refresh"
	f.severity == "warning"
	f.message == "REFRESH MATERIALIZED VIEW takes an ACCESS EXCLUSIVE lock on public.mv_orders_daily: every read of the view waits until the refresh ends"
	f.help == "REFRESH MATERIALIZED VIEW CONCURRENTLY mv_orders_daily; -- needs a unique index on public.mv_orders_daily"
}

test_quoted_schema_qualified_view if {
	[f] := [f | some f in _report(`refresh materialized view app."Daily";`)]
	contains(f.message, "app.Daily")
	startswith(f.help, `refresh materialized view CONCURRENTLY app."Daily";`)
}

test_concurrently_is_not_reported if {
	count(_report("REFRESH MATERIALIZED VIEW CONCURRENTLY mv_orders_daily;")) == 0
}

test_with_no_data_is_not_reported if {
	count(_report("REFRESH MATERIALIZED VIEW mv_orders_daily WITH NO DATA;")) == 0
}

test_view_created_in_the_same_file_is_not_reported if {
	count(_report("CREATE MATERIALIZED VIEW mv_orders_daily AS SELECT 1 AS day WITH NO DATA;\nREFRESH MATERIALIZED VIEW mv_orders_daily;")) == 0
}
