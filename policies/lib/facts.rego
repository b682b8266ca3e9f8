# METADATA
# title: Fact predicates
# description: Small predicates over the facts document shared by rules.
package ddlgate.lib.facts

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

# Tests (*_test.rego) read facts from SQL with the test-only builtin
#   ddlgate.parse_sql(sql, options)
# where options is {} or any of {"pg_version": 10, "runner": "goose",
# "transaction_mode": "wrapped", "path": "x.sql", "default_schema": "app",
# "format": "drizzle", "history": ["CREATE TABLE ..."], "checksum":
# "modified", "duplicate_versions": ["..."], "in_journal": false,
# "phase_history": {...}, "project_file": true}. Rule testdata files take the
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

# same_transaction_as_add holds for a validate_constraint action whose
# constraint was added NOT VALID by an earlier statement of the same
# transaction block; added is that statement.
same_transaction_as_add(stmt, action) := added if {
	action.added_in_statement != null
	added := input.statements[action.added_in_statement]
	stmt.transaction.block > 0
	added.transaction.block == stmt.transaction.block
}
