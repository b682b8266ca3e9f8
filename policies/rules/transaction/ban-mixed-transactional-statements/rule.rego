# METADATA
# title: Do not mix statements Flyway runs outside a transaction with others
# description: |-
#   Flyway on PostgreSQL looks at every statement of a script and runs the
#   script outside a transaction when one of them cannot run inside one:
#   `CREATE`/`DROP INDEX CONCURRENTLY`, `REINDEX SCHEMA|DATABASE|SYSTEM`,
#   `VACUUM`, `ALTER SYSTEM`, `CREATE`/`DROP DATABASE`, `TABLESPACE` or
#   `SUBSCRIPTION`, `DISCARD ALL`, and `ALTER TYPE ... ADD VALUE` before
#   PostgreSQL 12. A script that mixes such a statement with statements that
#   run in a transaction (even a `SET lock_timeout`) is refused when Flyway
#   parses it, before anything runs: "Detected both transactional and
#   non-transactional statements within the same migration (even though
#   mixed is false)". `ddlgate apply` runs Flyway scripts as Flyway does,
#   so it refuses them too.
#
#   Move the statement that cannot run in a transaction to a migration of
#   its own: Flyway runs it outside a transaction without being told. Or
#   decide for this script in its configuration file
#   (`V3__orders.sql.conf` beside `V3__orders.sql`): `executeInTransaction=false`
#   runs it statement by statement without a transaction, so a failure
#   halfway leaves the statements before it applied. `mixed = true` in the
#   `[flyway]` section of `flyway.toml` (`flyway.mixed=true` in
#   `flyway.conf`) does the same for every such script of the project.
# related_resources:
#   - ref: https://documentation.red-gate.com/fd/flyway-execute-in-transaction-setting-277578997.html
#     description: Flyway's executeInTransaction, in a script configuration file or the project's
#   - ref: https://github.com/flyway/flyway/blob/main/flyway-database/flyway-database-postgresql/src/main/java/org/flywaydb/database/postgresql/PostgreSQLParser.java
#     description: The statements Flyway runs outside a transaction on PostgreSQL
# custom:
#   severity: error
#   help: Move the statement that cannot run in a transaction to a migration of its own, or set executeInTransaction=false in the script's .sql.conf file.
#   examples:
#     bad: |
#       -- options: runner=flyway
#       ALTER TABLE orders ADD COLUMN note text;
#       CREATE INDEX CONCURRENTLY orders_note_idx ON orders (note);
#     good: |
#       -- options: runner=flyway
#       -- V4__orders_note_idx.sql: Flyway runs it outside a transaction
#       CREATE INDEX CONCURRENTLY orders_note_idx ON orders (note);
package ddlgate.rules.transaction["ban-mixed-transactional-statements"]

import data.ddlgate.lib.result

report contains finding if {
	mixed := input.file.mixed_transaction
	mixed != null
	stmt := input.statements[mixed.non_transactional]
	other := input.statements[mixed.transactional]
	finding := result.fail_help(
		rego.metadata.chain(), stmt, stmt.span,
		sprintf("Flyway refuses this migration: the %s must run outside a transaction, the %s at line %d inside one, and flyway.mixed is not true", [stmt.tag, other.tag, other.span.line]),
		sprintf("Move the %s to a migration of its own, which Flyway runs outside a transaction; or run this whole migration without one with `executeInTransaction=false` in its script configuration file (`%s.conf`), where a failure halfway leaves the statements before it applied.", [stmt.tag, _file_name]),
	)
}

_file_name := name if {
	parts := split(input.file.path, "/")
	name := parts[count(parts) - 1]
	name != ""
} else := "V<version>__<name>.sql"
