package ddlgate.rules.governance["unused-ignore_test"]

import data.ddlgate.lib.facts
import data.ddlgate.lib.result
import data.ddlgate.rules.governance["unused-ignore"] as rule

# unused-ignore is computed after suppression, outside Rego: its report stays
# empty even for a file whose ignore suppresses nothing.
test_report_is_computed_outside_rego if {
	f := ddlgate.parse_sql("-- ddlgate:ignore ban-drop-table reason=\"legacy\"\nCREATE TABLE accounts (id bigint PRIMARY KEY);", {})
	count(rule.report) == 0 with input as f
}

# The library tests live here: the engine owns both.

_chain := [
	{"path": ["ddlgate", "rules", "safety", "ban-example", "report"], "annotations": {"scope": "rule"}},
	{"path": ["ddlgate", "rules", "safety", "ban-example"], "annotations": {
		"scope": "package",
		"title": "Example",
		"custom": {"severity": "error", "params": {"limit": 10, "mode": "strict"}},
	}},
]

_custom_chain := [{"path": ["ddlgate", "custom", "rules", "acme", "no-foo", "report"], "annotations": {"scope": "rule"}}]

_stmt := {"index": 3}

_span := {"start": 1, "end": 5, "line": 2, "col": 1, "end_line": 2, "end_col": 5}

test_fail_takes_identity_from_package_path if {
	result.fail(_chain, _stmt, _span, "boom") == {
		"rule": "ban-example", "category": "safety", "title": "Example", "severity": "error",
		"message": "boom", "help": "", "statement": 3, "span": _span,
	}
}

test_fail_help_carries_help if {
	result.fail_help(_chain, _stmt, _span, "boom", "do this").help == "do this"
}

test_fail_file_has_no_statement if {
	result.fail_file(_chain, _span, "boom").statement == -1
}

test_custom_rule_identity_and_defaults if {
	f := result.fail(_custom_chain, _stmt, _span, "boom")
	f.rule == "no-foo"
	f.category == "acme"
	f.title == "no-foo"
	f.severity == "warning"
}

test_params_default_from_metadata if {
	result.params(_chain) == {"limit": 10, "mode": "strict"}
}

test_params_overridden_by_config if {
	result.params(_chain) == {"limit": 99, "mode": "strict"} with data.config.params as {"ban-example": {"limit": 99}}
}

test_params_empty_without_metadata if {
	result.params(_custom_chain) == {}
}

test_existing_relation if {
	facts.existing({"schema": "public", "name": "t", "exists_before": true, "created_in_file": false})
	not facts.existing({"schema": "public", "name": "t", "exists_before": false, "created_in_file": true})
	# Created by an earlier migration of the run ddlgate apply judges.
	not facts.existing({"schema": "public", "name": "t", "exists_before": false, "created_in_file": false})
	not facts.existing(null)
}

test_qualified_name if {
	facts.qualified_name({"schema": "public", "name": "users"}) == "public.users"
	facts.qualified_name({"schema": "", "name": "users"}) == "users"
}

test_pg_at_least if {
	facts.pg_at_least(12) with input.target.pg_version as 16
	not facts.pg_at_least(12) with input.target.pg_version as 11
}

test_in_transaction if {
	facts.in_transaction({"transaction": {"in_transaction": true}})
	not facts.in_transaction({"transaction": {"in_transaction": false}})
}
