package phase_test

import (
	"context"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/ddlgate/ddlgate/internal/dbtest"
	"github.com/ddlgate/ddlgate/internal/phase"
)

func TestReadAppliedCountsOnlySuccessfulCleanRows(t *testing.T) {
	url := dbtest.Scratch(t)
	ctx := context.Background()
	a, err := phase.ReadApplied(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := a.At(&phase.File{Version: "0001"}); ok {
		t.Error("a database without ddlgate.migrations has applied something")
	}

	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	at := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	_, err = conn.Exec(ctx, `CREATE SCHEMA ddlgate;
		CREATE TABLE ddlgate.migrations (version text PRIMARY KEY, path text NOT NULL DEFAULT '', applied_at timestamptz NOT NULL, success boolean NOT NULL, dirty boolean NOT NULL DEFAULT false);`)
	if err != nil {
		t.Fatal(err)
	}
	_, err = conn.Exec(ctx, `INSERT INTO ddlgate.migrations VALUES
		('0001', '0001_a.sql', $1, true, false), ('0002', '0002_b.sql', $1, false, false), ('0003', '0003_c.sql', $1, true, true),
		('notes.sql', 'notes.sql', $1, true, false)`, at)
	if err != nil {
		t.Fatal(err)
	}
	if a, err = phase.ReadApplied(ctx, url); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		f    phase.File
		want bool
	}{
		{phase.File{Version: "0001"}, true},
		{phase.File{Version: "0002"}, false},
		{phase.File{Version: "0003"}, false},
		{phase.File{Path: "notes.sql"}, true},
	} {
		got, ok := a.At(&c.f)
		if ok != c.want || ok && !got.Equal(at) {
			t.Errorf("%+v: applied %v at %v, want %v", c.f, ok, got, c.want)
		}
	}
}
