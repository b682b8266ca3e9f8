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

# The facts the parser will publish for domains (the rule reads them first;
# the text fallback above covers the parser until then).
_domain_action := {
	"type": "add_domain_constraint",
	"span": {"start": 21, "end": 66, "line": 1, "col": 22, "end_line": 1, "end_col": 66},
	"table": null, "lock": "", "effects": {},
	"domain": {"schema": "public", "name": "amount", "qualified": false, "exists_before": true, "created_in_file": false, "known": false},
	"constraint": {"name": "amount_positive", "type": "check", "not_valid": false, "expression": "VALUE > 0"},
}

_with_domain_facts := json.patch(ddlgate.parse_sql("ALTER DOMAIN amount ADD CONSTRAINT amount_positive CHECK (VALUE > 0);", {}), [
	{"op": "replace", "path": "/statements/0/actions/0", "value": _domain_action},
	{"op": "remove", "path": "/actions_by_type/other"},
])

_with_domain_index := json.patch(_with_domain_facts, [{"op": "add", "path": "/actions_by_type/add_domain_constraint", "value": [{"statement": _with_domain_facts.statements[0], "action": _domain_action}]}])

test_domain_constraint_facts if {
	[f] := [f | some f in rule.report] with input as _with_domain_index
	f.message == "ADD CONSTRAINT ... CHECK on domain public.amount checks every column of the type while holding a SHARE lock on each table that uses it: writes wait until every row is checked"
	f.span.col == 22
}
