# METADATA
# title: Name migrations the way their tool expects
# description: |
#   Migration tools find and order files by their names. A file that does
#   not follow its format's pattern (a missing version, `.up.sql` forgotten
#   for golang-migrate, one underscore instead of two for flyway) is ignored
#   by the tool or applied in an unexpected order, while it passes review.
#
#   The patterns are checked against the file name (and, for formats with a
#   directory per migration, that directory's name); override them per format
#   with the `patterns` parameter.
# related_resources:
#   - ref: https://documentation.red-gate.com/fd/migrations-184127470.html
#     description: Flyway migration naming
#   - ref: https://github.com/golang-migrate/migrate/blob/master/MIGRATIONS.md
#     description: golang-migrate file names
# custom:
#   severity: warning
#   help: Rename the file to follow the pattern of its format (see `ddlgate explain require-migration-naming`).
#   params:
#     patterns:
#       drizzle: '^[0-9]+_[^/]+\.sql$'
#       prisma: '^[0-9]{14}_[^/]+/migration\.sql$'
#       golang-migrate: '^[0-9]+_[^/]+\.(up|down)\.sql$'
#       goose: '^[0-9]+_[^/]+\.sql$'
#       dbmate: '^[0-9]+_[^/]+\.sql$'
#       flyway: '^([VU][0-9]+([._][0-9]+)*|R)__[^/]+\.sql$'
#       diesel: '^[0-9]{4}-[0-9]{2}-[0-9]{2}-[0-9]{6}_[^/]+/(up|down)\.sql$'
#       supabase: '^[0-9]{14}_[^/]+\.sql$'
#       atlas: '^[0-9]+(_[^/]+)?\.sql$'
#   examples:
#     bad: |-
#       -- options: path=db/migrations/add_orders.up.sql format=golang-migrate
#       CREATE TABLE orders (id bigint PRIMARY KEY);
#     good: |-
#       -- options: path=db/migrations/20240101120000_add_orders.up.sql format=golang-migrate
#       CREATE TABLE orders (id bigint PRIMARY KEY);
package ddlgate.rules.governance["require-migration-naming"]

import data.ddlgate.lib.facts
import data.ddlgate.lib.result

report contains finding if {
	pattern := _params.patterns[input.file.format]
	name := _name(input.file.format)
	not regex.match(pattern, name)
	finding := result.fail_file(
		rego.metadata.chain(), facts.file_span,
		sprintf("%s does not follow the %s naming pattern %s: the tool may skip it or apply it out of order", [name, input.file.format, pattern]),
	)
}

_params := result.params(rego.metadata.chain())

# Formats with a directory per migration are judged on "<dir>/<file>".
_name(format) := concat("/", array.slice(parts, count(parts) - 2, count(parts))) if {
	format in {"prisma", "diesel"}
	parts := split(input.file.path, "/")
	count(parts) >= 2
} else := name if {
	parts := split(input.file.path, "/")
	name := parts[count(parts) - 1]
}
