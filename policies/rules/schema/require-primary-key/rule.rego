# METADATA
# title: Give every table a primary key
# description: |-
#   A table without a primary key has no reliable way to address one row:
#   duplicates creep in, ORMs cannot update or delete a single record, and
#   logical replication (publications, most CDC tools, blue/green upgrades)
#   refuses UPDATE and DELETE on it unless a replica identity is configured.
#
#   Declare the key in CREATE TABLE, or add it later in the same file:
#
#   ```sql
#   CREATE TABLE events (
#     id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
#     payload jsonb NOT NULL
#   );
#   ```
#
#   The rule looks at the file as a whole: a table created without a key is
#   fine when a later statement of the file adds one (ALTER TABLE ... ADD
#   PRIMARY KEY, also after a RENAME) or drops the table again. Partitions
#   (CREATE TABLE ... PARTITION OF) inherit the key of their parent and
#   temporary tables live for one session: neither is reported. CREATE TABLE
#   ... AS is reported: it creates a lasting table without a key.
# related_resources:
#   - ref: https://www.postgresql.org/docs/current/ddl-constraints.html#DDL-CONSTRAINTS-PRIMARY-KEYS
#     description: Primary keys
#   - ref: https://www.postgresql.org/docs/current/logical-replication-publication.html
#     description: Logical replication needs a replica identity for UPDATE and DELETE
# custom:
#   severity: error
#   help: Declare a PRIMARY KEY in CREATE TABLE, or add one later in the same file.
#   examples:
#     bad: CREATE TABLE events (payload jsonb NOT NULL);
#     good: CREATE TABLE events (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, payload jsonb NOT NULL);
package ddlgate.rules.schema["require-primary-key"]

import data.ddlgate.lib.facts
import data.ddlgate.lib.result
import data.ddlgate.lib.sql

report contains finding if {
	some x in input.actions_by_type.create_table
	stmt := x.statement
	action := x.action
	count(action.primary_key) == 0
	action.temporary == false
	action.partition_of == null
	names := _names(action.table)
	not _keyed_later(stmt.index, names)
	not _dropped_later(stmt.index, names)
	finding := result.fail_help(
		rego.metadata.chain(), stmt, action.span,
		sprintf("table %s has no primary key: rows cannot be addressed reliably and logical replication refuses its UPDATEs and DELETEs", [facts.qualified_name(action.table)]),
		_help(action),
	)
}

# _names are the names a table has during the file: its own and those it gets
# from later RENAMEs, so a key added after a rename still counts.
_names(table) := {facts.key(table)} | {to |
	# graph.reachable only returns vertices that are keys of the graph: the
	# last name of a rename chain is added as a successor.
	some from in graph.reachable(_renames, {facts.key(table)})
	some to in _renames[from]
}

_renames := {from: {to |
	some e in _rename_edges
	e[0] == from
	to := e[1]
} |
	some edge in _rename_edges
	from := edge[0]
}

_rename_edges := [[facts.key(a.table), sprintf("%s.%s", [a.table.schema, a.new_name])] |
	some x in input.actions_by_type.rename_table
	s := x.statement
	a := x.action
	a.table != null
]

_keyed_later(index, names) if {
	some s in input.statements
	s.index > index
	some a in s.actions
	_adds_primary_key(a)
	facts.key(a.table) in names
}

_adds_primary_key(a) if {
	a.type == "add_constraint"
	a.constraint.type == "primary_key"
}

_adds_primary_key(a) if {
	a.type == "add_column"
	a.column.primary_key == true
}

_dropped_later(index, names) if {
	some s in input.statements
	s.index > index
	some a in s.actions
	a.type == "drop_table"
	facts.key(a.table) in names
}

# A column named id is the usual key; otherwise suggest an identity column.
_help(action) := sprintf("ALTER TABLE %s ADD PRIMARY KEY (id);", [sql.name(action.table)]) if {
	some col in action.columns
	col.name == "id"
} else := sprintf("ALTER TABLE %s ADD COLUMN id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY;", [sql.name(action.table)])
