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
