package catalog

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/ddlgate/ddlgate/parser"
)

// notState are the fields of Catalog that are no part of the schema it
// models: bookkeeping of its copy-on-write snapshots and caches, and the
// live database a run assumes.
var notState = map[string]bool{"epoch": true, "viewList": true, "live": true}

// TestStateRoundTrip folds histories that exercise every kind of object the
// catalog models, encodes the catalog, decodes it and compares every field
// of the two: a field added to Catalog (or to Table and what it holds)
// without its place in the encoding fails here, before a cache restores a
// catalog that forgot it.
func TestStateRoundTrip(t *testing.T) {
	every := filepath.Join(t.TempDir(), "every.sql")
	if err := os.WriteFile(every, []byte(everyKindOfObject), 0o644); err != nil {
		t.Fatal(err)
	}
	histories := map[string][]string{"testdata": historyFiles(t), "every kind": {every}}
	if projects, err := os.ReadDir(corpusDir); err == nil {
		for _, p := range projects {
			if p.IsDir() {
				histories[p.Name()] = corpusMigrations(t, filepath.Join(corpusDir, p.Name()))
			}
		}
	}
	for name, paths := range histories {
		t.Run(name, func(t *testing.T) {
			c := New("app")
			for _, path := range paths {
				src, err := os.ReadFile(path)
				if err != nil {
					t.Fatal(err)
				}
				c.Annotate(parser.Parse(src, parser.Options{Path: path, DefaultSchema: "app", Sections: upSection(src)}))
			}
			enc, err := c.MarshalJSON()
			if err != nil {
				t.Fatal(err)
			}
			var back Catalog
			if err := back.UnmarshalJSON(enc); err != nil {
				t.Fatal(err)
			}
			cv, bv := reflect.ValueOf(c).Elem(), reflect.ValueOf(&back).Elem()
			for i := range cv.NumField() {
				f := cv.Type().Field(i)
				if notState[f.Name] {
					continue
				}
				if !reflect.DeepEqual(comparable(cv.Field(i)), comparable(bv.Field(i))) {
					t.Errorf("field %s differs after a round trip through the encoding", f.Name)
				}
			}
			again, err := back.MarshalJSON()
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(enc, again) {
				t.Error("the decoded catalog encodes differently")
			}
		})
	}
}

// everyKindOfObject builds one object of every kind the catalog models.
const everyKindOfObject = `CREATE TYPE mood AS ENUM ('sad', 'happy');
ALTER TYPE mood ADD VALUE 'calm';
CREATE TABLE users (id bigint PRIMARY KEY, email varchar(255) NOT NULL UNIQUE, mood mood DEFAULT 'calm', age int CHECK (age > 0));
CREATE TABLE orders (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, user_id bigint REFERENCES users (id), total numeric(10, 2));
CREATE INDEX orders_user_idx ON orders (user_id) WHERE total > 0;
ALTER TABLE orders ADD CONSTRAINT orders_total_nn CHECK (total IS NOT NULL) NOT VALID;
ALTER TABLE orders VALIDATE CONSTRAINT orders_total_nn;
CREATE VIEW active_users AS SELECT * FROM users;
CREATE MATERIALIZED VIEW order_totals AS SELECT user_id, sum(total) FROM orders GROUP BY user_id;
CREATE SCHEMA audit;
CREATE TABLE audit.log (id bigint, at timestamptz);
CREATE FUNCTION next_code() RETURNS text LANGUAGE sql VOLATILE AS $$SELECT md5(random()::text)$$;
CREATE FUNCTION add(a int, b int DEFAULT 0) RETURNS int LANGUAGE sql IMMUTABLE AS $$SELECT a + b$$;
CREATE DOMAIN positive AS int CHECK (VALUE > 0);
CREATE TABLE events (id bigint, at date, name text COLLATE "C") PARTITION BY RANGE (at);
CREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE UNLOGGED TABLE scratch (id int);
ALTER TABLE legacy ADD CONSTRAINT legacy_code_nn CHECK (code IS NOT NULL);
`

// comparable reads an unexported field for DeepEqual, with the tables'
// epochs (copy-on-write bookkeeping) cleared.
func comparable(v reflect.Value) any {
	switch x := reflect.NewAt(v.Type(), v.Addr().UnsafePointer()).Elem().Interface().(type) {
	case map[string]*Table:
		out := make(map[string]Table, len(x))
		for k, t := range x {
			c := *t
			c.epoch = 0
			out[k] = c
		}
		return out
	default:
		return x
	}
}

func TestStateOfAnotherVersionIsRefused(t *testing.T) {
	c := history(t, "CREATE TABLE users (id int);")
	enc, err := c.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	var back Catalog
	current, other := fmt.Sprintf(`"version":%d`, stateVersion), stateVersion+1
	older := bytes.Replace(enc, []byte(current), []byte(fmt.Sprintf(`"version":%d`, other)), 1)
	if err := back.UnmarshalJSON(older); err == nil || !strings.Contains(err.Error(), fmt.Sprintf("version %d", other)) {
		t.Errorf("err = %v", err)
	}
}

// historyFiles are the catalog's own testdata migrations, in order.
func historyFiles(t *testing.T) []string {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join(testdataDir, "history", "*.sql"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no history files: %v", err)
	}
	slices.Sort(paths)
	return paths
}
