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
fail(chain, stmt, span, message) := object.union(_identity(chain), {
	"message": message,
	"help": "",
	"statement": stmt.index,
	"span": span,
})

# fail_help is fail with a help text specific to this statement, typically the
# safe SQL for it. Rules without one leave help to METADATA custom.help.
fail_help(chain, stmt, span, message, help) := object.union(_identity(chain), {
	"message": message,
	"help": help,
	"statement": stmt.index,
	"span": span,
})

# fail_plan is fail_help for a breaking change whose help is an
# expand/contract plan: plan (data.ddlgate.lib.phase.plan, or null) is
# handed to `ddlgate phase plan` as data, so it writes the steps without
# reading the help text.
fail_plan(chain, stmt, span, message, help, plan) := object.union(fail_help(chain, stmt, span, message, help), {"plan": plan})

# fail_file is a finding not tied to a statement (statement index -1).
fail_file(chain, span, message) := object.union(_identity(chain), {
	"message": message,
	"help": "",
	"statement": -1,
	"span": span,
})

# params are the rule's parameters: METADATA custom.params, overridden key by
# key by the config (data.config.params[<rule-id>], computed in Go).
params(chain) := object.union(_default_params(chain), _config_params(chain))

# rule_id is the id of the rule whose chain this is.
rule_id(chain) := _identity(chain).rule

# category is the category of the rule whose chain this is.
category(chain) := _identity(chain).category

# _identity is what a finding says of its rule: id and category from the
# package path of the chain's first link (the rule calling
# rego.metadata.chain(): ddlgate.rules.<category>["<id>"] or
# ddlgate.custom.rules.<category>["<id>"]), title and severity from the
# package METADATA. A rule without METADATA still reports, with defaults, so
# a missing METADATA block never hides a finding. Each finding costs one
# call: function calls are what evaluation spends most on.
_identity(chain) := {
	"rule": path[offset + 1],
	"category": path[offset],
	"title": object.get(annotations, "title", path[offset + 1]),
	"severity": object.get(annotations, ["custom", "severity"], "warning"),
} if {
	path := chain[0].path
	path[0] == "ddlgate"
	offset := _category_index[path[1]]
	annotations := object.union_n([link.annotations |
		some link in chain
		link.annotations.scope == "package"
	])
}

# Where the category sits in a rule's package path, by the path's second
# element.
_category_index := {"rules": 2, "custom": 3}

_default_params(chain) := p if {
	some link in chain
	link.annotations.scope == "package"
	p := link.annotations.custom.params
} else := {}

_config_params(chain) := p if {
	p := data.config.params[rule_id(chain)]
} else := {}

# at_most lowers finding (built by fail, fail_help or fail_file) to severity
# when the rule's configured severity is higher: for a case of the rule's
# hazard that matters less, such as a push in a development-only script.
at_most(finding, severity) := object.union(finding, {"max_severity": severity})

# file_start is the span of a file's first line, for findings about a whole
# file that has no statement to point at.
file_start := {"start": 0, "end": 0, "line": 1, "col": 1, "end_line": 1, "end_col": 1}
