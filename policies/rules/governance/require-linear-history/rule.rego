# METADATA
# title: Migrations form one linear history
# description: |
#   Two migrations of one directory carry the same version, typically because
#   two branches each added "their" next migration and both were merged.
#   Runners key their history table by version: depending on the tool, the
#   second file fails to apply, is skipped silently, or runs in an order
#   nobody reviewed. Renumber one of them (and re-run `ddlgate hash`).
#
#   A new migration that sorts before migrations already on the base branch
#   (`ddlgate ci`) or already applied to a database (`ddlgate lint
#   --database-url`) is the same accident seen from the other side: the
#   branch was cut before a migration merged elsewhere. Databases that
#   applied the later one skip the new file (golang-migrate, drizzle) or
#   refuse it (flyway, goose, `ddlgate apply` without
#   `--allow-out-of-order`); the others run them in another order than the
#   one reviewed. The finding says how to renumber for the directory's
#   format.
# related_resources:
#   - ref: https://github.com/ddlgate/ddlgate#ddlgate-hash
#     description: ddlgate.sum makes concurrent branches conflict early
# custom:
#   severity: error
#   help: Give one of the migrations the next free version and update ddlgate.sum.
#   examples:
#     bad: |-
#       -- options: path=migrations/0003_orders.sql duplicate_versions=migrations/0003_invoices.sql
#       CREATE TABLE orders (id bigint PRIMARY KEY);
#     good: |-
#       -- options: path=migrations/0003_orders.sql
#       CREATE TABLE orders (id bigint PRIMARY KEY);
package ddlgate.rules.governance["require-linear-history"]

import data.ddlgate.lib.facts
import data.ddlgate.lib.result

_chain := rego.metadata.chain()

report contains finding if {
	count(input.file.duplicate_versions) > 0
	finding := result.fail_file(
		_chain, facts.file_span,
		sprintf("version %s of %s is also used by %s: the runner applies only one of them, or fails", [
			input.file.version, input.file.path, concat(", ", input.file.duplicate_versions),
		]),
	)
}

# A new file that sorts before migrations already merged or applied.
report contains finding if {
	count(input.file.ordered_before) > 0
	landed := concat(", ", [_landed(l) | some l in input.file.ordered_before])
	finding := object.union(
		result.fail_file(_chain, facts.file_span, sprintf(
			"%s (version %s) sorts before %s: the runner skips it or applies it out of the reviewed order",
			[input.file.path, _version, landed],
		)),
		{"help": _renumber},
	)
}

_landed(l) := sprintf("%s on %s", [l.path, l.ref]) if l.where == "base-branch"

_landed(l) := sprintf("version %s applied to %s", [l.version, l.ref]) if l.where == "database"

_parts := split(input.file.path, "/")

_base := _parts[count(_parts) - 1]

_parent := _parts[count(_parts) - 2]

# Plain files have no version: their leading digits order them.
_version := input.file.version if input.file.version != ""

else := regex.find_n(`^[0-9]+`, input.file.name, 1)[0]

_renamed(name) := concat("", [input.file.next_version, trim_prefix(name, input.file.version)]) if input.file.version != ""

_renamed(name) := regex.replace(name, `^[0-9]+`, input.file.next_version) if input.file.version == ""

_rehash := ", then run `ddlgate hash`" if input.file.checksum != ""

else := ""

_renumber := sprintf(
	"drizzle-kit numbers migrations itself: delete %s, its entry in meta/_journal.json and its snapshot, bring in the base branch (merge or rebase), then run drizzle-kit generate again%s.",
	[input.file.path, _rehash],
) if input.file.format == "drizzle"

_renumber := sprintf("Rename the directory %s to %s so it sorts last%s.", [_parent, _renamed(_parent), _rehash]) if {
	input.file.format in {"prisma", "diesel"}
}

_renumber := sprintf("Rename %s to %s, and its .down.sql likewise%s.", [_base, _renamed(_base), _rehash]) if {
	input.file.format == "golang-migrate"
}

_renumber := sprintf("Rename %s to V%s__%s.sql%s.", [_base, input.file.next_version, input.file.name, _rehash]) if {
	input.file.format == "flyway"
}

_renumber := sprintf("Rename %s to %s, then run `atlas migrate hash`%s.", [_base, _renamed(_base), _rehash]) if {
	input.file.format == "atlas"
}

_renumber := sprintf("Rename %s to %s so it sorts last%s.", [_base, _renamed(_base), _rehash]) if {
	not input.file.format in {"drizzle", "prisma", "diesel", "golang-migrate", "flyway", "atlas"}
}
