package ddlgate.lib.result_test

import data.ddlgate.lib.result

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

test_rule_id_and_category if {
	result.rule_id(_chain) == "ban-example"
	result.category(_chain) == "safety"
	result.rule_id(_custom_chain) == "no-foo"
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

test_at_most_sets_the_ceiling if {
	f := result.at_most({"rule": "r", "message": "m"}, "info")
	f.max_severity == "info"
	f.message == "m"
}

test_file_start_is_line_one if {
	result.file_start.line == 1
	result.file_start.col == 1
}
