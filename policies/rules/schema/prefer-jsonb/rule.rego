# METADATA
# title: Prefer jsonb over json
# description: |-
#   `json` stores the input text verbatim and re-parses it on every access:
#   it has no equality operator (so no DISTINCT, GROUP BY, UNIQUE or plain
#   comparisons), no GIN indexing, and keeps duplicate keys. `jsonb` stores a
#   parsed binary form that is faster to query, indexable (GIN,
#   jsonb_path_ops) and comparable. Changing the type later rewrites the
#   table. Applies to every supported PostgreSQL version (jsonb exists since
#   9.4).
#
#   ```sql
#   CREATE TABLE events (
#     id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
#     payload jsonb NOT NULL
#   );
#   ```
#
#   Keep `json` only when the exact input text (key order, whitespace,
#   duplicate keys) must be preserved, and waive the finding with a reason.
# related_resources:
#   - ref: https://www.postgresql.org/docs/current/datatype-json.html
#     description: JSON types
# custom:
#   severity: warning
#   help: Declare the column as jsonb.
#   examples:
#     bad: CREATE TABLE events (id bigint PRIMARY KEY, payload json NOT NULL);
#     good: CREATE TABLE events (id bigint PRIMARY KEY, payload jsonb NOT NULL);
package ddlgate.rules.schema["prefer-jsonb"]

import data.ddlgate.lib.facts
import data.ddlgate.lib.result
import data.ddlgate.lib.sql

report contains finding if {
	some type in ["create_table", "add_column", "alter_column_type"]
	some x in input.actions_by_type[type]
	stmt := x.statement
	action := x.action
	some col in facts.column_types(action)
	col.type.name == "json"
	col.type.schema == ""
	finding := result.fail_help(
		rego.metadata.chain(), stmt, col.span,
		sprintf("column %s.%s is json: it is re-parsed on every read, cannot be compared or GIN-indexed", [facts.qualified_name(action.table), col.name]),
		sprintf("%s jsonb%s", [col.name, sql.array_suffix(col.type)]),
	)
}
