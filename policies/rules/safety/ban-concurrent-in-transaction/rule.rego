# METADATA
# title: Do not run CONCURRENTLY inside a transaction
# description: |-
#   `CREATE INDEX CONCURRENTLY`, `DROP INDEX CONCURRENTLY`, `REINDEX
#   CONCURRENTLY` (12+) and `DETACH PARTITION CONCURRENTLY` (14+) cannot run
#   inside a transaction block: PostgreSQL refuses them with "cannot run inside
#   a transaction block" and the migration fails. The block may be invisible in
#   the file: goose, dbmate, flyway, atlas, ddlgate apply and drizzle-kit
#   migrate wrap each file (drizzle: all pending files) in a transaction, and
#   prisma and golang-migrate send a file of several statements as one query,
#   which PostgreSQL runs as an implicit transaction.
#
#   Put the statement in a migration of its own and turn the runner's
#   transaction off for it, the way the runner allows; the finding's help
#   gives the file's runner's way. goose, dbmate, atlas and ddlgate apply
#   read a line of the file (for dbmate, the up marker itself):
#
#   ```sql
#   -- +goose NO TRANSACTION
#   -- migrate:up transaction:false
#   -- atlas:txmode none
#   -- ddlgate:no-transaction
#   CREATE INDEX CONCURRENTLY idx_orders_user ON orders (user_id);
#   ```
#
#   Flyway runs a script whose statements all cannot run in a transaction
#   (`CREATE`/`DROP INDEX CONCURRENTLY`, but not `REINDEX ... CONCURRENTLY`
#   nor `DETACH PARTITION ... CONCURRENTLY`, which it does not detect)
#   outside one by itself, refuses a script that mixes them with other
#   statements (`ban-mixed-transactional-statements`), and reads
#   `executeInTransaction=false` from the migration's script configuration
#   file (`V2__index.sql.conf` beside `V2__index.sql`); diesel reads
#   `run_in_transaction = false` from its `metadata.toml`; prisma and
#   golang-migrate run a file that holds the statement alone outside a
#   transaction. drizzle-kit migrate has no opt-out: run the statement
#   outside it, for example with `ddlgate apply`.
# related_resources:
#   - ref: https://www.postgresql.org/docs/current/sql-createindex.html#SQL-CREATEINDEX-CONCURRENTLY
#     description: Building indexes concurrently
#   - ref: https://www.postgresql.org/docs/current/protocol-flow.html#PROTOCOL-FLOW-MULTI-STATEMENT
#     description: Multiple statements in a simple query run as one implicit transaction
# custom:
#   severity: error
#   help: Move the statement to its own migration that runs outside a transaction block.
#   examples:
#     bad: |
#       BEGIN;
#       CREATE INDEX CONCURRENTLY idx_orders_user ON orders (user_id);
#       COMMIT;
#     good: |
#       -- ddlgate:no-transaction
#       CREATE INDEX CONCURRENTLY idx_orders_user ON orders (user_id);
package ddlgate.rules.safety["ban-concurrent-in-transaction"]

import data.ddlgate.lib.facts
import data.ddlgate.lib.result
import data.ddlgate.lib.runner

_statements := {
	"create_index": "CREATE INDEX CONCURRENTLY",
	"drop_index": "DROP INDEX CONCURRENTLY",
	"reindex": "REINDEX CONCURRENTLY",
	"detach_partition": "DETACH PARTITION CONCURRENTLY",
}

# A script Flyway refuses for mixing such a statement with others is
# ban-mixed-transactional-statements' finding: it never runs.
report contains finding if {
	input.file.mixed_transaction == null
	some type in ["create_index", "drop_index", "reindex", "detach_partition"]
	some x in input.actions_by_type[type]
	stmt := x.statement
	facts.in_transaction(stmt)
	action := x.action
	_concurrently(action)
	what := _statements[type]
	finding := result.fail_help(
		rego.metadata.chain(), stmt, action.span,
		sprintf("%s cannot run inside a transaction block: %s", [what, runner.why_in_transaction(stmt)]),
		runner.outside_transaction(stmt),
	)
}

_concurrently(action) if action.concurrently == true

# DETACH PARTITION carries its own key: its details share the action object
# with CREATE/DROP INDEX's.
_concurrently(action) if action.detach_concurrently == true
