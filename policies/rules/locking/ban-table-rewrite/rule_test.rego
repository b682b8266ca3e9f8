package ddlgate.rules.locking["ban-table-rewrite_test"]

import data.ddlgate.rules.locking["ban-table-rewrite"] as rule

_report(sql) := r if {
	r := rule.report with input as ddlgate.parse_sql(sql, {})
}

_messages(sql) := {f.message | some f in _report(sql)}

test_vacuum_full if {
	[f] := [f | some f in _report("VACUUM FULL orders;")]
	f.rule == "ban-table-rewrite"
	f.severity == "error"
	f.message == "VACUUM FULL rewrites public.orders while holding an ACCESS EXCLUSIVE lock on it: reads and writes wait until the copy is written"
	startswith(f.help, "Use plain VACUUM")
}

test_vacuum_full_of_several_tables_reports_each if {
	_messages("VACUUM (FULL, ANALYZE) orders, app.\"Users\";") == {
		"VACUUM FULL rewrites public.orders while holding an ACCESS EXCLUSIVE lock on it: reads and writes wait until the copy is written",
		"VACUUM FULL rewrites app.Users while holding an ACCESS EXCLUSIVE lock on it: reads and writes wait until the copy is written",
	}
}

test_plain_vacuum_is_not_reported if {
	count(_report("VACUUM orders;\nVACUUM (ANALYZE) orders;")) == 0
}

test_cluster if {
	[f] := [f | some f in _report("CLUSTER orders USING idx_orders_created;")]
	startswith(f.message, "CLUSTER rewrites public.orders")
	contains(f.help, "pg_repack --order-by")
}

test_cluster_without_table if {
	[f] := [f | some f in _report("CLUSTER;")]
	startswith(f.message, "CLUSTER without a table rewrites every previously clustered table")
}

test_alter_table_rewrites_point_at_their_subcommand if {
	[f] := [f | some f in _report("ALTER TABLE orders\n  SET LOGGED;")]
	startswith(f.message, "SET LOGGED rewrites public.orders")
	f.span.line == 2
	count(_report("ALTER TABLE orders SET UNLOGGED, SET TABLESPACE fast;")) == 2
	count(_report("ALTER TABLE orders SET ACCESS METHOD heap2;")) == 1
}

test_index_set_tablespace_names_the_index if {
	[f] := [f | some f in _report("ALTER INDEX idx_orders_user SET TABLESPACE fast;")]
	startswith(f.message, "SET TABLESPACE rewrites index public.idx_orders_user")
}

test_table_created_in_the_same_file_is_not_reported if {
	count(_report("CREATE TABLE orders (id bigint PRIMARY KEY);\nALTER TABLE orders SET UNLOGGED;\nVACUUM FULL orders;\nCLUSTER orders USING orders_pkey;")) == 0
}
