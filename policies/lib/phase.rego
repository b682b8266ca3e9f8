# METADATA
# title: Expand/contract predicates
# description: |
#   Predicates over the file's phase directive (input.file.phase) and the
#   phase ledger (input.history: the earlier files of the file's change, the
#   tables they act on, and whether the target database applied them).
package ddlgate.lib.phase

import data.ddlgate.lib.sql

# contract holds in a file declaring `-- ddlgate:phase contract change=<id>`.
contract if input.file.phase.phase == "contract"

# expand_exists holds when an earlier migration is the expand of this file's
# change.
expand_exists if {
	some e in input.history.earlier
	e.phase == "expand"
}

# covers holds for a table the file's change introduced or deprecated in an
# earlier phase (created it, added a column to it, put a dual-write trigger
# on it, backfilled it), in a contract file whose change has an expand: the
# change planned this object's removal, so dropping or renaming it (or its
# columns) is the point of the contract, not an accident.
covers(rel) if {
	contract
	expand_exists
	_qualified(rel) in input.history.tables
}

_qualified(rel) := concat(".", [rel.schema, rel.name]) if {
	rel.schema != ""
} else := concat(".", [input.target.default_schema, rel.name])

# span locates a finding about the whole phase file: its first statement
# (a `-- want` or an editor marker cannot share the directive's line), else
# the phase directive, else line 1.
span := input.statements[0].span

span := d.span if {
	count(input.statements) == 0
	some d in input.directives
	d.kind == "phase"
}

span := {"start": 0, "end": 0, "line": 1, "col": 1, "end_line": 1, "end_col": 1} if {
	count(input.statements) == 0
	not _has_phase_directive
}

_has_phase_directive if {
	some d in input.directives
	d.kind == "phase"
}

# tracked holds in a file that declares a phase of a change.
tracked if input.file.phase.change

# A plan is what `ddlgate phase plan` writes as migrations:
#   {"steps": [{"phase", "change", "sql", "no_transaction"}], "unresolved": [...]}
# Each step's SQL starts with its phase directive; unresolved names what the
# plan could not fill in (a column type the history does not know), so the
# plan is printed for a human to complete but never written as is.
plan(steps, unresolved) := {"steps": steps, "unresolved": unresolved}

# plan_text is a plan's steps as one help text, a blank line between phases.
plan_text(steps) := concat("\n\n", [s.sql | some s in steps])

# plan_help is the help text of a plan, "" for none (null).
plan_help(null) := ""

plan_help(p) := plan_text(p.steps) if p != null

# unknown_type stands for a column type the history does not know.
unknown_type := "<type>"

# unresolved_type lists the type of column col of table rel when the
# history does not know it: what a plan using it still needs.
unresolved_type(rel, col) := [sprintf("the type of column %s.%s", [_qualified(rel), col])] if {
	column_type(rel, col) == unknown_type
} else := []

_step(phase, change, no_transaction, lines) := {
	"phase": phase,
	"change": change,
	"no_transaction": no_transaction,
	"sql": concat("\n", array.concat([sprintf("-- ddlgate:phase %s change=%s", [phase, change])], lines)),
}

# replace_column_steps are the expand/backfill/contract steps that replace
# column old of table rel (a facts relation) by column new of type new_type:
# expand adds new and a trigger keeping both columns equal whichever one
# code writes (an insert that sets new wins over old, which may just hold
# its default) (forward: old to new, backward: new to old, SQL expressions of
# NEW.<old> and NEW.<new>), backfill copies the rows in batches of 10,000,
# contract removes the trigger and the old column.
replace_column_steps(rel, old, new, new_type, forward, backward, change) := [
	_step("expand", change, false, [
		"SET lock_timeout = '2s';",
		sprintf("ALTER TABLE %s ADD COLUMN %s %s;", [table, n, new_type]),
		"",
		sprintf("CREATE FUNCTION %s() RETURNS trigger LANGUAGE plpgsql AS $$", [fn]),
		"BEGIN",
		"  IF TG_OP = 'INSERT' THEN",
		sprintf("    IF NEW.%s IS NULL THEN NEW.%s := %s;", [n, n, forward]),
		sprintf("    ELSE NEW.%s := %s;", [o, backward]),
		"    END IF;",
		sprintf("  ELSIF NEW.%s IS DISTINCT FROM OLD.%s THEN NEW.%s := %s;", [o, o, n, forward]),
		sprintf("  ELSIF NEW.%s IS DISTINCT FROM OLD.%s THEN NEW.%s := %s;", [n, n, o, backward]),
		"  END IF;",
		"  RETURN NEW;",
		"END $$;",
		"",
		sprintf("CREATE TRIGGER %s BEFORE INSERT OR UPDATE ON %s", [trigger, table]),
		sprintf("  FOR EACH ROW EXECUTE FUNCTION %s();", [fn]),
	]),
	_step("backfill", change, true, [
		"-- ddlgate:no-transaction",
		"-- Each batch commits on its own: short row locks, no long transaction.",
		"DO $$",
		"DECLARE batch bigint;",
		"BEGIN",
		"  LOOP",
		sprintf("    UPDATE %s SET %s = %s", [table, n, replace(forward, "NEW.", "")]),
		sprintf("    WHERE ctid = ANY (ARRAY(SELECT ctid FROM %s WHERE %s IS NULL AND %s IS NOT NULL LIMIT 10000));", [table, n, o]),
		"    GET DIAGNOSTICS batch = ROW_COUNT;",
		"    EXIT WHEN batch = 0;",
		"    COMMIT;",
		"  END LOOP;",
		"END $$;",
	]),
	_step("contract", change, false, [
		sprintf("-- Ship once every reader and writer uses %s.", [n]),
		"SET lock_timeout = '2s';",
		sprintf("DROP TRIGGER %s ON %s;", [trigger, table]),
		sprintf("DROP FUNCTION %s();", [fn]),
		sprintf("ALTER TABLE %s DROP COLUMN %s;", [table, o]),
	]),
] if {
	table := sql_name(rel)
	o := ident(old)
	n := ident(new)
	base := substring(sprintf("%s_%s", [rel.name, old]), 0, 45)
	fn := ident(sprintf("%s_dual_write", [base]))
	trigger := fn
}

# replace_column_plan is replace_column_steps as one help text.
replace_column_plan(rel, old, new, new_type, forward, backward, change) := plan_text(replace_column_steps(rel, old, new, new_type, forward, backward, change))

# drop_column_steps are the expand/contract steps that remove column col of
# table rel: expand relaxes it so code can stop writing it, contract drops it.
drop_column_steps(rel, col, change) := [
	_step("expand", change, false, [
		"-- Once the column accepts NULL, code may stop writing it.",
		"SET lock_timeout = '2s';",
		sprintf("ALTER TABLE %s ALTER COLUMN %s DROP NOT NULL;", [sql_name(rel), ident(col)]),
	]),
	_step("contract", change, false, [
		"-- Ship once no deployed code reads or writes the column.",
		"SET lock_timeout = '2s';",
		sprintf("ALTER TABLE %s DROP COLUMN %s;", [sql_name(rel), ident(col)]),
	]),
]

# drop_column_plan is drop_column_steps as one help text.
drop_column_plan(rel, col, change) := plan_text(drop_column_steps(rel, col, change))

# change_id names a change after its verb, table and column:
# rename-users-email.
change_id(verb, rel, col) := lower(regex.replace(sprintf("%s-%s-%s", [verb, rel.name, col]), `[^A-Za-z0-9]+`, "-"))

# column_type is the type of column col of table rel in the schema history,
# unknown_type when the history does not know it.
column_type(rel, col) := t if {
	t := input.catalog.tables[concat(".", [rel.schema, rel.name])].columns[col].type.text
	t != ""
} else := unknown_type

# sql_name is rel as the migration spelled it: schema-qualified only if it was.
sql_name(rel) := sql.name(rel)

# ident quotes name when PostgreSQL needs it (see data.ddlgate.lib.sql).
ident(name) := sql.ident(name)
