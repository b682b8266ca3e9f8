# METADATA
# title: Prefer timestamptz over timestamp
# description: |-
#   `timestamp` (timestamp without time zone) stores a wall-clock reading with
#   no offset. The same value means different instants for clients in
#   different time zones, daylight-saving changes make some readings
#   ambiguous or missing, and `now()` is silently converted with the
#   session's TimeZone on the way in. `timestamptz` stores an absolute
#   instant (UTC internally, the same 8 bytes) and converts for display
#   only. This holds in every PostgreSQL version.
#
#   Declare points in time as `timestamptz`:
#
#   ```sql
#   CREATE TABLE events (
#     id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
#     created_at timestamptz NOT NULL DEFAULT now()
#   );
#   ```
#
#   Converting an existing column later (`ALTER COLUMN ... TYPE timestamptz`)
#   rewrites the table unless the session TimeZone is UTC (12+), so choosing
#   right in CREATE TABLE is cheap and fixing it later is not. The rule checks
#   column definitions in CREATE TABLE and ADD COLUMN, and ALTER COLUMN TYPE.
# related_resources:
#   - ref: https://www.postgresql.org/docs/current/datatype-datetime.html
#     description: Date/time types
#   - ref: https://wiki.postgresql.org/wiki/Don%27t_Do_This#Don.27t_use_timestamp_.28without_time_zone.29
#     description: "Don't Do This: timestamp without time zone"
# custom:
#   severity: warning
#   help: Declare the column as timestamptz (timestamp with time zone).
#   examples:
#     bad: CREATE TABLE events (id bigint PRIMARY KEY, created_at timestamp NOT NULL);
#     good: CREATE TABLE events (id bigint PRIMARY KEY, created_at timestamptz NOT NULL);
package ddlgate.rules.schema["prefer-timestamptz"]

import data.ddlgate.lib.facts
import data.ddlgate.lib.result
import data.ddlgate.lib.sql

report contains finding if {
	some type in ["create_table", "add_column", "alter_column_type"]
	some x in input.actions_by_type[type]
	stmt := x.statement
	action := x.action
	some col in facts.column_types(action)
	col.type.name == "timestamp"
	finding := result.fail_help(
		rego.metadata.chain(), stmt, col.span,
		sprintf("column %s.%s is timestamp without time zone: the same value means different instants in different time zones", [facts.qualified_name(action.table), col.name]),
		sprintf("%s %s", [col.name, _replacement(col.type)]),
	)
}

_replacement(t) := sprintf("timestamptz(%d)%s", [t.mods[0], sql.array_suffix(t)]) if {
	count(t.mods) == 1
} else := concat("", ["timestamptz", sql.array_suffix(t)])
