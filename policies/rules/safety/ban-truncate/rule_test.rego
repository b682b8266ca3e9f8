package ddlgate.rules.safety["ban-truncate_test"]

import data.ddlgate.rules.safety["ban-truncate"] as rule

_report(sql) := r if {
	r := rule.report with input as ddlgate.parse_sql(sql, {})
}

test_truncate if {
	[f] := [f | some f in _report("TRUNCATE import_rows;")]
	f.rule == "ban-truncate"
	f.severity == "error"
	f.message == "TRUNCATE deletes every row of public.import_rows under an ACCESS EXCLUSIVE lock: the data can only come back from a backup"
}

test_each_table_is_reported if {
	{f.message | some f in _report(`TRUNCATE TABLE a, app."B" CASCADE;`)} == {
		"TRUNCATE deletes every row of public.a under an ACCESS EXCLUSIVE lock: the data can only come back from a backup",
		"TRUNCATE deletes every row of app.B under an ACCESS EXCLUSIVE lock: the data can only come back from a backup",
	}
}

test_table_created_in_the_same_file_is_not_reported if {
	count(_report("CREATE TABLE staging (id bigint);\nINSERT INTO staging VALUES (1);\nTRUNCATE staging;")) == 0
}

test_delete_is_not_reported if {
	count(_report("DELETE FROM import_rows WHERE id < 10;")) == 0
}
