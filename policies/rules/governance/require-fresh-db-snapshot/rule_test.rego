package ddlgate.rules.governance["require-fresh-db-snapshot_test"]

import data.ddlgate.rules.governance["require-fresh-db-snapshot"] as rule

_snapshot(age) := ddlgate.parse_sql("{\n  \"format\": \"ddlgate-db-snapshot\",\n  \"taken_at\": \"2026-01-10T08:00:00Z\"\n}\n", {
	"path": "prod.dbsnap.json",
	"db_snapshot": {"database": "postgres://ci@db:5432/app", "taken_at": "2026-01-10T08:00:00Z", "age_seconds": age},
})

test_old_snapshot_is_reported_with_its_age if {
	[f] := [f | some f in rule.report] with input as _snapshot(3888000)
	f.message == "database snapshot of postgres://ci@db:5432/app was taken 45.0d ago (2026-01-10T08:00:00Z), more than max_age 30d: the table sizes and applied history it vouches for may be out of date"
	f.severity == "warning"
	f.statement == -1
	f.span.line == 3
}

test_recent_snapshot_is_silent if {
	count(rule.report) == 0 with input as _snapshot(86400)
}

test_max_age_is_a_parameter if {
	count(rule.report) == 1 with input as _snapshot(86400 * 8)
		with data.config.params as {"require-fresh-db-snapshot": {"max_age": "7d"}}
	count(rule.report) == 0 with input as _snapshot(3600 * 5)
		with data.config.params as {"require-fresh-db-snapshot": {"max_age": "6h"}}
}

test_unreadable_max_age_is_reported if {
	[f] := [f | some f in rule.report] with input as _snapshot(60)
		with data.config.params as {"require-fresh-db-snapshot": {"max_age": "a month"}}
	f.message == "max_age \"a month\" is not a number of days (30d) or a duration (720h): the age of the snapshot of postgres://ci@db:5432/app cannot be judged"
}

test_migrations_are_not_judged if {
	count(rule.report) == 0 with input as ddlgate.parse_sql("CREATE TABLE t (id int);", {})
}
