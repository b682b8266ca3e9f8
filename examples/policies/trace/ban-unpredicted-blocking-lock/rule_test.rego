package ddlgate.custom.rules.trace["ban-unpredicted-blocking-lock_test"]

import data.ddlgate.custom.rules.trace["ban-unpredicted-blocking-lock"] as rule

# _traced parses sql and gives its first statement an observation, as
# ddlgate trace does.
_traced(sql, differences) := json.patch(ddlgate.parse_sql(sql, {}), [{
	"op": "replace", "path": "/statements/0/observed",
	"value": {"locks": [], "rewrites": [], "scans": [], "error": null, "watched": false, "differences": differences},
}])

test_unpredicted_access_exclusive if {
	doc := _traced("SELECT app.migrate_orders();", [{
		"kind": "lock", "relation": "public.orders", "predicted": "", "observed": "ACCESS EXCLUSIVE",
		"message": "ACCESS EXCLUSIVE lock on public.orders, which the prediction does not name",
	}])
	[f] := [f | some f in rule.report with input as doc]
	f.rule == "ban-unpredicted-blocking-lock"
	f.message == "the server took ACCESS EXCLUSIVE on public.orders, the prediction said no lock"
}

test_weaker_or_not_traced_passes if {
	doc := _traced("ALTER INDEX i RENAME TO j;", [{
		"kind": "lock", "relation": "public.i", "predicted": "ACCESS EXCLUSIVE", "observed": "SHARE UPDATE EXCLUSIVE",
		"message": "predicted ACCESS EXCLUSIVE on public.i, observed SHARE UPDATE EXCLUSIVE",
	}])
	count(rule.report) == 0 with input as doc
	count(rule.report) == 0 with input as ddlgate.parse_sql("SELECT app.migrate_orders();", {})
}
