# METADATA
# title: Tables must carry tenant_id
# description: Multi-tenant isolation requires a tenant_id column on every table.
# custom:
#   severity: error
package ddlgate.custom.rules.tenancy["require-tenant-id"]

import data.ddlgate.lib.result

report contains finding if {
	some stmt in input.statements
	some action in stmt.actions
	action.type == "create_table"
	not _has_tenant(action)
	finding := result.fail(rego.metadata.chain(), stmt, action.span,
		sprintf("table %s has no tenant_id column", [action.table.name]))
}

_has_tenant(action) if {
	some col in action.columns
	col.name == "tenant_id"
}
