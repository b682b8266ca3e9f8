# METADATA
# title: Quote values in dynamic SQL
# description: |-
#   A PL/pgSQL `EXECUTE` (also `FOR ... IN EXECUTE`, `RETURN QUERY EXECUTE`,
#   `OPEN ... FOR EXECUTE`) whose query string is concatenated from variables
#   with `||`, `concat()` or `format('%s')` runs whatever those values
#   contain: a table name like `t; DROP TABLE users` or a value with a quote
#   is SQL injection, with the privileges of the function (worse under
#   SECURITY DEFINER). It also breaks on mixed-case or reserved-word names.
#   Applies to every PostgreSQL version.
#
#   Quote identifiers with `format('%I')` or `quote_ident()`, literals with
#   `format('%L')`, `quote_literal()` or `quote_nullable()`, and better,
#   pass values as parameters:
#
#   ```sql
#   EXECUTE format('DELETE FROM %I WHERE created_at < $1', tbl) USING cutoff;
#   ```
#
#   ddlgate reads function bodies (LANGUAGE plpgsql) and DO blocks with the
#   PL/pgSQL parser. Values of numeric, boolean, uuid and date types and
#   `::regclass` casts cannot carry SQL and are not reported; a query built
#   in a variable (`q := 'DROP TABLE ' || tbl; EXECUTE q;`) is.
# related_resources:
#   - ref: https://www.postgresql.org/docs/current/plpgsql-statements.html#PLPGSQL-STATEMENTS-EXECUTING-DYN
#     description: Executing dynamic commands (quoting)
#   - ref: https://www.postgresql.org/docs/current/functions-string.html#FUNCTIONS-STRING-FORMAT
#     description: format() with %I and %L
# custom:
#   severity: error
#   help: Build the query with format('%I', ident) / format('%L', value) or quote_ident()/quote_literal(), and pass values with EXECUTE ... USING.
#   examples:
#     bad: |
#       CREATE FUNCTION purge(tbl text) RETURNS void LANGUAGE plpgsql AS $$
#       BEGIN
#         EXECUTE 'TRUNCATE ' || tbl;
#       END $$;
#     good: |
#       CREATE FUNCTION purge(tbl text) RETURNS void LANGUAGE plpgsql AS $$
#       BEGIN
#         EXECUTE format('TRUNCATE %I', tbl);
#       END $$;
package ddlgate.rules.security["ban-dynamic-sql-concatenation"]

import data.ddlgate.lib.facts
import data.ddlgate.lib.result

report contains finding if {
	some type in ["create_function", "do"]
	some x in input.actions_by_type[type]
	stmt := x.statement
	action := x.action
	some dyn in action.dynamic_sql
	dyn.concatenated
	count(dyn.unquoted) > 0
	finding := result.fail_help(
		rego.metadata.chain(), stmt, dyn.span,
		sprintf("EXECUTE in %s builds SQL from %s without quoting%s: a crafted value runs arbitrary SQL", [_where(action), concat(", ", dyn.unquoted), _via(dyn)]),
		"Use format('... %I ...', identifier) or format('... %L ...', value), or EXECUTE '... $1 ...' USING value.",
	)
}

_where(action) := sprintf("function %s", [facts.qualified_name(action.function)]) if {
	action.type == "create_function"
} else := "DO block"

_via(dyn) := sprintf(" (concatenated into %s)", [dyn.via]) if {
	dyn.via != ""
} else := ""
