package ddlgate.rules.locking["ban-exclusion-constraint_test"]

import data.ddlgate.rules.locking["ban-exclusion-constraint"] as rule

_report(sql) := r if {
	r := rule.report with input as ddlgate.parse_sql(sql, {})
}

test_exclusion_on_existing_table if {
	[f] := [f | some f in _report("ALTER TABLE reservations ADD CONSTRAINT no_overlap EXCLUDE USING gist (room_id WITH =, during WITH &&);")]
	f.rule == "ban-exclusion-constraint"
	f.severity == "warning"
	f.message == "ADD CONSTRAINT no_overlap EXCLUDE builds an index on public.reservations while holding an ACCESS EXCLUSIVE lock: reads and writes wait until every row is checked"
}

test_unnamed_exclusion_points_at_the_constraint if {
	[f] := [f | some f in _report("ALTER TABLE reservations\n  ADD EXCLUDE USING gist (during WITH &&);")]
	startswith(f.message, "ADD EXCLUDE builds an index on public.reservations")
	f.span.line == 2
}

test_other_constraints_are_not_reported if {
	count(_report("ALTER TABLE reservations ADD CONSTRAINT c CHECK (room_id > 0) NOT VALID;")) == 0
}

test_table_created_in_the_same_file_is_not_reported if {
	count(_report("CREATE TABLE reservations (room_id bigint, during tstzrange);\nALTER TABLE reservations ADD EXCLUDE USING gist (during WITH &&);")) == 0
}

test_exclusion_in_create_table_is_not_reported if {
	count(_report("CREATE TABLE reservations (room_id bigint, during tstzrange, EXCLUDE USING gist (during WITH &&));")) == 0
}
