package ddlgate.custom.rules.privacy["require-pii-column-comment_test"]

import data.ddlgate.custom.rules.privacy["require-pii-column-comment"] as rule

_report(sql) := r if {
	r := rule.report with input as ddlgate.parse_sql(sql, {})
}

test_undocumented_pii_columns if {
	sql := `CREATE TABLE customers (
  id bigint PRIMARY KEY,
  email text NOT NULL,
  date_of_birth date
);
ALTER TABLE customers ADD COLUMN phone_number text;`
	{[f.span.line, f.message] | some f in _report(sql)} == {
		[3, "column customers.email looks like personal data and has no COMMENT ON COLUMN in this migration"],
		[4, "column customers.date_of_birth looks like personal data and has no COMMENT ON COLUMN in this migration"],
		[6, "column customers.phone_number looks like personal data and has no COMMENT ON COLUMN in this migration"],
	}
}

test_comment_in_the_same_migration_passes if {
	sql := `CREATE TABLE app.customers (id bigint PRIMARY KEY, "SSN" text);
COMMENT ON COLUMN app.customers."SSN" IS 'PII: US social security number, for tax forms';`
	count(_report(sql)) == 0
}

test_comment_on_another_table_does_not_count if {
	sql := `ALTER TABLE customers ADD COLUMN email text;
COMMENT ON COLUMN suppliers.email IS 'PII: supplier contact';`
	count(_report(sql)) == 1
}

test_removing_the_comment_does_not_count if {
	sql := `ALTER TABLE customers ADD COLUMN email text;
COMMENT ON COLUMN customers.email IS NULL;`
	count(_report(sql)) == 1
}

test_other_columns_pass if {
	count(_report("CREATE TABLE orders (id bigint PRIMARY KEY, total numeric);")) == 0
}

test_pattern_is_a_parameter if {
	r := rule.report with input as ddlgate.parse_sql("ALTER TABLE customers ADD COLUMN iban text;", {})
		with data.config.params as {"require-pii-column-comment": {"pattern": "iban"}}
	count(r) == 1
}
