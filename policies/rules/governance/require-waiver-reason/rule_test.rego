package ddlgate.rules.governance["require-waiver-reason_test"]

import data.ddlgate.rules.governance["require-waiver-reason"] as rule

# require-waiver-reason is computed while applying waivers, outside Rego: its
# report stays empty even for a waiver without a reason, whose directive
# facts the engine reads.
test_report_is_computed_outside_rego if {
	f := ddlgate.parse_sql("-- ddlgate:ignore ban-drop-table\nDROP TABLE legacy_sessions;", {})
	[d] := f.directives
	d.kind == "ignore"
	d.reason == ""
	count(rule.report) == 0 with input as f
}

test_directive_reason_is_parsed if {
	f := ddlgate.parse_sql("-- ddlgate:ignore ban-drop-table reason=\"unused since v4.2\"\nDROP TABLE legacy_sessions;", {})
	[d] := f.directives
	d.reason == "unused since v4.2"
}
