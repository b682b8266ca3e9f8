# METADATA
# title: One migration per version
# description: |
#   Two migrations of one directory carry the same version, typically because
#   two branches each added "their" next migration and both were merged.
#   Runners key their history table by version: depending on the tool, the
#   second file fails to apply, is skipped silently, or runs in an order
#   nobody reviewed. Renumber one of them (and re-run `ddlgate hash`).
#
#   The other half of linear history, a new migration ordered before ones
#   already applied, is refused by `ddlgate apply` against the database that
#   applied them (`--allow-out-of-order` to accept it).
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

import data.ddlgate.lib.result

report contains finding if {
	count(input.file.duplicate_versions) > 0
	finding := result.fail_file(
		rego.metadata.chain(), _where,
		sprintf("version %s of %s is also used by %s: the runner applies only one of them, or fails", [
			input.file.version, input.file.path, concat(", ", input.file.duplicate_versions),
		]),
	)
}

# The finding is about the whole file: its first statement, else line 1.
_where := input.statements[0].span

_where := {"start": 0, "end": 0, "line": 1, "col": 1, "end_line": 1, "end_col": 1} if count(input.statements) == 0
