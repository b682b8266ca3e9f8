# METADATA
# title: Foreign keys must declare ON DELETE
# description: |
#   A foreign key without ON DELETE gets NO ACTION: deleting a parent row
#   fails while child rows reference it, and nobody decided whether that is
#   what the data model wants. Say it: ON DELETE CASCADE, SET NULL,
#   SET DEFAULT, or RESTRICT to refuse the delete. PostgreSQL records an
#   explicit ON DELETE NO ACTION exactly like a missing clause, so write
#   RESTRICT when deletes must be refused.
# custom:
#   severity: warning
#   help: Add ON DELETE CASCADE, SET NULL, SET DEFAULT or RESTRICT to the REFERENCES clause.
#   examples:
#     bad: ALTER TABLE orders ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id);
#     good: ALTER TABLE orders ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id) ON DELETE RESTRICT;
package ddlgate.custom.rules.integrity["require-fk-on-delete"]

import data.ddlgate.lib.result

report contains finding if {
	some fk in _foreign_keys
	fk.references.on_delete == "no_action"
	finding := result.fail(rego.metadata.chain(), fk.stmt, fk.span,
		sprintf("foreign key %s (%s) -> %s has no ON DELETE: say what deleting a %s row does", [
			fk.table.name, concat(", ", fk.columns),
			fk.references.table.name, fk.references.table.name,
		]))
}

# _foreign_keys are the foreign keys the migration declares, in all four
# places SQL allows: column REFERENCES and table FOREIGN KEY constraints, in
# CREATE TABLE and in ALTER TABLE.
_foreign_keys contains {"stmt": stmt, "table": action.table, "columns": [col.name], "references": col.references, "span": col.span} if {
	some stmt in input.statements
	some action in stmt.actions
	action.type == "create_table"
	some col in action.columns
	col.references != null
}

_foreign_keys contains {"stmt": stmt, "table": action.table, "columns": [action.column.name], "references": action.column.references, "span": action.column.span} if {
	some stmt in input.statements
	some action in stmt.actions
	action.type == "add_column"
	action.column.references != null
}

_foreign_keys contains {"stmt": stmt, "table": action.table, "columns": c.columns, "references": c.references, "span": c.span} if {
	some stmt in input.statements
	some action in stmt.actions
	action.type == "create_table"
	some c in action.constraints
	c.type == "foreign_key"
}

_foreign_keys contains {"stmt": stmt, "table": action.table, "columns": action.constraint.columns, "references": action.constraint.references, "span": action.constraint.span} if {
	some stmt in input.statements
	some action in stmt.actions
	action.type == "add_constraint"
	action.constraint.type == "foreign_key"
}
