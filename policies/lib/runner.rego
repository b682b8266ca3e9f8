# METADATA
# title: Runner helpers
# description: |
#   What the tool that applies the file (input.file.runner) does with
#   transactions, and how a statement gets out of them under it
#   (input.file.runner_profile, from the runner's profile): help that a user
#   of that runner can follow.
package ddlgate.lib.runner

# name is the runner's id, "the runner" when the file has none.
name := input.file.runner if {
	input.file.runner != ""
} else := "the runner"

# why_in_transaction says why stmt runs inside a transaction block: the
# file's own BEGIN, or the transaction its runner opens.
why_in_transaction(stmt) := "the file opens one with BEGIN" if {
	stmt.transaction.explicit == true
} else := sprintf("%s sends a file of several statements as one query, which runs as an implicit transaction", [name]) if {
	input.file.transaction_mode == "implicit"
} else := "drizzle-kit migrate runs all pending files in one transaction" if {
	input.file.runner == "drizzle"
} else := sprintf("%s runs the file in a transaction", [name])

# outside_transaction is how to run stmt outside any transaction block, in
# sentences whose subject "it" is stmt: remove the file's BEGIN/COMMIT
# around it, and leave the transaction the runner opens the runner's way
# (runner_profile.no_transaction.how). "" when stmt already runs outside
# one.
outside_transaction(stmt) := concat(" ", array.concat(_explicit(stmt), _runner_way_out(stmt)))

# with_way_out is sql (the fix for stmt, typically its CONCURRENTLY form)
# followed by a comment line saying how to run it outside a transaction
# block; sql alone when stmt already runs outside one.
with_way_out(stmt, sql) := concat("\n-- ", [sql, way_out]) if {
	way_out := outside_transaction(stmt)
	way_out != ""
} else := sql

_explicit(stmt) := ["Remove the BEGIN/COMMIT around it."] if {
	stmt.transaction.explicit == true
} else := []

# The runner's transaction stays even without the file's BEGIN, so its way
# out is given whenever the statement runs in a transaction under a runner
# that opens one.
_runner_way_out(stmt) := [_how] if {
	stmt.transaction.in_transaction == true
	input.file.transaction_mode != "none"
} else := []

_how := input.file.runner_profile.no_transaction.how if {
	input.file.runner_profile.no_transaction.how != ""
} else := "Move it to its own migration that runs outside a transaction block."

# opt_out_directive is what opts a file out of its runner's transaction,
# "" when the runner has none.
opt_out_directive := input.file.runner_profile.no_transaction.directive
