# METADATA
# title: Migration journals and lock files must match the migrations
# description: |
#   drizzle-kit migrate applies the migrations listed in
#   meta/_journal.json, not the .sql files in the folder. A migration file the
#   journal does not list (written by hand, or lost in a merge of the journal)
#   is never applied, silently, while reviewers believe it shipped; a
#   journal entry whose .sql file is gone (deleted or renamed) makes
#   drizzle-kit migrate fail on every database that has not applied it yet.
#
#   Generate migrations with `drizzle-kit generate` (or
#   `drizzle-kit generate --custom` for hand-written SQL), which adds the
#   journal entry, and resolve journal merge conflicts by regenerating.
#
#   prisma's migrations/migration_lock.toml records the provider the
#   migrations were generated for; anything but `postgresql` means the SQL
#   was written for another database (MySQL, SQLite, CockroachDB) and will
#   not run, or not run the same, on PostgreSQL.
# related_resources:
#   - ref: https://orm.drizzle.team/docs/drizzle-kit-migrate
#     description: drizzle-kit migrate
#   - ref: https://www.prisma.io/docs/orm/prisma-migrate/understanding-prisma-migrate/migration-histories#migration_locktoml
#     description: prisma migration_lock.toml
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

import data.ddlgate.lib.facts
import data.ddlgate.lib.result

_chain := rego.metadata.chain()

report contains finding if {
	input.file.in_journal == false
	finding := result.fail_file(
		_chain, facts.file_span,
		sprintf("%s is not listed in meta/_journal.json: drizzle-kit migrate never applies it", [input.file.path]),
	)
}

# A journal entry whose SQL file is missing, reported on the journal at the
# entry.
report contains finding if {
	some e in input.project.journal_entries
	not e.file_exists
	finding := object.union(
		result.fail_file(_chain, e.span, sprintf("%s lists %s, but %s does not exist: drizzle-kit migrate fails on every database that has not applied it", [input.file.path, e.tag, e.file])),
		{"help": sprintf("Restore %s from git history, or remove the entry %q from the journal (and its snapshot in meta/) if the migration was never applied anywhere.", [e.file, e.tag])},
	)
}

# prisma migrations generated for another provider.
report contains finding if {
	lock := input.project.migration_lock
	lock.provider != "postgresql"
	finding := object.union(
		result.fail_file(_chain, lock.span, _lock_message(lock)),
		{"help": "Point the datasource of schema.prisma at PostgreSQL (provider = \"postgresql\") and regenerate the migrations for it; prisma refuses migrations of another provider."},
	)
}

_lock_message(lock) := sprintf("%s names no provider: nothing says these migrations were generated for PostgreSQL", [input.file.path]) if lock.provider == ""

_lock_message(lock) := sprintf("%s says provider = %q: these migrations were generated for %s, not PostgreSQL", [input.file.path, lock.provider, lock.provider]) if lock.provider != ""
