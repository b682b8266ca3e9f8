package ddlgate.rules.schema["ban-long-identifier_test"]

import data.ddlgate.rules.schema["ban-long-identifier"] as rule

_report(sql) := r if {
	r := rule.report with input as ddlgate.parse_sql(sql, {})
}

# 64 bytes: one more than PostgreSQL keeps.
_long := "abcdefghij_abcdefghij_abcdefghij_abcdefghij_abcdefghij_abcdefghi"

# 63 bytes: the longest name kept whole.
_max := "abcdefghij_abcdefghij_abcdefghij_abcdefghij_abcdefghij_abcdefgh"

test_long_index_name if {
	count(_long) == 64
	[f] := [f | some f in _report(sprintf("CREATE INDEX %s ON t (a);", [_long]))]
	f.severity == "error"
	f.message == sprintf("identifier %q is 64 bytes: PostgreSQL silently truncates it to %q (63 bytes), so names that share those bytes collide and tools comparing names see a difference", [_long, substring(_long, 0, 63)])
	f.span.col == 14
}

test_63_bytes_pass if {
	count(_max) == 63
	count(_report(sprintf("CREATE TABLE %s (%s int);", [_max, _max]))) == 0
}

test_multibyte_names_count_bytes if {
	# 32 characters, 64 bytes.
	name := concat("", [c | some _ in numbers.range(1, 32); c := "é"])
	count(_report(sprintf(`CREATE TABLE t ("%s" int);`, [name]))) == 1
	count(_report(sprintf(`CREATE TABLE t ("%s" int);`, [substring(name, 0, 31)]))) == 0
}

test_every_kind_of_name if {
	count(_report(sprintf("CREATE TABLE t_%s (c_%s int, CONSTRAINT k_%s CHECK (true));", [_max, _max, _max]))) == 3
	count(_report(sprintf(`ALTER TABLE t ADD COLUMN "A_%s" int, ADD CONSTRAINT b_%s UNIQUE (a);`, [_max, _max]))) == 2
	count(_report(sprintf("ALTER TABLE t RENAME COLUMN a TO %s;", [_long]))) == 1
	count(_report(sprintf("CREATE VIEW %s AS SELECT 1;", [_long]))) == 1
	count(_report(sprintf("CREATE ROLE %s;", [_long]))) == 1
}

# Names that share their first 63 bytes collide: reported once, where the
# first one appears.
test_names_truncated_alike_reported_once if {
	count(_report(sprintf("CREATE TABLE t (%s_a int, %s_b int);", [_max, _max]))) == 1
}

test_each_name_reported_once if {
	count(_report(sprintf("CREATE TABLE %s (id bigint);\nALTER TABLE %s ADD COLUMN note text;", [_long, _long]))) == 1
}

test_strings_and_comments_are_not_identifiers if {
	count(_report(sprintf("-- %s\nCOMMENT ON TABLE t IS '%s';", [_long, _long]))) == 0
}
