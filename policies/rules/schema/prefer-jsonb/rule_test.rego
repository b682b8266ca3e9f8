package ddlgate.rules.schema["prefer-jsonb_test"]

import data.ddlgate.rules.schema["prefer-jsonb"] as rule

_report(sql) := r if {
	r := rule.report with input as ddlgate.parse_sql(sql, {})
}

test_json_column if {
	[f] := [f | some f in _report("CREATE TABLE events (id bigint PRIMARY KEY, payload json NOT NULL);")]
	f.severity == "warning"
	f.message == "column public.events.payload is json: it is re-parsed on every read, cannot be compared or GIN-indexed"
	f.help == "payload jsonb"
}

test_add_and_alter if {
	count(_report("ALTER TABLE events ADD COLUMN tags json[];")) == 1
	count(_report("ALTER TABLE events ALTER COLUMN payload TYPE json;")) == 1
}

test_jsonb_and_user_types_pass if {
	count(_report("CREATE TABLE events (a jsonb, b jsonpath, c app.json);")) == 0
}
