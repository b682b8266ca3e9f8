# METADATA
# title: Unused ignore directive
# description: |
#   A `-- ddlgate:ignore` or `-- ddlgate:ignore-file` directive suppresses no
#   finding: the statement it guarded was fixed or moved, or the rule id is
#   wrong. Stale waivers hide future problems and mislead reviewers; delete the
#   directive.
#
#   This rule is computed by the engine's caller after suppression (it needs
#   the final findings), not in Rego: `custom.computed: engine` marks it, and
#   its report is always empty. Its METADATA lives here so every rule is
#   described in one place.
# custom:
#   severity: warning
#   computed: engine
#   help: Remove the directive, or fix its rule id.
#   examples:
#     bad: |
#       -- ddlgate:ignore ban-drop-table reason="legacy table"
#       CREATE TABLE accounts (id bigint PRIMARY KEY);
#     good: |
#       -- ddlgate:ignore ban-drop-table reason="legacy table"
#       DROP TABLE legacy_accounts;
package ddlgate.rules.governance["unused-ignore"]

# report is empty: the finding is computed after suppression, outside Rego.
report := set()
