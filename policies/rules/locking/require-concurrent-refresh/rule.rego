# METADATA
# title: Refresh materialized views concurrently
# description: |-
#   `REFRESH MATERIALIZED VIEW` without `CONCURRENTLY` takes an ACCESS
#   EXCLUSIVE lock on the view for the whole time its query runs (every
#   PostgreSQL version): every read of the view waits until the refresh ends.
#
#   `REFRESH MATERIALIZED VIEW CONCURRENTLY` takes an EXCLUSIVE lock instead,
#   which lets reads go on while the new contents are computed and merged.
#   It needs a unique index on the view (on plain columns, without a WHERE
#   clause) and a view that is already populated:
#
#   ```sql
#   CREATE UNIQUE INDEX CONCURRENTLY mv_orders_daily_day ON mv_orders_daily (day);
#   REFRESH MATERIALIZED VIEW CONCURRENTLY mv_orders_daily;
#   ```
#
#   A view created earlier in the same file, and `WITH NO DATA` (which only
#   empties the view), are not reported.
# related_resources:
#   - ref: https://www.postgresql.org/docs/current/sql-refreshmaterializedview.html
#     description: REFRESH MATERIALIZED VIEW
# custom:
#   severity: warning
#   help: Use REFRESH MATERIALIZED VIEW CONCURRENTLY; the view needs a unique index.
#   examples:
#     bad: REFRESH MATERIALIZED VIEW mv_orders_daily;
#     good: REFRESH MATERIALIZED VIEW CONCURRENTLY mv_orders_daily;
package ddlgate.rules.locking["require-concurrent-refresh"]

import data.ddlgate.lib.facts
import data.ddlgate.lib.result
import data.ddlgate.lib.sql

report contains finding if {
	some x in input.actions_by_type.refresh_matview
	stmt := x.statement
	action := x.action
	not action.concurrently
	facts.existing(action.table)
	not _with_no_data(stmt)
	name := facts.qualified_name(action.table)
	finding := result.fail_help(
		rego.metadata.chain(), stmt, action.span,
		sprintf("REFRESH MATERIALIZED VIEW takes an %s lock on %s: every read of the view waits until the refresh ends", [facts.lock(action), name]),
		sprintf("%s; -- needs a unique index on %s", [sql.concurrently(stmt.text), name]),
	)
}

# WITH NO DATA empties the view at once and cannot be concurrent. The parser
# has no fact for it yet, so the statement's own text decides.
_with_no_data(stmt) if regex.match(`(?i)\bWITH\s+NO\s+DATA\s*$`, stmt.text)
