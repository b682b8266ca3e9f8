package ddlgate.rules.governance["require-journal-consistency_test"]

import data.ddlgate.rules.governance["require-journal-consistency"] as rule

_journaled(listed) := object.union(f, {"file": object.union(f.file, {"in_journal": listed})}) if {
	f := ddlgate.parse_sql("UPDATE users SET active = true WHERE active IS NULL;", {"path": "drizzle/0007_backfill.sql"})
}

test_unlisted_file_is_reported if {
	[f] := [f | some f in rule.report] with input as _journaled(false)
	f.message == "drizzle/0007_backfill.sql is not listed in meta/_journal.json: drizzle-kit migrate never applies it"
}

test_listed_file_is_not_reported if {
	count(rule.report) == 0 with input as _journaled(true)
}

test_other_formats_are_not_judged if {
	count(rule.report) == 0 with input as _journaled(null)
}

_journal := "{\n  \"entries\": [\n    {\"idx\": 0, \"tag\": \"0000_init\"},\n    {\"idx\": 1, \"tag\": \"0001_orders\"}\n  ]\n}\n"

test_journal_entry_without_file_is_reported_at_the_entry if {
	f := ddlgate.parse_sql(_journal, {"path": "drizzle/meta/_journal.json", "project_file": true, "exists": ["drizzle/0000_init.sql"]})
	[r] := [r | some r in rule.report] with input as f
	r.message == "drizzle/meta/_journal.json lists 0001_orders, but drizzle/0001_orders.sql does not exist: drizzle-kit migrate fails on every database that has not applied it"
	r.span.line == 4
}

test_journal_with_every_file_is_fine if {
	f := ddlgate.parse_sql(_journal, {"path": "drizzle/meta/_journal.json", "project_file": true, "exists": ["drizzle/0000_init.sql", "drizzle/0001_orders.sql"]})
	count(rule.report) == 0 with input as f
}

test_prisma_lock_for_another_provider_is_reported if {
	f := ddlgate.parse_sql("provider = \"mysql\"\n", {"path": "prisma/migrations/migration_lock.toml", "project_file": true})
	[r] := [r | some r in rule.report] with input as f
	r.message == "prisma/migrations/migration_lock.toml says provider = \"mysql\": these migrations were generated for mysql, not PostgreSQL"
	count(rule.report) == 0 with input as ddlgate.parse_sql("provider = \"postgresql\"\n", {"path": "prisma/migrations/migration_lock.toml", "project_file": true})
}
