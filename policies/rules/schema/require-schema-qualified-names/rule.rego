# METADATA
# title: Qualify names with their schema
# description: |-
#   An unqualified name resolves through the session's `search_path`, which
#   differs between the migration runner, psql sessions, poolers and roles
#   (`ALTER ROLE ... SET search_path`). The same migration can then create a
#   table in `public` on one database and in another schema elsewhere, or
#   alter a same-named table of the wrong schema. Writing the schema makes
#   the migration mean one thing everywhere. Applies to every PostgreSQL
#   version.
#
#   ```sql
#   CREATE TABLE app.orders (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY);
#   CREATE INDEX CONCURRENTLY orders_created_at_idx ON app.orders (created_at);
#   ```
#
#   Disabled by default: most projects use a single schema and rely on the
#   default `search_path`. Enable it in `.ddlgate.yaml` for multi-schema
#   databases. It checks the tables (and views, sequences) a statement acts
#   on, once per statement and name.
# related_resources:
#   - ref: https://www.postgresql.org/docs/current/ddl-schemas.html#DDL-SCHEMAS-PATH
#     description: The schema search path
# custom:
#   severity: info
#   enabled: false
#   help: Write the schema in front of the name, e.g. public.orders.
#   examples:
#     bad: ALTER TABLE orders ADD COLUMN note text;
#     good: ALTER TABLE public.orders ADD COLUMN note text;
package ddlgate.rules.schema["require-schema-qualified-names"]

import data.ddlgate.lib.result

report contains finding if {
	some stmt in input.statements
	some name in {action.table.name |
		some action in stmt.actions
		action.table != null
		action.table.qualified == false
		action.table.name != ""

		# DROP INDEX and REINDEX INDEX do not name the table: the parser
		# fills it in from the file.
		not action.type in {"drop_index", "reindex"}
	}
	span := [action.span |
		some action in stmt.actions
		action.table.name == name
		action.table.qualified == false
	][0]
	finding := result.fail_help(
		rego.metadata.chain(), stmt, span,
		sprintf("%s is not schema-qualified: it resolves through search_path, which differs between sessions and roles", [name]),
		sprintf("Write %s.%s", [_quote(input.target.default_schema), _quote(name)]),
	)
}

_quote(name) := name if {
	regex.match(`^[a-z_][a-z0-9_$]*$`, name)
} else := concat("", [`"`, replace(name, `"`, `""`), `"`])
