package ddlgate.rules.locking["ban-column-type-rewrite_test"]

import data.ddlgate.rules.locking["ban-column-type-rewrite"] as rule

_report(sql) := r if {
	r := rule.report with input as ddlgate.parse_sql(sql, {})
}

test_rewriting_type_change_on_existing_table if {
	[f] := [f | some f in _report("ALTER TABLE orders ALTER COLUMN amount TYPE bigint;")]
	f.rule == "ban-column-type-rewrite"
	f.severity == "error"
	f.message == "ALTER COLUMN amount TYPE bigint rewrites public.orders and rebuilds its indexes while holding an ACCESS EXCLUSIVE lock: reads and writes wait until it finishes"
	startswith(f.help, "-- ddlgate:phase expand change=retype-orders-amount\nSET lock_timeout = '2s';\nALTER TABLE orders ADD COLUMN amount_new bigint;\n")
	contains(f.help, "IF NEW.amount_new IS NULL THEN NEW.amount_new := NEW.amount::bigint;")
	contains(f.help, "UPDATE orders SET amount_new = amount::bigint\n")
	endswith(f.help, "ALTER TABLE orders DROP COLUMN amount;")
}

test_plan_casts_back_to_the_old_type_from_history if {
	r := rule.report with input as ddlgate.parse_sql("ALTER TABLE orders ALTER COLUMN status TYPE order_status USING status::order_status;", {"history": ["CREATE TYPE order_status AS ENUM ('a');\nCREATE TABLE orders (id bigint PRIMARY KEY, status varchar(20));"]})
	[f] := [f | some f in r]
	contains(f.help, "ELSE NEW.status := NEW.status_new::varchar(20);")
}

test_inside_a_tracked_change_the_help_is_the_short_recipe if {
	[f] := [f | some f in _report("-- ddlgate:phase contract change=c\nALTER TABLE orders ALTER COLUMN amount TYPE bigint;")]
	startswith(f.help, "ALTER TABLE orders ADD COLUMN amount_new bigint;\n")
	endswith(f.help, "ALTER TABLE orders RENAME COLUMN amount_new TO amount;")
}

test_using_expression_rewrites if {
	count(_report("ALTER TABLE orders ALTER COLUMN amount TYPE numeric(12,2) USING amount::numeric;")) == 1
}

test_change_to_text_does_not_rewrite if {
	count(_report("ALTER TABLE orders ALTER COLUMN note TYPE text;")) == 0
}

test_table_created_in_same_file_is_not_reported if {
	count(_report("CREATE TABLE orders (id bigint PRIMARY KEY, amount int);\nALTER TABLE orders ALTER COLUMN amount TYPE bigint;")) == 0
}

# The catalog, knowing the column's old type from history, marks
# timestamp -> timestamptz on 12+ as depending on the session TimeZone.
_timezone_dependent := ddlgate.parse_sql(
	"ALTER TABLE events ALTER COLUMN happened_at TYPE timestamptz;",
	{"pg_version": 16, "history": ["CREATE TABLE events (id bigint PRIMARY KEY, happened_at timestamp);"]},
)

test_timestamptz_change_rewrites_outside_utc if {
	[f] := [f | some f in rule.report] with input as _timezone_dependent
	f.message == "ALTER COLUMN happened_at TYPE timestamptz rewrites public.events and rebuilds its indexes while holding an ACCESS EXCLUSIVE lock unless the session TimeZone is UTC: reads and writes wait until it finishes"
}

test_timestamptz_change_is_free_when_sessions_run_in_utc if {
	count(rule.report) == 0 with input as _timezone_dependent
		with data.config.params as {"ban-column-type-rewrite": {"timezone_is_utc": true}}
}
