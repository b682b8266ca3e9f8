package ddlgate.rules.schema["ban-char-type_test"]

import data.ddlgate.rules.schema["ban-char-type"] as rule

_report(sql) := r if {
	r := rule.report with input as ddlgate.parse_sql(sql, {})
}

test_char_column if {
	[f] := [f | some f in _report("CREATE TABLE countries (code char(2) PRIMARY KEY);")]
	f.severity == "warning"
	f.message == "column public.countries.code is char(2): values are blank-padded to a fixed length, which clients read back and comparisons ignore"
	f.help == "code text CHECK (length(code) = 2)"
}

test_spellings if {
	count(_report("ALTER TABLE countries ADD COLUMN a character(3), ADD COLUMN b char, ADD COLUMN c bpchar(4);")) == 3
	count(_report("ALTER TABLE countries ALTER COLUMN code TYPE character(2);")) == 1
}

test_internal_char_and_text_pass if {
	count(_report(`CREATE TABLE flags (kind "char", code text, name varchar(3));`)) == 0
}
