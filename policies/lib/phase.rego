# METADATA
# title: Expand/contract predicates
# description: |
#   Predicates over the file's phase directive (input.file.phase) and the
#   phase ledger (input.history: the earlier files of the file's change, the
#   tables they act on, and whether the target database applied them).
package ddlgate.lib.phase

# contract holds in a file declaring `-- ddlgate:phase contract change=<id>`.
contract if input.file.phase.phase == "contract"

# expand_exists holds when an earlier migration is the expand of this file's
# change.
expand_exists if {
	some e in input.history.earlier
	e.phase == "expand"
}

# covers holds for a table the file's change introduced or deprecated in an
# earlier phase (created it, added a column to it, put a dual-write trigger
# on it, backfilled it), in a contract file whose change has an expand: the
# change planned this object's removal, so dropping or renaming it (or its
# columns) is the point of the contract, not an accident.
covers(rel) if {
	contract
	expand_exists
	_qualified(rel) in input.history.tables
}

_qualified(rel) := concat(".", [rel.schema, rel.name]) if {
	rel.schema != ""
} else := concat(".", [input.target.default_schema, rel.name])
