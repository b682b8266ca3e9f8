package ddlgate.rules.schema["prefer-timestamptz_test"]

import data.ddlgate.rules.schema["prefer-timestamptz"] as rule

_report(sql) := r if {
	r := rule.report with input as ddlgate.parse_sql(sql, {})
}

test_create_table_column if {
	[f] := [f | some f in _report("CREATE TABLE events (id bigint PRIMARY KEY, created_at timestamp NOT NULL);")]
	f.rule == "prefer-timestamptz"
	f.severity == "warning"
	f.message == "column public.events.created_at is timestamp without time zone: the same value means different instants in different time zones"
	f.help == "created_at timestamptz"
	f.span.col == 45
}

test_precision_and_spelling if {
	[f] := [f | some f in _report("ALTER TABLE app.events ADD COLUMN seen_at timestamp(3) without time zone;")]
	f.help == "seen_at timestamptz(3)"
	f.message == "column app.events.seen_at is timestamp without time zone: the same value means different instants in different time zones"
}

test_alter_column_type if {
	count(_report("ALTER TABLE events ALTER COLUMN created_at TYPE timestamp;")) == 1
}

test_timestamptz_and_other_types_pass if {
	count(_report("CREATE TABLE events (a timestamptz, b timestamp with time zone, c date, d time);")) == 0
	count(_report("ALTER TABLE events ALTER COLUMN created_at TYPE timestamptz;")) == 0
}
