package apply

import (
	"bytes"
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ddlgate/ddlgate/internal/dbfacts"
	"github.com/ddlgate/ddlgate/internal/dbtest"
	"github.com/ddlgate/ddlgate/internal/migrations"
	"github.com/ddlgate/ddlgate/internal/phase"
	"github.com/ddlgate/ddlgate/parser"
)

// phaseLinter reads each file's phase directive with the real parser and
// reports nothing: the phase gate must refuse on its own.
func phaseLinter(t testing.TB) Linter {
	inner := testLinter(t)
	return LinterFunc(func(ctx context.Context, ms []migrations.Migration, db *dbfacts.Facts) ([]Verdict, error) {
		vs, err := inner.Lint(ctx, ms, db)
		if err != nil {
			return nil, err
		}
		for i, m := range ms {
			vs[i].Findings = nil
			if p := parser.Parse(m.Src, parser.Options{Path: m.Path}).File.Phase; p != nil {
				vs[i].Phase, vs[i].Change = p.Phase, p.Change
			}
		}
		return vs, nil
	})
}

var phaseDir = map[string]string{
	"0001_orders.sql":   "CREATE TABLE orders (id bigint PRIMARY KEY, status varchar(20) NOT NULL);\nINSERT INTO orders SELECT g, 'paid' FROM generate_series(1, 10) g;\n",
	"0002_expand.sql":   "-- ddlgate:phase expand change=orders-status-enum\nALTER TABLE orders ADD COLUMN status_new text;\n",
	"0003_backfill.sql": "-- ddlgate:phase backfill change=orders-status-enum\nUPDATE orders SET status_new = status;\n",
	"0004_contract.sql": "-- ddlgate:phase contract change=orders-status-enum\nALTER TABLE orders ALTER COLUMN status DROP NOT NULL;\n",
}

func phaseOptions(t *testing.T, url, dir string, out *bytes.Buffer, now time.Time) Options {
	o := testOptions(t, url, dir, out)
	o.Linter = phaseLinter(t)
	o.Now = func() time.Time { return now }
	return o
}

func refusal(t *testing.T, err error) string {
	t.Helper()
	var refused *RefusedError
	if !errors.As(err, &refused) {
		t.Fatalf("err = %v, want a refusal", err)
	}
	return strings.Join(refused.Reasons, "\n")
}

func TestApplyRefusesContractUntilExpandIsOldEnoughPerDatabase(t *testing.T) {
	staging, production := dbtest.Scratch(t), dbtest.Scratch(t)
	dir := t.TempDir()
	for name, sql := range phaseDir {
		writeFile(t, dir, name, sql)
	}
	var out bytes.Buffer
	now := time.Now()

	// Production ships expand and backfill.
	o := phaseOptions(t, production, dir, &out, now)
	o.To = "0003_backfill.sql"
	if _, err := Apply(context.Background(), o); err != nil {
		t.Fatal(err)
	}
	// Staging has only the table: its expand is not applied.
	o = phaseOptions(t, staging, dir, &out, now)
	o.To = "0001_orders.sql"
	if _, err := Apply(context.Background(), o); err != nil {
		t.Fatal(err)
	}

	// An hour later, production may not contract yet.
	_, err := Apply(context.Background(), phaseOptions(t, production, dir, &out, now.Add(time.Hour)))
	msg := refusal(t, err)
	if !strings.Contains(msg, "0004_contract.sql: contract of change orders-status-enum is too soon: its expand phase 0002_expand.sql was applied 1h ago") ||
		!strings.Contains(msg, "min_age is 24h") {
		t.Errorf("refusal = %s", msg)
	}

	// Staging, even a week later, runs expand and contract in one go: the
	// expand would be zero seconds old.
	_, err = Apply(context.Background(), phaseOptions(t, staging, dir, &out, now.Add(7*24*time.Hour)))
	msg = refusal(t, err)
	if !strings.Contains(msg, "0004_contract.sql: contract of change orders-status-enum would run in the same apply as its expand phase 0002_expand.sql") {
		t.Errorf("refusal = %s", msg)
	}
	assertApplied(t, staging, "0001_orders.sql")

	// A day and a minute later, production contracts.
	res, err := Apply(context.Background(), phaseOptions(t, production, dir, &out, now.Add(24*time.Hour+time.Minute)))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(res.Applied, ",") != "0004_contract.sql" {
		t.Errorf("applied %v, want the contract", res.Applied)
	}

	// With a minimum age of zero for the change, staging may run expand,
	// backfill and contract in one apply.
	o = phaseOptions(t, staging, dir, &out, now)
	o.PhaseMinAge = &phase.MinAge{Default: phase.DefaultMinAge, ByChange: map[string]time.Duration{"orders-status-enum": 0}}
	if res, err = Apply(context.Background(), o); err != nil {
		t.Fatal(err)
	}
	if strings.Join(res.Applied, ",") != "0002_expand.sql,0003_backfill.sql,0004_contract.sql" {
		t.Errorf("applied %v, want expand, backfill and contract", res.Applied)
	}
}

func TestApplyRefusesContractWithoutExpand(t *testing.T) {
	url := dbtest.Scratch(t)
	dir := t.TempDir()
	writeFile(t, dir, "0001_orders.sql", phaseDir["0001_orders.sql"])
	writeFile(t, dir, "0002_contract.sql", phaseDir["0004_contract.sql"])
	var out bytes.Buffer
	_, err := Apply(context.Background(), phaseOptions(t, url, dir, &out, time.Now()))
	msg := refusal(t, err)
	if !strings.Contains(msg, "0002_contract.sql: contract of change orders-status-enum has no expand phase before it") {
		t.Errorf("refusal = %s", msg)
	}
}

func assertApplied(t *testing.T, url string, want ...string) {
	t.Helper()
	a, err := phase.ReadApplied(context.Background(), url)
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
