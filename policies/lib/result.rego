# METADATA
# title: Finding constructors
# description: |
#   Helpers every rule uses to build its findings. A rule passes
#   rego.metadata.chain() so its id and category are read from its package path
#   (ddlgate.rules.<category>["<id>"] or ddlgate.custom.rules.<category>["<id>"])
#   and its title and severity from its package METADATA: the id is typed once.
package ddlgate.lib.result

# fail is a finding for statement stmt (an element of input.statements) at
# span (an action's span or stmt.span).
fail(chain, stmt, span, message) := _finding(chain, stmt.index, span, message, "")

# fail_help is fail with a help text specific to this statement, typically the
# safe SQL for it. Rules without one leave help to METADATA custom.help.
fail_help(chain, stmt, span, message, help) := _finding(chain, stmt.index, span, message, help)

# fail_file is a finding not tied to a statement (statement index -1).
fail_file(chain, span, message) := _finding(chain, -1, span, message, "")

# params are the rule's parameters: METADATA custom.params, overridden key by
# key by the config (data.config.params[<rule-id>], computed in Go).
params(chain) := object.union(_default_params(chain), _config_params(chain))

# rule_id is the id of the rule whose chain this is.
rule_id(chain) := _identity(chain).id

# category is the category of the rule whose chain this is.
category(chain) := _identity(chain).category

_finding(chain, index, span, message, help) := {
	"rule": ident.id,
	"category": ident.category,
	"title": object.get(annotations, "title", ident.id),
	"severity": object.get(annotations, ["custom", "severity"], "warning"),
	"message": message,
	"help": help,
	"statement": index,
	"span": span,
} if {
	ident := _identity(chain)
	annotations := _package_annotations(chain)
}

# The first link is the rule calling rego.metadata.chain(); its path starts
# with the package path, whatever helper rule of the package it is.
_identity(chain) := _identity_of_path(chain[0].path)

_identity_of_path(path) := {"category": path[2], "id": path[3]} if {
	path[0] == "ddlgate"
	path[1] == "rules"
}

_identity_of_path(path) := {"category": path[3], "id": path[4]} if {
	path[0] == "ddlgate"
	path[1] == "custom"
	path[2] == "rules"
}

# Package annotations carry the rule's identity and docs; a rule without them
# still reports, with defaults, so a missing METADATA block never hides a finding.
_package_annotations(chain) := a if {
	some link in chain
	link.annotations.scope == "package"
	a := link.annotations
} else := {}

_default_params(chain) := p if {
	p := _package_annotations(chain).custom.params
} else := {}

_config_params(chain) := p if {
	p := data.config.params[_identity(chain).id]
} else := {}
