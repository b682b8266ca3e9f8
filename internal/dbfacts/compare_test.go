package dbfacts

import (
	"strings"
	"testing"

	"github.com/ddlgate/ddlgate/parser"
)

func relation(name string) parser.Relation {
	schema, n, _ := strings.Cut(name, ".")
	return parser.Relation{Schema: schema, Name: n, ExistsBefore: true, Known: true}
}

func lock(name, kind, mode string, isNew bool) parser.ObservedLock {
	return parser.ObservedLock{Relation: relation(name), Kind: kind, Mode: mode, Granted: true, New: isNew}
}

// TestCompareRules pins the comparison rules of Compare without a server;
// TestServerCases proves them against one.
func TestCompareRules(t *testing.T) {
	t1 := relation("public.t")
	stmt := func(mode string, effects parser.Effects) *parser.Statement {
		s := &parser.Statement{Effects: effects}
		if mode != "" {
			s.Locks = []parser.Lock{{Relation: t1, Mode: mode}}
		}
		s.Actions = []parser.Action{{Type: "x", Table: &t1, Effects: effects}}
		return s
	}
	cases := []struct {
		name string
		st   *parser.Statement
		obs  *parser.Observed
		want []string
	}{
		{"same mode", stmt("SHARE", parser.Effects{}),
			&parser.Observed{Locks: []parser.ObservedLock{lock("public.t", "table", "SHARE", true)}}, nil},
		{"stronger observed", stmt("SHARE", parser.Effects{}),
			&parser.Observed{Locks: []parser.ObservedLock{lock("public.t", "table", "ACCESS EXCLUSIVE", true)}},
			[]string{"predicted SHARE on public.t, observed ACCESS EXCLUSIVE"}},
		{"weaker observed in a transaction", stmt("ACCESS EXCLUSIVE", parser.Effects{}),
			&parser.Observed{Locks: []parser.ObservedLock{lock("public.t", "table", "SHARE UPDATE EXCLUSIVE", true)}},
			[]string{"predicted ACCESS EXCLUSIVE on public.t, observed SHARE UPDATE EXCLUSIVE"}},
		{"weaker observed while watched", stmt("ACCESS EXCLUSIVE", parser.Effects{}),
			&parser.Observed{Watched: true, Locks: []parser.ObservedLock{lock("public.t", "table", "SHARE UPDATE EXCLUSIVE", true)}}, nil},
		{"already held by an earlier statement", stmt("ACCESS EXCLUSIVE", parser.Effects{}),
			&parser.Observed{Locks: []parser.ObservedLock{lock("public.t", "table", "ACCESS EXCLUSIVE", false)}}, nil},
		{"unpredicted blocking lock on a table", stmt("", parser.Effects{}),
			&parser.Observed{Locks: []parser.ObservedLock{lock("public.u", "table", "SHARE ROW EXCLUSIVE", true)}},
			[]string{"SHARE ROW EXCLUSIVE lock on public.u, which the prediction does not name"}},
		{"index and weak locks are shown, not differences", stmt("", parser.Effects{}),
			&parser.Observed{Locks: []parser.ObservedLock{lock("public.i", "index", "ACCESS EXCLUSIVE", true), lock("public.u", "table", "ROW EXCLUSIVE", true)}}, nil},
		{"unpredicted scan", stmt("SHARE", parser.Effects{}),
			&parser.Observed{Locks: []parser.ObservedLock{lock("public.t", "table", "SHARE", true)},
				Scans: []parser.ObservedRelation{{Relation: t1, Kind: "table"}}},
			[]string{"observed that the statement scans public.t, not predicted"}},
		{"predicted rewrite not observed", stmt("ACCESS EXCLUSIVE", parser.Effects{RewritesTable: true}),
			&parser.Observed{Locks: []parser.ObservedLock{lock("public.t", "table", "ACCESS EXCLUSIVE", true)}},
			[]string{"predicted that the statement rewrites a table, observed none"}},
		{"failure", stmt("SHARE", parser.Effects{}),
			&parser.Observed{Error: &parser.ObservedError{Code: "42P01", Message: "relation does not exist"}},
			[]string{"the statement failed on the server: relation does not exist (SQLSTATE 42P01)"}},
	}
	partition := lock("public.m1", "table", "ACCESS EXCLUSIVE", true)
	partition.PartitionOf = "public.m"
	m := relation("public.m")
	cases = append(cases, struct {
		name string
		st   *parser.Statement
		obs  *parser.Observed
		want []string
	}{"partition covered by its root", &parser.Statement{Locks: []parser.Lock{{Relation: m, Mode: "ACCESS EXCLUSIVE"}}},
		&parser.Observed{Locks: []parser.ObservedLock{lock("public.m", "partitioned_table", "ACCESS EXCLUSIVE", true), partition}}, nil})
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var got []string
			for _, d := range Compare(c.st, c.obs) {
				got = append(got, d.Message)
			}
			if strings.Join(got, "\n") != strings.Join(c.want, "\n") {
				t.Errorf("differences =\n  %s\nwant\n  %s", strings.Join(got, "\n  "), strings.Join(c.want, "\n  "))
			}
		})
	}
}

func TestLockModeName(t *testing.T) {
	for in, want := range map[string]string{"AccessExclusiveLock": "ACCESS EXCLUSIVE", "ShareUpdateExclusiveLock": "SHARE UPDATE EXCLUSIVE",
		"ShareLock": "SHARE", "RowShareLock": "ROW SHARE"} {
		if got := LockModeName(in); got != want || LockStrength(got) == 0 {
			t.Errorf("LockModeName(%q) = %q, want %q", in, got, want)
		}
	}
}
