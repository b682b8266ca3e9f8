# METADATA
# title: Columns holding personal data must be documented
# description: |
#   A column named like personal data (email, phone, ssn, birth...) must carry
#   a COMMENT ON COLUMN in the migration that creates it, so data inventories
#   (GDPR records of processing, SOC 2 data classification) are built from the
#   schema itself. The comment should say what the data is and why it is kept.
# custom:
#   severity: error
#   params:
#     pattern: email|phone|ssn|birth
#   help: "Add COMMENT ON COLUMN <table>.<column> IS 'PII: <what it is, why it is kept>'; to the same migration."
#   examples:
#     bad: "ALTER TABLE customers ADD COLUMN email text;"
#     good: |
#       ALTER TABLE customers ADD COLUMN email text;
#       COMMENT ON COLUMN customers.email IS 'PII: contact address for receipts';
package ddlgate.custom.rules.privacy["require-pii-column-comment"]

import data.ddlgate.lib.result

report contains finding if {
	chain := rego.metadata.chain()
	pattern := result.params(chain).pattern
	some col in _new_columns
	regex.match(pattern, lower(col.name))
	not _commented(col.table, col.name)
	finding := result.fail(chain, col.stmt, col.span,
		sprintf("column %s.%s looks like personal data and has no COMMENT ON COLUMN in this migration", [col.table.name, col.name]))
}

# _new_columns are the columns this migration creates, with their table.
_new_columns contains {"stmt": stmt, "table": action.table, "name": col.name, "span": col.span} if {
	some stmt in input.statements
	some action in stmt.actions
	action.type == "create_table"
	some col in action.columns
}

_new_columns contains {"stmt": stmt, "table": action.table, "name": action.column.name, "span": action.column.span} if {
	some stmt in input.statements
	some action in stmt.actions
	action.type == "add_column"
}

_commented(table, column) if {
	some stmt in input.statements
	some action in stmt.actions
	action.type == "comment"
	action.object_type == "column"
	action.column_name == column
	action.table.schema == table.schema
	action.table.name == table.name
	not action.removed
}
