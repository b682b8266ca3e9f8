package dbfacts

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/ddlgate/ddlgate/internal/dbtest"
)

func TestConnectErrorsAreRedactedAndMarked(t *testing.T) {
	for _, url := range []string{
		"postgres://app:s3cr3t@127.0.0.1:1/db?connect_timeout=2", // nothing listens on port 1
		"postgres://app:s3cr3t@host:notaport/db",
		"host=127.0.0.1 port=1 password=s3cr3t connect_timeout=2",
		"",
	} {
		_, err := Connect(context.Background(), url)
		if !errors.Is(err, ErrConnect) {
			t.Errorf("%q: err %v does not match ErrConnect", url, err)
		}
		if err != nil && strings.Contains(err.Error(), "s3cr3t") {
			t.Errorf("%q: error leaks the password: %v", url, err)
		}
	}
}

func TestLoadLiveFacts(t *testing.T) {
	ctx := context.Background()
	_, conn := scratchWith(t, `
		CREATE SCHEMA app;
		CREATE TABLE app.orders (id bigint PRIMARY KEY, customer text NOT NULL, note varchar(20));
		INSERT INTO app.orders SELECT g, 'c' || (g % 10), NULL FROM generate_series(1, 2000) g;
		CREATE INDEX orders_lower ON app.orders (lower(customer), id);
		CREATE TABLE empty_one (x int);
		ANALYZE app.orders;`)
	// A failed CREATE UNIQUE INDEX CONCURRENTLY leaves an invalid index.
	if _, err := conn.Exec(ctx, `CREATE UNIQUE INDEX CONCURRENTLY orders_customer ON app.orders (customer)`); err == nil {
		t.Fatal("duplicate customers should make the unique index fail")
	}

	f, err := Load(ctx, conn)
	if err != nil {
		t.Fatal(err)
	}
	if f.ServerVersionNum < 100000 || f.ServerVersion == "" || strings.Contains(f.ServerVersion, " ") {
		t.Errorf("server version %q / %d", f.ServerVersion, f.ServerVersionNum)
	}
	orders, ok := f.Tables["app.orders"]
	if !ok {
		t.Fatalf("app.orders missing from %v", f.Tables)
	}
	if orders.EstimatedRows != 2000 || !orders.Analyzed || orders.Relpages == 0 || orders.SizeBytes < orders.Relpages*8192 {
		t.Errorf("orders stats: rows %d analyzed %v pages %d size %d", orders.EstimatedRows, orders.Analyzed, orders.Relpages, orders.SizeBytes)
	}
	wantCols := []Column{{"id", "bigint", true}, {"customer", "text", true}, {"note", "character varying(20)", false}}
	if len(orders.Columns) != len(wantCols) {
		t.Fatalf("columns %v, want %v", orders.Columns, wantCols)
	}
	for i, c := range wantCols {
		if orders.Columns[i] != c {
			t.Errorf("column %d = %+v, want %+v", i, orders.Columns[i], c)
		}
	}
	indexes := map[string]Index{}
	for _, ix := range orders.Indexes {
		indexes[ix.Name] = ix
	}
	if ix := indexes["orders_pkey"]; !ix.Primary || !ix.Unique || !ix.Valid || strings.Join(ix.Columns, ",") != "id" {
		t.Errorf("orders_pkey = %+v", ix)
	}
	if ix := indexes["orders_lower"]; ix.Unique || strings.Join(ix.Columns, ",") != ",id" {
		t.Errorf("orders_lower = %+v, want an expression key then id", ix)
	}
	if ix, ok := indexes["orders_customer"]; !ok || ix.Valid {
		t.Errorf("orders_customer = %+v, want an invalid index", ix)
	}
	if e := f.Tables["public.empty_one"]; e.Analyzed || e.EstimatedRows != 0 || e.Indexes == nil {
		t.Errorf("never analyzed table = %+v", e)
	}

	data, err := json.Marshal(f)
	if err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{`"server_version_num"`, `"estimated_rows"`, `"size_bytes"`, `"not_null"`, `"indexes":[]`, `"valid"`} {
		if !strings.Contains(string(data), key) {
			t.Errorf("JSON lacks %s: %s", key, data)
		}
	}
}

// TestLoadSizes reads what ANALYZE really leaves in pg_class: a 100,000-row
// table's estimate, an analyzed empty table (analyzed, 0 rows) told apart
// from one never analyzed, and a partitioned table summed from its
// partitions (its own relpages is -1).
func TestLoadSizes(t *testing.T) {
	ctx := context.Background()
	_, conn := scratchWith(t, `
		CREATE TABLE events (id bigint PRIMARY KEY, kind text NOT NULL);
		INSERT INTO events SELECT g, 'kind-' || (g % 7) FROM generate_series(1, 100000) g;
		CREATE TABLE analyzed_empty (x int);
		CREATE TABLE never_analyzed (x int);
		INSERT INTO never_analyzed SELECT generate_series(1, 50);
		CREATE TABLE measures (at int NOT NULL, v int) PARTITION BY RANGE (at);
		CREATE TABLE measures_a PARTITION OF measures FOR VALUES FROM (0) TO (1000);
		CREATE TABLE measures_b PARTITION OF measures FOR VALUES FROM (1000) TO (3000)
			PARTITION BY RANGE (at);
		CREATE TABLE measures_b1 PARTITION OF measures_b FOR VALUES FROM (1000) TO (3000);
		INSERT INTO measures SELECT g, g FROM generate_series(0, 2999) g;
		ANALYZE events; ANALYZE analyzed_empty; ANALYZE measures_a; ANALYZE measures_b1;`)
	f, err := Load(ctx, conn)
	if err != nil {
		t.Fatal(err)
	}
	var heapPages, totalBytes int64
	if err := conn.QueryRow(ctx, `SELECT relpages, pg_total_relation_size('events') FROM pg_class WHERE relname = 'events'`).Scan(&heapPages, &totalBytes); err != nil {
		t.Fatal(err)
	}
	events := f.Tables["public.events"]
	if !events.Analyzed || events.EstimatedRows < 95000 || events.EstimatedRows > 105000 {
		t.Errorf("events: analyzed %v, ~%d rows; want ~100000", events.Analyzed, events.EstimatedRows)
	}
	// Heap and primary key index, from relpages: within a few pages of
	// what the server measures on disk (its free space and visibility
	// maps are not counted).
	if events.Relpages != heapPages || events.SizeBytes < totalBytes*9/10 || events.SizeBytes > totalBytes {
		t.Errorf("events: %d pages, %d bytes; server says %d pages, %d bytes in all", events.Relpages, events.SizeBytes, heapPages, totalBytes)
	}
	if e := f.Tables["public.analyzed_empty"]; !e.Analyzed || e.EstimatedRows != 0 || e.SizeBytes != 0 {
		t.Errorf("analyzed empty table = %+v, want analyzed with 0 rows", e)
	}
	if n := f.Tables["public.never_analyzed"]; n.Analyzed || n.EstimatedRows != 0 {
		t.Errorf("never analyzed table = %+v, want not analyzed", n)
	}
	a, b1 := f.Tables["public.measures_a"], f.Tables["public.measures_b1"]
	m := f.Tables["public.measures"]
	if !m.Partitioned || !m.Analyzed || m.EstimatedRows != 3000 || m.EstimatedRows != a.EstimatedRows+b1.EstimatedRows ||
		m.SizeBytes != a.SizeBytes+b1.SizeBytes || m.SizeBytes <= 0 {
		t.Errorf("partitioned measures = %+v, want the sum of measures_a %+v and measures_b1 %+v", m, a, b1)
	}
	if mb := f.Tables["public.measures_b"]; mb.EstimatedRows != b1.EstimatedRows || !mb.Analyzed {
		t.Errorf("sub-partitioned measures_b = %+v, want measures_b1's %d rows", mb, b1.EstimatedRows)
	}
	if _, err := conn.Exec(ctx, `CREATE TABLE measures_c PARTITION OF measures FOR VALUES FROM (3000) TO (4000)`); err != nil {
		t.Fatal(err)
	}
	if f, err = Load(ctx, conn); err != nil {
		t.Fatal(err)
	}
	if m := f.Tables["public.measures"]; m.Analyzed {
		t.Errorf("measures with a never analyzed partition = %+v, want not analyzed", m)
	}
}

// scratchWith runs setup in a new scratch database and returns its URL and
// a connection to it, closed when the test ends.
func scratchWith(t *testing.T, setup string) (string, *pgx.Conn) {
	t.Helper()
	url := dbtest.Scratch(t)
	ctx := context.Background()
	conn, err := Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close(context.Background()) })
	if _, err := conn.Exec(ctx, setup); err != nil {
		t.Fatal(err)
	}
	return url, conn
}
