# METADATA
# title: Do not use char(n)
# description: |-
#   `char(n)` (`character(n)`, `bpchar`) pads values with spaces to n
#   characters, ignores trailing spaces when comparing, strips them when
#   casting to text, and is no faster than `text`: it surprises every client
#   that reads the padding back, and a value longer than n is an error. This
#   holds in every PostgreSQL version.
#
#   Use `text` (or `varchar`), with a CHECK constraint when the length is a
#   rule:
#
#   ```sql
#   CREATE TABLE countries (
#     code text PRIMARY KEY CHECK (length(code) = 2)
#   );
#   ```
#
#   The internal one-byte type `"char"` (quoted) is not `char(n)` and is not
#   reported.
# related_resources:
#   - ref: https://www.postgresql.org/docs/current/datatype-character.html
#     description: Character types
#   - ref: https://wiki.postgresql.org/wiki/Don%27t_Do_This#Don.27t_use_char.28n.29
#     description: "Don't Do This: char(n)"
# custom:
#   severity: warning
#   help: Use text, with a CHECK (length(col) = n) constraint if the length is fixed.
#   examples:
#     bad: CREATE TABLE countries (code char(2) PRIMARY KEY);
#     good: CREATE TABLE countries (code text PRIMARY KEY CHECK (length(code) = 2));
package ddlgate.rules.schema["ban-char-type"]

import data.ddlgate.lib.facts
import data.ddlgate.lib.result

report contains finding if {
	some type in ["create_table", "add_column", "alter_column_type"]
	some x in input.actions_by_type[type]
	stmt := x.statement
	action := x.action
	some col in facts.column_types(action)
	col.type.name == "bpchar"
	finding := result.fail_help(
		rego.metadata.chain(), stmt, col.span,
		sprintf("column %s.%s is %s: values are blank-padded to a fixed length, which clients read back and comparisons ignore", [facts.qualified_name(action.table), col.name, col.type.text]),
		_help(col),
	)
}

_help(col) := sprintf("%s text CHECK (length(%s) = %d)", [col.name, col.name, col.type.mods[0]]) if {
	count(col.type.mods) == 1
} else := sprintf("%s text", [col.name])
