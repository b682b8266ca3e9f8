package ddlgate.rules.governance["unused-ignore_test"]

import data.ddlgate.rules.governance["unused-ignore"] as rule

# unused-ignore is computed after suppression, outside Rego: its report stays
# empty even for a file whose ignore suppresses nothing.
test_report_is_computed_outside_rego if {
	f := ddlgate.parse_sql("-- ddlgate:ignore ban-drop-table reason=\"legacy\"\nCREATE TABLE accounts (id bigint PRIMARY KEY);", {})
	count(rule.report) == 0 with input as f
}
