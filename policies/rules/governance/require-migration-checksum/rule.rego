# METADATA
# title: Migrations must match ddlgate.sum
# description: |
#   ddlgate.sum records the SHA-256 of every migration as it was reviewed
#   (`ddlgate hash`). A file that differs from it was edited after review, or
#   was never hashed: what runs is not what was approved. Because every new
#   migration also changes the sum's list hash, two branches that both add
#   migrations conflict in ddlgate.sum instead of merging silently.
#
#   Reported only when the migrations directory holds a ddlgate.sum. After the
#   change has been reviewed, run `ddlgate hash --dir <migrations>` and commit
#   the new ddlgate.sum with it. `ddlgate apply` refuses such a file too.
# related_resources:
#   - ref: https://github.com/ddlgate/ddlgate#ddlgate-hash
#     description: ddlgate hash and the ddlgate.sum format
# custom:
#   severity: error
#   help: Review the change, then run `ddlgate hash --dir <migrations directory>` and commit ddlgate.sum.
#   examples:
#     bad: |-
#       -- options: checksum=modified
#       ALTER TABLE users ADD COLUMN email text;
#     good: |-
#       -- options: checksum=ok
#       ALTER TABLE users ADD COLUMN email text;
package ddlgate.rules.governance["require-migration-checksum"]

import data.ddlgate.lib.facts
import data.ddlgate.lib.result

report contains finding if {
	message := _messages[input.file.checksum]
	finding := result.fail_file(rego.metadata.chain(), facts.file_span, sprintf(message, [input.file.path]))
}

_messages := {
	"modified": "%s differs from ddlgate.sum: it was edited after it was hashed for review",
	"missing-from-sum": "%s is not in ddlgate.sum: it was never hashed for review",
	"reordered": "%s is in another position in ddlgate.sum: migrations were renamed or reordered after review",
}
