package apply

import (
	"context"
	"testing"
	"time"

	"github.com/ddlgate/ddlgate/internal/dbtest"
	"github.com/ddlgate/ddlgate/internal/phase"
)

func TestReadAppliedCountsOnlySuccessfulCleanRows(t *testing.T) {
	url := dbtest.Scratch(t)
	ctx := context.Background()
	a, _, err := ReadApplied(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := a.At(&phase.File{Version: "0001"}); ok {
		t.Error("a database without ddlgate.migrations has applied something")
	}

	conn := connect(t, url)
	if err := ensureHistory(ctx, conn); err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	_, err = conn.Exec(ctx, `INSERT INTO ddlgate.migrations (version, path, checksum, applied_at, applied_by, success, dirty, baseline) VALUES
		('0001', '0001_a.sql', 'x', $1, 'ci', true, false, false), ('0002', '0002_b.sql', 'x', $1, 'ci', false, false, false),
		('0003', '0003_c.sql', 'x', $1, 'ci', true, true, false), ('notes.sql', 'notes.sql', 'x', $1, 'ci', true, false, false),
		('0005', '0005_e.sql', 'x', $1, 'ci', true, false, true)`, at)
	if err != nil {
		t.Fatal(err)
	}
	if a, _, err = ReadApplied(ctx, url); err != nil {
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
		{phase.File{Version: "0005"}, true}, // baselined: its schema is there
	} {
		got, ok := a.At(&c.f)
		if ok != c.want || ok && !got.Equal(at) {
			t.Errorf("%+v: applied %v at %v, want %v", c.f, ok, got, c.want)
		}
	}
}
