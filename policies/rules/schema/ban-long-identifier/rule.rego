# METADATA
# title: Keep identifiers within 63 bytes
# description: |-
#   PostgreSQL truncates identifiers longer than NAMEDATALEN - 1 = 63 bytes
#   (not characters: an accented letter takes two) and only raises a NOTICE.
#   The object is created under the truncated name, so a later statement or
#   migration that uses the full name fails with "does not exist", two long
#   names that share their first 63 bytes collide, and ORMs that compare
#   names (drizzle-kit, prisma) generate spurious diffs forever. Applies to
#   every PostgreSQL version with the default build.
#
#   Shorten the name, e.g. with a conventional abbreviation:
#
#   ```sql
#   CREATE INDEX order_items_order_id_product_id_idx ON order_items (order_id, product_id);
#   ```
#
#   The rule checks every identifier of the file (tables, columns, indexes,
#   constraints and any other name, quoted or not; strings and comments are
#   not identifiers) and reports each name once, where it first appears.
# related_resources:
#   - ref: https://www.postgresql.org/docs/current/sql-syntax-lexical.html#SQL-SYNTAX-IDENTIFIERS
#     description: Identifiers and key words (NAMEDATALEN)
# custom:
#   severity: error
#   help: Shorten the name to at most 63 bytes.
#   examples:
#     bad: CREATE INDEX order_items_customer_reference_and_product_reference_and_created_at_idx ON order_items (customer_ref, product_ref, created_at);
#     good: CREATE INDEX order_items_customer_product_created_idx ON order_items (customer_ref, product_ref, created_at);
package ddlgate.rules.schema["ban-long-identifier"]

import data.ddlgate.lib.result

# The parser reads long identifiers from the source (input.long_identifiers):
# pg_query truncates names while scanning, so actions only carry the
# truncated ones. Each name is reported where it first appears in the file.
report contains finding if {
	some i, long in input.long_identifiers
	not _seen_before(i, long.truncated)
	stmt := input.statements[long.statement]
	finding := result.fail_help(
		rego.metadata.chain(), stmt, long.span,
		sprintf("identifier %q is %d bytes: PostgreSQL silently truncates it to %q (63 bytes), so names that share those bytes collide and tools comparing names see a difference", [long.name, long.bytes, long.truncated]),
		sprintf("Shorten %q to at most 63 bytes.", [long.name]),
	)
}

_seen_before(i, truncated) if {
	some j, other in input.long_identifiers
	j < i
	other.truncated == truncated
}
