# METADATA
# title: What the server locked must not be worse than predicted
# description: |
#   Under `ddlgate trace`, every statement carries `observed`: the locks its
#   backend took on a real server, the tables it rewrote or scanned, and
#   `differences` from the static prediction the other rules judged. This
#   rule reports a lock that blocks writes (SHARE or stronger) that the
#   server took on a table that existed before the migration, where the
#   prediction said otherwise: a function that runs DDL, a trigger, or a gap
#   in ddlgate's lock table. Review the statement with what it really locks.
# custom:
#   severity: error
#   help: Read the trace report for this statement; split the work or set lock_timeout before it.
package ddlgate.custom.rules.trace["ban-unpredicted-blocking-lock"]

import data.ddlgate.lib.result

_blocking := {"SHARE", "SHARE ROW EXCLUSIVE", "EXCLUSIVE", "ACCESS EXCLUSIVE"}

report contains finding if {
	some stmt in input.statements
	stmt.observed != null
	some d in stmt.observed.differences
	d.kind == "lock"
	d.observed in _blocking
	finding := result.fail(rego.metadata.chain(), stmt, stmt.span,
		sprintf("the server took %s on %s, the prediction said %s", [d.observed, d.relation, _said(d)]))
}

_said(d) := d.predicted if d.predicted != ""

_said(d) := "no lock" if d.predicted == ""
