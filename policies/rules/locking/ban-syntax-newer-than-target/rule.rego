# METADATA
# title: Do not use syntax the target PostgreSQL cannot run
# description: |-
#   A statement that uses syntax newer than the target server fails there
#   with a syntax error, and the migration stops half applied when its runner
#   does not wrap it in a transaction. `REINDEX ... CONCURRENTLY` and
#   `GENERATED ... STORED` need PostgreSQL 12, `DETACH PARTITION ...
#   CONCURRENTLY` 14, `UNIQUE NULLS NOT DISTINCT` and `MERGE` 15, the SQL/JSON
#   constructors 16, and so on: the parser lists what each statement uses, with
#   the first version that runs it, in one table (`statements[].syntax`).
#
#   Set the target with `--pg-version` (or `pg_version` in the config) to the
#   oldest server the migration runs on, and write the statement the way that
#   server understands, or upgrade the server first.
#
#   The parser knows the PostgreSQL 16 grammar: a statement written in newer
#   syntax (17 or 18) is a `syntax-error`, whose message says so when the
#   target is newer than 16.
# related_resources:
#   - ref: https://www.postgresql.org/docs/release/
#     description: PostgreSQL release notes
# custom:
#   severity: error
#   help: Write the statement the way the target server understands, or raise --pg-version (pg_version) once every server runs a version that has the syntax.
#   examples:
#     bad: |
#       -- options: pg_version=11
#       REINDEX INDEX CONCURRENTLY idx_orders_user;
#     good: |
#       -- options: pg_version=12
#       REINDEX INDEX CONCURRENTLY idx_orders_user;
package ddlgate.rules.locking["ban-syntax-newer-than-target"]

import data.ddlgate.lib.result

report contains finding if {
	some stmt in input.statements
	some feature in stmt.syntax
	feature.since > input.target.pg_version
	finding := result.fail(
		rego.metadata.chain(), stmt, feature.span,
		sprintf("%s needs PostgreSQL %d, and the target is PostgreSQL %d: the statement fails there", [feature.feature, feature.since, input.target.pg_version]),
	)
}
