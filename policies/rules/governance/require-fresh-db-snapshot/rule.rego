# METADATA
# title: Judge against a recent database snapshot
# description: |-
#   `ddlgate lint --db-snapshot FILE` (or `db_snapshot:` in the config) judges
#   the migrations against a snapshot of the target database taken earlier
#   with `ddlgate db snapshot`, for CI jobs that hold no production
#   credentials. The locking rules read its table sizes: a finding on a
#   table that was small when the snapshot was taken drops to info. Tables
#   grow, so a snapshot older than `max_age` (default 30d) is reported, with
#   its age, on the snapshot file: the sizes it vouches for may be out of
#   date, and so may the applied history the expand/contract rules read.
#
#   Take snapshots on a schedule where the database is reachable, with a
#   read-only role, and hand them to CI as an artifact:
#
#   ```sh
#   ddlgate db snapshot --database-url "$PROD_READONLY_URL" --output prod.dbsnap.json
#   ```
#
#   `max_age` is a number of days (`30d`) or a duration (`720h`); one that
#   is neither is reported rather than ignored. Raise the severity to error
#   to fail CI on a stale snapshot:
#
#   ```yaml
#   rules:
#     require-fresh-db-snapshot:
#       severity: error
#       params:
#         max_age: 7d
#   ```
# related_resources:
#   - ref: https://www.postgresql.org/docs/current/planner-stats.html
#     description: Statistics used by the planner (reltuples, relpages)
# custom:
#   severity: warning
#   params:
#     max_age: 30d
#   help: Take a new snapshot where the database is reachable (ddlgate db snapshot --database-url URL --output FILE; a read-only role suffices), for example from a scheduled job, or raise max_age.
#   examples:
#     bad: |-
#       -- options: path=prod.dbsnap.json db_snapshot={"database":"postgres://ci@db:5432/app","taken_at":"2026-01-10T08:00:00Z","age_seconds":3888000}
#       {"format": "ddlgate-db-snapshot", "version": 1, "taken_at": "2026-01-10T08:00:00Z"}
#     good: |-
#       -- options: path=prod.dbsnap.json db_snapshot={"database":"postgres://ci@db:5432/app","taken_at":"2026-02-23T08:00:00Z","age_seconds":86400}
#       {"format": "ddlgate-db-snapshot", "version": 1, "taken_at": "2026-02-23T08:00:00Z"}
package ddlgate.rules.governance["require-fresh-db-snapshot"]

import data.ddlgate.lib.result
import data.ddlgate.lib.units

report contains finding if {
	s := input.project.db_snapshot
	max_age := _params.max_age
	limit := units.parse_age(max_age)
	s.age_seconds > limit
	finding := result.fail_file(
		rego.metadata.chain(), s.span,
		sprintf("database snapshot of %s was taken %s ago (%s), more than max_age %s: the table sizes and applied history it vouches for may be out of date", [
			s.database, units.age(s.age_seconds), s.taken_at, max_age,
		]),
	)
}

report contains finding if {
	s := input.project.db_snapshot
	max_age := _params.max_age
	not units.parse_age(max_age)
	finding := result.fail_file(
		rego.metadata.chain(), s.span,
		sprintf("max_age %s is not a number of days (30d) or a duration (720h): the age of the snapshot of %s cannot be judged", [json.marshal(max_age), s.database]),
	)
}

_params := result.params(rego.metadata.chain())
