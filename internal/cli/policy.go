package cli

import (
	"cmp"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/ddlgate/ddlgate/internal/config"
	"github.com/ddlgate/ddlgate/internal/engine"
	"github.com/ddlgate/ddlgate/internal/gate"
	"github.com/ddlgate/ddlgate/internal/lint"
	"github.com/ddlgate/ddlgate/internal/migrations"
)

func (a *app) newPolicyCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "policy",
		Short: "Write and test custom Rego rules",
		Long: `Custom rules are Rego (v1) packages ddlgate.custom.rules.<category>["<rule-id>"]
in a directory passed with --policy or listed under policies: in .ddlgate.yaml.
They read the same facts as the built-in rules (see ddlgate facts, and
ddlgate facts --schema) and are listed, configured, waived and reported
exactly like them.`,
		Example: `  ddlgate policy new tenancy/require-tenant-id --dir policies
  ddlgate policy test policies
  ddlgate lint --policy policies migrations/`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
	}
	cmd.AddCommand(a.newPolicyTestCommand(), a.newPolicyNewCommand())
	return cmd
}

func (a *app) newPolicyTestCommand() *cobra.Command {
	var configPath string
	var builtin bool
	cmd := &cobra.Command{
		Use:   "test [DIR...]",
		Short: "Run the _test.rego files of custom policies, and check their bad.sql and good.sql",
		Long: `Run the Rego tests (test_* rules, usually in *_test.rego files) of the policy
directories, default the policies: of .ddlgate.yaml. Tests build their input
from SQL with ddlgate.parse_sql(sql, options), which runs the real parser;
options is {} or any of pg_version, runner, transaction_mode, path,
default_schema. Policies run sandboxed and type-checked against the facts
schema, as in production.

Next to a rule, bad.sql must draw at least one finding of that rule and
good.sql none.

Prints PASS or FAIL per test and exits 1 when any fails, 2 when the policies
do not compile.`,
		Example: `  ddlgate policy test policies/
  ddlgate policy test --builtin            # the built-in rules' tests too`,
		RunE: func(cmd *cobra.Command, args []string) error {
			dirs, err := a.policyTestDirs(configPath, args)
			if err != nil {
				return err
			}
			if len(dirs) == 0 && !builtin {
				return usageErrorf("no policy directory: pass one, list it under policies: in %s, or use --builtin", config.FileName)
			}
			return a.runPolicyTests(cmd, dirs, builtin)
		},
	}
	cmd.Flags().BoolVar(&builtin, "builtin", false, "also run the tests of the built-in rules")
	cmd.Flags().StringVar(&configPath, "config", "", "config file whose policies: are tested when no DIR is given")
	return cmd
}

// policyTestDirs returns the directories given, else the config's.
func (a *app) policyTestDirs(configPath string, args []string) ([]string, error) {
	var dirs []string
	if len(args) == 0 {
		cfg, err := config.Load(configPath, a.workDir)
		if err != nil {
			return nil, err
		}
		dirs = append(dirs, cfg.PolicyDirs...)
	}
	for _, d := range args {
		dirs = append(dirs, a.abs(d))
	}
	for _, d := range dirs {
		fi, err := os.Stat(d)
		if err != nil {
			return nil, usageErrorf("policy directory %s: %v", a.display(d), errors.Unwrap(err))
		}
		if !fi.IsDir() {
			return nil, usageErrorf("policy directory %s: not a directory", a.display(d))
		}
	}
	return dirs, nil
}

// runPolicyTests loads the policies (METADATA, package and id checks), runs
// the Rego tests and the bad/good SQL examples, and prints one line per
// test grouped by file, then the totals, as opa test -v does.
func (a *app) runPolicyTests(cmd *cobra.Command, dirs []string, builtin bool) error {
	ctx := cmd.Context()
	pols, err := lint.LoadPolicies(ctx, dirs)
	if err != nil {
		return err
	}
	results, err := engine.Tests(ctx, dirs, builtin)
	if err != nil {
		return err
	}
	examples, err := a.exampleTests(cmd, pols, dirs)
	if err != nil {
		return err
	}
	results = append(results, examples...)
	// The tester runs tests concurrently: group them by file, in file order.
	slices.SortStableFunc(results, func(x, y engine.TestResult) int {
		xf, xl := splitLocation(x.Location)
		yf, yl := splitLocation(y.Location)
		return cmp.Or(strings.Compare(xf, yf), cmp.Compare(xl, yl))
	})
	if len(results) == 0 {
		return usageErrorf("no tests found in %s: write test_* rules in *_test.rego files (ddlgate policy new scaffolds one)", a.displayList(dirs))
	}
	w := a.stdout
	nFailed, file := 0, ""
	for _, r := range results {
		loc, _ := splitLocation(r.Location)
		if f := a.display(loc); f != file {
			if file != "" {
				fmt.Fprintln(w)
			}
			file = f
			fmt.Fprintf(w, "%s:\n", file)
		}
		verdict := "PASS"
		if !r.Passed {
			verdict = "FAIL"
			nFailed++
		}
		fmt.Fprintf(w, "%s: %s (%s)\n", r.Name, verdict, r.Duration.Round(time.Microsecond))
		if !r.Passed && r.Detail != "" {
			fmt.Fprintf(w, "  %s\n", strings.ReplaceAll(strings.TrimSpace(r.Detail), "\n", "\n  "))
		}
	}
	fmt.Fprintln(w, strings.Repeat("-", 80))
	total := len(results)
	if passed := total - nFailed; passed > 0 {
		fmt.Fprintf(w, "PASS: %d/%d\n", passed, total)
	}
	if nFailed > 0 {
		fmt.Fprintf(w, "FAIL: %d/%d\n", nFailed, total)
		return failed()
	}
	return nil
}

// splitLocation splits a test's "file:line".
func splitLocation(loc string) (string, int) {
	i := strings.LastIndexByte(loc, ':')
	if i < 0 {
		return loc, 0
	}
	line, _ := strconv.Atoi(loc[i+1:])
	return loc[:i], line
}

func (a *app) displayList(dirs []string) string {
	out := make([]string, len(dirs))
	for i, d := range dirs {
		out[i] = a.display(d)
	}
	return strings.Join(out, ", ")
}

// exampleTests lints the bad.sql and good.sql found beside each custom rule
// of dirs: bad.sql must draw a finding of the rule, good.sql none. They are
// what a reviewer reads first, so they must not drift from the rule.
func (a *app) exampleTests(cmd *cobra.Command, pols *engine.Policies, dirs []string) ([]engine.TestResult, error) {
	var out []engine.TestResult
	on := true
	for _, r := range pols.Rules() {
		if !r.Custom {
			continue
		}
		ruleDir := filepath.Dir(r.Source)
		for _, ex := range []struct {
			name string
			want bool
		}{{"bad.sql", true}, {"good.sql", false}} {
			path := filepath.Join(ruleDir, ex.name)
			if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
				continue
			}
			start := time.Now()
			res, err := lint.Run(cmd.Context(), lint.Options{
				Paths:      []string{path},
				Format:     migrations.FormatPlain,
				PolicyDirs: dirs,
				Policies:   pols,
				Rules:      map[string]engine.RuleConfig{r.ID: {Enabled: &on}},
				Now:        a.now(),
			})
			if err != nil {
				return nil, fmt.Errorf("lint example %s: %w", a.display(path), err)
			}
			var lines []string
			for _, f := range res.Findings {
				if f.Rule == r.ID {
					lines = append(lines, fmt.Sprintf("line %d: %s", f.Line, f.Message))
				}
			}
			tr := engine.TestResult{
				Name:     fmt.Sprintf("%s.%s", r.ID, strings.TrimSuffix(ex.name, ".sql")),
				Location: path + ":1",
				Passed:   (len(lines) > 0) == ex.want,
				Duration: time.Since(start),
			}
			switch {
			case tr.Passed:
			case ex.want:
				tr.Detail = fmt.Sprintf("want a finding of %s, got none", r.ID)
			default:
				tr.Detail = fmt.Sprintf("want no finding of %s, got:\n%s", r.ID, strings.Join(lines, "\n"))
			}
			out = append(out, tr)
		}
	}
	return out, nil
}

// ruleIDPattern is the shape of rule ids and categories: lower-case words
// joined by hyphens, as the built-in ones.
var ruleIDPattern = regexp.MustCompile(`^[a-z][a-z0-9]*(-[a-z0-9]+)*$`)

func (a *app) newPolicyNewCommand() *cobra.Command {
	var dir, configPath string
	cmd := &cobra.Command{
		Use:   "new CATEGORY/RULE-ID",
		Short: "Scaffold a custom rule: rule.rego, rule_test.rego, bad.sql, good.sql",
		Long: `Write DIR/CATEGORY/RULE-ID/ with a rule, its Rego test and example SQL that
pass ddlgate policy test as generated. Edit the rule's condition, then the
tests and examples. DIR defaults to the first policies: entry of
.ddlgate.yaml, else ./policies.`,
		Example: `  ddlgate policy new tenancy/require-tenant-id
  ddlgate policy new security/ban-plain-text-secrets --dir security/ddlgate`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			category, id, ok := strings.Cut(args[0], "/")
			if !ok || !ruleIDPattern.MatchString(category) || !ruleIDPattern.MatchString(id) {
				return usageErrorf("want CATEGORY/RULE-ID in lower-case words joined by hyphens, as tenancy/require-tenant-id; got %q", args[0])
			}
			if !cmd.Flags().Changed("dir") {
				cfg, err := config.Load(configPath, a.workDir)
				if err != nil {
					return err
				}
				dir = "policies"
				if len(cfg.PolicyDirs) > 0 {
					dir = cfg.PolicyDirs[0]
				}
			}
			builtins, err := lint.LoadPolicies(cmd.Context(), nil)
			if err != nil {
				return err
			}
			if r, taken := builtins.Rule(id); taken {
				return usageErrorf("rule id %s is taken by the built-in rule in category %s: choose another id", id, r.Category)
			}
			ruleDir := filepath.Join(a.abs(dir), category, id)
			if _, err := os.Stat(ruleDir); err == nil {
				return usageErrorf("%s already exists: not overwriting it", a.display(ruleDir))
			}
			if err := writeScaffold(ruleDir, category, id); err != nil {
				return &exitError{code: gate.Broken, err: err}
			}
			shown := a.display(ruleDir)
			fmt.Fprintf(a.stdout, "created %s/{rule.rego,rule_test.rego,bad.sql,good.sql}\n\n", shown)
			fmt.Fprintf(a.stdout, "next:\n  ddlgate policy test %s\n  ddlgate lint --policy %s %s\n", a.display(a.abs(dir)), a.display(a.abs(dir)), filepath.Join(shown, "bad.sql"))
			fmt.Fprintf(a.stdout, "and add it to %s so every lint uses it:\n  policies: [%s]\n", config.FileName, a.display(a.abs(dir)))
			return nil
		},
	}
	cmd.Flags().StringVar(&dir, "dir", "", "policy directory to create the rule in (default: first policies: of the config, else policies)")
	cmd.Flags().StringVar(&configPath, "config", "", "config file (default: .ddlgate.yaml found from the current directory upwards)")
	return cmd
}

// writeScaffold writes the four files of a new rule under ruleDir.
func writeScaffold(ruleDir, category, id string) error {
	if err := os.MkdirAll(ruleDir, 0o755); err != nil {
		return fmt.Errorf("create rule directory: %w", err)
	}
	pkg := fmt.Sprintf("ddlgate.custom.rules.%s[%q]", category, id)
	testPkg := fmt.Sprintf("ddlgate.custom.rules.%s[%q]", category, id+"_test")
	files := []struct{ name, content string }{
		{"rule.rego", fmt.Sprintf(ruleTemplate, pkg)},
		{"rule_test.rego", fmt.Sprintf(ruleTestTemplate, testPkg, pkg, id)},
		{"bad.sql", badSQLTemplate},
		{"good.sql", goodSQLTemplate},
	}
	for _, f := range files {
		path := filepath.Join(ruleDir, f.name)
		if err := os.WriteFile(path, []byte(f.content), 0o644); err != nil {
			return fmt.Errorf("write %s: %w", path, err)
		}
	}
	return nil
}

// The scaffold is a complete, passing rule on purpose: a first edit then
// changes one working thing at a time. Its example is one no built-in rule
// covers, so bad.sql shows the new rule's finding on its own.
const ruleTemplate = `# METADATA
# title: Tables must not be UNLOGGED
# description: |
#   Say what the rule protects and why, then the safe alternative, with SQL.
#   An UNLOGGED table is truncated after a crash and is not replicated:
#   create it logged. ddlgate explain <rule-id> prints this text.
# custom:
#   severity: error
#   help: Drop UNLOGGED from CREATE TABLE.
#   examples:
#     bad: CREATE UNLOGGED TABLE events (id bigint PRIMARY KEY);
#     good: CREATE TABLE events (id bigint PRIMARY KEY);
package %s

import data.ddlgate.lib.result

# report holds the rule's findings. 'ddlgate facts FILE' prints the facts of a
# migration, the input this rule reads; 'ddlgate facts --schema' their schema.
report contains finding if {
	some stmt in input.statements
	some action in stmt.actions
	action.type == "create_table"
	action.unlogged
	finding := result.fail(rego.metadata.chain(), stmt, action.span,
		sprintf("table %%s is UNLOGGED: its rows are lost on a crash and missing on replicas", [action.table.name]))
}
`

const ruleTestTemplate = `package %s

import data.%s as rule

# Tests are written in SQL: ddlgate.parse_sql(sql, options) runs the real
# parser. options is {} or any of pg_version, runner, transaction_mode, path,
# default_schema.
_report(sql) := r if {
	r := rule.report with input as ddlgate.parse_sql(sql, {})
}

test_unlogged_table_is_reported if {
	[f] := [f | some f in _report("CREATE TABLE accounts (id bigint PRIMARY KEY);\nCREATE UNLOGGED TABLE events (id bigint PRIMARY KEY);")]
	f.rule == %q
	f.span.line == 2
	f.message == "table events is UNLOGGED: its rows are lost on a crash and missing on replicas"
}

test_logged_table_passes if {
	count(_report("CREATE TABLE events (id bigint PRIMARY KEY);")) == 0
}
`

const badSQLTemplate = `-- ddlgate policy test: this file must draw a finding of the rule.
CREATE UNLOGGED TABLE events (id bigint PRIMARY KEY);
`

const goodSQLTemplate = `-- ddlgate policy test: this file must draw no finding of the rule.
CREATE TABLE events (id bigint PRIMARY KEY);
`
