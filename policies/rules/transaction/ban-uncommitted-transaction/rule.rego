# METADATA
# title: Commit every transaction the file opens
# description: |-
#   A file that opens a transaction with `BEGIN` and never ends it with
#   `COMMIT` (or `ROLLBACK`) leaves its changes uncommitted (every PostgreSQL
#   version): psql exits and the server rolls everything back, or a tool that
#   keeps the connection runs its next statements, its history-table update
#   included, inside the forgotten transaction, holding every lock the
#   migration took until the connection closes.
#
#   End the transaction in the file that opens it:
#
#   ```sql
#   BEGIN;
#   ALTER TABLE orders ADD COLUMN note text;
#   COMMIT;
#   ```
#
#   Only transactions the file opens itself are judged: a runner's own
#   transaction is the runner's to commit (a BEGIN inside it is reported by
#   ban-nested-transaction).
# related_resources:
#   - ref: https://www.postgresql.org/docs/current/sql-commit.html
#     description: COMMIT
#   - ref: https://www.postgresql.org/docs/current/tutorial-transactions.html
#     description: Transactions
# custom:
#   severity: error
#   help: End the transaction with COMMIT; (or ROLLBACK;) before the end of the file.
#   examples:
#     bad: |
#       -- ddlgate:no-transaction
#       BEGIN;
#       ALTER TABLE orders ADD COLUMN note text;
#     good: |
#       -- ddlgate:no-transaction
#       BEGIN;
#       ALTER TABLE orders ADD COLUMN note text;
#       COMMIT;
package ddlgate.rules.transaction["ban-uncommitted-transaction"]

import data.ddlgate.lib.result

_ends := {"commit", "rollback", "prepare"}

report contains finding if {
	_open_at_end
	opener := _last_opener
	some action in opener.actions
	action.type == "begin"
	finding := result.fail_help(
		rego.metadata.chain(), opener, action.span,
		sprintf("%s opens a transaction that the file never commits: its changes are rolled back when the connection closes, and its locks are held until then", [opener.tag]),
		"Add COMMIT; after the last statement of the transaction.",
	)
}

# The file ends inside a block it opened: its last statement runs in an
# explicit transaction and does not end it, or is the BEGIN itself.
_open_at_end if {
	last := input.statements[count(input.statements) - 1]
	last.transaction.explicit == true
	not _ends_transaction(last)
}

_open_at_end if {
	last := input.statements[count(input.statements) - 1]
	_opens(last)
}

_ends_transaction(stmt) if {
	some action in stmt.actions
	action.type in _ends
}

# A BEGIN opens a block unless one is already open: autocommit, or the
# implicit transaction of a multi-statement query, which it turns explicit.
_opens(stmt) if {
	some action in stmt.actions
	action.type == "begin"
	stmt.transaction.explicit == false
	_not_wrapped(stmt)
}

_not_wrapped(stmt) if stmt.transaction.in_transaction == false

_not_wrapped(_) if input.file.transaction_mode == "implicit"

_last_opener := openers[count(openers) - 1] if {
	openers := [x.statement | some x in input.actions_by_type.begin; _opens(x.statement)]
	count(openers) > 0
}
