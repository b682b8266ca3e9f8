package ddlgate.rules.governance["syntax-error_test"]

import data.ddlgate.rules.governance["syntax-error"] as rule

test_unparsable_statement_is_reported if {
	facts := ddlgate.parse_sql("CREATE TABLE accounts (id bigint PRIMARY KEY,);", {})
	some f in rule.report with input as facts
	f.rule == "syntax-error"
	f.category == "governance"
	f.severity == "error"
	f.statement == -1
	contains(f.message, "syntax error")
}

test_valid_sql_is_not_reported if {
	facts := ddlgate.parse_sql("CREATE TABLE accounts (id bigint PRIMARY KEY);", {})
	count(rule.report) == 0 with input as facts
}
