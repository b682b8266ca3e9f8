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
#   Put the statement in its own migration and turn the runner's transaction
#   off for that file:
#
#   ```sql
#   -- +goose NO TRANSACTION
#   -- migrate:up transaction:false
#   -- flyway:executeInTransaction=false
#   -- atlas:txmode none
#   -- ddlgate:no-transaction
#   CREATE INDEX CONCURRENTLY idx_orders_user ON orders (user_id);
#   ```
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

_statements := {
	"create_index": "CREATE INDEX CONCURRENTLY",
	"drop_index": "DROP INDEX CONCURRENTLY",
	"reindex": "REINDEX CONCURRENTLY",
	"detach_partition": "DETACH PARTITION CONCURRENTLY",
}

report contains finding if {
	some type in ["create_index", "drop_index", "reindex", "detach_partition"]
	some x in input.actions_by_type[type]
	stmt := x.statement
	facts.in_transaction(stmt)
	action := x.action
	_concurrently(action)
	what := _statements[type]
	finding := result.fail_help(
		rego.metadata.chain(), stmt, action.span,
		sprintf("%s cannot run inside a transaction block: %s", [what, _why(stmt)]),
		concat(" ", array.concat(_explicit_help(stmt), _runner_help)),
	)
}

_concurrently(action) if action.concurrently == true

# DETACH PARTITION carries its own key: its details share the action object
# with CREATE/DROP INDEX's.
_concurrently(action) if action.detach_concurrently == true

_why(stmt) := "the file opens one with BEGIN" if {
	stmt.transaction.explicit == true
} else := sprintf("%s sends a file of several statements as one query, which runs as an implicit transaction", [_runner]) if {
	input.file.transaction_mode == "implicit"
} else := "drizzle-kit migrate runs all pending files in one transaction" if {
	input.file.runner == "drizzle"
} else := sprintf("%s runs the file in a transaction", [_runner])

_runner := input.file.runner if {
	input.file.runner != ""
} else := "the runner"

_explicit_help(stmt) := ["Remove the BEGIN/COMMIT around it."] if {
	stmt.transaction.explicit == true
} else := []

# The runner's own transaction stays even without an explicit BEGIN, so its
# opt-out is advised whenever the file is not run in autocommit.
_runner_help := [object.get(_runner_opt_out, input.file.runner, "Move it to its own migration that runs outside a transaction block.")] if {
	input.file.transaction_mode != "none"
} else := []

_runner_opt_out := {
	"goose": "Move it to its own migration file that starts with `-- +goose NO TRANSACTION`.",
	"dbmate": "Move it to its own migration file whose up section starts with `-- migrate:up transaction:false`.",
	"flyway": "Move it to its own migration file with `-- flyway:executeInTransaction=false` (or executeInTransaction=false in its .conf file).",
	"atlas": "Move it to its own migration file that starts with `-- atlas:txmode none`.",
	"ddlgate": "Move it to its own migration file that starts with `-- ddlgate:no-transaction`.",
	"prisma": "Move it alone to its own migration file: prisma runs a single-statement file outside a transaction.",
	"golang-migrate": "Move it alone to its own migration file: a single statement runs outside a transaction.",
	"drizzle": "drizzle-kit migrate has no opt-out: run this statement outside drizzle-kit (for example a separate psql step after migrating).",
}
