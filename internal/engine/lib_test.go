package engine

import (
	"io/fs"
	"path"
	"slices"
	"strings"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/ddlgate/ddlgate/policies"
)

// TestLibFilesHaveTests checks that every shared helper file,
// policies/lib/<name>.rego, has its tests beside it in <name>_test.rego:
// helpers many rules rely on are tested where they are defined, not through
// one rule's tests.
func TestLibFilesHaveTests(t *testing.T) {
	files, err := fs.Glob(policies.FS, "lib/*.rego")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no policies/lib/*.rego in the embedded policies")
	}
	for _, f := range files {
		if isTestFile(f) {
			continue
		}
		test := strings.TrimSuffix(f, ".rego") + "_test.rego"
		if !slices.Contains(files, test) {
			t.Errorf("policies/%s has no policies/%s beside it", f, test)
		}
	}
}

// TestNoHelperCopiedBetweenRules checks that no private helper is defined
// the same way in two rules: a copy belongs in policies/lib/, where it is
// written and tested once. Helpers built on rego.metadata.chain() read
// their own rule's METADATA, so each rule needs its own.
func TestNoHelperCopiedBetweenRules(t *testing.T) {
	copies := helperCopies(t)
	for def, rules := range copies {
		t.Errorf("helper copied in %s; move it to policies/lib/ with a test:\n%s", strings.Join(rules, ", "), def)
	}
}

// helperCopies maps the definitions (every rule of one name, in source
// order, printed without locations or comments) of the private helpers
// found in more than one rule module to the rule ids that hold them.
func helperCopies(t *testing.T) map[string][]string {
	t.Helper()
	files, err := fs.Glob(policies.FS, "rules/*/*/rule.rego")
	if err != nil {
		t.Fatal(err)
	}
	holders := map[string][]string{}
	for _, f := range files {
		src, err := fs.ReadFile(policies.FS, f)
		if err != nil {
			t.Fatal(err)
		}
		mod, err := ast.ParseModuleWithOpts(f, string(src), ast.ParserOptions{RegoVersion: ast.RegoV1})
		if err != nil {
			t.Fatalf("parse %s: %v", f, err)
		}
		defs := map[string][]string{}
		for _, r := range mod.Rules {
			name := r.Head.Ref().String()
			if strings.HasPrefix(name, "_") {
				defs[name] = append(defs[name], r.String())
			}
		}
		for _, texts := range defs {
			def := strings.Join(texts, "\n")
			if strings.Contains(def, "rego.metadata.chain()") {
				continue
			}
			holders[def] = append(holders[def], path.Base(path.Dir(f)))
		}
	}
	for def, rules := range holders {
		if len(rules) < 2 {
			delete(holders, def)
		}
	}
	return holders
}
