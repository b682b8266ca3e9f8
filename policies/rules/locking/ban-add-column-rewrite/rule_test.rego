package ddlgate.rules.locking["ban-add-column-rewrite_test"]

import data.ddlgate.rules.locking["ban-add-column-rewrite"] as rule

_report(sql, options) := r if {
	r := rule.report with input as ddlgate.parse_sql(sql, options)
}

test_constant_default_rewrites_before_11 if {
	[f] := [f | some f in _report("ALTER TABLE users ADD COLUMN score int NOT NULL DEFAULT 0;", {"pg_version": 10})]
	f.rule == "ban-add-column-rewrite"
	f.severity == "error"
	f.message == "ADD COLUMN score rewrites public.users while holding an ACCESS EXCLUSIVE lock: before PostgreSQL 11 the default 0 is written into every row"
	startswith(f.help, "ALTER TABLE users ADD COLUMN score int;\nALTER TABLE users ALTER COLUMN score SET DEFAULT 0;")
}

test_constant_default_is_free_from_11 if {
	count(_report("ALTER TABLE users ADD COLUMN score int NOT NULL DEFAULT 0;", {"pg_version": 11})) == 0
}

test_stable_default_is_free_from_11 if {
	count(_report("ALTER TABLE users ADD COLUMN seen_at timestamptz DEFAULT now();", {"pg_version": 16})) == 0
	count(_report("ALTER TABLE users ADD COLUMN seen_at timestamptz DEFAULT now();", {"pg_version": 10})) == 1
}

test_volatile_default_rewrites if {
	[f] := [f | some f in _report("ALTER TABLE users ADD COLUMN token uuid DEFAULT gen_random_uuid();", {"pg_version": 16})]
	endswith(f.message, "the volatile default gen_random_uuid() is evaluated for every row")
	count(_report("ALTER TABLE users ADD COLUMN weight float8 DEFAULT random();", {"pg_version": 16})) == 1
}

test_serial_identity_and_generated_rewrite if {
	[s] := [f | some f in _report("ALTER TABLE users ADD COLUMN seq bigserial;", {})]
	endswith(s.message, "a bigserial column is filled from its sequence for every row")
	startswith(s.help, "ALTER TABLE users ADD COLUMN seq bigint;")
	[i] := [f | some f in _report("ALTER TABLE users ADD COLUMN n bigint GENERATED ALWAYS AS IDENTITY;", {})]
	endswith(i.message, "an identity column is filled for every row")
	[g] := [f | some f in _report("ALTER TABLE users ADD COLUMN total numeric GENERATED ALWAYS AS (price * qty) STORED;", {})]
	endswith(g.message, "a GENERATED ... STORED column is computed for every row")
}

test_no_default_is_not_reported if {
	count(_report("ALTER TABLE users ADD COLUMN nickname text;", {"pg_version": 10})) == 0
}

test_table_created_in_same_file_is_not_reported if {
	count(_report("CREATE TABLE users (id bigint PRIMARY KEY);\nALTER TABLE users ADD COLUMN token uuid DEFAULT gen_random_uuid();", {})) == 0
}
