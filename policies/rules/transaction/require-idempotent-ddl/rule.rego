# METADATA
# title: Make DDL re-runnable outside transactions
# description: |-
#   When a file's statements run outside a transaction block (psql and
#   runners whose transaction is turned off: `-- +goose NO TRANSACTION`,
#   `-- migrate:up transaction:false`, `-- atlas:txmode none`,
#   `-- ddlgate:no-transaction`, ...), a failure half way leaves the
#   statements before it applied. Re-running the file then fails at the
#   first of them ("relation already exists", "does not exist"), and someone
#   has to finish the migration by hand (every PostgreSQL version).
#
#   Write such DDL so that it can run twice:
#
#   ```sql
#   CREATE TABLE IF NOT EXISTS audit_log (id bigint PRIMARY KEY);
#   CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_orders_user ON orders (user_id);
#   ALTER TABLE orders ADD COLUMN IF NOT EXISTS note text;
#   DROP INDEX CONCURRENTLY IF EXISTS idx_orders_old;
#   ```
#
#   Disabled by default. Statements inside a transaction (the runner's or an
#   explicit BEGIN) and files of a single statement are atomic and are not
#   reported. An unnamed index cannot use IF NOT EXISTS: name it.
# related_resources:
#   - ref: https://www.postgresql.org/docs/current/sql-createtable.html
#     description: CREATE TABLE IF NOT EXISTS
#   - ref: https://www.postgresql.org/docs/current/sql-createindex.html
#     description: CREATE INDEX IF NOT EXISTS
#   - ref: https://www.postgresql.org/docs/current/sql-altertable.html
#     description: ALTER TABLE ADD COLUMN IF NOT EXISTS / DROP COLUMN IF EXISTS
# custom:
#   severity: info
#   enabled: false
#   help: Add IF NOT EXISTS to CREATE and ADD COLUMN, and IF EXISTS to DROP, so the file can be re-run after a partial failure.
#   examples:
#     bad: |
#       -- ddlgate:no-transaction
#       CREATE INDEX CONCURRENTLY idx_orders_user ON orders (user_id);
#       DROP INDEX CONCURRENTLY idx_orders_old;
#     good: |
#       -- ddlgate:no-transaction
#       CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_orders_user ON orders (user_id);
#       DROP INDEX CONCURRENTLY IF EXISTS idx_orders_old;
package ddlgate.rules.transaction["require-idempotent-ddl"]

import data.ddlgate.lib.result

# ALTER COLUMN ... DROP NOT NULL/DEFAULT and DROP CONSTRAINT are not drops of
# an object that a re-run would miss.
_not_object_drops := {"drop_not_null", "drop_default", "drop_constraint"}

report contains finding if {
	count(input.statements) > 1
	some stmt in input.statements
	stmt.transaction.in_transaction == false
	some action in stmt.actions
	[clause, help] := _missing(stmt, action)
	finding := result.fail_help(
		rego.metadata.chain(), stmt, action.span,
		sprintf("%s without %s runs outside a transaction: if the file fails after it, re-running the file fails here", [stmt.tag, clause]),
		help,
	)
}

_missing(stmt, action) := ["IF NOT EXISTS", _insert(stmt.text, `(?i)^(CREATE\s+(?:(?:GLOBAL|LOCAL)\s+)?(?:(?:TEMP|TEMPORARY|UNLOGGED)\s+)?TABLE)`, "IF NOT EXISTS")] if {
	action.type == "create_table"
	action.if_not_exists == false
	action.as_query == false
}

_missing(stmt, action) := ["IF NOT EXISTS", _insert(stmt.text, `(?i)^(CREATE\s+(?:UNIQUE\s+)?INDEX(?:\s+CONCURRENTLY)?)`, "IF NOT EXISTS")] if {
	action.type == "create_index"
	action.if_not_exists == false
	action.index != null
}

_missing(_, action) := ["IF NOT EXISTS", "Name the index and add IF NOT EXISTS: CREATE INDEX IF NOT EXISTS <name> ON ...; an unnamed index is created again, as a duplicate, on every re-run."] if {
	action.type == "create_index"
	action.index == null
}

_missing(stmt, action) := ["IF NOT EXISTS", sprintf("ALTER TABLE ... ADD COLUMN IF NOT EXISTS %s ...;", [action.column.name])] if {
	action.type == "add_column"
	action.if_not_exists == false
}

_missing(stmt, action) := ["IF EXISTS", sprintf("ALTER TABLE ... DROP COLUMN IF EXISTS %s;", [action.column_name])] if {
	action.type == "drop_column"
	action.if_exists == false
}

_missing(stmt, action) := ["IF EXISTS", _insert(stmt.text, concat("", [`(?i)^(`, replace(stmt.tag, " ", `\s+`), `(?:\s+CONCURRENTLY)?)`]), "IF EXISTS")] if {
	startswith(action.type, "drop_")
	not action.type in _not_object_drops
	action.type != "drop_column"
	action.if_exists == false
}

# _insert puts clause after the statement's leading keywords; the text starts
# with them (spans are trimmed). Without a match it names the clause only.
_insert(text, pattern, clause) := concat("", [regex.replace(text, pattern, concat(" ", ["${1}", clause])), ";"]) if {
	regex.match(pattern, text)
} else := sprintf("Add %s to the statement.", [clause])
