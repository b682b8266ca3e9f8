# METADATA
# title: Give every waiver a reason
# description: |-
#   A `-- ddlgate:ignore` or `-- ddlgate:ignore-file` directive without
#   `reason="..."` silences a finding without telling reviewers, auditors or
#   the next maintainer why the risk is acceptable. Change-management
#   controls (SOC 2 CC8.1, ISO 27002 8.32, PCI DSS 6.4) expect every
#   exception to be justified and traceable. The waiver still applies; the
#   missing reason is reported at the directive.
#
#   ```sql
#   -- ddlgate:ignore ban-drop-table reason="legacy_sessions is unused since v4.2 (JIRA-123)" owner=@platform
#   DROP TABLE legacy_sessions;
#   ```
# related_resources:
#   - ref: https://github.com/ddlgate/ddlgate/blob/main/docs/rules/require-waiver-reason.md
#     description: Directives (ddlgate:ignore)
# custom:
#   severity: error
#   computed: engine
#   help: Add reason="..." to the directive, saying why the finding is acceptable.
#   examples:
#     bad: |
#       -- ddlgate:ignore ban-drop-table
#       DROP TABLE legacy_sessions;
#     good: |
#       -- ddlgate:ignore ban-drop-table reason="unused since v4.2"
#       DROP TABLE legacy_sessions;
package ddlgate.rules.governance["require-waiver-reason"]

# report is empty: the finding is computed while applying waivers, outside Rego.
report := set()
