# METADATA
# title: Fact predicates
# description: Small predicates over the facts document shared by rules.
package ddlgate.lib.facts

import data.ddlgate.lib.result

# existing holds for a relation that existed before the statement's file:
# only such a relation can have readers and writers waiting on its locks.
# Not existing: created earlier in this file or, when ddlgate apply judges
# against a live database, by an earlier migration of the same run. A null
# relation (an action without a table) is not existing.
existing(rel) if rel.exists_before == true

# in_transaction holds for a statement that runs inside a transaction block,
# opened by the runner or by an explicit BEGIN.
in_transaction(stmt) if stmt.transaction.in_transaction == true

# pg_at_least holds when the target server's major version is at least n.
pg_at_least(n) if input.target.pg_version >= n

# qualified_name is "schema.name", or the bare name when the schema is unknown.
qualified_name(rel) := concat(".", [rel.schema, rel.name]) if rel.schema != ""

qualified_name(rel) := rel.name if rel.schema == ""

# key is "schema.name" with the schema as the parser resolved it, even when
# empty: the key of input.catalog.tables, and the form in which relations
# of the same file are compared.
key(rel) := concat(".", [rel.schema, rel.name])

# lock is the lock mode an action takes on its table, ACCESS EXCLUSIVE when
# the parser knows none (an action without a known table, such as DROP
# INDEX of an index the history never created).
lock(action) := lock_or(action, "ACCESS EXCLUSIVE")

# lock_or is the lock mode an action takes on its table, mode when the
# parser knows none.
lock_or(action, mode) := action.lock if {
	action.lock != ""
} else := mode

# column_types are the column types an action writes, as {name, type,
# span}: each column of CREATE TABLE and ADD COLUMN (at its definition),
# and the new type of ALTER COLUMN TYPE (at the action).
column_types(action) := [{"name": c.name, "type": c.type, "span": c.span} | some c in action.columns] if {
	action.type == "create_table"
}

column_types(action) := [{"name": action.column.name, "type": action.column.type, "span": action.column.span}] if {
	action.type == "add_column"
}

column_types(action) := [{"name": action.column_name, "type": action.new_type, "span": action.span}] if {
	action.type == "alter_column_type"
}

# column_definitions are the column definitions an action writes: each
# column of CREATE TABLE, the column of ADD COLUMN.
column_definitions(action) := action.columns if action.type == "create_table"

column_definitions(action) := [action.column] if action.type == "add_column"

# file_span locates a finding about the whole file: its first statement (a
# `-- want` line or an editor marker can point at it), else line 1.
file_span := input.statements[0].span

file_span := result.file_start if count(input.statements) == 0

# Tests (*_test.rego) read facts from SQL with the test-only builtin
#   ddlgate.parse_sql(sql, options)
# where options is {} or any of {"pg_version": 10, "runner": "goose",
# "transaction_mode": "wrapped", "path": "x.sql", "default_schema": "app",
# "format": "drizzle", "history": ["CREATE TABLE ..."], "checksum":
# "modified", "duplicate_versions": ["..."], "in_journal": false,
# "phase_history": {...}, "project_file": true, "db": {"tables":
# {"public.orders": {"estimated_rows": 1200, "size_bytes": 98304,
# "analyzed": true}}}, "db_snapshot": {...}}. Rule testdata files take the
# same options on a first line `-- options: key=value ...`.

# locks_text describes the locks a statement takes: "SHARE ROW EXCLUSIVE on
# public.orders, SHARE ROW EXCLUSIVE on public.users".
locks_text(stmt) := concat(", ", [sprintf("%s on %s", [l.mode, qualified_name(l.relation)]) | some l in stmt.locks])

# separate_transaction is how to run a statement in a transaction of its own
# under the file's runner: a help sentence.
separate_transaction(stmt) := "COMMIT after the ADD ... NOT VALID and run the VALIDATE in a transaction of its own." if {
	stmt.transaction.explicit == true
} else := "drizzle-kit migrate runs every pending migration in one transaction: VALIDATE in a migration that is deployed after this one." if {
	input.file.runner == "drizzle"
} else := "The file is sent as one multi-statement query, which runs as one transaction: move the VALIDATE to a later migration file." if {
	input.file.transaction_mode == "implicit"
} else := sprintf("%s runs each file in one transaction: move the VALIDATE to a later migration file.", [_runner_name(input.file.runner)])

_runner_name(runner) := "ddlgate apply" if runner in {"", "ddlgate"}

_runner_name(runner) := runner if not runner in {"", "ddlgate"}

# type_created_earlier_in_transaction holds when typ (a type relation, such
# as an add_enum_value action's enum_type) was created by a CREATE TYPE
# earlier in stmt's transaction block: no other session can see it yet.
type_created_earlier_in_transaction(stmt, typ) if {
	typ.created_in_file == true
	some x in input.actions_by_type.create_type
	earlier := x.statement
	earlier.index < stmt.index
	earlier.transaction.block == stmt.transaction.block
	action := x.action
	action.created_object.schema == typ.schema
	action.created_object.name == typ.name
}

# same_transaction_as_add holds for a validate_constraint action whose
# constraint was added NOT VALID by an earlier statement of the same
# transaction block; added is that statement.
same_transaction_as_add(stmt, action) := added if {
	action.added_in_statement != null
	added := input.statements[action.added_in_statement]
	stmt.transaction.block > 0
	added.transaction.block == stmt.transaction.block
}

# validated_with_add is the message of a validate_constraint action run in
# the transaction of its ADD ... NOT VALID, added (see
# same_transaction_as_add): ADD's locks are held through the scan.
validated_with_add(action, added) := sprintf(
	"VALIDATE CONSTRAINT %s runs in the transaction of its ADD ... NOT VALID at line %d, which holds %s through the validation scan: NOT VALID bought nothing",
	[action.constraint_name, added.span.line, locks_text(added)],
)
