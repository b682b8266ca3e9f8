# METADATA
# title: Drizzle migrations must be in the journal
# description: |
#   drizzle-kit migrate applies the migrations listed in
#   meta/_journal.json, not the .sql files in the folder. A migration file the
#   journal does not list (written by hand, or lost in a merge of the journal)
#   is never applied, silently, while reviewers believe it shipped.
#
#   Generate migrations with `drizzle-kit generate` (or
#   `drizzle-kit generate --custom` for hand-written SQL), which adds the
#   journal entry, and resolve journal merge conflicts by regenerating.
# related_resources:
#   - ref: https://orm.drizzle.team/docs/drizzle-kit-migrate
#     description: drizzle-kit migrate
# custom:
#   severity: error
#   help: Add the migration with `drizzle-kit generate --custom` so meta/_journal.json lists it, then move the SQL into the generated file.
#   examples:
#     bad: |-
#       -- options: path=drizzle/0007_backfill.sql format=drizzle in_journal=false
#       UPDATE users SET active = true WHERE active IS NULL;
#     good: |-
#       -- options: path=drizzle/0007_backfill.sql format=drizzle in_journal=true
#       UPDATE users SET active = true WHERE active IS NULL;
package ddlgate.rules.governance["require-journal-consistency"]

import data.ddlgate.lib.result

report contains finding if {
	input.file.in_journal == false
	finding := result.fail_file(
		rego.metadata.chain(), _where,
		sprintf("%s is not listed in meta/_journal.json: drizzle-kit migrate never applies it", [input.file.path]),
	)
}

# The finding is about the whole file: its first statement, else line 1.
_where := input.statements[0].span

_where := {"start": 0, "end": 0, "line": 1, "col": 1, "end_line": 1, "end_col": 1} if count(input.statements) == 0
