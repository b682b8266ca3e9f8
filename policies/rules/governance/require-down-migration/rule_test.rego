package ddlgate.rules.governance["require-down-migration_test"]

import data.ddlgate.rules.governance["require-down-migration"] as rule

_goose(down) := ddlgate.parse_sql("-- +goose Up\nALTER TABLE users ADD COLUMN nickname text;\n", {"path": "db/0003_nickname.sql", "format": "goose", "down": down})

test_missing_down_is_reported if {
	[f] := [f | some f in rule.report] with input as _goose("missing")
	f.message == "db/0003_nickname.sql has no down migration (a -- +goose Down section): it cannot be rolled back"
	f.span.line == 2
}

test_empty_down_is_reported if {
	[f] := [f | some f in rule.report] with input as _goose("empty")
	f.message == "the down migration of db/0003_nickname.sql (a -- +goose Down section) is empty: rolling back does nothing"
}

test_present_down_is_fine if {
	count(rule.report) == 0 with input as _goose("present")
}

test_formats_without_down_are_not_judged if {
	count(rule.report) == 0 with input as ddlgate.parse_sql("ALTER TABLE users ADD COLUMN nickname text;", {"path": "drizzle/0003_nickname.sql", "format": "drizzle"})
}

test_golang_migrate_names_the_down_file if {
	f := object.union(_goose("empty"), {"file": object.union(_goose("empty").file, {
		"format": "golang-migrate", "path": "db/3_nickname.up.sql",
		"down": {"path": "db/3_nickname.down.sql", "exists": true, "empty": true},
	})})
	[r] := [r | some r in rule.report] with input as f
	r.message == "the down migration of db/3_nickname.up.sql (db/3_nickname.down.sql) is empty: rolling back does nothing"
}
