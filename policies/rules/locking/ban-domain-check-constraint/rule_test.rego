package ddlgate.rules.locking["ban-domain-check-constraint_test"]

import data.ddlgate.rules.locking["ban-domain-check-constraint"] as rule

_report(sql) := r if {
	r := rule.report with input as ddlgate.parse_sql(sql, {})
}

test_alter_domain_add_check if {
	[f] := [f | some f in _report("ALTER DOMAIN amount ADD CONSTRAINT amount_positive CHECK (VALUE > 0);")]
	f.rule == "ban-domain-check-constraint"
	f.severity == "warning"
	contains(f.message, "CHECK on domain ")
	contains(f.message, "amount checks every column of the type while holding a SHARE lock on each table that uses it")
}

test_unnamed_check_and_not_valid if {
	[f] := [f | some f in _report("ALTER DOMAIN amount ADD CHECK (VALUE > 0) NOT VALID;")]
	contains(f.message, "NOT VALID")
	contains(f.message, "VALIDATE CONSTRAINT will hold a SHARE lock")
}

test_create_domain_with_check if {
	[f] := [f | some f in _report("CREATE DOMAIN positive_amount AS numeric(12, 2) CHECK (VALUE > 0);")]
	startswith(f.message, "domain public.positive_amount carries a CHECK constraint")
}

test_domain_without_check_is_not_reported if {
	count(_report("CREATE DOMAIN amount AS numeric(12, 2) NOT NULL;\nALTER DOMAIN amount2 SET NOT NULL;\nALTER DOMAIN amount3 DROP CONSTRAINT c;")) == 0
}

test_domain_created_in_the_same_file_is_not_reported if {
	count(_report("CREATE DOMAIN amount AS numeric(12, 2);\nALTER DOMAIN amount ADD CONSTRAINT amount_positive CHECK (VALUE > 0);")) == 0
	count(_report("CREATE DOMAIN app.amount AS numeric(12, 2);\nALTER DOMAIN app.amount ADD CHECK (VALUE > 0);")) == 0
}

test_table_check_is_not_reported if {
	count(_report("ALTER TABLE payments ADD CONSTRAINT payments_amount_positive CHECK (amount > 0) NOT VALID;")) == 0
}

test_finding_points_at_the_constraint if {
	[f] := [f | some f in _report("ALTER DOMAIN amount ADD CONSTRAINT amount_positive CHECK (VALUE > 0);")]
	f.message == "ADD CONSTRAINT ... CHECK on domain public.amount checks every column of the type while holding a SHARE lock on each table that uses it: writes wait until every row is checked"
	f.span.col == 25
}
