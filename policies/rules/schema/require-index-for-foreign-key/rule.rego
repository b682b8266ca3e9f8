# METADATA
# title: Index foreign key columns
# description: |-
#   PostgreSQL indexes the referenced side of a foreign key (it must be a
#   primary key or unique), never the referencing columns. Without an index
#   whose leading columns are the foreign key's columns, every DELETE or
#   key UPDATE on the referenced table scans the whole referencing table to
#   check or cascade (holding its row locks meanwhile), and joins along the
#   relation are sequential scans. The cost grows with the table, so it
#   shows up in production, not in review. Applies to every PostgreSQL
#   version.
#
#   Create an index that starts with the foreign key's columns, in any
#   order, concurrently when the table already exists:
#
#   ```sql
#   ALTER TABLE orders ADD CONSTRAINT orders_customer_fk
#     FOREIGN KEY (customer_id) REFERENCES customers (id) NOT VALID;
#   CREATE INDEX CONCURRENTLY orders_customer_id_idx ON orders (customer_id);
#   ```
#
#   An index counts when it is created anywhere in the same file, or is
#   known from earlier migrations (the schema history), including primary
#   keys and unique constraints whose leading columns match. Partial
#   indexes do not count: they cover only some rows.
# related_resources:
#   - ref: https://www.postgresql.org/docs/current/ddl-constraints.html#DDL-CONSTRAINTS-FK
#     description: Foreign keys (indexing the referencing columns)
#   - ref: https://www.postgresql.org/docs/current/sql-createindex.html
#     description: CREATE INDEX
# custom:
#   severity: warning
#   help: Create an index whose leading columns are the foreign key's columns.
#   examples:
#     bad: |
#       CREATE TABLE orders (
#         id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
#         customer_id bigint NOT NULL REFERENCES customers (id)
#       );
#     good: |
#       CREATE TABLE orders (
#         id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
#         customer_id bigint NOT NULL REFERENCES customers (id)
#       );
#       CREATE INDEX orders_customer_id_idx ON orders (customer_id);
package ddlgate.rules.schema["require-index-for-foreign-key"]

import data.ddlgate.lib.facts
import data.ddlgate.lib.result
import data.ddlgate.lib.sql

report contains finding if {
	some type in ["create_table", "add_constraint", "add_column"]
	some x in input.actions_by_type[type]
	stmt := x.statement
	action := x.action
	some fk in _foreign_keys(action)
	count(fk.columns) > 0
	not _covered(facts.key(action.table), fk.columns)
	cols := concat(", ", fk.columns)
	finding := result.fail_help(
		rego.metadata.chain(), stmt, fk.span,
		sprintf("foreign key %s (%s) -> %s has no index starting with its columns: each DELETE or key UPDATE on %s scans %s", [
			facts.qualified_name(action.table), cols, facts.qualified_name(fk.references.table),
			facts.qualified_name(fk.references.table), facts.qualified_name(action.table),
		]),
		sprintf("CREATE INDEX %s%s ON %s (%s);", [
			_concurrently(action.table),
			_index_name(action.table, fk.columns), sql.name(action.table), cols,
		]),
	)
}

# _foreign_keys are the foreign keys an action declares: column REFERENCES
# and table constraints of CREATE TABLE, ADD CONSTRAINT, ADD COLUMN.
_foreign_keys(action) := array.concat(
	[{"columns": c.columns, "span": c.span, "references": c.references} |
		some c in action.constraints
		c.type == "foreign_key"
	],
	[{"columns": [c.name], "span": c.span, "references": c.references} |
		some c in action.columns
		c.references != null
	],
) if action.type == "create_table"

_foreign_keys(action) := [{"columns": action.constraint.columns, "span": action.span, "references": action.constraint.references}] if {
	action.type == "add_constraint"
	action.constraint.type == "foreign_key"
}

_foreign_keys(action) := [{"columns": [action.column.name], "span": action.column.span, "references": action.column.references}] if {
	action.type == "add_column"
	action.column.references != null
}

# _covered holds when some index of the table starts with the columns, in
# any order.
_covered(key, columns) if {
	some entry in _indexes
	entry[0] == key
	count(entry[1]) >= count(columns)
	{c | some c in array.slice(entry[1], 0, count(columns))} == {c | some c in columns}
}

# _indexes are [table key, columns] of every usable index: created in this
# file, declared as a key or unique constraint in this file, or known from
# the schema history (input.catalog).
_indexes contains [facts.key(a.table), a.columns] if {
	some x in input.actions_by_type.create_index
	a := x.action
	a.partial == false
}

_indexes contains [facts.key(a.table), a.primary_key] if {
	some x in input.actions_by_type.create_table
	a := x.action
	count(a.primary_key) > 0
}

_indexes contains [facts.key(a.table), c.columns] if {
	some x in input.actions_by_type.create_table
	a := x.action
	some c in a.constraints
	c.type in {"primary_key", "unique", "exclusion"}
}

_indexes contains [facts.key(a.table), [c.name]] if {
	some x in input.actions_by_type.create_table
	a := x.action
	some c in a.columns
	c.unique
}

_indexes contains [facts.key(a.table), a.constraint.columns] if {
	some x in input.actions_by_type.add_constraint
	a := x.action
	a.constraint.type in {"primary_key", "unique", "exclusion"}
}

_indexes contains [facts.key(a.table), [a.column.name]] if {
	some x in input.actions_by_type.add_column
	a := x.action
	_column_keyed(a.column)
}

_indexes contains [key, idx.columns] if {
	some key, table in input.catalog.tables
	some idx in table.indexes
	idx.partial == false
	idx.valid != false
}

_indexes contains [key, table.primary_key] if {
	some key, table in input.catalog.tables
	count(table.primary_key) > 0
}

_indexes contains [key, c.columns] if {
	some key, table in input.catalog.tables
	some c in table.constraints
	c.type in {"primary_key", "unique", "exclusion"}
}

_column_keyed(col) if col.unique

_column_keyed(col) if col.primary_key

# A table created in this file is empty: a plain CREATE INDEX is fine there.
_concurrently(table) := "CONCURRENTLY " if {
	facts.existing(table)
} else := ""

_index_name(table, columns) := sprintf("%s_%s_idx", [table.name, concat("_", columns)])
