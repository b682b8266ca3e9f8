# METADATA
# title: Do not commit database passwords
# description: |
#   A PostgreSQL URL with a password (`postgres://app:s3cret@db/app`), a
#   connection string with `password=`, or a `password:` in drizzle's
#   `dbCredentials`, committed in a file a migration workflow reads, gives
#   the database to everyone who can read the repository: every clone, fork,
#   CI log and backup, for as long as the history exists. Deleting the line
#   later does not help; the password must be rotated.
#
#   Keep the password out of the repository and read it from the
#   environment: `${DATABASE_URL}` in compose files and CI workflows,
#   `env("DATABASE_URL")` in schema.prisma and atlas.hcl,
#   `process.env.DATABASE_URL` in drizzle.config.ts, and `.env` files listed
#   in `.gitignore`.
#
#   Checked when ddlgate lints a project (`ddlgate ci`, `ddlgate audit`,
#   `ddlgate lint` without paths) in `.env*`, `drizzle.config.*`,
#   `prisma/schema.prisma`, `docker-compose*.yml`, `atlas.hcl`,
#   `.ddlgate.yaml`, package.json files and CI workflows. Only files git
#   tracks are judged (all of them outside a git work tree). References
#   (`${VAR}`, `$VAR`, `env(...)`, `{{ secrets.X }}`) and placeholders
#   (`<password>`, `****`) are not credentials, and neither are passwords
#   for the hosts in `params.local_hosts`: a throwaway database on the
#   developer's machine or a CI service container.
# related_resources:
#   - ref: https://owasp.org/Top10/A07_2021-Identification_and_Authentication_Failures/
#     description: OWASP A07, hard-coded credentials
#   - ref: https://www.postgresql.org/docs/current/libpq-connect.html#LIBPQ-CONNSTRING
#     description: PostgreSQL connection strings
# custom:
#   severity: error
#   params:
#     local_hosts:
#       - localhost
#       - 127.0.0.1
#       - "::1"
#       - 0.0.0.0
#       - host.docker.internal
#   help: Remove the password, rotate it (git history keeps it), and read the URL from the environment instead.
#   examples:
#     bad: |-
#       -- options: path=.env project_file=true
#       DATABASE_URL=postgres://app:s3cret@db.example.com:5432/app
#     good: |-
#       -- options: path=.env project_file=true
#       DATABASE_URL=postgres://app:${DB_PASSWORD}@db.example.com:5432/app
package ddlgate.rules.security["ban-committed-credentials"]

import data.ddlgate.lib.result

_chain := rego.metadata.chain()

report contains finding if {
	input.project.committed != false
	some c in input.project.credentials
	not c.host in result.params(_chain).local_hosts
	finding := object.union(
		result.fail_file(_chain, c.span, sprintf("%s commits a database password%s (%s): anyone who can read the repository can connect", [input.file.path, _for(c), c.redacted])),
		{"help": sprintf("Remove the password from %s and rotate it (git history keeps it); %s", [input.file.path, _instead[input.project.kind]])},
	)
}

_for(c) := sprintf(" for %s@%s", [c.user, c.host]) if {
	c.user != ""
	c.host != ""
}

_for(c) := sprintf(" for %s", [c.host]) if {
	c.user == ""
	c.host != ""
}

_for(c) := "" if c.host == ""

_instead := {
	"env": "keep .env files with real secrets out of git (.gitignore) and commit a .env.example with placeholders.",
	"drizzle_config": "read it from the environment: `dbCredentials: { url: process.env.DATABASE_URL! }`.",
	"prisma_schema": "read it from the environment: `url = env(\"DATABASE_URL\")`.",
	"atlas_config": "read it from the environment: `url = getenv(\"DATABASE_URL\")`.",
	"docker_compose": "read it from the environment: `DATABASE_URL: ${DATABASE_URL}`.",
	"workflow": "read it from a CI secret: `${{ secrets.DATABASE_URL }}`.",
	"package_json": "read it from the environment in the script: `$DATABASE_URL`.",
	"ddlgate_config": "pass the URL with --database-url or DATABASE_URL instead.",
	"other": "read it from the environment instead.",
}
