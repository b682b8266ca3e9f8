# METADATA
# title: Prefer text over varchar(n)
# description: |-
#   In PostgreSQL `varchar(n)` is `text` with a length check: it is not
#   faster or smaller. The limit is rarely a real business rule, and raising
#   it later is an ALTER COLUMN TYPE (binary-coercible widening takes only a
#   brief ACCESS EXCLUSIVE lock, but shrinking or changing the type rewrites
#   the table and its indexes). Applies to every PostgreSQL version.
#
#   Use `text`, and when the length really is a rule, a named CHECK
#   constraint, which can be changed without touching the column type:
#
#   ```sql
#   CREATE TABLE users (
#     id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
#     email text NOT NULL CONSTRAINT users_email_length CHECK (length(email) <= 320)
#   );
#   ```
#
#   `varchar` without a length is the same as `text` and is not reported.
# related_resources:
#   - ref: https://www.postgresql.org/docs/current/datatype-character.html
#     description: Character types
#   - ref: https://wiki.postgresql.org/wiki/Don%27t_Do_This#Don.27t_use_varchar.28n.29_by_default
#     description: "Don't Do This: varchar(n) by default"
# custom:
#   severity: info
#   help: Use text, with a CHECK (length(col) <= n) constraint if the limit is a real rule.
#   examples:
#     bad: CREATE TABLE users (id bigint PRIMARY KEY, email varchar(255) NOT NULL);
#     good: CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL);
package ddlgate.rules.schema["prefer-text-over-varchar"]

import data.ddlgate.lib.facts
import data.ddlgate.lib.result

report contains finding if {
	some type in ["create_table", "add_column", "alter_column_type"]
	some x in input.actions_by_type[type]
	stmt := x.statement
	action := x.action
	some col in facts.column_types(action)
	col.type.name == "varchar"
	count(col.type.mods) > 0
	finding := result.fail_help(
		rego.metadata.chain(), stmt, col.span,
		sprintf("column %s.%s is varchar(%d): the limit is a length check in disguise, and changing it later means ALTER COLUMN TYPE", [facts.qualified_name(action.table), col.name, col.type.mods[0]]),
		sprintf("%s text CHECK (length(%s) <= %d)", [col.name, col.name, col.type.mods[0]]),
	)
}
