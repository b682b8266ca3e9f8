# METADATA
# title: Set a lock_timeout before taking blocking locks
# description: |-
#   A statement that needs a SHARE lock or stronger (CREATE INDEX, most ALTER
#   TABLE forms, DROP, TRUNCATE, ...) on a table in use first waits for every
#   running transaction that touches the table. While it waits, every new
#   query on the table queues behind it (PostgreSQL grants locks in order):
#   one long-running SELECT plus one ALTER TABLE is an outage, even when the
#   ALTER itself takes a millisecond. This holds in every PostgreSQL version.
#
#   Set `lock_timeout` first, so the migration gives up quickly instead of
#   stalling the application, and retry it later:
#
#   ```sql
#   SET lock_timeout = '2s';
#   ALTER TABLE users ADD COLUMN nickname text;
#   ```
#
#   Statements on tables created earlier in the same file, and runners that
#   set a lock_timeout themselves (`params.runners_with_lock_timeout`:
#   ddlgate apply does), are not reported. `lock_timeout = 0` means no
#   timeout.
# related_resources:
#   - ref: https://www.postgresql.org/docs/current/runtime-config-client.html#GUC-LOCK-TIMEOUT
#     description: lock_timeout
#   - ref: https://www.postgresql.org/docs/current/explicit-locking.html#LOCKING-TABLES
#     description: Table-level lock modes
# custom:
#   severity: warning
#   params:
#     timeout: 2s
#     runners_with_lock_timeout:
#       - ddlgate
#   help: Run SET lock_timeout = '2s'; before the statement, and retry the migration when it times out.
#   examples:
#     bad: ALTER TABLE users ADD COLUMN nickname text;
#     good: |
#       SET lock_timeout = '2s';
#       ALTER TABLE users ADD COLUMN nickname text;
package ddlgate.rules.locking["require-lock-timeout"]

import data.ddlgate.lib.result

report contains finding if {
	not _runner_sets_timeout
	some stmt in input.statements
	stmt.session.lock_timeout_in_effect == false
	lock := stmt.blocking_lock
	lock != null
	finding := result.fail_help(
		rego.metadata.chain(), stmt, stmt.span,
		sprintf("%s waits for %s %s lock on %s with no lock_timeout: while it waits, %s queue behind it", [stmt.tag, _article(lock.mode), lock.mode, concat(", ", lock.relations), _blocked(lock.mode)]),
		_help,
	)
}

# Computed once per file, not once per finding.
_params := result.params(rego.metadata.chain())

_help := sprintf("SET lock_timeout = '%s'; -- before this statement; retry the migration when it times out", [_params.timeout])

_runner_sets_timeout if input.file.runner in _params.runners_with_lock_timeout

_article(mode) := "an" if {
	startswith(mode, "ACCESS")
} else := "an" if {
	startswith(mode, "EXCLUSIVE")
} else := "a"

_blocked("ACCESS EXCLUSIVE") := "all reads and writes of it"

_blocked(mode) := "all writes to it" if mode != "ACCESS EXCLUSIVE"
