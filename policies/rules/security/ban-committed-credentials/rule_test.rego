package ddlgate.rules.security["ban-committed-credentials_test"]

import data.ddlgate.rules.security["ban-committed-credentials"] as rule

_file(path, text) := ddlgate.parse_sql(text, {"path": path, "project_file": true})

test_url_with_password_is_reported if {
	[f] := [f | some f in rule.report] with input as _file(".env", "DATABASE_URL=postgres://app:s3cret@db.example.com:5432/app\n")
	f.message == ".env commits a database password for app@db.example.com (postgres://app:****@db.example.com:5432): anyone who can read the repository can connect"
	f.span.col == 29
	not contains(f.message, "s3cret")
}

test_references_are_fine if {
	count(rule.report) == 0 with input as _file(".env", "DATABASE_URL=postgres://app:${DB_PASSWORD}@db.example.com/app\n")
	count(rule.report) == 0 with input as _file("prisma/schema.prisma", "datasource db {\n  url = env(\"DATABASE_URL\")\n}\n")
	count(rule.report) == 0 with input as _file(".github/workflows/ci.yml", "env:\n  DATABASE_URL: ${{ secrets.DATABASE_URL }}\n")
}

test_local_databases_are_fine if {
	count(rule.report) == 0 with input as _file("docker-compose.yml", "DATABASE_URL: postgres://postgres:postgres@localhost:5432/app\n")
}

test_local_hosts_are_a_parameter if {
	f := _file("docker-compose.yml", "DATABASE_URL: postgres://postgres:postgres@db:5432/app\n")
	count(rule.report) == 1 with input as f
	count(rule.report) == 0 with input as f with data.config.params as {"ban-committed-credentials": {"local_hosts": ["db"]}}
}

test_keyword_connection_string_is_reported if {
	[f] := [f | some f in rule.report] with input as _file("atlas.hcl", "url = \"host=prod.internal password=hunter2 dbname=app\"\n")
	contains(f.message, "password=****")
}

test_untracked_files_are_not_judged if {
	f := ddlgate.parse_sql("DATABASE_URL=postgres://app:s3cret@db.example.com/app\n", {"path": ".env", "project_file": true, "committed": false})
	count(rule.report) == 0 with input as f
	g := ddlgate.parse_sql("DATABASE_URL=postgres://app:s3cret@db.example.com/app\n", {"path": ".env", "project_file": true, "committed": true})
	count(rule.report) == 1 with input as g
}

test_migrations_are_not_judged if {
	count(rule.report) == 0 with input as ddlgate.parse_sql("-- postgres://app:s3cret@db/app\nSELECT 1;", {})
}
