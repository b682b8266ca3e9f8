# METADATA
# title: SQL writing helpers
# description: |
#   Helpers for rules that suggest SQL in their messages and help: names are
#   quoted exactly when PostgreSQL needs it, so a suggested fix runs as
#   written for mixed-case, reserved-word and schema-qualified names.
package ddlgate.lib.sql

# ident is name as a SQL identifier: bare when PostgreSQL reads it back
# unchanged (lower case letters, digits, _ and $, not starting with a digit,
# and not a keyword that needs quoting), else double-quoted with inner
# quotes doubled, as quote_ident does.
ident(name) := name if {
	regex.match(`^[a-z_][a-z0-9_$]*$`, name)
	not keywords[name]
} else := concat("", [`"`, replace(name, `"`, `""`), `"`])

# name is a relation as the migration named it: schema-qualified when the
# SQL qualified it, each part quoted as needed.
name(rel) := concat(".", [ident(rel.schema), ident(rel.name)]) if {
	rel.qualified == true
} else := ident(rel.name)

# qualified is a relation always with its schema: for SQL that must name
# the same relation whatever the search_path.
qualified(rel) := concat(".", [ident(rel.schema), ident(rel.name)]) if {
	rel.schema != ""
} else := ident(rel.name)

# columns is a comma-separated list of quoted column names.
columns(cols) := concat(", ", [ident(c) | some c in cols])

# array_suffix is "[]" for an array type (a facts column type), else "".
array_suffix(type) := "[]" if {
	type.array
} else := ""

# concurrently is a statement's text with CONCURRENTLY inserted where its
# concurrent form takes it: after CREATE [UNIQUE] INDEX, REFRESH
# MATERIALIZED VIEW, or REINDEX [(options)] INDEX|TABLE|SCHEMA|DATABASE.
# The rest (names, columns, predicate, options) stays exactly as written.
# Statement texts start with their first keyword: spans are trimmed.
concurrently(text) := regex.replace(text, `(?i)^(CREATE\s+(?:UNIQUE\s+)?INDEX|REFRESH\s+MATERIALIZED\s+VIEW|REINDEX\s*(?:\([^)]*\)\s*)?(?:INDEX|TABLE|SCHEMA|DATABASE))`, "${1} CONCURRENTLY")

# keywords are the PostgreSQL keywords that are not unreserved (reserved,
# column-name and type-or-function-name keywords: the ones quote_ident
# quotes), from pg_get_keywords() of PostgreSQL 15 and the grammars of 16
# and 17 (system_user, the json_* constructors, merge_action).
keywords := {
	"all", "analyse", "analyze", "and", "any", "array", "as", "asc", "asymmetric",
	"authorization", "between", "bigint", "binary", "bit", "boolean", "both", "case", "cast",
	"char", "character", "check", "coalesce", "collate", "collation", "column", "concurrently",
	"constraint", "create", "cross", "current_catalog", "current_date", "current_role",
	"current_schema", "current_time", "current_timestamp", "current_user", "dec", "decimal",
	"default", "deferrable", "desc", "distinct", "do", "else", "end", "except", "exists",
	"extract", "false", "fetch", "float", "for", "foreign", "freeze", "from", "full", "grant",
	"greatest", "group", "grouping", "having", "ilike", "in", "initially", "inner", "inout",
	"int", "integer", "intersect", "interval", "into", "is", "isnull", "join", "json_array",
	"json_arrayagg", "json_exists", "json_object", "json_objectagg", "json_query",
	"json_scalar", "json_serialize", "json_table", "json_value", "lateral", "leading", "least",
	"left", "like", "limit", "localtime", "localtimestamp", "merge_action", "national",
	"natural", "nchar", "none", "normalize", "not", "notnull", "null", "nullif", "numeric",
	"offset", "on", "only", "or", "order", "out", "outer", "overlaps", "overlay", "placing",
	"position", "precision", "primary", "real", "references", "returning", "right", "row",
	"select", "session_user", "setof", "similar", "smallint", "some", "substring", "symmetric",
	"system_user", "table", "tablesample", "then", "time", "timestamp", "to", "trailing",
	"treat", "trim", "true", "union", "unique", "user", "using", "values", "varchar",
	"variadic", "verbose", "when", "where", "window", "with", "xmlattributes", "xmlconcat",
	"xmlelement", "xmlexists", "xmlforest", "xmlnamespaces", "xmlparse", "xmlpi", "xmlroot",
	"xmlserialize", "xmltable"
}

# index_on_partitions is the recipe for an index on a partitioned table,
# which PostgreSQL cannot build CONCURRENTLY: an index ON ONLY the parent
# (invalid, and quick: the parent has no rows), each partition's index built
# concurrently, each attached to the parent's (valid once all are). action
# is a create_index action.
index_on_partitions(action) := concat("\n", [
	sprintf("CREATE %sINDEX %s ON ONLY %s (%s); -- quick: the parent alone has no rows", [_unique(action), ident(index), name(action.table), cols]),
	sprintf("CREATE %sINDEX CONCURRENTLY <partition>_%s ON <partition> (%s); -- for each partition, without a transaction block", [_unique(action), _suffix(action), cols]),
	sprintf("ALTER INDEX %s ATTACH PARTITION <partition>_%s; -- for each partition: the parent's index is valid once all are attached", [ident(index), _suffix(action)]),
]) if {
	index := _index_name(action)
	cols := concat(", ", [_index_column(c) | some c in action.columns])
}

_unique(action) := "UNIQUE " if action.unique == true

_unique(action) := "" if action.unique != true

_index_name(action) := action.index.name if {
	action.index != null
	action.index.name != ""
} else := sprintf("%s_%s", [action.table.name, _suffix(action)])

_suffix(action) := concat("_", array.concat([c | some c in action.columns; regex.match(`^[^()\s:]+$`, c)], ["idx"]))

# An index column is a column name, or an expression as written.
_index_column(c) := ident(c) if {
	regex.match(`^[^()\s:]+$`, c)
} else := c
