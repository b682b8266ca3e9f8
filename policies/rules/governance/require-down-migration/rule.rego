# METADATA
# title: Every migration has a down migration
# description: |
#   golang-migrate, goose, dbmate and diesel can roll a migration back, but
#   only with the down part the author wrote: a missing `.down.sql` or
#   `down.sql`, a goose file without `-- +goose Down`, a dbmate file without
#   `-- migrate:down`, or a down part holding only comments leaves the
#   rollback to be improvised during the incident it was meant for.
#
#   Write the down part with the change, reversing it in the opposite order:
#
#   ```sql
#   -- +goose Up
#   ALTER TABLE users ADD COLUMN nickname text;
#
#   -- +goose Down
#   ALTER TABLE users DROP COLUMN nickname;
#   ```
#
#   Disabled by default: many teams roll forward only (a new migration
#   reverses a bad one), and for destructive changes a down migration cannot
#   bring the data back anyway. Enable it where rollbacks are part of the
#   release process. Other formats have no down migrations and are not
#   judged.
# related_resources:
#   - ref: https://github.com/golang-migrate/migrate/blob/master/MIGRATIONS.md
#     description: golang-migrate up and down files
#   - ref: https://pressly.github.io/goose/documentation/annotations/
#     description: goose annotations
# custom:
#   severity: warning
#   enabled: false
#   help: Write the down part that reverses the migration, in the opposite order.
#   examples:
#     bad: |-
#       -- options: path=db/0003_nickname.sql format=goose down=missing
#       -- +goose Up
#       ALTER TABLE users ADD COLUMN nickname text;
#     good: |-
#       -- options: path=db/0003_nickname.sql format=goose down=present
#       -- +goose Up
#       ALTER TABLE users ADD COLUMN nickname text;
#       -- +goose Down
#       ALTER TABLE users DROP COLUMN nickname;
package ddlgate.rules.governance["require-down-migration"]

import data.ddlgate.lib.facts
import data.ddlgate.lib.result

_chain := rego.metadata.chain()

report contains finding if {
	down := input.file.down
	not down.exists
	finding := object.union(
		result.fail_file(_chain, facts.file_span, sprintf("%s has no down migration (%s): it cannot be rolled back", [input.file.path, _expected[input.file.format]])),
		{"help": sprintf("Add %s reversing the migration.", [_expected[input.file.format]])},
	)
}

report contains finding if {
	down := input.file.down
	down.exists
	down.empty
	finding := result.fail_file(_chain, facts.file_span, sprintf("the down migration of %s (%s) is empty: rolling back does nothing", [input.file.path, _where_down(down)]))
}

_expected := {
	"golang-migrate": "a .down.sql file beside it",
	"diesel": "a down.sql beside it",
	"goose": "a -- +goose Down section",
	"dbmate": "a -- migrate:down section",
}

_where_down(down) := down.path if down.path != input.file.path

_where_down(down) := _expected[input.file.format] if down.path == input.file.path
