# METADATA
# title: Prefer bigint for keys
# description: |-
#   `integer` (int4, `serial`) tops out at 2,147,483,647 and `smallint`
#   (int2, `smallserial`) at 32,767. A busy table burns through that faster
#   than expected (sequences skip values on rollbacks and upserts), and then
#   every INSERT fails. Widening a key later is an ALTER COLUMN TYPE that
#   rewrites the table, all its indexes and every referencing foreign key
#   column, under an ACCESS EXCLUSIVE lock: the worst migration there is.
#   bigint costs 4 more bytes per row. Applies to every PostgreSQL version.
#
#   Declare primary keys, identity columns and the foreign keys that point
#   at them as bigint:
#
#   ```sql
#   CREATE TABLE orders (
#     id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
#     customer_id bigint NOT NULL REFERENCES customers (id)
#   );
#   ```
#
#   The rule checks column definitions (CREATE TABLE, ADD COLUMN) that are a
#   primary key, an identity or serial column, or a foreign key, declared on
#   the column or in a table constraint of the same CREATE TABLE.
# related_resources:
#   - ref: https://www.postgresql.org/docs/current/datatype-numeric.html#DATATYPE-INT
#     description: Integer types
#   - ref: https://wiki.postgresql.org/wiki/Don%27t_Do_This#Don.27t_use_serial
#     description: "Don't Do This: serial"
# custom:
#   severity: warning
#   help: Declare key columns as bigint (bigint GENERATED ALWAYS AS IDENTITY for generated keys).
#   examples:
#     bad: CREATE TABLE orders (id serial PRIMARY KEY);
#     good: CREATE TABLE orders (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY);
package ddlgate.rules.schema["prefer-bigint-over-int"]

import data.ddlgate.lib.facts
import data.ddlgate.lib.result

report contains finding if {
	some type in ["create_table", "add_column"]
	some x in input.actions_by_type[type]
	stmt := x.statement
	action := x.action
	some col in facts.column_definitions(action)
	col.type.name in {"int2", "int4"}
	col.type.array == false
	some role in _key_roles(action, col)
	finding := result.fail_help(
		rego.metadata.chain(), stmt, col.span,
		sprintf("column %s.%s is %s and %s: it runs out at %s, and widening it later rewrites the table", [facts.qualified_name(action.table), col.name, col.type.text, role, _max[col.type.name]]),
		_help(col, role),
	)
}

_max := {"int2": "32,767", "int4": "2,147,483,647"}

# _key_roles names what makes a column a key; the first one found is
# reported (a primary key wins over identity, identity over foreign key).
_key_roles(action, col) := array.slice(_roles(action, col), 0, 1)

_roles(action, col) := array.concat(
	array.concat(
		["a primary key" | _primary(action, col)],
		["an identity column" | _generated(col)],
	),
	["a foreign key" | _foreign(action, col)],
)

_primary(_, col) if col.primary_key

_primary(action, col) if {
	action.type == "create_table"
	col.name in action.primary_key
}

_generated(col) if col.identity != null

_generated(col) if col.serial != null

_foreign(_, col) if col.references != null

_foreign(action, col) if {
	action.type == "create_table"
	some c in action.constraints
	c.type == "foreign_key"
	col.name in c.columns
}

_help(col, "a foreign key") := sprintf("%s bigint", [col.name])

_help(col, role) := sprintf("%s bigint GENERATED ALWAYS AS IDENTITY", [col.name]) if {
	role != "a foreign key"
	_generated(col)
}

_help(col, role) := sprintf("%s bigint", [col.name]) if {
	role != "a foreign key"
	not _generated(col)
}
