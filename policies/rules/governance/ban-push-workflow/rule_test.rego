package ddlgate.rules.governance["ban-push-workflow_test"]

import data.ddlgate.rules.governance["ban-push-workflow"] as rule

_package_json(text) := ddlgate.parse_sql(text, {"path": "package.json", "project_file": true})

_workflow(text) := ddlgate.parse_sql(text, {"path": ".github/workflows/deploy.yml", "project_file": true})

test_development_script_is_info if {
	[f] := [f | some f in rule.report] with input as _package_json("{\n  \"scripts\": {\"db:sync\": \"drizzle-kit push\"}\n}\n")
	f.message == "drizzle-kit push in package.json script \"db:sync\" changes the schema without a migration: no review, no checksum, no audit trail; no CI workflow or deploy hook runs it, so it is development-only"
	f.max_severity == "info"
	f.span.line == 2
}

test_deploy_hook_is_an_error if {
	[f] := [f | some f in rule.report] with input as _package_json("{\"scripts\": {\"start\": \"prisma db push && node server.js\"}}")
	f.message == "prisma db push in package.json script \"start\" changes the schema without a migration: no review, no checksum, no audit trail, on every deploy"
	not f.max_severity
}

test_script_a_workflow_runs_is_reported_at_the_workflow if {
	f := ddlgate.parse_sql("{\"scripts\": {\"db:push\": \"drizzle-kit push\"}}", {"path": "package.json", "project_file": true, "run_by": [".github/workflows/deploy.yml:12"]})
	count(rule.report) == 0 with input as f
}

test_prisma_db_push_in_a_workflow_is_reported if {
	[f] := [f | some f in rule.report] with input as _workflow("steps:\n  - run: npx prisma db push --accept-data-loss\n")
	f.span.line == 2
	contains(f.help, "Replace `prisma db push` in .github/workflows/deploy.yml line 2")
}

test_generate_and_migrate_are_fine if {
	count(rule.report) == 0 with input as _package_json("{\"scripts\": {\"g\": \"drizzle-kit generate\", \"m\": \"prisma migrate deploy\"}}")
	count(rule.report) == 0 with input as _workflow("- run: npx drizzle-kit migrate\n")
}

test_sql_migrations_are_not_judged if {
	count(rule.report) == 0 with input as ddlgate.parse_sql("-- we no longer run drizzle-kit push\nSELECT 1;", {})
}

_drizzle_config := "export default defineConfig({\n  schema: './src/db/schema.ts',\n  out: './src/db/migrations',\n});\n"

test_missing_drizzle_out_folder_is_reported if {
	f := ddlgate.parse_sql(_drizzle_config, {"path": "drizzle.config.ts", "project_file": true})
	[r] := [r | some r in rule.report] with input as f
	r.message == "drizzle.config.ts: out names ./src/db/migrations as the migrations folder, but src/db/migrations does not exist: schema changes are pushed, never versioned as migrations"
	r.span.line == 3
	contains(r.help, "npx drizzle-kit generate")
}

test_uncommitted_drizzle_out_folder_is_reported if {
	f := ddlgate.parse_sql(_drizzle_config, {"path": "drizzle.config.ts", "project_file": true, "exists": ["src/db/migrations"], "committed": false})
	[r] := [r | some r in rule.report] with input as f
	contains(r.message, "git tracks no file in src/db/migrations")
}

test_committed_drizzle_out_folder_is_fine if {
	f := ddlgate.parse_sql(_drizzle_config, {"path": "drizzle.config.ts", "project_file": true, "exists": ["src/db/migrations"], "committed": true})
	count(rule.report) == 0 with input as f
	g := ddlgate.parse_sql(_drizzle_config, {"path": "drizzle.config.ts", "project_file": true, "exists": ["src/db/migrations"]})
	count(rule.report) == 0 with input as g
}

test_prisma_schema_without_migrations_is_reported if {
	f := ddlgate.parse_sql("datasource db {\n  provider = \"postgresql\"\n  url = env(\"DATABASE_URL\")\n}\n", {"path": "prisma/schema.prisma", "project_file": true})
	[r] := [r | some r in rule.report] with input as f
	r.message == "prisma/schema.prisma: prisma migrate keeps its migrations beside the schema, but prisma/migrations does not exist: schema changes are pushed, never versioned as migrations"
	r.span.line == 1
}
