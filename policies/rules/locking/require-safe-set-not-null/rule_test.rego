package ddlgate.rules.locking["require-safe-set-not-null_test"]

import data.ddlgate.rules.locking["require-safe-set-not-null"] as rule

_report(sql, options) := r if {
	r := rule.report with input as ddlgate.parse_sql(sql, options)
}

test_set_not_null_on_existing_table if {
	[f] := [f | some f in _report("ALTER TABLE users ALTER COLUMN email SET NOT NULL;", {"pg_version": 16})]
	f.rule == "require-safe-set-not-null"
	f.severity == "error"
	f.message == "SET NOT NULL on public.users.email scans the whole table while holding an ACCESS EXCLUSIVE lock: reads and writes wait until the scan ends"
	f.help == concat("\n", [
		"ALTER TABLE users ADD CONSTRAINT users_email_not_null CHECK (email IS NOT NULL) NOT VALID;",
		"ALTER TABLE users VALIDATE CONSTRAINT users_email_not_null; -- in a later transaction",
		"ALTER TABLE users ALTER COLUMN email SET NOT NULL; -- in a later transaction: the valid CHECK makes it skip the scan",
		"ALTER TABLE users DROP CONSTRAINT users_email_not_null;",
	])
}

test_before_12_help_keeps_the_check if {
	[f] := [f | some f in _report("ALTER TABLE users ALTER COLUMN email SET NOT NULL;", {"pg_version": 11})]
	startswith(f.help, "-- Before PostgreSQL 12 SET NOT NULL always scans the table")
	not contains(f.help, "DROP CONSTRAINT")
}

test_from_12_help_drops_the_check if {
	[f] := [f | some f in _report("ALTER TABLE users ALTER COLUMN email SET NOT NULL;", {"pg_version": 12})]
	contains(f.help, "DROP CONSTRAINT users_email_not_null")
}

test_quoted_column_and_schema if {
	[f] := [f | some f in _report(`ALTER TABLE app."Users" ALTER COLUMN "Email" SET NOT NULL;`, {})]
	contains(f.message, "app.Users.Email")
	startswith(f.help, `ALTER TABLE app."Users" ADD CONSTRAINT "Users_Email_not_null" CHECK ("Email" IS NOT NULL) NOT VALID;`)
}

test_table_created_in_same_file_is_not_reported if {
	count(_report("CREATE TABLE users (id bigint PRIMARY KEY, email text);\nALTER TABLE users ALTER COLUMN email SET NOT NULL;", {})) == 0
}

test_drop_not_null_is_not_reported if {
	count(_report("ALTER TABLE users ALTER COLUMN email DROP NOT NULL;", {})) == 0
}

# An earlier migration added and validated CHECK (email IS NOT NULL).
_proven(options) := ddlgate.parse_sql(
	"ALTER TABLE users ALTER COLUMN email SET NOT NULL;",
	object.union(options, {"history": [
		"CREATE TABLE users (id bigint PRIMARY KEY, email text);",
		"ALTER TABLE users ADD CONSTRAINT users_email_nn CHECK (email IS NOT NULL) NOT VALID;",
		"ALTER TABLE users VALIDATE CONSTRAINT users_email_nn;",
	]}),
)

test_validated_check_skips_the_scan_from_12 if {
	count(rule.report) == 0 with input as _proven({"pg_version": 12})
}

test_validated_check_does_not_help_before_12 if {
	count(rule.report) == 1 with input as _proven({"pg_version": 11})
}
