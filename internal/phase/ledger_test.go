package phase_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/ddlgate/ddlgate/internal/lint"
	"github.com/ddlgate/ddlgate/internal/phase"
	"github.com/ddlgate/ddlgate/parser"
)

// writeDir writes a plain migrations directory: name -> SQL.
func writeDir(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, sql := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(sql), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// phaseRules are the rules whose findings these tests read.
var phaseRules = []string{
	"require-expand-before-contract", "ban-contract-too-soon", "ban-breaking-change-in-expand",
	"ban-drop-column", "ban-drop-table", "ban-rename-column", "ban-rename-table",
}

// findings lints dir and returns "file:line rule" for the phase rules.
func findings(t *testing.T, dir string, applied *phase.Applied, now time.Time) []string {
	t.Helper()
	res, err := lint.Run(context.Background(), lint.Options{Paths: []string{dir}, Dir: dir, PhaseApplied: applied, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, f := range res.Findings {
		if slices.Contains(phaseRules, f.Rule) {
			out = append(out, fmt.Sprintf("%s:%d %s", filepath.Base(f.File), f.Line, f.Rule))
		}
	}
	slices.Sort(out)
	return out
}

const (
	schema   = "CREATE TABLE orders (id bigint PRIMARY KEY, status varchar(20) NOT NULL);\nCREATE TABLE users (id bigint PRIMARY KEY, email text);\n"
	expand   = "-- ddlgate:phase expand change=orders-status-enum\nCREATE TYPE order_status AS ENUM ('pending', 'paid');\nALTER TABLE orders ADD COLUMN status_new order_status;\n"
	contract = "-- ddlgate:phase contract change=orders-status-enum\nALTER TABLE orders DROP COLUMN status;\n"
)

func TestContractWithoutExpand(t *testing.T) {
	dir := writeDir(t, map[string]string{"0001_schema.sql": schema, "0002_contract.sql": contract})
	got := findings(t, dir, nil, time.Time{})
	want := []string{"0002_contract.sql:2 ban-drop-column", "0002_contract.sql:2 require-expand-before-contract"}
	if !slices.Equal(got, want) {
		t.Errorf("findings = %q, want %q", got, want)
	}
}

func TestContractBeforeItsExpandInTheDirectory(t *testing.T) {
	dir := writeDir(t, map[string]string{"0001_schema.sql": schema, "0002_contract.sql": contract, "0003_expand.sql": expand})
	got := findings(t, dir, nil, time.Time{})
	want := []string{"0002_contract.sql:2 ban-drop-column", "0002_contract.sql:2 require-expand-before-contract"}
	if !slices.Equal(got, want) {
		t.Errorf("findings = %q, want %q", got, want)
	}
}

func TestExpandThenContract(t *testing.T) {
	dir := writeDir(t, map[string]string{"0001_schema.sql": schema, "0002_expand.sql": expand, "0003_contract.sql": contract})
	if got := findings(t, dir, nil, time.Time{}); len(got) != 0 {
		t.Errorf("findings = %q, want none", got)
	}
}

func TestTwoInterleavedChanges(t *testing.T) {
	dir := writeDir(t, map[string]string{
		"0001_schema.sql":          schema,
		"0002_orders_expand.sql":   expand,
		"0003_users_expand.sql":    "-- ddlgate:phase expand change=users-email\nALTER TABLE users ADD COLUMN email_address text;\n",
		"0004_orders_contract.sql": contract,
		// The users contract drops a column of orders: its own change
		// never touched orders.
		"0005_users_contract.sql": "-- ddlgate:phase contract change=users-email\nALTER TABLE users DROP COLUMN email;\nALTER TABLE orders DROP COLUMN status_new;\n",
		// A third change contracts without its expand.
		"0006_other_contract.sql": "-- ddlgate:phase contract change=drop-legacy\nDROP TABLE users;\n",
	})
	got := findings(t, dir, nil, time.Time{})
	want := []string{
		"0005_users_contract.sql:3 ban-drop-column",
		"0006_other_contract.sql:2 ban-drop-table",
		"0006_other_contract.sql:2 require-expand-before-contract",
	}
	if !slices.Equal(got, want) {
		t.Errorf("findings = %q, want %q", got, want)
	}
}

func TestBreakingChangeInsideExpand(t *testing.T) {
	dir := writeDir(t, map[string]string{
		"0001_schema.sql": schema,
		"0002_expand.sql": expand + "ALTER TABLE orders ALTER COLUMN status TYPE order_status USING status::order_status;\n",
	})
	got := findings(t, dir, nil, time.Time{})
	if !slices.Contains(got, "0002_expand.sql:4 ban-breaking-change-in-expand") {
		t.Errorf("findings = %q, want ban-breaking-change-in-expand on line 4", got)
	}
}

func TestLiveHistory(t *testing.T) {
	dir := writeDir(t, map[string]string{"0001_schema.sql": schema, "0002_expand.sql": expand, "0003_contract.sql": contract})
	now := time.Date(2026, 3, 2, 12, 0, 0, 0, time.UTC)
	notApplied := phase.NewApplied("staging")
	notApplied.Add("0001", "0001_schema.sql", now.Add(-48*time.Hour))
	if got, want := findings(t, dir, notApplied, now), []string{"0003_contract.sql:2 require-expand-before-contract"}; !slices.Equal(got, want) {
		t.Errorf("expand not applied: findings = %q, want %q", got, want)
	}
	recent := phase.NewApplied("production")
	recent.Add("0002", "0002_expand.sql", now.Add(-2*time.Hour))
	if got, want := findings(t, dir, recent, now), []string{"0003_contract.sql:2 ban-contract-too-soon"}; !slices.Equal(got, want) {
		t.Errorf("expand applied 2h ago: findings = %q, want %q", got, want)
	}
	if got := findings(t, dir, recent, now.Add(23*time.Hour)); len(got) != 0 {
		t.Errorf("expand applied 25h ago: findings = %q, want none", got)
	}
}

func TestHistoryFacts(t *testing.T) {
	files := []*parser.File{
		parser.Parse([]byte(schema), parser.Options{Path: "0001_schema.sql", Version: "0001"}),
		parser.Parse([]byte(expand), parser.Options{Path: "0002_expand.sql", Version: "0002"}),
		parser.Parse([]byte("-- ddlgate:phase backfill change=orders-status-enum\nUPDATE orders SET status_new = status::order_status;\n"), parser.Options{Path: "0003_backfill.sql", Version: "0003"}),
		parser.Parse([]byte(contract), parser.Options{Path: "0004_contract.sql", Version: "0004"}),
	}
	now := time.Date(2026, 3, 2, 12, 0, 0, 0, time.UTC)
	applied := phase.NewApplied("production")
	applied.Add("0002", "", now.Add(-90*time.Minute))
	l := phase.FromFiles(files, "public")

	if h := l.HistoryOf(0, files[0], applied, now); h != nil {
		t.Errorf("a file without a phase has history %v", h)
	}
	h := l.HistoryOf(3, files[3], applied, now)
	if h == nil {
		t.Fatal("the contract has no history")
	}
	if h.Change != "orders-status-enum" || h.Phase != "contract" || !h.Live || h.Database != "production" {
		t.Errorf("history = %+v", h)
	}
	if len(h.Earlier) != 2 || h.Earlier[0].Phase != "expand" || h.Earlier[1].Phase != "backfill" {
		t.Fatalf("earlier = %+v", h.Earlier)
	}
	e := h.Earlier[0]
	if !*e.Applied || *e.AppliedAt != "2026-03-02T10:30:00Z" || *e.AgeSeconds != 5400 {
		t.Errorf("expand entry = applied %v at %v age %v", *e.Applied, *e.AppliedAt, *e.AgeSeconds)
	}
	if b := h.Earlier[1]; *b.Applied || b.AppliedAt != nil || b.AgeSeconds != nil || b.Pending {
		t.Errorf("backfill entry = %+v, want not applied", b)
	}
	// The same backfill, run earlier in the apply that runs the contract.
	applied.AddPending("0003", "0003_backfill.sql")
	if b := l.HistoryOf(3, files[3], applied, now).Earlier[1]; *b.Applied || !b.Pending {
		t.Errorf("backfill entry = %+v, want pending", b)
	}
	if !slices.Equal(h.Tables, []string{"public.orders"}) || !slices.Equal(h.Columns, []string{"public.orders.status_new"}) {
		t.Errorf("tables %q columns %q", h.Tables, h.Columns)
	}
	if c := l.Change("orders-status-enum"); c == nil || len(c.Files) != 3 || !c.Has(phase.Contract) {
		t.Errorf("ledger change = %+v", c)
	}
	if eh := l.HistoryOf(1, files[1], applied, now); len(eh.Earlier) != 0 {
		t.Errorf("expand has earlier phases %+v", eh.Earlier)
	}
	if len(l.Changes) != 1 {
		t.Errorf("changes = %+v, want only orders-status-enum", l.Changes)
	}
}
