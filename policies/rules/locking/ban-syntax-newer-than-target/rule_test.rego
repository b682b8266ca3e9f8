package ddlgate.rules.locking["ban-syntax-newer-than-target_test"]

import data.ddlgate.rules.locking["ban-syntax-newer-than-target"] as rule

_report(sql, pg) := r if {
	r := rule.report with input as ddlgate.parse_sql(sql, {"pg_version": pg})
}

test_reindex_concurrently_before_12 if {
	[f] := [f | some f in _report("REINDEX INDEX CONCURRENTLY i;", 11)]
	f.severity == "error"
	f.message == "REINDEX ... CONCURRENTLY needs PostgreSQL 12, and the target is PostgreSQL 11: the statement fails there"
}

test_same_syntax_on_a_target_that_has_it if {
	count(_report("REINDEX INDEX CONCURRENTLY i;", 12)) == 0
	count(_report("MERGE INTO t USING s ON t.a = s.a WHEN MATCHED THEN DELETE;", 15)) == 0
}

test_each_feature_of_a_statement if {
	count(_report("CREATE TABLE t (a int, b int GENERATED ALWAYS AS (a * 2) STORED, UNIQUE NULLS NOT DISTINCT (a));", 11)) == 2
	count(_report("CREATE TABLE t (a int, b int GENERATED ALWAYS AS (a * 2) STORED, UNIQUE NULLS NOT DISTINCT (a));", 14)) == 1
}

test_statements_of_a_do_block if {
	count(_report("DO $$ BEGIN EXECUTE 'REINDEX TABLE CONCURRENTLY t'; END $$;", 11)) == 1
}
