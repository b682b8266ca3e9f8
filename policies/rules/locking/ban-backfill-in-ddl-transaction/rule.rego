# METADATA
# title: Do not backfill in the transaction of a DDL change
# description: |-
#   An `UPDATE` or `DELETE` of an existing table in the same transaction as
#   DDL that locks the table keeps both locks until COMMIT (every PostgreSQL
#   version): when the DDL comes first, its lock (ACCESS EXCLUSIVE for most
#   ALTER TABLE forms, SHARE for CREATE INDEX) blocks the application for the
#   whole backfill; when the backfill comes first, every row it touched stays
#   locked until the DDL has waited for its own lock and finished. A
#   backfill of a large table also holds all its row locks at once and
#   bloats the table.
#
#   The transaction may be the runner's: goose, dbmate, flyway, atlas,
#   ddlgate apply and drizzle-kit migrate wrap each file (drizzle: all
#   pending files) in one. Ship the DDL, then backfill in its own migration
#   (or a job), in batches that each commit:
#
#   ```sql
#   -- migration 1
#   ALTER TABLE users ADD COLUMN email_lower text;
#   -- migration 2 (no transaction), repeated until it updates no row:
#   UPDATE users SET email_lower = lower(email)
#   WHERE id IN (SELECT id FROM users WHERE email_lower IS NULL LIMIT 10000);
#   ```
#
#   DML in autocommit, or on a table created earlier in the same file, is not
#   reported.
# related_resources:
#   - ref: https://www.postgresql.org/docs/current/explicit-locking.html
#     description: Explicit locking (locks are held until the transaction ends)
# custom:
#   severity: warning
#   help: Move the UPDATE/DELETE to its own migration, outside the DDL's transaction, and run it in batches that each commit.
#   examples:
#     bad: |
#       BEGIN;
#       ALTER TABLE users ADD COLUMN email_lower text;
#       UPDATE users SET email_lower = lower(email);
#       COMMIT;
#     good: |
#       BEGIN;
#       ALTER TABLE users ADD COLUMN email_lower text;
#       COMMIT;
#       UPDATE users SET email_lower = lower(email) WHERE id < 10000;
package ddlgate.rules.locking["ban-backfill-in-ddl-transaction"]

import data.ddlgate.lib.facts
import data.ddlgate.lib.result

_dml := {"update": "UPDATE", "delete": "DELETE"}

# DDL locks: every mode that conflicts with a schema change or a write.
_ddl_locks := {"SHARE UPDATE EXCLUSIVE", "SHARE", "SHARE ROW EXCLUSIVE", "EXCLUSIVE", "ACCESS EXCLUSIVE"}

report contains finding if {
	some type, verb in _dml
	some x in input.actions_by_type[type]
	stmt := x.statement
	action := x.action
	block := stmt.transaction.block
	block > 0
	facts.existing(action.table)
	ddl := [[other, lock.mode] |
		some other in input.statements
		other.index != stmt.index
		other.transaction.block == block
		not _is_dml(other)
		some lock in other.locks
		lock.mode in _ddl_locks
		_same(lock.relation, action.table)
	]
	count(ddl) > 0
	[other, mode] := ddl[0]
	finding := result.fail_help(
		rego.metadata.chain(), stmt, action.span,
		_message(verb, facts.qualified_name(action.table), stmt, other, mode),
		sprintf("Move the %s to its own migration, outside the transaction of the %s at line %d, and run it in batches that each commit.", [verb, other.tag, other.span.line]),
	)
}

_message(verb, table, stmt, other, mode) := sprintf("%s of %s runs in the same transaction as the %s at line %d, which holds %s %s lock on %s until COMMIT: the application waits for the whole backfill", [verb, table, other.tag, other.span.line, _article(mode), mode, table]) if {
	other.index < stmt.index
}

_message(verb, table, stmt, other, mode) := sprintf("%s of %s runs in the same transaction as the %s at line %d, which then takes %s %s lock on %s: the rows it changed stay locked until that DDL gets its lock and commits", [verb, table, other.tag, other.span.line, _article(mode), mode, table]) if {
	other.index > stmt.index
}

_article(mode) := "an" if {
	regex.match(`^(ACCESS|EXCLUSIVE)`, mode)
} else := "a"

_is_dml(stmt) if {
	some action in stmt.actions
	action.type in {"update", "delete", "insert"}
}

_same(a, b) if {
	a.schema == b.schema
	a.name == b.name
}
