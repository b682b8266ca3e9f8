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

# CREATE DOMAIN ... CHECK.
report contains finding if {
	some x in input.actions_by_type.create_domain
	some constraint in x.action.constraints
	constraint.type == "check"
	finding := result.fail_help(rego.metadata.chain(), x.statement, constraint.span, _create_message(facts.qualified_name(x.action.domain)), _help)
}

# ALTER DOMAIN ... ADD CONSTRAINT ... CHECK on a domain that existed before
# the file (columns of a domain created in the file hold no rows yet).
report contains finding if {
	some x in input.actions_by_type.add_domain_constraint
	x.action.constraint.type == "check"
	facts.existing(x.action.domain)
	finding := result.fail_help(rego.metadata.chain(), x.statement, x.action.span, _add_message(facts.qualified_name(x.action.domain), x.action.constraint.not_valid), _help)
}

_create_message(domain) := sprintf("domain %s carries a CHECK constraint: tightening it later (ALTER DOMAIN ... ADD CONSTRAINT) checks every column of the type while blocking writes to each table that uses it", [domain])

_add_message(domain, false) := sprintf("ADD CONSTRAINT ... CHECK on domain %s checks every column of the type while holding a SHARE lock on each table that uses it: writes wait until every row is checked", [domain])

_add_message(domain, true) := sprintf("ADD CONSTRAINT ... CHECK NOT VALID on domain %s defers the check, but VALIDATE CONSTRAINT will hold a SHARE lock on each table that uses the type: writes wait until every row is checked", [domain])
