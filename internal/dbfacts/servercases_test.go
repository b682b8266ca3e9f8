package dbfacts_test

import (
	"bufio"
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/ddlgate/ddlgate/internal/dbfacts"
	"github.com/ddlgate/ddlgate/internal/dbtest"
	"github.com/ddlgate/ddlgate/internal/lint"
	"github.com/ddlgate/ddlgate/internal/migrations"
	"github.com/ddlgate/ddlgate/parser"
)

// serverCase is one testdata/server/*.sql file (format: the brief shared
// with the parser work, repeated in testdata/server/README.md).
type serverCase struct {
	path      string
	name      string
	minPG     int
	runner    string
	setup     string
	statement string
	// statementLine is the line of the file the statement section starts
	// on, so that findings and errors point into the case file.
	statementLine int
	fails         string
	rules         []string
	noRules       []string
}

var caseDirective = regexp.MustCompile(`^-- (case|min_pg|runner|setup|statement|fails|rule|no_rule):\s*(.*?)\s*$`)

func readCase(path string) (*serverCase, error) {
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	c := &serverCase{path: path, runner: "ddlgate"}
	var section *strings.Builder
	var setup, stmt strings.Builder
	sc := bufio.NewScanner(bytes.NewReader(src))
	for line := 1; sc.Scan(); line++ {
		text := sc.Text()
		m := caseDirective.FindStringSubmatch(text)
		if m == nil {
			if section != nil {
				section.WriteString(text + "\n")
			} else if strings.TrimSpace(text) != "" && !strings.HasPrefix(text, "--") {
				return nil, fmt.Errorf("%s:%d: SQL before -- setup: or -- statement:", path, line)
			}
			continue
		}
		switch key, val := m[1], m[2]; key {
		case "case":
			c.name = val
		case "min_pg":
			if c.minPG, err = strconv.Atoi(val); err != nil {
				return nil, fmt.Errorf("%s:%d: min_pg: %v", path, line, err)
			}
		case "runner":
			c.runner = val
		case "setup":
			section = &setup
		case "statement":
			section = &stmt
			c.statementLine = line + 1
		case "fails":
			c.fails = val
		case "rule":
			c.rules = append(c.rules, val)
		case "no_rule":
			c.noRules = append(c.noRules, val)
		}
		if m[1] != "setup" && m[1] != "statement" && section != nil {
			// Keep line numbers of the statement section true.
			section.WriteString("\n")
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	c.setup, c.statement = setup.String(), stmt.String()
	if c.name == "" || strings.TrimSpace(c.statement) == "" {
		return nil, fmt.Errorf("%s: a case needs -- case: and a -- statement: section", path)
	}
	return c, nil
}

// tablespaceToken in a case stands for a tablespace the test creates (in
// place, under the data directory) for the run and drops afterwards:
// tablespaces belong to the whole server, so each run needs its own name.
const tablespaceToken = "ddlgate_test_space"

// TestServerCases proves the parser's lock table on the real server: every
// testdata/server/*.sql case runs its setup (committed) on a scratch
// database, then its statements in one transaction (in autocommit, watched
// from a second connection, when a statement cannot run in a transaction
// block), and what the server did must match what ddlgate predicts for the
// statement linted with the setup as its history. The comparison rules are
// dbfacts.Compare's. A mismatch prints the case, the prediction and the
// observation side by side.
func TestServerCases(t *testing.T) {
	paths, err := filepath.Glob(filepath.Join("..", "..", "testdata", "server", "*.sql"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no server cases found: %v", err)
	}
	admin := dbtest.AdminURL()
	ctx := context.Background()
	major := serverMajor(t, admin)
	space := ""
	for _, p := range paths {
		c, err := readCase(p)
		if err != nil {
			t.Fatal(err)
		}
		t.Run(strings.TrimSuffix(filepath.Base(p), ".sql"), func(t *testing.T) {
			if c.minPG > major {
				t.Skipf("%s needs PostgreSQL %d, the server is %d", c.path, c.minPG, major)
			}
			if strings.Contains(c.setup+c.statement, tablespaceToken) {
				if space == "" {
					space = inPlaceTablespace(t, admin)
				}
				c.setup = strings.ReplaceAll(c.setup, tablespaceToken, space)
				c.statement = strings.ReplaceAll(c.statement, tablespaceToken, space)
			}
			runServerCase(ctx, t, c, major)
		})
	}
}

func serverMajor(t *testing.T, url string) int {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		dbtest.Scratch(t) // skips or fails as database tests do
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	_, num, err := dbfacts.ServerVersion(ctx, conn)
	if err != nil {
		t.Fatal(err)
	}
	return num / 10000
}

// inPlaceTablespace creates a tablespace inside the data directory
// (allow_in_place_tablespaces, PostgreSQL 15 and later) and drops it when
// the test ends, after the scratch databases that used it.
func inPlaceTablespace(t *testing.T, admin string) string {
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, admin)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var b [4]byte
	_, _ = rand.Read(b[:])
	name := tablespaceToken + "_" + hex.EncodeToString(b[:])
	if _, err := conn.Exec(ctx, "SET allow_in_place_tablespaces = on"); err != nil {
		t.Fatalf("in-place tablespaces: %v", err)
	}
	if _, err := conn.Exec(ctx, "CREATE TABLESPACE "+name+" LOCATION ''"); err != nil {
		t.Fatalf("create tablespace: %v", err)
	}
	// Registered on the parent test: it runs after every subtest's scratch
	// database is gone.
	t.Cleanup(func() {
		c, err := pgx.Connect(ctx, admin)
		if err != nil {
			t.Errorf("drop tablespace %s: %v", name, err)
			return
		}
		defer c.Close(ctx)
		if _, err := c.Exec(ctx, "DROP TABLESPACE IF EXISTS "+name); err != nil {
			t.Errorf("drop tablespace %s: %v", name, err)
		}
	})
	return name
}

// watchAttempts is how often a case whose statements run in autocommit is
// tried before its differences count: such a statement's locks are sampled
// by a second connection while it runs (dbfacts.Tracer), and on a busy
// machine a brief phase can end between two samples. A lock the prediction
// gets wrong is missing in every attempt.
const watchAttempts = 3

func runServerCase(ctx context.Context, t *testing.T, c *serverCase, major int) {
	file, findings := predict(ctx, t, c, major)
	var problems []string
	var report string
	for attempt := 1; ; attempt++ {
		var watched bool
		problems, report, watched = attemptServerCase(ctx, t, c, major, file)
		if len(problems) == 0 || !watched || attempt == watchAttempts {
			break
		}
		t.Logf("%s: attempt %d of %d differs from the prediction, trying again:\n  %s", c.path, attempt, watchAttempts, strings.Join(problems, "\n  "))
	}
	reported := map[string]bool{}
	for _, f := range findings {
		reported[f.Rule] = true
	}
	for _, r := range c.rules {
		if !reported[r] {
			problems = append(problems, fmt.Sprintf("no finding of rule %s (findings: %s)", r, ruleList(findings)))
		}
	}
	for _, r := range c.noRules {
		if reported[r] {
			problems = append(problems, fmt.Sprintf("unexpected finding of rule %s", r))
		}
	}
	t.Logf("%s", report)
	if len(problems) > 0 {
		t.Errorf("%s: %s", c.path, strings.Join(problems, "\n  ")+"\n"+report)
	}
}

// attemptServerCase runs the case once on a scratch database and compares
// what the server did with the prediction; watched tells whether the
// statements ran in autocommit, sampled from a second connection.
func attemptServerCase(ctx context.Context, t *testing.T, c *serverCase, major int, file *parser.File) (problems []string, report string, watched bool) {
	url := dbtest.Scratch(t)
	tr, err := dbfacts.NewTracer(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer tr.Close(ctx)
	setup := parser.Parse([]byte(c.setup), parser.Options{PGVersion: major})
	for _, s := range setup.Statements {
		if _, err := tr.Conn().Exec(ctx, s.Text); err != nil {
			t.Fatalf("%s: setup: %s: %v", c.path, s.Text, err)
		}
	}
	if err := tr.MarkBaseline(ctx); err != nil {
		t.Fatal(err)
	}
	// A DO block's statements run with it: the DO is executed and judged
	// against its own prediction and theirs (dbfacts.Predicted).
	var texts []string
	var run []int
	for i, s := range file.Statements {
		if dbfacts.Executes(file, i) {
			texts = append(texts, s.Text)
			run = append(run, i)
		}
	}
	observed, err := tr.Run(ctx, texts, dbfacts.InTransaction, false)
	if err != nil {
		t.Fatal(err)
	}
	mode := "in one transaction"
	if last := observed[len(observed)-1]; dbfacts.CannotRunInTransaction(last) {
		mode, watched = "in autocommit", true
		if observed, err = tr.Run(ctx, texts, dbfacts.Autocommit, false); err != nil {
			t.Fatal(err)
		}
	}
	for k, obs := range observed {
		i := run[k]
		st := dbfacts.Predicted(file, i)
		if obs.Error != nil && c.fails != "" && k == len(observed)-1 {
			if !strings.Contains(obs.Error.Message, c.fails) {
				problems = append(problems, fmt.Sprintf("failed with %q, want an error containing %q", obs.Error.Message, c.fails))
			}
			continue
		}
		for _, d := range dbfacts.Compare(st, obs) {
			problems = append(problems, fmt.Sprintf("statement %d: %s", i+1, d.Message))
		}
	}
	if c.fails != "" && observed[len(observed)-1].Error == nil {
		problems = append(problems, fmt.Sprintf("ran without error, want an error containing %q", c.fails))
	}
	report = fmt.Sprintf("%s (run %s)\n%s", c.name, mode, sideBySide(file, run, observed))
	return problems, report, watched
}

// predict lints the statement section with the setup as its history, as
// `ddlgate lint --history setup.sql statement.sql` would, for the server's
// major version.
func predict(ctx context.Context, t *testing.T, c *serverCase, major int) (*parser.File, []findingLite) {
	t.Helper()
	load := func(name, src string) migrations.Migration {
		ms, err := migrations.Load(name, []byte(src), migrations.FormatPlain, false)
		if err != nil || len(ms) != 1 {
			t.Fatalf("load %s: %v", name, err)
		}
		return ms[0]
	}
	// Blank lines in front keep the statement's lines those of the case file.
	stmt := load(c.path, strings.Repeat("\n", c.statementLine-1)+c.statement)
	history := []migrations.Migration{load("setup.sql", c.setup)}
	// The prediction is the document the rules judge, as the facts stage
	// hands it to them: a lint result keeps only part of it (not the
	// statements' actions, which Compare reads).
	var predicted *parser.File
	observe := func(_ context.Context, _ int, f *parser.File) error {
		cp := *f
		cp.Statements = slices.Clone(f.Statements)
		predicted = &cp
		return nil
	}
	res, err := lint.RunWithHistory(ctx, []migrations.Migration{stmt}, history, lint.Options{
		Runner: c.runner, PGVersion: parser.ClampPGVersion(major), AllowEmpty: true, Observe: observe,
	})
	if err != nil {
		t.Fatalf("%s: lint: %v", c.path, err)
	}
	if len(res.Files) != 1 || predicted == nil || len(predicted.Statements) == 0 {
		t.Fatalf("%s: the statement section holds no statement", c.path)
	}
	if pe := predicted.ParseErrors; len(pe) > 0 {
		t.Fatalf("%s: %v", c.path, pe)
	}
	var fs []findingLite
	for _, f := range res.Findings {
		fs = append(fs, findingLite{Rule: f.Rule, Line: f.Line, Message: f.Message})
	}
	return predicted, fs
}

type findingLite struct {
	Rule    string
	Line    int
	Message string
}

func ruleList(fs []findingLite) string {
	var ids []string
	for _, f := range fs {
		ids = append(ids, f.Rule)
	}
	if len(ids) == 0 {
		return "none"
	}
	return strings.Join(ids, ", ")
}

// sideBySide prints, per statement, the prediction and the observation.
func sideBySide(f *parser.File, run []int, observed []*parser.Observed) string {
	var b strings.Builder
	for k, i := range run {
		st := dbfacts.Predicted(f, i)
		fmt.Fprintf(&b, "  statement %d (line %d): %s\n", i+1, st.Span.Line, oneLine(st.Text))
		var locks []string
		for _, l := range st.Locks {
			locks = append(locks, l.Mode+" on "+l.Relation.QualifiedName())
		}
		fmt.Fprintf(&b, "    predicted: locks [%s] rewrites_table=%v scans_table=%v\n",
			strings.Join(locks, ", "), st.Effects.RewritesTable, st.Effects.ScansTable)
		if k >= len(observed) {
			b.WriteString("    observed:  not run\n")
			continue
		}
		data, _ := json.Marshal(observedSummary(observed[k]))
		fmt.Fprintf(&b, "    observed:  %s\n", data)
	}
	return b.String()
}

func observedSummary(o *parser.Observed) map[string]any {
	if o.Error != nil {
		return map[string]any{"error": o.Error.Code + " " + o.Error.Message}
	}
	var locks, rewrites, scans []string
	for _, l := range o.Locks {
		s := l.Mode + " on " + l.Relation.QualifiedName() + " (" + l.Kind + ")"
		if !l.Granted {
			s += " waiting"
		}
		if !l.New {
			s += " held before"
		}
		locks = append(locks, s)
	}
	for _, r := range o.Rewrites {
		rewrites = append(rewrites, r.Relation.QualifiedName()+" ("+r.Kind+")")
	}
	for _, r := range o.Scans {
		scans = append(scans, r.Relation.QualifiedName())
	}
	return map[string]any{"locks": locks, "rewrites": rewrites, "scans": scans}
}

func oneLine(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 100 {
		s = s[:97] + "..."
	}
	return s
}
