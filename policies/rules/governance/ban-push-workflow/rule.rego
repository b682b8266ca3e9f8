# METADATA
# title: Do not push schema changes around migrations
# description: |
#   `drizzle-kit push` and `prisma db push` change the database to match the
#   ORM schema directly: no migration file, no review, no ddlgate.sum, no
#   audit row, and they happily drop columns or tables to get there. A script
#   or CI job that runs them against a shared database bypasses every gate
#   this project has, and leaves migrations that no longer describe the
#   schema.
#
#   Generate a migration instead (`drizzle-kit generate`,
#   `prisma migrate dev --create-only`, ideally through
#   `ddlgate generate -- ...`) and apply it (`ddlgate apply`). Push is fine
#   against a throwaway local database: waive the finding there with a reason.
#
#   Checked in package.json files (the project's and its packages') and CI
#   workflows (.github/workflows, .gitlab-ci.yml) when ddlgate lints a project
#   (`ddlgate ci`, or `ddlgate lint` without paths).
# related_resources:
#   - ref: https://orm.drizzle.team/docs/drizzle-kit-push
#     description: drizzle-kit push
#   - ref: https://www.prisma.io/docs/orm/prisma-migrate/workflows/prototyping-your-schema
#     description: prisma db push is for prototyping
# custom:
#   severity: error
#   help: Replace the push with a generated migration applied by your migration runner (or `ddlgate apply`).
#   examples:
#     bad: |-
#       -- options: path=package.json project_file=true
#       "scripts": {"db:sync": "drizzle-kit push"}
#     good: |-
#       -- options: path=package.json project_file=true
#       "scripts": {"db:generate": "drizzle-kit generate", "db:migrate": "drizzle-kit migrate"}
package ddlgate.rules.governance["ban-push-workflow"]

import data.ddlgate.lib.result

report contains finding if {
	some cmd in input.push_commands
	finding := result.fail_file(
		rego.metadata.chain(), cmd.span,
		sprintf("%s in %s changes the schema without a migration: no review, no checksum, no audit trail", [cmd.text, input.file.path]),
	)
}
