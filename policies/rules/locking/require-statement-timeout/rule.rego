# METADATA
# title: Set a statement_timeout before long locking statements
# description: |-
#   A statement that holds a lock blocking reads or writes (SHARE or
#   stronger) on an existing table, or that rewrites or scans a whole table,
#   keeps the application waiting for as long as it runs: an index build or a
#   validation on a table larger than expected can turn a deploy into an
#   outage of minutes (every PostgreSQL version).
#
#   A `statement_timeout` caps that time: the statement fails and rolls back
#   instead of blocking the application indefinitely. Pair it with a
#   `lock_timeout` (see require-lock-timeout), which caps the wait for the
#   lock:
#
#   ```sql
#   SET statement_timeout = '1min';
#   SET lock_timeout = '2s';
#   CREATE INDEX idx_orders_user ON orders (user_id);
#   ```
#
#   Disabled by default: many teams set the timeout in the runner or the
#   role instead (`ALTER ROLE migrator SET statement_timeout = '1min'`).
#   Runners listed in `params.runners_with_statement_timeout` (ddlgate apply
#   sets one) and tables created earlier in the same file are not reported.
#   `statement_timeout = 0` means no timeout.
# related_resources:
#   - ref: https://www.postgresql.org/docs/current/runtime-config-client.html#GUC-STATEMENT-TIMEOUT
#     description: statement_timeout
# custom:
#   severity: info
#   enabled: false
#   params:
#     timeout: 1min
#     runners_with_statement_timeout:
#       - ddlgate
#   help: Run SET statement_timeout = '1min'; before the statement so a long lock fails instead of blocking the application.
#   examples:
#     bad: CREATE INDEX idx_orders_user ON orders (user_id);
#     good: |
#       SET statement_timeout = '1min';
#       CREATE INDEX idx_orders_user ON orders (user_id);
package ddlgate.rules.locking["require-statement-timeout"]

import data.ddlgate.lib.facts
import data.ddlgate.lib.result

_blocking := {"SHARE", "SHARE ROW EXCLUSIVE", "EXCLUSIVE", "ACCESS EXCLUSIVE"}

report contains finding if {
	not _runner_sets_timeout
	some stmt in input.statements
	stmt.session.statement_timeout_in_effect == false
	names := {facts.qualified_name(lock.relation) | some lock in stmt.locks; lock.mode in _blocking; facts.existing(lock.relation)} | _rewritten_or_scanned(stmt)
	count(names) > 0
	finding := result.fail_help(
		rego.metadata.chain(), stmt, stmt.span,
		sprintf("%s locks %s with no statement_timeout: if it runs longer than expected, the application waits for as long as it runs", [stmt.tag, concat(", ", sort(names))]),
		_help,
	)
}

_rewritten_or_scanned(stmt) := {facts.qualified_name(action.table) |
	some action in stmt.actions
	_long(action)
	facts.existing(action.table)
}

_long(action) if action.effects.rewrites_table == true

# A concurrent index build reads the whole table too, but blocks no one, and
# a statement_timeout that cancels it leaves an invalid index behind.
_long(action) if {
	action.effects.scans_table == true
	not action.concurrently == true
}

# Computed once per file, not once per finding.
_params := result.params(rego.metadata.chain())

_help := sprintf("SET statement_timeout = '%s'; -- before this statement", [_params.timeout])

_runner_sets_timeout if input.file.runner in _params.runners_with_statement_timeout
