# METADATA
# title: Do not put CHECK constraints on domains
# description: |-
#   A CHECK constraint on a domain is checked against every column of that
#   type in every table. `ALTER DOMAIN ... ADD CONSTRAINT ... CHECK` (and a
#   later `VALIDATE CONSTRAINT`) scans all those columns while holding a SHARE
#   lock on each table that uses the domain: writes to all of them wait until
#   every row is checked (every PostgreSQL version). Unlike a table's
#   `VALIDATE CONSTRAINT`, which takes only SHARE UPDATE EXCLUSIVE, there is
#   no write-friendly way to validate a domain constraint, and a domain
#   created with a CHECK can only be tightened this way later.
#
#   Put the rule on the columns instead, where it can be added `NOT VALID` and
#   validated without blocking writes:
#
#   ```sql
#   CREATE DOMAIN amount AS numeric(12, 2);
#   ALTER TABLE payments ADD CONSTRAINT payments_amount_positive CHECK (amount > 0) NOT VALID;
#   ALTER TABLE payments VALIDATE CONSTRAINT payments_amount_positive; -- later transaction
#   ```
#
#   A constraint added to a domain created earlier in the same file is not
#   reported: no existing column uses it yet.
# related_resources:
#   - ref: https://www.postgresql.org/docs/current/sql-alterdomain.html
#     description: ALTER DOMAIN
#   - ref: https://www.postgresql.org/docs/current/sql-createdomain.html
#     description: CREATE DOMAIN
# custom:
#   severity: warning
#   help: Put the CHECK on the table columns (ADD CONSTRAINT ... NOT VALID, then VALIDATE CONSTRAINT) instead of the domain.
#   examples:
#     bad: ALTER DOMAIN amount ADD CONSTRAINT amount_positive CHECK (VALUE > 0);
#     good: ALTER TABLE payments ADD CONSTRAINT payments_amount_positive CHECK (amount > 0) NOT VALID;
package ddlgate.rules.locking["ban-domain-check-constraint"]

import data.ddlgate.lib.facts
import data.ddlgate.lib.result

_help := "Put the CHECK on the table columns instead: ALTER TABLE <table> ADD CONSTRAINT <name> CHECK (<column> ...) NOT VALID; then, in a later transaction, ALTER TABLE <table> VALIDATE CONSTRAINT <name>; (writes go on)."

# CREATE DOMAIN ... CHECK, from the domain's constraint facts.
report contains finding if {
	some x in input.actions_by_type.create_domain
	stmt := x.statement
	action := x.action
	some constraint in object.get(action, "constraints", [])
	constraint.type == "check"
	finding := result.fail_help(rego.metadata.chain(), stmt, constraint.span, _create_message(facts.qualified_name(action.created_object)), _help)
}

# ALTER DOMAIN ... ADD CONSTRAINT ... CHECK, from the constraint facts. The
# domain's relation is read with object.get until facts.go declares it (the
# policies are type-checked against the facts schema).
report contains finding if {
	some x in input.actions_by_type.add_domain_constraint
	stmt := x.statement
	action := x.action
	action.constraint.type == "check"
	domain := object.get(action, "domain", null)
	domain.created_in_file == false
	finding := result.fail_help(rego.metadata.chain(), stmt, action.span, _add_message(facts.qualified_name(domain), action.constraint.not_valid), _help)
}

# Fallbacks while the parser models domains only as create_domain without
# constraints and ALTER DOMAIN as "other": read the statement's own text.
# They stop applying as soon as the facts above exist.
report contains finding if {
	some x in input.actions_by_type.create_domain
	stmt := x.statement
	action := x.action
	not "constraints" in object.keys(action)
	regex.match(`(?i)\bCHECK\s*\(`, stmt.text)
	finding := result.fail_help(rego.metadata.chain(), stmt, action.span, _create_message(facts.qualified_name(action.created_object)), _help)
}

report contains finding if {
	some x in input.actions_by_type.other
	stmt := x.statement
	action := x.action
	action.subtype == "AlterDomainStmt"
	[[_, name]] := regex.find_all_string_submatch_n(`(?is)^ALTER\s+DOMAIN\s+(\S+)\s+ADD\s+(?:CONSTRAINT\s+(?:"(?:[^"]|"")*"|\S+)\s+)?CHECK\b`, stmt.text, 1)
	not _created_in_file(stmt, name)
	not_valid := regex.match(`(?i)\bNOT\s+VALID\s*$`, stmt.text)
	finding := result.fail_help(rego.metadata.chain(), stmt, action.span, _add_message(name, not_valid), _help)
}

_created_in_file(stmt, name) if {
	some x in input.actions_by_type.create_domain
	earlier := x.statement
	earlier.index < stmt.index
	action := x.action
	name in {action.created_object.name, facts.qualified_name(action.created_object)}
}

_create_message(domain) := sprintf("domain %s carries a CHECK constraint: tightening it later (ALTER DOMAIN ... ADD CONSTRAINT) checks every column of the type while blocking writes to each table that uses it", [domain])

_add_message(domain, false) := sprintf("ADD CONSTRAINT ... CHECK on domain %s checks every column of the type while holding a SHARE lock on each table that uses it: writes wait until every row is checked", [domain])

_add_message(domain, true) := sprintf("ADD CONSTRAINT ... CHECK NOT VALID on domain %s defers the check, but VALIDATE CONSTRAINT will hold a SHARE lock on each table that uses the type: writes wait until every row is checked", [domain])
