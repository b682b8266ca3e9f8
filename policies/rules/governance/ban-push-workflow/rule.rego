# METADATA
# title: Do not push schema changes around migrations
# description: |
#   `drizzle-kit push` and `prisma db push` change the database to match the
#   ORM schema directly: no migration file, no review, no ddlgate.sum, no
#   audit row, and they happily drop columns or tables to get there. A CI
#   job, deploy hook or compose service that runs them against a shared
#   database bypasses every gate this project has, and leaves migrations that
#   no longer describe the schema.
#
#   Generate a migration instead (`drizzle-kit generate`,
#   `prisma migrate dev --create-only`, ideally through
#   `ddlgate generate -- ...`), commit it, and apply it from the pipeline
#   (`ddlgate apply`, `drizzle-kit migrate`, `prisma migrate deploy`).
#
#   Checked in CI workflows (.github/workflows, .gitlab-ci.yml), compose
#   files and package.json files (the project's and its packages') when
#   ddlgate lints a project (`ddlgate ci`, `ddlgate audit`, or `ddlgate lint`
#   without paths). A workflow step that runs a package script (`npm run
#   db:push`) is reported when the script pushes, directly or through other
#   scripts. A push in a package script that no workflow runs is reported at
#   `info` as development-only, unless the script is a deploy hook (its name
#   matches `params.deploy_scripts`: start, build, postinstall, deploy,
#   release...), which hosting platforms run on every deploy.
#
#   The migrations folder an ORM configuration names must exist and be
#   committed: drizzle's `out` (default `./drizzle`), prisma's `migrations`
#   folder beside `schema.prisma`. Without it the schema can only have been
#   pushed.
# related_resources:
#   - ref: https://orm.drizzle.team/docs/drizzle-kit-push
#     description: drizzle-kit push
#   - ref: https://www.prisma.io/docs/orm/prisma-migrate/workflows/prototyping-your-schema
#     description: prisma db push is for prototyping
# custom:
#   severity: error
#   params:
#     deploy_scripts: "^(pre|post)?(start|build|install|prepare|deploy|release|migrate)([:-].*)?$|^(heroku-postbuild|vercel-build|render-build)$"
#   help: Replace the push with a generated, committed migration applied by your migration runner (or `ddlgate apply`).
#   examples:
#     bad: |-
#       -- options: path=.github/workflows/deploy.yml project_file=true
#       - run: npx drizzle-kit push
#     good: |-
#       -- options: path=.github/workflows/deploy.yml project_file=true
#       - run: npx drizzle-kit migrate
package ddlgate.rules.governance["ban-push-workflow"]

import data.ddlgate.lib.result

_chain := rego.metadata.chain()

_params := result.params(_chain)

_reason := "changes the schema without a migration: no review, no checksum, no audit trail"

# A push that a CI workflow or compose file runs, directly or through a
# package script, is reported where it runs.
report contains finding if {
	input.project.kind != "package_json"
	some cmd in input.push_commands
	finding := object.union(
		result.fail_file(_chain, cmd.span, _ci_message(cmd)),
		{"help": sprintf(
			"Replace `%s` in %s line %d with a step that applies the committed migrations, e.g. `ddlgate apply --database-url \"$DATABASE_URL\"` (or your runner's: drizzle-kit migrate, prisma migrate deploy).",
			[cmd.text, input.file.path, cmd.span.line],
		)},
	)
}

_ci_message(cmd) := sprintf("%s in %s %s", [cmd.text, input.file.path, _reason]) if cmd.via == null

_ci_message(cmd) := sprintf("%s in %s runs %s (%s:%d, script %s), which %s", [
	cmd.text, input.file.path, cmd.via.command, cmd.via.path, cmd.via.line, cmd.via.script, _reason,
]) if cmd.via != null

# A push in a deploy hook runs on every deploy of the application.
report contains finding if {
	input.project.kind == "package_json"
	some cmd in input.push_commands
	count(cmd.run_by) == 0
	_deploy_script(cmd.script)
	finding := result.fail_file(_chain, cmd.span, sprintf("%s in %s script %q %s, on every deploy", [cmd.text, input.file.path, cmd.script, _reason]))
}

# A push in a script no workflow or deploy hook runs is for local
# development: worth knowing, not worth failing.
report contains finding if {
	input.project.kind == "package_json"
	some cmd in input.push_commands
	count(cmd.run_by) == 0
	not _deploy_script(cmd.script)
	finding := result.at_most(
		object.union(
			result.fail_file(_chain, cmd.span, sprintf("%s in %s%s %s; no CI workflow or deploy hook runs it, so it is development-only", [cmd.text, input.file.path, _script_name(cmd), _reason])),
			{"help": "Keep it for throwaway local databases; every change that ships needs a generated, committed migration."},
		),
		"info",
	)
}

_deploy_script(name) if regex.match(_params.deploy_scripts, name)

_script_name(cmd) := sprintf(" script %q", [cmd.script]) if cmd.script != ""

_script_name(cmd) := "" if cmd.script == ""

# The migrations folder an ORM configuration names is missing: the schema
# can only have been pushed.
report contains finding if {
	some d in input.project.migration_dirs
	not d.exists
	finding := object.union(
		result.fail_file(_chain, d.span, sprintf("%s: %s, but %s does not exist: schema changes are pushed, never versioned as migrations", [input.file.path, _names(d), d.dir])),
		{"help": _generate_help(d)},
	)
}

# The folder exists but git tracks nothing in it: the migrations are not
# versioned, and CI never sees them.
report contains finding if {
	some d in input.project.migration_dirs
	d.exists
	d.committed == false
	finding := object.union(
		result.fail_file(_chain, d.span, sprintf("%s: %s, but git tracks no file in %s: the migrations are not versioned", [input.file.path, _names(d), d.dir])),
		{"help": sprintf("Commit the migrations: `git add %s` (check that .gitignore does not exclude it), then commit.", [d.dir])},
	)
}

_names(d) := sprintf("out names %s as the migrations folder", [d.path]) if d.setting == "out"

_names(d) := sprintf("no out is set, so drizzle-kit's migrations folder is %s", [d.path]) if {
	d.setting == "default"
	d.tool == "drizzle"
}

_names(d) := "prisma migrate keeps its migrations beside the schema" if d.tool == "prisma"

_generate_help(d) := sprintf(
	"Generate the migrations into %s (`npx drizzle-kit generate`, or `ddlgate generate -- npx drizzle-kit generate`), commit the folder, and apply it from the pipeline (`ddlgate apply --dir %s` or `drizzle-kit migrate`) instead of pushing.",
	[d.dir, d.dir],
) if d.tool == "drizzle"

_generate_help(d) := sprintf(
	"Create the migrations folder with `npx prisma migrate dev --name init` (baseline an existing database first: https://www.prisma.io/docs/orm/prisma-migrate/workflows/baselining), commit %s, and apply it from the pipeline (`prisma migrate deploy` or `ddlgate apply --dir %s`) instead of pushing.",
	[d.dir, d.dir],
) if d.tool == "prisma"
