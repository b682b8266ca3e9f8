package dbfacts

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/ddlgate/ddlgate/internal/connstr"
)

// Object kinds of a schema snapshot, in the order a dump writes them (an
// object is created after the kinds it may depend on).
const (
	KindExtension        = "extension"
	KindSchema           = "schema"
	KindType             = "type"
	KindDomain           = "domain"
	KindSequence         = "sequence"
	KindFunction         = "function"
	KindTable            = "table"
	KindColumn           = "column"
	KindPartition        = "partition"
	KindConstraint       = "constraint"
	KindIndex            = "index"
	KindStatistics       = "statistics"
	KindView             = "view"
	KindMaterializedView = "materialized_view"
	KindTrigger          = "trigger"
	KindRLS              = "row_level_security"
	KindPolicy           = "policy"
	KindSequenceOwner    = "sequence_owner"
	KindComment          = "comment"
)

// kindOrder is the order of kinds in a dump.
var kindOrder = []string{KindExtension, KindSchema, KindType, KindDomain, KindSequence, KindFunction,
	KindTable, KindColumn, KindPartition, KindConstraint, KindIndex, KindStatistics, KindView, KindMaterializedView,
	KindTrigger, KindRLS, KindPolicy, KindSequenceOwner, KindComment}

// Object is one object of a schema snapshot: its kind, its qualified name
// (quoted as SQL needs it: public."Order".id), the table it belongs to (for
// columns, constraints, indexes, triggers, policies; "" otherwise) and its
// canonical definition, SQL as the server's own deparsers print it
// (pg_get_constraintdef, pg_get_indexdef, pg_get_viewdef, ...).
type Object struct {
	Kind       string `json:"kind"`
	Name       string `json:"name"`
	Table      string `json:"table"`
	Definition string `json:"definition"`
}

// Key identifies an object across snapshots.
func (o Object) Key() string { return o.Kind + " " + o.Name }

// Snapshot is the canonical schema of a database: its objects sorted by kind
// then name, so that two databases built by the same migrations give
// byte-identical snapshots. Server version and OIDs are left out.
type Snapshot struct {
	Objects []Object `json:"objects"`
}

// DumpOptions restrict a dump.
type DumpOptions struct {
	// Schemas lists the schemas to dump; empty means every schema but the
	// system ones and ddlgate's own.
	Schemas []string
}

// Dump introspects the catalogs of the connected database into a snapshot:
// extensions; schemas; enum, composite and range types, domains;
// sequences; functions and procedures; tables (with their parents and
// storage parameters) with columns (type, collation, default, identity,
// generated, NOT NULL), partitions, constraints (with NOT VALID), indexes
// (definition, uniqueness, predicate), extended statistics, triggers (and
// whether disabled), row-level security flags and policies; views and
// materialized views; comments. Objects that belong to an extension are left out, as pg_dump
// does.
func Dump(ctx context.Context, conn *pgx.Conn, opts DumpOptions) (*Snapshot, error) {
	d := &dumper{conn: conn, schemas: opts.Schemas}
	steps := []func(context.Context) error{
		d.extensions, d.namespaces, d.enums, d.composites, d.ranges, d.domains, d.sequences, d.functions,
		d.tables, d.columns, d.constraints, d.indexes, d.statistics, d.views, d.triggers, d.policies, d.comments,
	}
	for _, step := range steps {
		if err := step(ctx); err != nil {
			return nil, err
		}
	}
	s := &Snapshot{Objects: d.objects}
	s.sort()
	return s, nil
}

// DumpURL connects to the database at url, dumps it as Dump does and
// closes the connection. Errors never carry the password (connstr.Scrub)
// and match ErrConnect when the server cannot be reached.
func DumpURL(ctx context.Context, url string, opts DumpOptions) (*Snapshot, error) {
	conn, err := Connect(ctx, url)
	if err != nil {
		return nil, err
	}
	defer conn.Close(context.Background())
	s, err := Dump(ctx, conn, opts)
	if err != nil {
		return nil, connstr.Scrub(url, err)
	}
	return s, nil
}

func (s *Snapshot) sort() {
	rank := map[string]int{}
	for i, k := range kindOrder {
		rank[k] = i
	}
	// Stable: a table's columns keep their order (attnum).
	slices.SortStableFunc(s.Objects, func(a, b Object) int {
		if a.Kind != b.Kind {
			return rank[a.Kind] - rank[b.Kind]
		}
		if a.Kind == KindColumn {
			return strings.Compare(a.Table, b.Table)
		}
		return strings.Compare(a.Name, b.Name)
	})
}

type dumper struct {
	conn    *pgx.Conn
	schemas []string
	objects []Object
}

// schemaFilter restricts a namespace column (n.nspname) to the user's
// schemas: never the system ones, nor ddlgate's history.
const schemaFilter = `%[1]s NOT IN ('pg_catalog', 'information_schema', 'ddlgate')
	AND %[1]s NOT LIKE 'pg\_toast%%' AND %[1]s NOT LIKE 'pg\_temp\_%%'
	AND (cardinality($1::text[]) = 0 OR %[1]s = ANY ($1::text[]))`

// notExtensionMember leaves out objects created by CREATE EXTENSION.
const notExtensionMember = `NOT EXISTS (SELECT 1 FROM pg_depend e
	WHERE e.classid = %[1]s::regclass AND e.objid = %[2]s AND e.deptype = 'e')`

func filter(column string) string { return fmt.Sprintf(schemaFilter, column) }

func notMember(catalog, oid string) string {
	return fmt.Sprintf(notExtensionMember, "'"+catalog+"'", oid)
}

// query runs q with the schema list as $1 and calls scan per row.
func (d *dumper) query(ctx context.Context, what, q string, scan func(pgx.Rows) error) error {
	schemas := d.schemas
	if schemas == nil {
		schemas = []string{}
	}
	rows, err := d.conn.Query(ctx, q, schemas)
	if err != nil {
		return fmt.Errorf("read %s: %w", what, err)
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(rows); err != nil {
			return fmt.Errorf("read %s: %w", what, err)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read %s: %w", what, err)
	}
	return nil
}

func (d *dumper) add(kind, name, table, def string) {
	d.objects = append(d.objects, Object{Kind: kind, Name: name, Table: table, Definition: strings.TrimSpace(def)})
}

// objectRows reads (name, table, definition) rows of one kind.
func (d *dumper) objectRows(ctx context.Context, kind, q string) error {
	return d.query(ctx, kind, q, func(r pgx.Rows) error {
		var name, table, def string
		if err := r.Scan(&name, &table, &def); err != nil {
			return err
		}
		d.add(kind, name, table, def)
		return nil
	})
}

func (d *dumper) extensions(ctx context.Context) error {
	return d.objectRows(ctx, KindExtension, `
		SELECT quote_ident(x.extname), '', format('CREATE EXTENSION %I WITH SCHEMA %I;', x.extname, n.nspname)
		FROM pg_extension x JOIN pg_namespace n ON n.oid = x.extnamespace
		WHERE x.extname <> 'plpgsql' AND `+filter("n.nspname"))
}

func (d *dumper) namespaces(ctx context.Context) error {
	return d.objectRows(ctx, KindSchema, `
		SELECT quote_ident(n.nspname), '', format('CREATE SCHEMA %I;', n.nspname)
		FROM pg_namespace n
		WHERE n.nspname <> 'public' AND `+filter("n.nspname")+` AND `+notMember("pg_namespace", "n.oid"))
}

func (d *dumper) enums(ctx context.Context) error {
	return d.objectRows(ctx, KindType, `
		SELECT format('%I.%I', n.nspname, t.typname), '',
		       format('CREATE TYPE %I.%I AS ENUM (%s);', n.nspname, t.typname,
		              (SELECT string_agg(quote_literal(e.enumlabel), ', ' ORDER BY e.enumsortorder)
		               FROM pg_enum e WHERE e.enumtypid = t.oid))
		FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
		WHERE t.typtype = 'e' AND `+filter("n.nspname")+` AND `+notMember("pg_type", "t.oid"))
}

// composites writes a composite type like a table: one attribute a line,
// in order, so that drift can name the attribute that differs.
func (d *dumper) composites(ctx context.Context) error {
	return d.objectRows(ctx, KindType, `
		SELECT format('%I.%I', n.nspname, t.typname), '',
		       format('CREATE TYPE %I.%I AS (', n.nspname, t.typname)
		       || coalesce((SELECT string_agg(E'\n    ' || quote_ident(a.attname) || ' ' || format_type(a.atttypid, a.atttypmod)
		                           || CASE WHEN a.attcollation <> 0 AND a.attcollation <> at.typcollation
		                                   THEN ' COLLATE ' || a.attcollation::regcollation::text ELSE '' END,
		                           ',' ORDER BY a.attnum) || E'\n'
		                    FROM pg_attribute a JOIN pg_type at ON at.oid = a.atttypid
		                    WHERE a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped), '')
		       || ');'
		FROM pg_type t JOIN pg_class c ON c.oid = t.typrelid JOIN pg_namespace n ON n.oid = t.typnamespace
		WHERE t.typtype = 'c' AND c.relkind = 'c' AND `+filter("n.nspname")+` AND `+notMember("pg_type", "t.oid"))
}

// ranges writes a range type with every option that differs from its
// default, and the name of its multirange type (which comes with it).
func (d *dumper) ranges(ctx context.Context) error {
	return d.objectRows(ctx, KindType, `
		SELECT format('%I.%I', n.nspname, t.typname), '',
		       format('CREATE TYPE %I.%I AS RANGE (SUBTYPE = %s', n.nspname, t.typname, format_type(r.rngsubtype, NULL))
		       || CASE WHEN NOT oc.opcdefault THEN format(', SUBTYPE_OPCLASS = %I.%I', ocn.nspname, oc.opcname) ELSE '' END
		       || CASE WHEN r.rngcollation <> 0 AND r.rngcollation <> st.typcollation
		               THEN ', COLLATION = ' || r.rngcollation::regcollation::text ELSE '' END
		       || CASE WHEN r.rngcanonical <> 0 THEN ', CANONICAL = ' || r.rngcanonical::regproc::text ELSE '' END
		       || CASE WHEN r.rngsubdiff <> 0 THEN ', SUBTYPE_DIFF = ' || r.rngsubdiff::regproc::text ELSE '' END
		       || format(', MULTIRANGE_TYPE_NAME = %I.%I);', mn.nspname, mt.typname)
		FROM pg_range r
		JOIN pg_type t ON t.oid = r.rngtypid JOIN pg_namespace n ON n.oid = t.typnamespace
		JOIN pg_type st ON st.oid = r.rngsubtype
		JOIN pg_opclass oc ON oc.oid = r.rngsubopc JOIN pg_namespace ocn ON ocn.oid = oc.opcnamespace
		JOIN pg_type mt ON mt.oid = r.rngmultitypid JOIN pg_namespace mn ON mn.oid = mt.typnamespace
		WHERE `+filter("n.nspname")+` AND `+notMember("pg_type", "t.oid"))
}

func (d *dumper) domains(ctx context.Context) error {
	return d.objectRows(ctx, KindDomain, `
		SELECT format('%I.%I', n.nspname, t.typname), '',
		       format('CREATE DOMAIN %I.%I AS %s', n.nspname, t.typname, format_type(t.typbasetype, t.typtypmod))
		       || CASE WHEN t.typcollation <> 0 AND t.typcollation <> (SELECT b.typcollation FROM pg_type b WHERE b.oid = t.typbasetype)
		               THEN ' COLLATE ' || t.typcollation::regcollation::text ELSE '' END
		       || coalesce(' DEFAULT ' || t.typdefault, '')
		       || CASE WHEN t.typnotnull THEN ' NOT NULL' ELSE '' END
		       || coalesce((SELECT string_agg(format(' CONSTRAINT %I %s', c.conname, pg_get_constraintdef(c.oid)), '' ORDER BY c.conname)
		                    FROM pg_constraint c WHERE c.contypid = t.oid), '')
		       || ';'
		FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
		WHERE t.typtype = 'd' AND `+filter("n.nspname")+` AND `+notMember("pg_type", "t.oid"))
}

func (d *dumper) sequences(ctx context.Context) error {
	// Identity columns own a sequence of their own: the column says it.
	err := d.objectRows(ctx, KindSequence, `
		SELECT format('%I.%I', n.nspname, c.relname), '',
		       format('CREATE SEQUENCE %I.%I AS %s INCREMENT BY %s MINVALUE %s MAXVALUE %s START WITH %s CACHE %s%s;',
		              n.nspname, c.relname, format_type(s.seqtypid, NULL), s.seqincrement, s.seqmin, s.seqmax,
		              s.seqstart, s.seqcache, CASE WHEN s.seqcycle THEN ' CYCLE' ELSE '' END)
		FROM pg_sequence s JOIN pg_class c ON c.oid = s.seqrelid JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE `+filter("n.nspname")+` AND `+notMember("pg_class", "c.oid")+`
		  AND NOT EXISTS (SELECT 1 FROM pg_depend i WHERE i.classid = 'pg_class'::regclass AND i.objid = c.oid AND i.deptype = 'i')`)
	if err != nil {
		return err
	}
	return d.objectRows(ctx, KindSequenceOwner, `
		SELECT format('%I.%I', n.nspname, c.relname), format('%I.%I', tn.nspname, t.relname),
		       format('ALTER SEQUENCE %I.%I OWNED BY %I.%I.%I;', n.nspname, c.relname, tn.nspname, t.relname, a.attname)
		FROM pg_depend dep
		JOIN pg_class c ON c.oid = dep.objid JOIN pg_namespace n ON n.oid = c.relnamespace
		JOIN pg_class t ON t.oid = dep.refobjid JOIN pg_namespace tn ON tn.oid = t.relnamespace
		JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = dep.refobjsubid
		WHERE dep.classid = 'pg_class'::regclass AND dep.refclassid = 'pg_class'::regclass
		  AND dep.deptype = 'a' AND c.relkind = 'S' AND `+filter("n.nspname"))
}

func (d *dumper) functions(ctx context.Context) error {
	// A range type's constructors belong to it (an internal dependency).
	return d.objectRows(ctx, KindFunction, `
		SELECT format('%I.%I(%s)', n.nspname, p.proname, pg_get_function_identity_arguments(p.oid)), '',
		       pg_get_functiondef(p.oid)
		FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
		WHERE p.prokind IN ('f', 'p') AND `+filter("n.nspname")+` AND `+notMember("pg_proc", "p.oid")+`
		  AND NOT EXISTS (SELECT 1 FROM pg_depend i WHERE i.classid = 'pg_proc'::regclass AND i.objid = p.oid AND i.deptype = 'i')`)
}

// tableFilter selects the user tables (plain and partitioned) to dump.
func tableFilter() string {
	return `c.relkind IN ('r', 'p') AND ` + filter("n.nspname") + ` AND ` + notMember("pg_class", "c.oid")
}

func (d *dumper) tables(ctx context.Context) error {
	// A partition's parent is its ATTACH PARTITION, not an INHERITS.
	// Storage parameters are sorted: the order they were set in is no part
	// of the schema.
	err := d.objectRows(ctx, KindTable, `
		SELECT format('%I.%I', n.nspname, c.relname), '',
		       format('CREATE %sTABLE %I.%I (...)%s%s%s;',
		              CASE c.relpersistence WHEN 'u' THEN 'UNLOGGED ' ELSE '' END, n.nspname, c.relname,
		              CASE WHEN NOT c.relispartition THEN
		                (SELECT ' INHERITS (' || string_agg(format('%I.%I', pn.nspname, p.relname), ', ' ORDER BY i.inhseqno) || ')'
		                 FROM pg_inherits i JOIN pg_class p ON p.oid = i.inhparent JOIN pg_namespace pn ON pn.oid = p.relnamespace
		                 WHERE i.inhrelid = c.oid) END,
		              CASE WHEN c.relkind = 'p' THEN ' PARTITION BY ' || pg_get_partkeydef(c.oid) ELSE '' END,
		              (SELECT ' WITH (' || string_agg(o, ', ' ORDER BY o) || ')' FROM unnest(c.reloptions) o))
		FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE `+tableFilter())
	if err != nil {
		return err
	}
	if err := d.objectRows(ctx, KindPartition, `
		SELECT format('%I.%I', n.nspname, c.relname), format('%I.%I', pn.nspname, p.relname),
		       format('ALTER TABLE ONLY %I.%I ATTACH PARTITION %I.%I %s;', pn.nspname, p.relname, n.nspname, c.relname,
		              pg_get_expr(c.relpartbound, c.oid))
		FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
		JOIN pg_inherits i ON i.inhrelid = c.oid
		JOIN pg_class p ON p.oid = i.inhparent JOIN pg_namespace pn ON pn.oid = p.relnamespace
		WHERE c.relispartition AND `+tableFilter()); err != nil {
		return err
	}
	return d.objectRows(ctx, KindRLS, `
		SELECT format('%I.%I', n.nspname, c.relname), format('%I.%I', n.nspname, c.relname),
		       concat_ws(' ',
		         CASE WHEN c.relrowsecurity THEN format('ALTER TABLE %I.%I ENABLE ROW LEVEL SECURITY;', n.nspname, c.relname) END,
		         CASE WHEN c.relforcerowsecurity THEN format('ALTER TABLE %I.%I FORCE ROW LEVEL SECURITY;', n.nspname, c.relname) END)
		FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE (c.relrowsecurity OR c.relforcerowsecurity) AND `+tableFilter())
}

func (d *dumper) columns(ctx context.Context) error {
	return d.objectRows(ctx, KindColumn, `
		SELECT format('%I.%I.%I', n.nspname, c.relname, a.attname), format('%I.%I', n.nspname, c.relname),
		       quote_ident(a.attname) || ' ' || format_type(a.atttypid, a.atttypmod)
		       || CASE WHEN a.attcollation <> 0 AND a.attcollation <> t.typcollation
		               THEN ' COLLATE ' || a.attcollation::regcollation::text ELSE '' END
		       || CASE WHEN a.attgenerated = 's' THEN ' GENERATED ALWAYS AS (' || pg_get_expr(ad.adbin, ad.adrelid) || ') STORED'
		               WHEN ad.adbin IS NOT NULL THEN ' DEFAULT ' || pg_get_expr(ad.adbin, ad.adrelid) ELSE '' END
		       || CASE a.attidentity WHEN 'a' THEN ' GENERATED ALWAYS AS IDENTITY'
		                             WHEN 'd' THEN ' GENERATED BY DEFAULT AS IDENTITY' ELSE '' END
		       || CASE WHEN a.attnotnull THEN ' NOT NULL' ELSE '' END
		FROM pg_attribute a
		JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
		JOIN pg_type t ON t.oid = a.atttypid
		LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
		WHERE a.attnum > 0 AND NOT a.attisdropped AND `+tableFilter()+`
		ORDER BY n.nspname, c.relname, a.attnum`)
}

func (d *dumper) constraints(ctx context.Context) error {
	// Constraints cloned onto partitions or inherited by a child table
	// from their parent's are left out, as pg_dump does: the parent's says
	// it. NOT VALID is part of pg_get_constraintdef's text.
	return d.objectRows(ctx, KindConstraint, `
		SELECT format('%I.%I.%I', n.nspname, c.relname, k.conname), format('%I.%I', n.nspname, c.relname),
		       format('ALTER TABLE %I.%I ADD CONSTRAINT %I %s;', n.nspname, c.relname, k.conname, pg_get_constraintdef(k.oid))
		FROM pg_constraint k
		JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE k.contype <> 't' AND k.conparentid = 0 AND k.conislocal AND `+tableFilter())
}

func (d *dumper) indexes(ctx context.Context) error {
	// Indexes that back a constraint come with it; indexes attached to a
	// partitioned parent's index come with the parent's.
	return d.objectRows(ctx, KindIndex, `
		SELECT format('%I.%I', n.nspname, i.relname), format('%I.%I', tn.nspname, c.relname),
		       pg_get_indexdef(x.indexrelid) || ';'
		       || CASE WHEN NOT x.indisvalid THEN ' -- INVALID: a failed CREATE INDEX CONCURRENTLY left it' ELSE '' END
		FROM pg_index x
		JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_namespace n ON n.oid = i.relnamespace
		JOIN pg_class c ON c.oid = x.indrelid JOIN pg_namespace tn ON tn.oid = c.relnamespace
		WHERE c.relkind IN ('r', 'p', 'm') AND `+filter("tn.nspname")+` AND `+notMember("pg_class", "c.oid")+`
		  AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = x.indexrelid AND k.contype IN ('p', 'u', 'x'))
		  AND NOT i.relispartition`)
}

// statistics reads CREATE STATISTICS objects, under their table.
func (d *dumper) statistics(ctx context.Context) error {
	return d.objectRows(ctx, KindStatistics, `
		SELECT format('%I.%I', n.nspname, s.stxname), format('%I.%I', tn.nspname, c.relname),
		       pg_get_statisticsobjdef(s.oid) || ';'
		FROM pg_statistic_ext s JOIN pg_namespace n ON n.oid = s.stxnamespace
		JOIN pg_class c ON c.oid = s.stxrelid JOIN pg_namespace tn ON tn.oid = c.relnamespace
		WHERE `+filter("n.nspname")+` AND `+notMember("pg_statistic_ext", "s.oid"))
}

func (d *dumper) views(ctx context.Context) error {
	for _, v := range []struct{ kind, relkind, sql string }{
		{KindView, "v", "VIEW"},
		{KindMaterializedView, "m", "MATERIALIZED VIEW"},
	} {
		if err := d.objectRows(ctx, v.kind, `
			SELECT format('%I.%I', n.nspname, c.relname), '',
			       format('CREATE `+v.sql+` %I.%I AS', n.nspname, c.relname) || E'\n' || rtrim(pg_get_viewdef(c.oid, true), ';') || ';'
			FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
			WHERE c.relkind = '`+v.relkind+`' AND `+filter("n.nspname")+` AND `+notMember("pg_class", "c.oid")); err != nil {
			return err
		}
	}
	return nil
}

func (d *dumper) triggers(ctx context.Context) error {
	return d.objectRows(ctx, KindTrigger, `
		SELECT format('%I.%I.%I', n.nspname, c.relname, g.tgname), format('%I.%I', n.nspname, c.relname),
		       pg_get_triggerdef(g.oid, true) || ';'
		       || CASE g.tgenabled WHEN 'D' THEN format(' ALTER TABLE %I.%I DISABLE TRIGGER %I;', n.nspname, c.relname, g.tgname)
		                           WHEN 'R' THEN format(' ALTER TABLE %I.%I ENABLE REPLICA TRIGGER %I;', n.nspname, c.relname, g.tgname)
		                           WHEN 'A' THEN format(' ALTER TABLE %I.%I ENABLE ALWAYS TRIGGER %I;', n.nspname, c.relname, g.tgname)
		                           ELSE '' END
		FROM pg_trigger g
		JOIN pg_class c ON c.oid = g.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE NOT g.tgisinternal AND g.tgparentid = 0 AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
		  AND `+filter("n.nspname")+` AND `+notMember("pg_class", "c.oid"))
}

func (d *dumper) policies(ctx context.Context) error {
	return d.objectRows(ctx, KindPolicy, `
		SELECT format('%I.%I.%I', n.nspname, c.relname, p.polname), format('%I.%I', n.nspname, c.relname),
		       format('CREATE POLICY %I ON %I.%I AS %s FOR %s TO %s', p.polname, n.nspname, c.relname,
		              CASE WHEN p.polpermissive THEN 'PERMISSIVE' ELSE 'RESTRICTIVE' END,
		              CASE p.polcmd WHEN 'r' THEN 'SELECT' WHEN 'a' THEN 'INSERT' WHEN 'w' THEN 'UPDATE'
		                            WHEN 'd' THEN 'DELETE' ELSE 'ALL' END,
		              (SELECT string_agg(CASE WHEN r = 0 THEN 'PUBLIC' ELSE quote_ident(r::regrole::text) END, ', ' ORDER BY 1)
		               FROM unnest(p.polroles) r))
		       || coalesce(' USING (' || pg_get_expr(p.polqual, p.polrelid) || ')', '')
		       || coalesce(' WITH CHECK (' || pg_get_expr(p.polwithcheck, p.polrelid) || ')', '') || ';'
		FROM pg_policy p
		JOIN pg_class c ON c.oid = p.polrelid JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE `+filter("n.nspname"))
}

func (d *dumper) comments(ctx context.Context) error {
	// pg_identify_object names any commented object; a column's comment is
	// on its table (objsubid is the column number), an attribute's on its
	// composite type.
	return d.objectRows(ctx, KindComment, `
		SELECT o.type || ' ' || o.identity, coalesce(CASE WHEN o.type = 'table column'
		       THEN (SELECT format('%I.%I', n.nspname, c.relname) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = dsc.objoid) END, ''),
		       format('COMMENT ON %s %s IS %L;', CASE WHEN o.type LIKE '% column' THEN 'COLUMN' ELSE upper(o.type) END,
		              o.identity, dsc.description)
		FROM pg_description dsc, LATERAL pg_identify_object(dsc.classoid, dsc.objoid, dsc.objsubid) o
		WHERE o.schema IS NOT NULL AND `+filter("o.schema")+`
		  AND dsc.classoid <> 'pg_extension'::regclass
		  AND NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = dsc.classoid AND e.objid = dsc.objoid AND e.deptype = 'e')
		  AND o.type IN ('table', 'table column', 'composite type column', 'view', 'materialized view', 'index', 'sequence', 'function',
		                 'procedure', 'type', 'domain', 'table constraint', 'trigger', 'policy')`)
}
