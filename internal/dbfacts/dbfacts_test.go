package dbfacts

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"

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
	url := dbtest.Scratch(t)
	ctx := context.Background()
	conn, err := Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	_, err = conn.Exec(ctx, `
		CREATE SCHEMA app;
		CREATE TABLE app.orders (id bigint PRIMARY KEY, customer text NOT NULL, note varchar(20));
		INSERT INTO app.orders SELECT g, 'c' || (g % 10), NULL FROM generate_series(1, 2000) g;
		CREATE INDEX orders_lower ON app.orders (lower(customer), id);
		CREATE TABLE empty_one (x int);
		ANALYZE app.orders;`)
	if err != nil {
		t.Fatal(err)
	}
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
