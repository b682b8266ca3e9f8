package apply

import (
	"bytes"
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ddlgate/ddlgate/internal/dbtest"
	"github.com/ddlgate/ddlgate/internal/finding"
	"github.com/ddlgate/ddlgate/internal/phase"
)

var phaseDir = map[string]string{
	"0001_orders.sql":   "CREATE TABLE orders (id bigint PRIMARY KEY, status varchar(20) NOT NULL);\nINSERT INTO orders SELECT g, 'paid' FROM generate_series(1, 10) g;\n",
	"0002_expand.sql":   "-- ddlgate:phase expand change=orders-status-enum\nALTER TABLE orders ADD COLUMN status_new text;\n",
	"0003_backfill.sql": "-- ddlgate:phase backfill change=orders-status-enum\nUPDATE orders SET status_new = status;\n",
	"0004_contract.sql": "-- ddlgate:phase contract change=orders-status-enum\nALTER TABLE orders ALTER COLUMN status DROP NOT NULL;\n",
}

// The gate judges no phase itself: it hands the linter what the database
// applied and what this run applies, and refuses on the phase rules'
// findings like on any other (internal/cli's apply tests run the real
// rules).
func TestApplyGivesTheLinterTheDatabaseHistory(t *testing.T) {
	url := dbtest.Scratch(t)
	dir := t.TempDir()
	for name, sql := range phaseDir {
		writeFile(t, dir, name, sql)
	}
	var out bytes.Buffer
	o := testOptions(t, url, dir, &out)
	o.To = "0002_expand.sql"
	if _, err := Apply(context.Background(), o); err != nil {
		t.Fatal(err)
	}

	var seen *phase.Applied
	o = testOptions(t, url, dir, &out)
	inner := o.Linter
	o.Linter = LinterFunc(func(ctx context.Context, in LintInput) ([]Verdict, error) {
		seen = in.Applied
		vs, err := inner.Lint(ctx, in)
		if err != nil {
			return nil, err
		}
		vs[3].Findings = append(vs[3].Findings, finding.Finding{Rule: "ban-contract-too-soon", Severity: finding.Error,
			File: "0004_contract.sql", Line: 2, Column: 1, Message: "contract phase of change orders-status-enum is too soon"})
		return vs, nil
	})
	_, err := Apply(context.Background(), o)
	if msg := refusal(t, err); msg != "0004_contract.sql:2:1: error[ban-contract-too-soon] contract phase of change orders-status-enum is too soon" {
		t.Errorf("refusal = %s", msg)
	}
	if seen == nil {
		t.Fatal("the linter got no history")
	}
	for _, c := range []struct {
		version          string
		applied, pending bool
	}{
		{"0001_orders.sql", true, false},
		{"0002_expand.sql", true, false},
		{"0003_backfill.sql", false, true},
		{"0004_contract.sql", false, true},
	} {
		f := &phase.File{Version: c.version}
		at, applied := seen.At(f)
		if applied != c.applied || seen.Pending(f) != c.pending {
			t.Errorf("%s: applied %v pending %v, want %v %v", c.version, applied, seen.Pending(f), c.applied, c.pending)
		}
		if applied && time.Since(at) > time.Hour {
			t.Errorf("%s applied at %v", c.version, at)
		}
	}
	assertApplied(t, url, "0001_orders.sql", "0002_expand.sql")
}

func refusal(t *testing.T, err error) string {
	t.Helper()
	var refused *RefusedError
	if !errors.As(err, &refused) {
		t.Fatalf("err = %v, want a refusal", err)
	}
	return strings.Join(refused.Reasons, "\n")
}

func assertApplied(t *testing.T, url string, want ...string) {
	t.Helper()
	a, _, err := ReadApplied(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	for v := range phaseDir {
		_, ok := a.At(&phase.File{Version: v})
		if ok != slices.Contains(want, v) {
			t.Errorf("version %s applied = %v, want applied: %s", v, ok, want)
		}
	}
}
