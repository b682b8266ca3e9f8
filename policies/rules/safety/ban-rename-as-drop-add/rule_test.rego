package ddlgate.rules.safety["ban-rename-as-drop-add_test"]

import data.ddlgate.rules.safety["ban-rename-as-drop-add"] as rule

# _history is an earlier migration: parse_sql folds it into input.catalog.
_history := [`CREATE TABLE users (id bigint PRIMARY KEY, full_name text, nickname varchar(40));
CREATE TABLE app."People" (id bigint PRIMARY KEY, "Full Name" text[]);`]

_with_history(sql) := ddlgate.parse_sql(sql, {"history": _history})

_report(sql) := r if {
	r := rule.report with input as _with_history(sql)
}

test_drop_and_add_of_the_same_type if {
	[f] := [f | some f in _report("ALTER TABLE users DROP COLUMN full_name;\nALTER TABLE users ADD COLUMN name text;")]
	f.rule == "ban-rename-as-drop-add"
	f.severity == "error"
	f.message == "public.users drops column full_name (line 1) and adds column name of the same type text: if this is a rename, every value of full_name is lost"
	f.span.line == 2
	f.help == concat("\n", [
		"-- ddlgate:phase expand change=rename-users-full-name",
		"SET lock_timeout = '2s';",
		"ALTER TABLE users ADD COLUMN name text;",
		"",
		"CREATE FUNCTION users_full_name_dual_write() RETURNS trigger LANGUAGE plpgsql AS $$",
		"BEGIN",
		"  IF TG_OP = 'INSERT' THEN",
		"    IF NEW.name IS NULL THEN NEW.name := NEW.full_name;",
		"    ELSE NEW.full_name := NEW.name;",
		"    END IF;",
		"  ELSIF NEW.full_name IS DISTINCT FROM OLD.full_name THEN NEW.name := NEW.full_name;",
		"  ELSIF NEW.name IS DISTINCT FROM OLD.name THEN NEW.full_name := NEW.name;",
		"  END IF;",
		"  RETURN NEW;",
		"END $$;",
		"",
		"CREATE TRIGGER users_full_name_dual_write BEFORE INSERT OR UPDATE ON users",
		"  FOR EACH ROW EXECUTE FUNCTION users_full_name_dual_write();",
		"",
		"-- ddlgate:phase backfill change=rename-users-full-name",
		"-- ddlgate:no-transaction",
		"-- Each batch commits on its own: short row locks, no long transaction.",
		"DO $$",
		"DECLARE batch bigint;",
		"BEGIN",
		"  LOOP",
		"    UPDATE users SET name = full_name",
		"    WHERE ctid = ANY (ARRAY(SELECT ctid FROM users WHERE name IS NULL AND full_name IS NOT NULL LIMIT 10000));",
		"    GET DIAGNOSTICS batch = ROW_COUNT;",
		"    EXIT WHEN batch = 0;",
		"    COMMIT;",
		"  END LOOP;",
		"END $$;",
		"",
		"-- ddlgate:phase contract change=rename-users-full-name",
		"-- Ship once every reader and writer uses name.",
		"SET lock_timeout = '2s';",
		"DROP TRIGGER users_full_name_dual_write ON users;",
		"DROP FUNCTION users_full_name_dual_write();",
		"ALTER TABLE users DROP COLUMN full_name;",
	])
}

test_inside_a_tracked_change_the_help_is_the_plain_rename if {
	[f] := [f | some f in _report("-- ddlgate:phase expand change=c\nALTER TABLE users DROP COLUMN full_name;\nALTER TABLE users ADD COLUMN name text;")]
	f.help == "ALTER TABLE users RENAME COLUMN full_name TO name; -- instead of DROP COLUMN + ADD COLUMN, if it is a rename"
}

test_one_statement_and_drizzle_quoting if {
	[f] := [f | some f in _report(`ALTER TABLE "users" ADD COLUMN "display" varchar(40), DROP COLUMN "nickname";`)]
	contains(f.message, "drops column nickname")
}

test_several_candidates_are_a_reshape_not_a_rename if {
	count(_report("ALTER TABLE users DROP COLUMN full_name;\nALTER TABLE users ADD COLUMN first_name text, ADD COLUMN last_name text;")) == 0
}

test_one_to_one_pair_among_other_changes if {
	[f] := [f | some f in _report("ALTER TABLE users DROP COLUMN full_name, DROP COLUMN nickname, ADD COLUMN name text, ADD COLUMN age int;")]
	contains(f.message, "drops column full_name (line 1) and adds column name")
}

test_type_modifiers_must_match if {
	count(_report("ALTER TABLE users DROP COLUMN nickname;\nALTER TABLE users ADD COLUMN display varchar(80);")) == 0
}

test_different_type_is_not_reported if {
	count(_report("ALTER TABLE users DROP COLUMN full_name;\nALTER TABLE users ADD COLUMN name jsonb;")) == 0
}

test_quoted_schema_qualified_names if {
	[f] := [f | some f in _report(`ALTER TABLE app."People" DROP COLUMN "Full Name";
ALTER TABLE app."People" ADD COLUMN "Name" text[];`)]
	contains(f.help, `ALTER TABLE app."People" ADD COLUMN "Name" text[];`)
	contains(f.help, `NEW."Name" := NEW."Full Name";`)
	contains(f.help, `-- ddlgate:phase expand change=rename-people-full-name`)
	contains(f.help, `CREATE FUNCTION "People_Full Name_dual_write"()`)
}

test_other_table_is_not_reported if {
	count(_report("ALTER TABLE users DROP COLUMN full_name;\nALTER TABLE accounts ADD COLUMN name text;")) == 0
}

test_unknown_old_type_is_not_reported if {
	count(rule.report) == 0 with input as ddlgate.parse_sql("ALTER TABLE users DROP COLUMN full_name;\nALTER TABLE users ADD COLUMN name text;", {})
}

test_type_changed_earlier_in_the_file if {
	count(rule.report) == 1 with input as ddlgate.parse_sql("ALTER TABLE users ALTER COLUMN full_name TYPE text;\nALTER TABLE users DROP COLUMN full_name;\nALTER TABLE users ADD COLUMN name text;", {})
}

test_column_added_earlier_in_the_file_is_not_reported if {
	count(_report("ALTER TABLE users ADD COLUMN tmp text;\nALTER TABLE users DROP COLUMN tmp;\nALTER TABLE users ADD COLUMN name text;")) == 0
}

test_same_name_is_not_a_rename if {
	count(_report("ALTER TABLE users DROP COLUMN full_name;\nALTER TABLE users ADD COLUMN full_name text;")) == 0
}
