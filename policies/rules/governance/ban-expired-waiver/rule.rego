# METADATA
# title: Do not keep expired waivers
# description: |-
#   A waiver with `until=YYYY-MM-DD` is a promise to fix the finding by that
#   date. Past it (the waiver is valid through the whole `until` day), the
#   waiver stops suppressing its finding and is itself reported, so a
#   temporary exception cannot silently become permanent. Fix the finding,
#   or extend the waiver with a new date and reason that a reviewer
#   approves.
#
#   ```sql
#   -- ddlgate:ignore require-concurrent-index-creation reason="table has 40 rows" until=2027-01-31
#   CREATE INDEX settings_key_idx ON settings (key);
#   ```
# related_resources:
#   - ref: https://github.com/ddlgate/ddlgate/blob/main/docs/rules/ban-expired-waiver.md
#     description: Directives (ddlgate:ignore ... until=)
# custom:
#   severity: error
#   computed: engine
#   help: Fix the finding and delete the directive, or extend until= with a reviewed reason.
#   examples:
#     bad: |
#       -- ddlgate:ignore ban-drop-table reason="cleanup" until=2020-01-31
#       DROP TABLE legacy_sessions;
#     good: |
#       -- ddlgate:ignore ban-drop-table reason="cleanup" until=2099-01-31
#       DROP TABLE legacy_sessions;
package ddlgate.rules.governance["ban-expired-waiver"]

# report is empty: the finding is computed while applying waivers, outside Rego.
report := set()
