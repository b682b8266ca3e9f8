package ddlgate.rules.governance["ban-push-workflow_test"]

import data.ddlgate.rules.governance["ban-push-workflow"] as rule

_package_json(text) := ddlgate.parse_sql(text, {"path": "package.json", "project_file": true})

test_drizzle_push_script_is_reported if {
	[f] := [f | some f in rule.report] with input as _package_json("{\n  \"scripts\": {\"db:sync\": \"drizzle-kit push\"}\n}\n")
	f.message == "drizzle-kit push in package.json changes the schema without a migration: no review, no checksum, no audit trail"
	f.span.line == 2
}

test_prisma_db_push_in_a_workflow_is_reported if {
	f := ddlgate.parse_sql("steps:\n  - run: npx prisma db push --accept-data-loss\n", {"path": ".github/workflows/deploy.yml", "project_file": true})
	count(rule.report) == 1 with input as f
}

test_generate_and_migrate_are_fine if {
	count(rule.report) == 0 with input as _package_json("{\"scripts\": {\"g\": \"drizzle-kit generate\", \"m\": \"prisma migrate deploy\"}}")
}

test_sql_migrations_are_not_judged if {
	count(rule.report) == 0 with input as ddlgate.parse_sql("-- we no longer run drizzle-kit push\nSELECT 1;", {})
}
