package ddlgate.rules.governance["require-migration-checksum_test"]

import data.ddlgate.rules.governance["require-migration-checksum"] as rule

_sql := "ALTER TABLE users ADD COLUMN email text;"

test_edited_file_is_reported if {
	[f] := [f | some f in rule.report] with input as ddlgate.parse_sql(_sql, {"checksum": "modified", "path": "migrations/0002_email.sql"})
	f.message == "migrations/0002_email.sql differs from ddlgate.sum: it was edited after it was hashed for review"
	f.statement == -1
	f.span.line == 1
}

test_file_without_statements_points_at_line_1 if {
	[f] := [f | some f in rule.report] with input as ddlgate.parse_sql("-- nothing yet\n", {"checksum": "missing-from-sum"})
	f.span.line == 1
}

test_unhashed_file_is_reported if {
	[f] := [f | some f in rule.report] with input as ddlgate.parse_sql(_sql, {"checksum": "missing-from-sum"})
	contains(f.message, "is not in ddlgate.sum")
}

test_reordered_file_is_reported if {
	count(rule.report) == 1 with input as ddlgate.parse_sql(_sql, {"checksum": "reordered"})
}

test_matching_file_is_not_reported if {
	count(rule.report) == 0 with input as ddlgate.parse_sql(_sql, {"checksum": "ok"})
}

test_directory_without_sum_is_not_reported if {
	count(rule.report) == 0 with input as ddlgate.parse_sql(_sql, {})
}
