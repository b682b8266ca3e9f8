package cli

import (
	"encoding/json"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/ddlgate/ddlgate/internal/dbtest"
)

// TestTraceObservesWhatEachStatementLocks traces a directory whose first
// file fills a table, and checks what the server did beside the prediction.
func TestTraceObservesWhatEachStatementLocks(t *testing.T) {
	dbtest.Scratch(t) // skips without a server
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "migrations", "0001_init.sql"), []byte(
		"CREATE TABLE t (id bigint PRIMARY KEY, c int, v varchar(10));\n"+
			"INSERT INTO t SELECT g, g, 'x' FROM generate_series(1, 1000) g;\n"))
	writeFile(t, filepath.Join(dir, "migrations", "0002_index.sql"), []byte(
		"CREATE INDEX t_c ON t (c);\n"))
	writeFile(t, filepath.Join(dir, "migrations", "0003_concurrently.sql"), []byte(
		"-- ddlgate:no-transaction\nCREATE INDEX CONCURRENTLY t_v ON t (v);\n"))
	writeFile(t, filepath.Join(dir, "migrations", "0004_types.sql"), []byte(
		"ALTER TABLE t ALTER COLUMN c TYPE bigint;\nALTER TABLE t ALTER COLUMN v TYPE varchar(20);\n"))
	env := map[string]string{"DDLGATE_DEV_URL": dbtest.AdminURL()}

	r := ddlgateEnv(t, dir, env, "trace", "--format", "json",
		filepath.Join("migrations", "0002_index.sql"), filepath.Join("migrations", "0003_concurrently.sql"), filepath.Join("migrations", "0004_types.sql"))
	r.expect(t, 1) // require-concurrent-index-creation, ban-column-type-rewrite
	var rep struct {
		Files []struct {
			Path       string
			Statements []struct {
				Text      string
				Predicted struct{ Locks []struct{ Mode string } }
				Observed  *struct {
					Locks []struct {
						Relation struct{ Schema, Name string }
						Kind     string
						Mode     string
						New      bool
					}
					Rewrites    []struct{ Relation struct{ Name string } }
					Scans       []struct{ Relation struct{ Name string } }
					Watched     bool
					Differences []struct{ Message string }
				}
			}
		}
		Stopped  any
		Findings []struct{ Rule string }
	}
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
		t.Fatalf("%v\n%s\n%s", err, r.stdout, r.stderr)
	}
	if len(rep.Files) != 3 || rep.Stopped != nil {
		t.Fatalf("trace: %s", r.stdout)
	}
	type want struct {
		mode             string
		rewrite, watched bool
		scanned          bool
	}
	cases := []struct {
		file, stmt int
		want       want
	}{
		{0, 0, want{mode: "SHARE", scanned: true}},
		{1, 0, want{mode: "SHARE UPDATE EXCLUSIVE", watched: true, scanned: true}},
		{2, 0, want{mode: "ACCESS EXCLUSIVE", rewrite: true}},
		{2, 1, want{mode: "ACCESS EXCLUSIVE"}},
	}
	for _, c := range cases {
		s := rep.Files[c.file].Statements[c.stmt]
		o := s.Observed
		if o == nil {
			t.Errorf("%s: not observed", s.Text)
			continue
		}
		mode := ""
		for _, l := range o.Locks {
			if l.Relation.Name == "t" && (l.New || mode == "") && strengthOf(l.Mode) > strengthOf(mode) {
				mode = l.Mode
			}
		}
		rewrote := false
		for _, rw := range o.Rewrites {
			rewrote = rewrote || rw.Relation.Name == "t"
		}
		if mode != c.want.mode || rewrote != c.want.rewrite || o.Watched != c.want.watched || (len(o.Scans) > 0) != c.want.scanned {
			t.Errorf("%s: observed %s rewrite=%v watched=%v scans=%v, want %+v", s.Text, mode, rewrote, o.Watched, o.Scans, c.want)
		}
		if len(o.Differences) > 0 {
			t.Errorf("%s: differs from the prediction: %+v", s.Text, o.Differences)
		}
	}

	// The text report puts the prediction beside the observation, and the
	// rules judged the facts.
	r = ddlgateEnv(t, dir, env, "trace", filepath.Join("migrations", "0004_types.sql"))
	r.expect(t, 1)
	for _, want := range []string{
		"predicted  ACCESS EXCLUSIVE on public.t; rewrites a table",
		"observed   ACCESS EXCLUSIVE on public.t",
		"rewrote public.t",
		"2 statement(s) traced, 0 differ from the prediction",
		"ban-column-type-rewrite",
	} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("text trace lacks %q:\n%s", want, r.stdout)
		}
	}
}

func strengthOf(mode string) int {
	return slices.Index([]string{"ACCESS SHARE", "ROW SHARE", "ROW EXCLUSIVE", "SHARE UPDATE EXCLUSIVE", "SHARE",
		"SHARE ROW EXCLUSIVE", "EXCLUSIVE", "ACCESS EXCLUSIVE"}, mode) + 1
}

// TestTraceFactsAreJudgedByCustomRules traces a call to a function that
// runs DDL: the prediction sees a SELECT, the server takes ACCESS EXCLUSIVE;
// the report flags the difference and the example rule reading
// statements[].observed reports it.
func TestTraceFactsAreJudgedByCustomRules(t *testing.T) {
	dbtest.Scratch(t)
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "migrations", "0001_init.sql"), []byte(
		"CREATE TABLE orders (id bigint PRIMARY KEY);\n"+
			"CREATE FUNCTION add_note() RETURNS void LANGUAGE plpgsql AS $$BEGIN ALTER TABLE orders ADD COLUMN note text; END$$;\n"))
	writeFile(t, filepath.Join(dir, "migrations", "0002_call.sql"), []byte("SELECT add_note();\n"))
	env := map[string]string{"DDLGATE_DEV_URL": dbtest.AdminURL()}
	r := ddlgateEnv(t, dir, env, "trace", "--policy", examplePolicies(t, "trace"), filepath.Join("migrations", "0002_call.sql"))
	r.expect(t, 1)
	for _, want := range []string{
		"DIFFERS    ACCESS EXCLUSIVE lock on public.orders, which the prediction does not name",
		"1 statement(s) traced, 1 differ from the prediction",
		"error[ban-unpredicted-blocking-lock] the server took ACCESS EXCLUSIVE on public.orders, the prediction said no lock",
	} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("trace lacks %q:\n%s%s", want, r.stdout, r.stderr)
		}
	}
}
