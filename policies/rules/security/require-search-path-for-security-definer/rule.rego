# METADATA
# title: Pin search_path in SECURITY DEFINER functions
# description: |-
#   A SECURITY DEFINER function runs with its owner's privileges (often a
#   superuser or the schema owner) but resolves unqualified names through
#   the caller's `search_path`. Any role that can create objects in a schema
#   on that path (in PostgreSQL before 15, everyone could create in
#   `public`), or that sets its own `search_path`, can shadow a table,
#   function or operator the body uses and run its own code with the
#   owner's rights: a privilege escalation (CVE-2007-2138, CVE-2018-1058).
#
#   Pin the path in the function definition, with `pg_temp` last so
#   temporary objects cannot shadow anything:
#
#   ```sql
#   CREATE FUNCTION app.grant_access(user_id bigint) RETURNS void
#     LANGUAGE plpgsql
#     SECURITY DEFINER
#     SET search_path = pg_catalog, app, pg_temp
#   AS $$ ... $$;
#   ```
#
#   Or schema-qualify every name in the body and set `search_path = ''`.
#
#   A later `ALTER FUNCTION ... SET search_path` in the same file counts.
#   `ALTER FUNCTION ... SECURITY DEFINER` is judged only for functions the
#   file creates: the settings of older functions are unknown.
# related_resources:
#   - ref: https://www.postgresql.org/docs/current/sql-createfunction.html#SQL-CREATEFUNCTION-SECURITY
#     description: Writing SECURITY DEFINER functions safely
#   - ref: https://wiki.postgresql.org/wiki/A_Guide_to_CVE-2018-1058:_Protect_Your_Search_Path
#     description: "A guide to CVE-2018-1058: protect your search path"
# custom:
#   severity: error
#   help: Add SET search_path = pg_catalog, <schema>, pg_temp to the function definition.
#   examples:
#     bad: |
#       CREATE FUNCTION app.touch() RETURNS void LANGUAGE sql SECURITY DEFINER
#       AS $$ UPDATE accounts SET seen_at = now() $$;
#     good: |
#       CREATE FUNCTION app.touch() RETURNS void LANGUAGE sql SECURITY DEFINER
#       SET search_path = pg_catalog, app, pg_temp
#       AS $$ UPDATE accounts SET seen_at = now() $$;
package ddlgate.rules.security["require-search-path-for-security-definer"]

import data.ddlgate.lib.facts
import data.ddlgate.lib.result

report contains finding if {
	some x in input.actions_by_type.create_function
	stmt := x.statement
	action := x.action
	action.security_definer
	not action.sets_search_path
	not _pinned_later(facts.key(action.function), stmt.index)
	finding := _finding(rego.metadata.chain(), stmt, action)
}

# ALTER FUNCTION ... SECURITY DEFINER is judged only for a function this file
# creates: the settings of a function from an earlier migration are unknown.
report contains finding if {
	some x in input.actions_by_type.alter_function
	stmt := x.statement
	action := x.action
	action.security_definer
	not action.sets_search_path
	key := facts.key(action.function)
	_created_in_file(key)
	not _pinned(key)
	finding := _finding(rego.metadata.chain(), stmt, action)
}

_finding(chain, stmt, action) := result.fail_help(
	chain, stmt, action.span,
	sprintf("SECURITY DEFINER %s %s does not set search_path: a caller can shadow the objects it uses and run code with its owner's privileges", [_kind(action), name]),
	sprintf("ALTER %s %s SET search_path = pg_catalog, %s, pg_temp; -- or add the SET clause to CREATE %s", [upper(_kind(action)), name, action.function.schema, upper(_kind(action))]),
) if {
	name := facts.qualified_name(action.function)
}

_created_in_file(key) if {
	some x in input.actions_by_type.create_function
	facts.key(x.action.function) == key
}

# _pinned holds when some statement of the file pins the function's
# search_path; _pinned_later when one after statement index does.
_pinned(key) if _pinned_later(key, -1)

_pinned_later(key, index) if {
	some type in ["create_function", "alter_function"]
	some x in input.actions_by_type[type]
	x.statement.index > index
	x.action.sets_search_path
	facts.key(x.action.function) == key
}

_kind(action) := "procedure" if {
	action.procedure
} else := "function"
