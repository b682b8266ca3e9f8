# METADATA
# title: Unused ignore directive
# description: |
#   A `-- ddlgate:ignore` or `-- ddlgate:ignore-file` directive suppresses no
#   finding: the statement it guarded was fixed or moved, or the rule id is
#   wrong. Stale waivers hide future problems and mislead reviewers; delete the
#   directive.
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
