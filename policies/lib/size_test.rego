package ddlgate.lib.size_test

import data.ddlgate.lib.result
import data.ddlgate.lib.size

_chain(params) := [
	{"path": ["ddlgate", "rules", "locking", "example", "report"], "annotations": {"scope": "rule"}},
	{"path": ["ddlgate", "rules", "locking", "example"], "annotations": {
		"scope": "package",
		"title": "Example",
		"custom": {"severity": "error", "params": params},
	}},
]

_defaults := {"small_table": {"rows": 10000, "size": "10 MB"}, "large_table": {"rows": 1000000, "size": "1 GB"}}

_table(rows, bytes) := {"estimated_rows": rows, "size_bytes": bytes, "analyzed": true}

# The finding of CREATE INDEX ON orders, judged with db (null: no database).
_judged(db, params) := f if {
	doc := _parse("CREATE INDEX orders_total ON orders (total);", db)
	stmt := doc.statements[0]
	finding := result.fail(_chain(params), stmt, stmt.span, "CREATE INDEX locks orders")
	f := size.scaled(_chain(params), finding, [stmt.locks[0].relation]) with input as doc
}

_parse(sql, null) := ddlgate.parse_sql(sql, {})

_parse(sql, db) := ddlgate.parse_sql(sql, {"db": db}) if db != null

test_without_database_the_finding_is_unchanged if {
	f := _judged(null, _defaults)
	f.message == "CREATE INDEX locks orders"
	not f.max_severity
}

test_small_table_drops_to_info_with_its_size if {
	f := _judged({"tables": {"public.orders": _table(1200, 98304)}}, _defaults)
	f.message == "CREATE INDEX locks orders (public.orders has ~1,200 rows, 96 kB: the lock lasts milliseconds)"
	f.max_severity == "info"
}

test_medium_table_says_its_size_at_full_severity if {
	f := _judged({"tables": {"public.orders": _table(50000, 12582912)}}, _defaults)
	f.message == "CREATE INDEX locks orders (public.orders has ~50,000 rows, 12 MB)"
	not f.max_severity
}

test_many_rows_in_few_bytes_is_not_small if {
	f := _judged({"tables": {"public.orders": _table(20000, 8192)}}, _defaults)
	not f.max_severity
}

test_few_wide_rows_are_not_small if {
	f := _judged({"tables": {"public.orders": _table(10, 52428800)}}, _defaults)
	f.message == "CREATE INDEX locks orders (public.orders has ~10 rows, 50 MB)"
	not f.max_severity
}

test_large_by_rows if {
	f := _judged({"tables": {"public.orders": _table(12000000, 943718400)}}, _defaults)
	f.message == "CREATE INDEX locks orders (public.orders is large: ~12,000,000 rows, 900 MB)"
	not f.max_severity
}

test_large_by_size if {
	f := _judged({"tables": {"public.orders": _table(300000, 1503238553)}}, _defaults)
	f.message == "CREATE INDEX locks orders (public.orders is large: ~300,000 rows, 1434 MB)"
}

test_never_analyzed_is_not_taken_for_small if {
	f := _judged({"tables": {"public.orders": {"estimated_rows": 0, "size_bytes": 0, "analyzed": false}}}, _defaults)
	f.message == "CREATE INDEX locks orders (public.orders has never been analyzed, so its size is unknown: ANALYZE it to judge by size)"
	not f.max_severity
}

test_table_missing_from_the_database_is_unchanged if {
	f := _judged({"tables": {"public.customers": _table(10, 8192)}}, _defaults)
	f.message == "CREATE INDEX locks orders"
}

test_thresholds_are_parameters if {
	params := {"small_table": {"rows": 100000, "size": "100MB"}, "large_table": {"rows": 1000000, "size": 1073741824}}
	f := _judged({"tables": {"public.orders": _table(50000, 12582912)}}, params)
	f.max_severity == "info"
}

test_a_custom_rule_without_the_parameters_gets_the_defaults if {
	f := _judged({"tables": {"public.orders": _table(1200, 98304)}}, {})
	f.max_severity == "info"
}

test_unreadable_thresholds_are_reported_not_guessed if {
	params := {"small_table": {"rows": "many", "size": "ten megs"}, "large_table": {"rows": 1000000, "size": "1 GB"}}
	f := _judged({"tables": {"public.orders": _table(1200, 98304)}}, params)
	f.message == `CREATE INDEX locks orders (small_table.rows "many" is not a number of rows; small_table.size "ten megs" is not a size such as "10 MB": table sizes are not judged)`
	not f.max_severity
}

# A foreign key locks both tables: small only when both are; a table an
# earlier migration of the run creates (absent from the database) is empty.
test_every_table_counts if {
	sql := "ALTER TABLE orders ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id);"
	db := {"tables": {"public.orders": _table(1200, 98304), "public.customers": _table(2000000, 209715200)}}
	doc := ddlgate.parse_sql(sql, {"db": db})
	stmt := doc.statements[0]
	rels := [l.relation | some l in stmt.locks]
	j := size.judge(rels, _defaults) with input as doc
	j == {"class": "large", "note": "public.customers is large: ~2,000,000 rows, 200 MB"}
}

test_a_table_new_in_the_run_is_empty if {
	sql := "ALTER TABLE orders ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id);"
	doc := ddlgate.parse_sql(sql, {
		"db": {"tables": {"public.orders": _table(1200, 98304)}},
		"history": ["CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint)", "CREATE TABLE customers (id bigint PRIMARY KEY)"],
	})
	stmt := doc.statements[0]
	rels := [l.relation | some l in stmt.locks]
	j := size.judge(rels, _defaults) with input as doc
	j == {"class": "small", "note": "public.orders has ~1,200 rows, 96 kB: the lock lasts milliseconds"}
}
