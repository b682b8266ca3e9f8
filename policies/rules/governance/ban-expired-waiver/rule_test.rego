package ddlgate.rules.governance["ban-expired-waiver_test"]

import data.ddlgate.rules.governance["ban-expired-waiver"] as rule

# ban-expired-waiver needs the clock, so it is computed outside Rego: its
# report stays empty even for a long-expired waiver.
test_report_is_computed_outside_rego if {
	f := ddlgate.parse_sql("-- ddlgate:ignore ban-drop-table reason=\"cleanup\" until=2020-01-31\nDROP TABLE legacy_sessions;", {})
	[d] := f.directives
	d.until == "2020-01-31"
	count(rule.report) == 0 with input as f
}
