package drift

import (
	"bytes"
	"strings"
	"testing"

	"github.com/ddlgate/ddlgate/internal/dbfacts"
)

func report() *Report {
	return &Report{ExpectedFrom: "the migrations", Results: []Result{
		{Database: "postgres://app@a/app", Changes: []dbfacts.Change{}},
		{Database: "postgres://app@b/app", Changes: []dbfacts.Change{
			{Kind: dbfacts.KindColumn, Name: "public.orders.note", Table: "public.orders", Status: dbfacts.StatusExtra, Database: "note text"},
			{Kind: dbfacts.KindIndex, Name: "public.orders_idx", Table: "public.orders", Status: dbfacts.StatusChanged,
				Database: "CREATE INDEX orders_idx ON public.orders USING btree (a);", Migrations: "CREATE INDEX orders_idx ON public.orders USING btree (b);"},
		}},
		{Database: "postgres://app:xxxxx@c/app", Error: "connect: refused", Changes: []dbfacts.Change{}},
	}}
}

func TestReportsGroupByTableAndSummarise(t *testing.T) {
	r := report()
	if d, f := r.Counts(); d != 1 || f != 1 {
		t.Errorf("counts = %d drifted, %d failed", d, f)
	}
	var text, md bytes.Buffer
	if err := r.WriteText(&text); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"postgres://app@a/app: no drift from the migrations\n",
		"postgres://app@b/app: 2 differences from the migrations\n  table public.orders\n    column public.orders.note: in database, not in migrations\n",
		"    index public.orders_idx: definition differs\n        database:   CREATE INDEX orders_idx ON public.orders USING btree (a);\n        migrations: CREATE INDEX orders_idx ON public.orders USING btree (b);\n",
		"postgres://app:xxxxx@c/app: could not compare: connect: refused\n",
		"postgres://app@b/app        drift   2\n",
	} {
		if !strings.Contains(text.String(), want) {
			t.Errorf("text lacks %q:\n%s", want, text.String())
		}
	}
	if err := r.WriteMarkdown(&md); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"## Schema drift", "1 database drifted, 1 database could not be compared",
		"| postgres://app@b/app       | drift  | 2 |", "### `postgres://app@b/app`", "**table public.orders**",
		"- index public.orders_idx: definition differs\n  - database:\n    ```sql\n    CREATE INDEX orders_idx"} {
		if !strings.Contains(md.String(), want) {
			t.Errorf("markdown lacks %q:\n%s", want, md.String())
		}
	}
	if strings.Contains(md.String(), "### `postgres://app@a/app`") {
		t.Errorf("a database without drift gets a section:\n%s", md.String())
	}
	ev := r.Event(r.Results[1])
	if ev.Kind != "drift" || ev.Verdict != "drift" || ev.Drift.Differences != 2 || !strings.Contains(ev.Text, "2 differences") {
		t.Errorf("event = %+v", ev)
	}
}
