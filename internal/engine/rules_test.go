package engine

import (
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/ddlgate/ddlgate/internal/facts"
	"github.com/ddlgate/ddlgate/internal/finding"
	"github.com/ddlgate/ddlgate/policies"
)

// rulesDir holds one directory per rule, policies/rules/<category>/<id>/,
// with the rule's SQL testdata in its testdata/*.sql: files named good*.sql
// expect no finding of the rule, the others expect exactly the findings
// their `-- want "<regexp>"` comments announce, on those lines.
var rulesDir = filepath.Join("..", "..", "policies", "rules")

// ruleTestdata returns the directory of a rule's SQL testdata.
func ruleTestdata(category, id string) string {
	return filepath.Join(rulesDir, category, id, "testdata")
}

// everyRuleEnabled prepares an engine where rules disabled by default run too.
func everyRuleEnabled(t *testing.T) (*Policies, *Engine) {
	t.Helper()
	p, err := Load(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	e, err := p.Prepare(context.Background(), everyRuleConfig(p))
	if err != nil {
		t.Fatal(err)
	}
	return p, e
}

// everyRuleConfig enables every rule of p.
func everyRuleConfig(p *Policies) map[string]RuleConfig {
	on := true
	cfg := map[string]RuleConfig{}
	for _, r := range p.Rules() {
		cfg[r.ID] = RuleConfig{Enabled: &on}
	}
	return cfg
}

func TestRuleTestdata(t *testing.T) {
	p, e := everyRuleEnabled(t)
	dirs, err := filepath.Glob(filepath.Join(rulesDir, "*", "*", "testdata"))
	if err != nil || len(dirs) == 0 {
		t.Fatalf("no rule testdata under %s: %v", rulesDir, err)
	}
	for _, dir := range dirs {
		ruleDir := filepath.Dir(dir)
		category, id := filepath.Base(filepath.Dir(ruleDir)), filepath.Base(ruleDir)
		t.Run(id, func(t *testing.T) {
			if r, ok := p.Rule(id); !ok || r.Category != category {
				t.Fatalf("%s: no rule %s in category %s", dir, id, category)
			}
			files, err := filepath.Glob(filepath.Join(dir, "*.sql"))
			if err != nil {
				t.Fatal(err)
			}
			for _, file := range files {
				t.Run(filepath.Base(file), func(t *testing.T) { checkRuleFile(t, e, id, file) })
			}
		})
	}
}

func checkRuleFile(t *testing.T, e *Engine, id, file string) {
	src, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	rel, err := filepath.Rel(filepath.Join("..", ".."), file)
	if err != nil {
		t.Fatal(err)
	}
	f, err := parseWithHeader(string(src), filepath.ToSlash(rel))
	if err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	all, err := e.Eval(context.Background(), f)
	if err != nil {
		t.Fatal(err)
	}
	got := findingsOf(all, id)
	wants, err := parseWants(string(src))
	if err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	if strings.HasPrefix(filepath.Base(file), "good") && len(wants) > 0 {
		t.Fatalf("%s: a good file cannot want findings", file)
	}
	var problems []string
	for _, fd := range got {
		i := matchWant(wants, fd)
		if i < 0 {
			problems = append(problems, fmt.Sprintf("%s:%d: unexpected finding: %s\n    help: %s", file, fd.Line, fd.Message, fd.Help))
			continue
		}
		wants[i].matched = true
	}
	for _, w := range wants {
		if !w.matched {
			if w.help != nil || w.severity != "" {
				problems = append(problems, fmt.Sprintf("%s:%d: no finding matching %q with help matching %q and severity %q", file, w.line, w.re, w.help, w.severity))
				continue
			}
			problems = append(problems, fmt.Sprintf("%s:%d: no finding matching %q", file, w.line, w.re))
		}
	}
	if len(problems) > 0 {
		t.Errorf("rule %s:\n  %s\nall findings of the file:\n%s", id, strings.Join(problems, "\n  "), describe(all))
	}
}

func describe(fs []finding.Finding) string {
	if len(fs) == 0 {
		return "  (none)"
	}
	var b strings.Builder
	for _, f := range fs {
		fmt.Fprintf(&b, "  %d:%d %s %s: %s\n", f.Line, f.Column, f.Severity, f.Rule, f.Message)
	}
	return b.String()
}

// want is one `-- want "<regexp>"` expectation on a finding's message,
// optionally followed by `help "<regexp>"` on its help, for rules whose
// help depends on the file (its runner, its transaction), and by `severity
// <level>` for a finding whose severity the facts lower (a small table).
type want struct {
	line     int
	re, help *regexp.Regexp
	severity string
	matched  bool
}

var wantComment = regexp.MustCompile(`--\s*want\s+("(?:[^"\\]|\\.)*")(?:\s+help\s+("(?:[^"\\]|\\.)*"))?(?:\s+severity\s+(error|warning|info))?`)

func parseWants(src string) ([]want, error) {
	var wants []want
	for i, line := range strings.Split(src, "\n") {
		for _, m := range wantComment.FindAllStringSubmatch(line, -1) {
			w := want{line: i + 1, severity: m[3]}
			for _, p := range []struct {
				quoted string
				re     **regexp.Regexp
			}{{m[1], &w.re}, {m[2], &w.help}} {
				if p.quoted == "" {
					continue
				}
				pattern, err := strconv.Unquote(p.quoted)
				if err != nil {
					return nil, fmt.Errorf("line %d: bad want string %s: %w", i+1, p.quoted, err)
				}
				if *p.re, err = regexp.Compile(pattern); err != nil {
					return nil, fmt.Errorf("line %d: bad want regexp: %w", i+1, err)
				}
			}
			wants = append(wants, w)
		}
	}
	return wants, nil
}

func matchWant(wants []want, f finding.Finding) int {
	for i, w := range wants {
		if !w.matched && w.line == f.Line && w.re.MatchString(f.Message) && (w.help == nil || w.help.MatchString(f.Help)) &&
			(w.severity == "" || w.severity == f.Severity.String()) {
			return i
		}
	}
	return -1
}

// parseWithHeader builds the facts of src as ddlgate.parse_sql does, with
// the options of its optional first line, e.g.
// `-- options: pg_version=10 runner=goose in_journal=false`: numbers and
// true/false are typed, duplicate_versions and history are comma-separated
// lists, phase_history, ordered_before, db and db_snapshot are JSON without
// spaces. path is the file's path unless
// the header names one. Lines `-- history: <SQL>` at the top of the file
// (after the options line, if any) add one history file each, for history
// SQL with spaces: `-- history: CREATE TABLE p (id int) PARTITION BY RANGE (id);`.
func parseWithHeader(src, path string) (*facts.Document, error) {
	opts := map[string]any{"path": path}
	var history []string
	for _, line := range strings.Split(src, "\n") {
		if h, ok := strings.CutPrefix(line, "-- history:"); ok {
			history = append(history, strings.TrimSpace(h))
		} else if !strings.HasPrefix(line, "-- options:") {
			break
		}
	}
	if len(history) > 0 {
		opts["history"] = history
	}
	first, _, _ := strings.Cut(src, "\n")
	if fields, ok := strings.CutPrefix(strings.TrimSpace(first), "-- options:"); ok {
		for _, field := range strings.Fields(fields) {
			k, v, _ := strings.Cut(field, "=")
			switch k {
			case "pg_version":
				n, err := strconv.Atoi(v)
				if err != nil {
					return nil, fmt.Errorf("options: pg_version=%s is not a number", v)
				}
				opts[k] = n
			case "in_journal", "project_file", "committed", "force_transaction", "mixed_allowed":
				opts[k] = v == "true"
			case "duplicate_versions", "history", "exists", "run_by":
				opts[k] = strings.Split(v, ",")
			case "phase_history", "ordered_before", "db", "db_snapshot":
				// Numbers stay as written: 12000000, not 1.2e+07.
				dec := json.NewDecoder(strings.NewReader(v))
				dec.UseNumber()
				var doc any
				if err := dec.Decode(&doc); err != nil {
					return nil, fmt.Errorf("options: %s: %w", k, err)
				}
				opts[k] = doc
			default:
				opts[k] = v
			}
		}
	}
	v, err := ast.InterfaceToValue(opts)
	if err != nil {
		return nil, err
	}
	so, err := parseOptions(v.(ast.Object))
	if err != nil {
		return nil, fmt.Errorf("options: %w", err)
	}
	return sqlFacts(src, so)
}

// TestRuleMetadata checks that every rule directory documents and tests its
// rule, and that the METADATA examples behave as documented. Rules computed
// outside Rego (custom.computed: engine) have no Rego findings to check.
func TestRuleMetadata(t *testing.T) {
	p, e := everyRuleEnabled(t)
	ruleFiles, err := fs.Glob(policies.FS, "rules/*/*/rule.rego")
	if err != nil {
		t.Fatal(err)
	}
	dirs, err := fs.Glob(policies.FS, "rules/*/*")
	if err != nil {
		t.Fatal(err)
	}
	if len(dirs) != len(ruleFiles) {
		t.Errorf("%d rule directories but %d rule.rego files: every rules/<category>/<id>/ needs a rule.rego", len(dirs), len(ruleFiles))
	}
	for _, ruleFile := range ruleFiles {
		dir := path.Dir(ruleFile)
		category, id := path.Base(path.Dir(dir)), path.Base(dir)
		t.Run(id, func(t *testing.T) {
			r, ok := p.Rule(id)
			if !ok {
				t.Fatalf("%s: package is not ddlgate.rules.%s[%q]", ruleFile, category, id)
			}
			if r.Category != category {
				t.Errorf("%s: category %q, want %q (its directory)", ruleFile, r.Category, category)
			}
			if _, err := fs.Stat(policies.FS, path.Join(dir, "rule_test.rego")); err != nil {
				t.Errorf("%s: no rule_test.rego beside it", ruleFile)
			}
			for field, v := range map[string]string{"title": r.Title, "description": r.Description, "custom.examples.bad": r.Examples.Bad, "custom.examples.good": r.Examples.Good} {
				if strings.TrimSpace(v) == "" {
					t.Errorf("%s: METADATA %s is empty", ruleFile, field)
				}
			}
			if r.Computed {
				return
			}
			checkTestdataFiles(t, category, id)
			bad := findingsOf(evalSQL(t, e, r.Examples.Bad), id)
			if len(bad) == 0 {
				t.Errorf("METADATA bad example yields no %s finding:\n%s", id, r.Examples.Bad)
			}
			if good := findingsOf(evalSQL(t, e, r.Examples.Good), id); len(good) > 0 {
				t.Errorf("METADATA good example yields %s findings:\n%s\n%s", id, r.Examples.Good, describe(good))
			}
		})
	}
}

func checkTestdataFiles(t *testing.T, category, id string) {
	t.Helper()
	dir := ruleTestdata(category, id)
	files, _ := filepath.Glob(filepath.Join(dir, "*.sql"))
	var good, bad int
	for _, f := range files {
		if strings.HasPrefix(filepath.Base(f), "good") {
			good++
		} else {
			bad++
		}
	}
	if good == 0 || bad == 0 {
		t.Errorf("%s/ needs at least one bad*.sql and one good*.sql (has %d bad, %d good)", dir, bad, good)
	}
}

func evalSQL(t *testing.T, e *Engine, sql string) []finding.Finding {
	t.Helper()
	// An example may start with the same `-- options:` header as a testdata
	// file, for rules that only apply to some versions or runners.
	f, err := parseWithHeader(sql, "example.sql")
	if err != nil {
		t.Fatalf("example: %v", err)
	}
	fs, err := e.Eval(context.Background(), f)
	if err != nil {
		t.Fatal(err)
	}
	return fs
}
