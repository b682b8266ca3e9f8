# METADATA
# title: Entry point
# description: |
#   findings unions the report of every enabled rule. data.config.enabled is
#   computed in Go from METADATA defaults and the user's config: a list of
#   {id, category, custom, min_pg_version}. Iterating over it (instead of over
#   data.ddlgate.rules) means a disabled rule is never evaluated. The minimum
#   PostgreSQL version is checked here, per file, because the target version
#   is a property of the file's facts (input.target.pg_version); a target of 0
#   means unknown and runs every rule.
package ddlgate.main

findings contains f if {
	some rule in data.config.enabled
	rule.custom == false
	_supported(rule.min_pg_version)
	some f in data.ddlgate.rules[rule.category][rule.id].report
}

findings contains f if {
	some rule in data.config.enabled
	rule.custom == true
	_supported(rule.min_pg_version)
	some f in data.ddlgate.custom.rules[rule.category][rule.id].report
}

_supported(min_pg) if min_pg == 0

_supported(min_pg) if input.target.pg_version == 0

_supported(min_pg) if input.target.pg_version >= min_pg
