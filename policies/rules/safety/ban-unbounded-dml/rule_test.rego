package ddlgate.rules.safety["ban-unbounded-dml_test"]

import data.ddlgate.rules.safety["ban-unbounded-dml"] as rule

_report(sql) := r if {
	r := rule.report with input as ddlgate.parse_sql(sql, {})
}

test_update_without_where if {
	[f] := [f | some f in _report("UPDATE users SET email_lower = lower(email);")]
	f.rule == "ban-unbounded-dml"
	f.severity == "warning"
	f.message == "UPDATE without WHERE changes every row of public.users in one transaction: it locks them all until COMMIT and bloats the table"
	f.help == "UPDATE in batches that each commit: ... WHERE id IN (SELECT id FROM users WHERE <not done yet> LIMIT 10000), repeated until no row changes."
}

test_delete_without_where if {
	[f] := [f | some f in _report(`DELETE FROM app."Sessions";`)]
	startswith(f.message, "DELETE without WHERE deletes every row of app.Sessions")
	contains(f.help, `FROM app."Sessions"`)
}

test_delete_using_without_where if {
	count(_report("DELETE FROM sessions USING users;")) == 1
}

test_bounded_dml_is_not_reported if {
	count(_report("UPDATE users SET a = 1 WHERE id < 10;\nDELETE FROM sessions WHERE expires_at < now();\nINSERT INTO users (a) SELECT 1;")) == 0
}

test_dml_in_function_bodies_is_not_reported if {
	count(_report("CREATE FUNCTION purge() RETURNS void LANGUAGE sql AS $$ DELETE FROM sessions $$;")) == 0
}

# A DO block runs its body right away: its statements are the migration's.
test_dml_in_do_blocks_is_reported if {
	count(_report("DO $$ BEGIN UPDATE users SET a = 1; END $$;")) == 1
}

test_table_created_in_the_same_file_is_not_reported if {
	count(_report("CREATE TABLE staging (id bigint, a int);\nINSERT INTO staging VALUES (1, 1);\nUPDATE staging SET a = 2;\nDELETE FROM staging;")) == 0
}
