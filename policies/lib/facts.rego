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
