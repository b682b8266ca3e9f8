package dbsnapshot

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ddlgate/ddlgate/internal/apply"
	"github.com/ddlgate/ddlgate/internal/dbfacts"
	"github.com/ddlgate/ddlgate/internal/dbtest"
	"github.com/ddlgate/ddlgate/internal/jsonschema"
	"github.com/ddlgate/ddlgate/internal/migrations"
)

// scratchWithHistory is a scratch database with a small and a larger
// table, analyzed, a row of data that must never reach a snapshot, and two
// migrations recorded in ddlgate.migrations (by baseline-db).
func scratchWithHistory(t *testing.T) string {
	t.Helper()
	u := dbtest.Scratch(t)
	ctx := context.Background()
	conn, err := dbfacts.Connect(ctx, u)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, `
		CREATE TABLE small (id bigint PRIMARY KEY, secret text);
		INSERT INTO small VALUES (1, 'DATA-THAT-MUST-NOT-LEAK');
		CREATE TABLE events (id int);
		INSERT INTO events SELECT generate_series(1, 20000);
		ANALYZE small; ANALYZE events;`); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, name := range []string{"0001_small.sql", "0002_events.sql"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte("SELECT 1;\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	ms, err := migrations.Discover([]string{dir}, migrations.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := apply.Baseline(ctx, apply.BaselineOptions{DatabaseURL: u, Dir: dir, Migrations: ms, Version: "0002"}); err != nil {
		t.Fatal(err)
	}
	return u
}

// TestTakeNeedsOnlyConnect takes the snapshot as a role that may only
// connect: the catalogs give every table's size, ddlgate.migrations stays
// closed (the snapshot says its history is unknown), and with SELECT on it
// the history is read too. Neither the password nor a row of data is
// written.
func TestTakeNeedsOnlyConnect(t *testing.T) {
	ctx := context.Background()
	u := scratchWithHistory(t)
	full, err := Take(ctx, u)
	if err != nil {
		t.Fatal(err)
	}
	if !full.AppliedKnown || len(full.Applied) != 2 || full.Applied[1].Version != "0002_events.sql" || full.Applied[1].Path != "0002_events.sql" {
		t.Fatalf("applied history = %v (known %v), want the two baselined files", full.Applied, full.AppliedKnown)
	}
	ro, grant := dbtest.ConnectOnlyRole(t, u)

	s, err := Take(ctx, ro)
	if err != nil {
		t.Fatalf("a role with only CONNECT: %v", err)
	}
	if s.Role == "postgres" || !strings.HasPrefix(s.Role, "ddlgate_ro_") {
		t.Errorf("role = %q, want the read-only role", s.Role)
	}
	for _, key := range []string{"public.small", "public.events"} {
		if got, want := s.DB.Tables[key], full.DB.Tables[key]; got.EstimatedRows != want.EstimatedRows || got.SizeBytes != want.SizeBytes || !got.Analyzed {
			t.Errorf("%s as the read-only role = %+v, want %+v", key, got, want)
		}
	}
	if e := s.DB.Tables["public.events"]; e.EstimatedRows != 20000 {
		t.Errorf("events: ~%d rows, want 20000", e.EstimatedRows)
	}
	if s.AppliedKnown || len(s.Applied) != 0 {
		t.Errorf("history as a role that may not read it = %v (known %v), want unknown", s.Applied, s.AppliedKnown)
	}
	if len(s.Warnings) != 1 || !strings.Contains(s.Warnings[0], "needs USAGE on schema ddlgate and SELECT on ddlgate.migrations") {
		t.Errorf("warnings = %q", s.Warnings)
	}
	if db, applied, landed := s.Target(); db == nil || applied != nil || landed != nil {
		t.Errorf("Target of a snapshot without history = %v, %v, %v; want facts only", db, applied, landed)
	}

	var out bytes.Buffer
	if err := s.Write(&out); err != nil {
		t.Fatal(err)
	}
	for _, leak := range []string{"ro-secret", "DATA-THAT-MUST-NOT-LEAK"} {
		if strings.Contains(out.String(), leak) {
			t.Errorf("the snapshot holds %q:\n%s", leak, out.String())
		}
	}
	if !strings.Contains(s.Database, ":xxxxx@") {
		t.Errorf("database = %q, want the password masked", s.Database)
	}

	grant("GRANT pg_read_all_stats TO %[1]s")
	if s2, err := Take(ctx, ro); err != nil || s2.AppliedKnown {
		t.Errorf("with pg_read_all_stats: %v, history known %v; want a snapshot without the history", err, s2 != nil && s2.AppliedKnown)
	}
	grant("GRANT USAGE ON SCHEMA ddlgate TO %[1]s; GRANT SELECT ON ddlgate.migrations TO %[1]s")
	s3, err := Take(ctx, ro)
	if err != nil {
		t.Fatal(err)
	}
	if !s3.AppliedKnown || len(s3.Applied) != 2 || len(s3.Warnings) != 0 {
		t.Errorf("with SELECT on ddlgate.migrations: %v (known %v), warnings %q", s3.Applied, s3.AppliedKnown, s3.Warnings)
	}
	_, applied, landed := s3.Target()
	if applied == nil || len(landed) != 2 || landed[0].Where != "database" || landed[0].Ref != s3.Database {
		t.Errorf("Target: applied %v, landed %+v", applied, landed)
	}
}

// TestWriteReadRoundTrip: what Write writes, Read reads back as it was,
// and it follows the published schema.
func TestWriteReadRoundTrip(t *testing.T) {
	s := &Snapshot{
		Format: Format, Version: Version, TakenAt: time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC), TookMS: 12,
		Database: "postgres://ci:xxxxx@db:5432/app", Role: "ci", AppliedKnown: true,
		DB: dbfacts.Facts{ServerVersion: "15.4", ServerVersionNum: 150004, Tables: map[string]dbfacts.Table{
			"public.orders": {Schema: "public", Name: "orders", EstimatedRows: 1200, Analyzed: true, Relpages: 10, SizeBytes: 98304,
				Columns: []dbfacts.Column{{Name: "id", Type: "bigint", NotNull: true}},
				Indexes: []dbfacts.Index{{Name: "orders_pkey", Columns: []string{"id"}, Unique: true, Primary: true, Valid: true}}},
		}},
		Applied: []Applied{{Version: "0001", Path: "0001_orders.sql", AppliedAt: time.Date(2026, 2, 1, 8, 0, 0, 0, time.UTC)}},
	}
	var b bytes.Buffer
	if err := s.Write(&b); err != nil {
		t.Fatal(err)
	}
	got, err := Read(b.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	var again bytes.Buffer
	if err := got.Write(&again); err != nil {
		t.Fatal(err)
	}
	if again.String() != b.String() {
		t.Errorf("round trip changed the snapshot:\n%s\nvs\n%s", b.String(), again.String())
	}
	var doc any
	if err := json.Unmarshal(b.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	for _, p := range jsonschema.Problems(Schema(), doc) {
		t.Error(p)
	}
}

func TestReadRefusesWhatItCannotTrust(t *testing.T) {
	for _, tt := range []struct{ src, want string }{
		{`{"format": "ddlgate-schema", "version": 1}`, `not a ddlgate db snapshot: format is "ddlgate-schema"`},
		{`{"format": "ddlgate-db-snapshot", "version": 2}`, "snapshot version 2: this ddlgate reads version 1"},
		{`{"format": "ddlgate-db-snapshot", "version": 1, "taken_at": "2026-03-01T08:00:00Z", "db": {"tables": {}}, "tabels": {}}`, `unknown field "tabels"`},
		{`{"format": "ddlgate-db-snapshot", "version": 1, "db": {"tables": {}}}`, "taken_at is missing"},
		{"{\n  \"format\": \"ddlgate-db-snapshot\",\n  \"version\": 1,\n  \"took_ms\": \"fast\"\n}", "line 4:"},
		{"{\n  \"format\": \"ddlgate-db-snapshot\",\n  \"version\": 1,,\n}", "line 3:"},
	} {
		_, err := Read([]byte(tt.src))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Read(%s) = %v, want an error containing %q", tt.src, err, tt.want)
		}
	}
}

// TestSchemaIsPublished keeps docs/db-snapshot.schema.json equal to
// Schema(): run make docs after changing the snapshot.
func TestSchemaIsPublished(t *testing.T) {
	stale, err := jsonschema.Stale(filepath.Join("..", "..", "docs", "db-snapshot.schema.json"), Schema())
	if err != nil {
		t.Fatal(err)
	}
	if stale {
		t.Error("docs/db-snapshot.schema.json is stale: run make docs")
	}
}
