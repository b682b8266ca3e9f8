package ddlgate.rules.governance["require-linear-history_test"]

import data.ddlgate.rules.governance["require-linear-history"] as rule

_with_duplicates(dups) := object.union(f, {"file": object.union(f.file, {"version": "0003", "duplicate_versions": dups})}) if {
	f := ddlgate.parse_sql("CREATE TABLE orders (id bigint PRIMARY KEY);", {"path": "migrations/0003_orders.sql"})
}

test_shared_version_is_reported if {
	[f] := [f | some f in rule.report] with input as _with_duplicates(["migrations/0003_invoices.sql"])
	f.message == "version 0003 of migrations/0003_orders.sql is also used by migrations/0003_invoices.sql: the runner applies only one of them, or fails"
	f.span.line == 1
}

test_unique_version_is_not_reported if {
	count(rule.report) == 0 with input as _with_duplicates([])
}
