# METADATA
# title: Do not disable row-level security
# description: |-
#   `ALTER TABLE ... DISABLE ROW LEVEL SECURITY` switches off every policy of
#   the table at once: tenants see each other's rows, users see rows they
#   were never meant to. `NO FORCE ROW LEVEL SECURITY` exempts the table's
#   owner from its policies again. Both are usually a debugging shortcut
#   that ships by accident, and nothing fails loudly afterwards. Applies to
#   PostgreSQL 9.5 and later.
#
#   Change the policies instead of disabling them, e.g. widen one policy
#   for a dedicated role:
#
#   ```sql
#   CREATE POLICY support_read ON app.tickets FOR SELECT TO support USING (true);
#   ```
#
#   A table that truly must not have row-level security should be waived
#   with a reason.
# related_resources:
#   - ref: https://www.postgresql.org/docs/current/ddl-rowsecurity.html
#     description: Row security policies
#   - ref: https://www.postgresql.org/docs/current/sql-altertable.html
#     description: ALTER TABLE (ROW LEVEL SECURITY)
# custom:
#   severity: error
#   help: Keep row-level security on and change the table's policies instead.
#   examples:
#     bad: ALTER TABLE app.tickets DISABLE ROW LEVEL SECURITY;
#     good: CREATE POLICY support_read ON app.tickets FOR SELECT TO support USING (true);
package ddlgate.rules.security["ban-disable-row-level-security"]

import data.ddlgate.lib.facts
import data.ddlgate.lib.result

report contains finding if {
	some type, what in _disables
	some x in input.actions_by_type[type]
	stmt := x.statement
	action := x.action
	finding := result.fail_help(
		rego.metadata.chain(), stmt, action.span,
		sprintf("%s on %s: %s", [what, facts.qualified_name(action.table), _effect[type]]),
		sprintf("Keep row-level security on %s and change its policies (CREATE POLICY / ALTER POLICY) instead.", [facts.qualified_name(action.table)]),
	)
}

_disables := {
	"disable_rls": "DISABLE ROW LEVEL SECURITY",
	"no_force_rls": "NO FORCE ROW LEVEL SECURITY",
}

_effect := {
	"disable_rls": "every row-level security policy of the table stops applying",
	"no_force_rls": "the table's owner bypasses its row-level security policies again",
}
