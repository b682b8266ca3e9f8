package dbfacts

import (
	"bytes"
	"context"
	"os/exec"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// schemaSQL exercises every kind of object a dump holds.
const schemaSQL = `
CREATE EXTENSION IF NOT EXISTS citext;
CREATE SCHEMA app;
CREATE TYPE app.mood AS ENUM ('sad', 'ok', 'happy');
CREATE TYPE app.address AS (street text COLLATE "C", zip varchar(10), geo point);
CREATE TYPE app.floatrange AS RANGE (subtype = float8, subtype_diff = float8mi);
CREATE DOMAIN app.posint AS int NOT NULL DEFAULT 1 CONSTRAINT posint_positive CHECK (VALUE > 0);
CREATE SEQUENCE app.ticket_no AS int START WITH 100 INCREMENT BY 5;
CREATE FUNCTION app.touch() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN NEW.updated_at := now(); RETURN NEW; END$$;
CREATE TABLE app.users (
	id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	email citext NOT NULL UNIQUE,
	name text COLLATE "C",
	mood app.mood DEFAULT 'ok',
	score app.posint,
	doubled int GENERATED ALWAYS AS (score * 2) STORED,
	updated_at timestamptz
);
CREATE TABLE app."Order" (
	id bigserial PRIMARY KEY,
	user_id bigint NOT NULL,
	total numeric(12,2) CHECK (total >= 0),
	note varchar(200)
);
ALTER TABLE app."Order" ADD CONSTRAINT order_user FOREIGN KEY (user_id) REFERENCES app.users (id) NOT VALID;
ALTER TABLE app."Order" ADD CONSTRAINT order_note_short CHECK (length(note) < 100) NOT VALID;
CREATE INDEX order_user_idx ON app."Order" (user_id) WHERE total > 0;
CREATE UNIQUE INDEX users_lower_email ON app.users (lower(email::text));
CREATE TRIGGER users_touch BEFORE UPDATE ON app.users FOR EACH ROW EXECUTE FUNCTION app.touch();
CREATE TRIGGER users_touch_off BEFORE INSERT ON app.users FOR EACH ROW EXECUTE FUNCTION app.touch();
ALTER TABLE app.users DISABLE TRIGGER users_touch_off;
ALTER TABLE app.users ENABLE ROW LEVEL SECURITY;
CREATE POLICY users_self ON app.users FOR SELECT TO PUBLIC USING (id > 0);
CREATE VIEW app.big_orders AS SELECT id, total FROM app."Order" WHERE total > 100;
CREATE MATERIALIZED VIEW app.order_totals AS SELECT user_id, sum(total) AS total FROM app."Order" GROUP BY user_id;
CREATE TABLE app.events (id bigint NOT NULL, region int NOT NULL) PARTITION BY LIST (region);
CREATE TABLE app.events_1 PARTITION OF app.events FOR VALUES IN (1);
CREATE TABLE app.audit_base (at timestamptz NOT NULL CHECK (at > '2000-01-01')) WITH (fillfactor = 70, autovacuum_enabled = false);
CREATE TABLE app.user_audit (user_id bigint) INHERITS (app.audit_base);
CREATE STATISTICS app.order_user_total (dependencies) ON user_id, total FROM app."Order";
COMMENT ON TABLE app.users IS 'people';
COMMENT ON COLUMN app.address.zip IS 'postal code';
COMMENT ON COLUMN app.users.email IS 'unique, case-insensitive';
`

func buildSchema(t *testing.T, extra string) *Snapshot {
	t.Helper()
	ctx := context.Background()
	_, conn := scratchWith(t, schemaSQL+extra)
	s, err := Dump(ctx, conn, DumpOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func sqlText(t *testing.T, s *Snapshot) string {
	t.Helper()
	var b bytes.Buffer
	if err := s.WriteSQL(&b); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// TestDumpIsIdenticalAndShowsDrift builds the same schema in two databases:
// the dumps are byte-identical; a column added by hand to one is the only
// difference Diff reports.
func TestDumpIsIdenticalAndShowsDrift(t *testing.T) {
	a := buildSchema(t, "")
	b := buildSchema(t, "")
	if sa, sb := sqlText(t, a), sqlText(t, b); sa != sb {
		t.Fatalf("two databases built alike dump differently:\n%s\n----\n%s", sa, sb)
	}
	for _, want := range []string{
		`CREATE TABLE app."Order" (`, "    total numeric(12,2),", `NOT VALID;`, "-- policy: app.users.users_self",
		"ENABLE ROW LEVEL SECURITY", "DISABLE TRIGGER users_touch_off", "CREATE TYPE app.mood AS ENUM ('sad', 'ok', 'happy');",
		`name text COLLATE "C"`, "GENERATED ALWAYS AS IDENTITY", "GENERATED ALWAYS AS (((score)::integer * 2)) STORED",
		"WHERE (total > (0)::numeric);", "PARTITION BY LIST (region)", "ATTACH PARTITION app.events_1 FOR VALUES IN (1);",
		"COMMENT ON COLUMN app.users.email IS 'unique, case-insensitive';", "CREATE EXTENSION citext WITH SCHEMA public;",
		"ALTER SEQUENCE app.\"Order_id_seq\" OWNED BY app.\"Order\".id;",
		"CREATE TYPE app.address AS (\n    street text COLLATE \"C\",\n    zip character varying(10),\n    geo point\n);",
		"CREATE TYPE app.floatrange AS RANGE (SUBTYPE = double precision, SUBTYPE_DIFF = float8mi, MULTIRANGE_TYPE_NAME = app.floatmultirange);",
		"CREATE TABLE app.user_audit (\n    at timestamp with time zone NOT NULL,\n    user_id bigint\n) INHERITS (app.audit_base);",
		") WITH (autovacuum_enabled=false, fillfactor=70);",
		"CREATE STATISTICS app.order_user_total (dependencies) ON user_id, total FROM app.\"Order\";",
		"COMMENT ON COLUMN app.address.zip IS 'postal code';",
	} {
		if !strings.Contains(sqlText(t, a), want) {
			t.Errorf("dump lacks %q:\n%s", want, sqlText(t, a))
		}
	}
	if strings.Contains(sqlText(t, a), "citext_") || strings.Contains(sqlText(t, a), "FUNCTION public.citext") {
		t.Errorf("dump holds the extension's own objects")
	}

	// Read back, both forms give the same snapshot.
	back, err := ReadSnapshot("a.sql", []byte(sqlText(t, a)))
	if err != nil {
		t.Fatal(err)
	}
	if d := Diff(back, a); len(d) != 0 {
		t.Errorf("SQL round trip differs: %+v", d)
	}
	var j bytes.Buffer
	if err := a.WriteJSON(&j); err != nil {
		t.Fatal(err)
	}
	backJSON, err := ReadSnapshot("a.json", j.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if d := Diff(backJSON, a); len(d) != 0 {
		t.Errorf("JSON round trip differs: %+v", d)
	}

	drifted := buildSchema(t, `
		ALTER TABLE app."Order" ADD COLUMN hand_note text;
		DROP INDEX app.order_user_idx;
		CREATE INDEX order_user_idx ON app."Order" (user_id);
		ALTER TABLE app."Order" VALIDATE CONSTRAINT order_user;
		ALTER TYPE app.address ALTER ATTRIBUTE zip TYPE varchar(20), ADD ATTRIBUTE country text;`)
	var got []string
	for _, c := range Diff(drifted, a) {
		got = append(got, c.Group()+" | "+c.Describe())
	}
	want := []string{
		`table app."Order" | column app."Order".hand_note: in database, not in migrations`,
		`table app."Order" | constraint app."Order".order_user: definition differs`,
		`table app."Order" | index app.order_user_idx: definition differs`,
		`type app.address | type app.address: attribute zip differs; attribute country in database, not in migrations`,
	}
	if !slices.Equal(got, want) {
		t.Errorf("diff =\n  %s\nwant\n  %s", strings.Join(got, "\n  "), strings.Join(want, "\n  "))
	}
}

// TestDumpAgreesWithPgDump checks that our dump and pg_dump --schema-only
// agree on which objects exist.
func TestDumpAgreesWithPgDump(t *testing.T) {
	pgDump, err := exec.LookPath("pg_dump")
	if err != nil {
		t.Skip("pg_dump not installed")
	}
	ctx := context.Background()
	url, conn := scratchWith(t, schemaSQL)
	ours, err := Dump(ctx, conn, DumpOptions{})
	if err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(pgDump, "--schema-only", "--no-owner", "--no-privileges", url).Output()
	if err != nil {
		t.Fatalf("pg_dump: %v", err)
	}
	// pg_dump's own table of contents: "-- Name: x; Type: TABLE; Schema: app; Owner: -".
	// Where the two dumps represent an object differently, the test maps
	// one to the other: pg_dump writes a validated CHECK inside CREATE
	// TABLE (read from there) and an identity column's sequence as an
	// object of its own (ours is part of the column); the comment of an
	// extension comes with CREATE EXTENSION in ours.
	toc := regexp.MustCompile(`(?m)^-- Name: (.+?); Type: ([A-Z ]+); Schema: ([^;]+);`)
	theirs := map[string]bool{}
	for _, m := range toc.FindAllStringSubmatch(string(out), -1) {
		name, typ, schema := m[1], m[2], m[3]
		key := pgDumpKey(typ, schema, name)
		if key != "" {
			theirs[key] = true
		}
	}
	createTable := regexp.MustCompile(`(?ms)^CREATE TABLE (\S+)\.(\S+) \((.*?)\n\)`)
	inlineCheck := regexp.MustCompile(`CONSTRAINT (\S+) CHECK`)
	for _, m := range createTable.FindAllStringSubmatch(string(out), -1) {
		for _, c := range inlineCheck.FindAllStringSubmatch(m[3], -1) {
			theirs["constraint "+m[1]+"."+strings.ReplaceAll(m[2]+"."+c[1], `"`, "")] = true
		}
	}
	for _, o := range ours.Objects {
		if o.Kind == KindColumn && strings.Contains(o.Definition, "AS IDENTITY") {
			table := strings.ReplaceAll(o.Table, `"`, "")
			delete(theirs, "sequence "+table+"_"+leadingIdent(o.Definition)+"_seq")
		}
	}
	delete(theirs, "comment EXTENSION citext")
	mine := map[string]bool{}
	for _, o := range ours.Objects {
		if k := ourKey(o); k != "" {
			mine[k] = true
		}
	}
	for k := range theirs {
		if !mine[k] {
			t.Errorf("pg_dump has %s, our dump does not", k)
		}
	}
	for k := range mine {
		if !theirs[k] {
			t.Errorf("our dump has %s, pg_dump does not", k)
		}
	}
	if len(mine) < 20 {
		t.Errorf("only %d objects compared: %v", len(mine), mine)
	}
}

// pgDumpKey maps a pg_dump TOC entry to "kind name" in pg_dump's own
// unquoted spelling; "" for entries without a counterpart of ours.
func pgDumpKey(typ, schema, name string) string {
	unq := func(s string) string { return strings.ReplaceAll(s, `"`, "") }
	switch typ {
	case "TABLE", "VIEW", "MATERIALIZED VIEW", "SEQUENCE", "TYPE", "DOMAIN", "SCHEMA", "EXTENSION", "INDEX", "STATISTICS":
		if typ == "SCHEMA" || typ == "EXTENSION" {
			return strings.ToLower(typ) + " " + unq(name)
		}
		return strings.ToLower(typ) + " " + schema + "." + unq(name)
	case "FUNCTION":
		return "function " + schema + "." + unq(name[:strings.IndexByte(name, '(')])
	case "CONSTRAINT", "FK CONSTRAINT", "CHECK CONSTRAINT", "TRIGGER", "POLICY":
		// "Order order_user": table then name.
		table, obj, _ := strings.Cut(name, " ")
		typ = strings.TrimPrefix(strings.TrimPrefix(typ, "FK "), "CHECK ")
		return strings.ToLower(typ) + " " + schema + "." + unq(table) + "." + unq(obj)
	case "TABLE ATTACH":
		return "partition " + schema + "." + unq(name)
	case "COMMENT":
		return "comment " + unq(name)
	}
	return ""
}

func ourKey(o Object) string {
	unq := func(s string) string { return strings.ReplaceAll(s, `"`, "") }
	switch o.Kind {
	case KindTable, KindView, KindMaterializedView, KindSequence, KindDomain, KindSchema, KindExtension, KindIndex,
		KindConstraint, KindTrigger, KindPolicy, KindPartition, KindStatistics:
		return strings.ReplaceAll(o.Kind, "_", " ") + " " + unq(o.Name)
	case KindType:
		return "type " + unq(o.Name)
	case KindFunction:
		return "function " + unq(o.Name[:strings.IndexByte(o.Name, '(')])
	case KindComment:
		// "table app.users" -> pg_dump's "TABLE users", "table column app.users.email" -> "COLUMN users.email",
		// "composite type column app.address.zip" -> "COLUMN address.zip".
		if ident, ok := strings.CutPrefix(o.Name, "composite type column "); ok {
			return "comment COLUMN " + strings.SplitN(unq(ident), ".", 2)[1]
		}
		what, ident, _ := strings.Cut(strings.TrimPrefix(o.Name, "table "), " ")
		if what == "column" {
			parts := strings.SplitN(unq(ident), ".", 2)
			return "comment COLUMN " + parts[1]
		}
		parts := strings.SplitN(unq(strings.TrimPrefix(o.Name, "table ")), ".", 2)
		return "comment TABLE " + parts[1]
	}
	return ""
}
