# METADATA
# title: Table sizes
# description: |
#   What the target database says of the size of the tables a statement
#   works on (input.db: with lint --database-url or --db-snapshot, and
#   during apply), for the locking rules whose hazard grows with the table:
#   an index build, a validation scan, a rewrite lasts as long as the table
#   is large. Below the rule's small_table parameter (default: under 10,000
#   estimated rows and under 10 MB) a finding drops to info and says the
#   measured size; above large_table (default: 1,000,000 rows or 1 GB) it
#   says how large the table is; a table never analyzed has no size, and the
#   finding says so at its own severity. A table a migration of the same run
#   creates (exists_before false) is empty. Without database facts a finding
#   is left as it is.
package ddlgate.lib.size

import data.ddlgate.lib.facts
import data.ddlgate.lib.result
import data.ddlgate.lib.units

# scaled is finding (built with lib.result by the rule whose chain this is)
# judged by the size of rels, the relations whose size the locks last with:
# its message gains the measured size, and below small_table its severity
# is at most info. Unchanged without database facts, or when a relation is
# not in the database.
scaled(chain, finding, rels) := _scaled(finding, judge(rels, result.params(chain))) if {
	input.db.tables
} else := finding

_scaled(finding, j) := result.at_most(_noted(finding, j.note), "info") if j.class == "small"

_scaled(finding, j) := _noted(finding, j.note) if j.class != "small"

_noted(finding, note) := object.union(finding, {"message": sprintf("%s (%s)", [finding.message, note])})

# judge is {class, note}: class small, medium, large, unanalyzed (a table
# never analyzed: its size is unknown) or invalid (a threshold parameter
# that cannot be read), and note, what to add to a message. Undefined
# without database facts, when an existing relation of rels is not in the
# database, or when every one is new.
judge(rels, params) := {"class": "invalid", "note": concat("", [concat("; ", errs), ": table sizes are not judged"])} if {
	input.db.tables
	errs := _param_errors(params)
	count(errs) > 0
} else := j if {
	input.db.tables
	not _missing(rels)
	tables := _tables(rels)
	count(tables) > 0
	j := _judgement(tables, _thresholds(params))
}

_judgement(tables, th) := {"class": "unanalyzed", "note": concat("; ", [sprintf("%s has never been analyzed, so its size is unknown: ANALYZE it to judge by size", [name]) |
	some name in _names(tables)
	not tables[name].analyzed
])} if {
	some t in tables
	not t.analyzed
} else := {"class": "large", "note": concat("; ", [sprintf("%s is large: ~%s rows, %s", [name, units.thousands(t.rows), units.bytes(t.bytes)]) |
	some name in _names(tables)
	t := tables[name]
	_large(t, th)
])} if {
	some t in tables
	_large(t, th)
} else := {"class": "small", "note": concat("", [_described(tables), ": the lock lasts milliseconds"])} if {
	every t in tables {
		_small(t, th)
	}
} else := {"class": "medium", "note": _described(tables)}

_described(tables) := concat("; ", [sprintf("%s has ~%s rows, %s", [name, units.thousands(t.rows), units.bytes(t.bytes)]) |
	some name in _names(tables)
	t := tables[name]
])

_names(tables) := sort(object.keys(tables))

_small(t, th) if {
	t.rows < th.small_rows
	t.bytes < th.small_bytes
}

_large(t, th) if t.rows >= th.large_rows

_large(t, th) if t.bytes >= th.large_bytes

# _tables are the existing relations of rels as the database sizes them,
# by qualified name; new ones (created earlier in the file or in the run)
# are empty and left out.
_tables(rels) := {facts.qualified_name(r): t |
	some r in rels
	facts.existing(r)
	d := input.db.tables[facts.key(r)]
	t := {"analyzed": d.analyzed, "rows": d.estimated_rows, "bytes": d.size_bytes}
}

_missing(rels) if {
	some r in rels
	facts.existing(r)
	not input.db.tables[facts.key(r)]
}

# The thresholds: a rule's small_table and large_table parameters, each
# {rows, size}, with these defaults for a rule (a custom one) without them.
_defaults := {
	"small_table": {"rows": 10000, "size": "10 MB"},
	"large_table": {"rows": 1000000, "size": "1 GB"},
}

_param(params, which, key) := object.get(params, [which, key], _defaults[which][key])

_thresholds(params) := {
	"small_rows": _param(params, "small_table", "rows"),
	"small_bytes": units.parse_size(_param(params, "small_table", "size")),
	"large_rows": _param(params, "large_table", "rows"),
	"large_bytes": units.parse_size(_param(params, "large_table", "size")),
}

_param_errors(params) := [msg |
	some which in ["small_table", "large_table"]
	some msg in _param_error(params, which)
]

_param_error(params, which) := {msg |
	v := _param(params, which, "rows")
	not _count(v)
	msg := sprintf("%s.rows %s is not a number of rows", [which, json.marshal(v)])
} | {msg |
	v := _param(params, which, "size")
	not units.parse_size(v)
	msg := sprintf("%s.size %s is not a size such as \"10 MB\"", [which, json.marshal(v)])
}

_count(v) if {
	is_number(v)
	v >= 0
}
