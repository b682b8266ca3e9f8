package ddlgate.custom.rules.tenancy["require-tenant-id_test"]

import data.ddlgate.custom.rules.tenancy["require-tenant-id"] as rule

_report(sql) := r if {
	r := rule.report with input as ddlgate.parse_sql(sql, {})
}

test_table_without_tenant_id if {
	[f] := [f | some f in _report("CREATE TABLE accounts (tenant_id bigint NOT NULL);\n\nCREATE TABLE orders (\n  id bigint PRIMARY KEY\n);")]
	f.rule == "require-tenant-id"
	f.category == "tenancy"
	f.severity == "error"
	f.span.line == 3
	f.message == "table orders has no tenant_id column"
}

test_table_with_tenant_id_passes if {
	count(_report("CREATE TABLE orders (id bigint PRIMARY KEY, tenant_id bigint NOT NULL);")) == 0
}

test_other_statements_pass if {
	count(_report("ALTER TABLE orders ADD COLUMN note text;")) == 0
}
