// Package engine loads ddlgate's Rego policies (the embedded bundle and user
// policy directories), builds the rule registry from their METADATA, and
// evaluates the enabled rules against one file's facts at a time.
package engine

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/bundle"

	"github.com/ddlgate/ddlgate/internal/finding"
	"github.com/ddlgate/ddlgate/policies"
)

// Rule is a rule's identity and documentation, read from its package
// METADATA. ID and Category come from the package path
// ddlgate.rules.<category>["<id>"] (ddlgate.custom.rules... for user rules).
type Rule struct {
	ID, Category, Title, Description string
	// Severity is the default from METADATA custom.severity.
	Severity finding.Severity
	// Enabled is the default from METADATA custom.enabled (true when absent).
	Enabled bool
	// MinPGVersion is the lowest target major version the rule applies to, 0
	// for all.
	MinPGVersion int
	// Params are the parameter defaults from METADATA custom.params.
	Params   map[string]any
	Examples struct{ Bad, Good string }
	// Help is the generic fix from METADATA custom.help, used when a finding
	// carries no help of its own.
	Help             string
	RelatedResources []string
	// Computed is true for rules computed by the engine's caller rather than
	// in Rego (METADATA custom.computed: engine), such as unused-ignore: their
	// report is always empty.
	Computed bool
	// Custom is true for a user policy.
	Custom bool
	// Source is the path of the rule's .rego file, for error messages.
	Source string
	// triggers are the action types a file needs for the rule to possibly
	// report (see reportTriggers); nil when the rule runs on every file.
	triggers []string
	// module is the bundle path of the rule's module; pinned is true when
	// another module refers to the rule's package, so that compiling without
	// the rule would change that module's answers.
	module string
	pinned bool
}

// Policies is a loaded set of policies and the registry of their rules.
type Policies struct {
	bundle *bundle.Bundle
	rules  []Rule // sorted by category then id
	byID   map[string]int
	// userModules is set when policy directories added modules: only then
	// are the policies type-checked against the facts schema when prepared.
	userModules bool
	// builtinModules is the number of embedded modules, the first of
	// bundle.Modules.
	builtinModules int
	// topdownOnly evaluates the built-in rules with topdown instead of the
	// embedded plan (tests compare the two).
	topdownOnly bool
	// lazy parses the bundle of policies read from the rule index (Open)
	// when a prepare needs it; bundle is nil until then.
	lazy *lazyBundle
}

// Load reads the embedded policy bundle and the .rego files under policyDirs
// (user rules, which must live under package ddlgate.custom), and builds the
// rule registry from their METADATA. _test.rego files are not loaded.
// Compilation happens in Prepare.
func Load(ctx context.Context, policyDirs []string) (*Policies, error) {
	b, err := readEmbedded()
	if err != nil {
		return nil, err
	}
	embedded := len(b.Modules)
	for _, dir := range policyDirs {
		files, err := readUserModules(ctx, dir)
		if err != nil {
			return nil, err
		}
		b.Modules = append(b.Modules, files...)
	}
	p := &Policies{bundle: b, byID: map[string]int{}, userModules: len(b.Modules) > embedded, builtinModules: embedded}
	for i, mf := range b.Modules {
		rule, ok, err := ruleOf(mf)
		if err != nil {
			return nil, err
		}
		if !ok {
			continue
		}
		if i < embedded {
			// Embedded paths are relative to the policies directory.
			rule.Source = path.Join("policies", mf.Path)
		}
		if prev, dup := p.byID[rule.ID]; dup {
			if first := p.rules[prev]; !first.Custom && rule.Custom {
				return nil, fmt.Errorf("load policy %s: rule id %s collides with the built-in rule of that id (%s): give your rule another id", rule.Source, rule.ID, first.Source)
			}
			return nil, fmt.Errorf("load policies: rule %s is defined twice: in %s and %s", rule.ID, p.rules[prev].Source, rule.Source)
		}
		p.byID[rule.ID] = len(p.rules)
		p.rules = append(p.rules, rule)
	}
	slices.SortFunc(p.rules, func(a, b Rule) int {
		if c := strings.Compare(a.Category, b.Category); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	for i, r := range p.rules {
		p.byID[r.ID] = i
	}
	pinReferencedRules(b.Modules, p.rules)
	return p, nil
}

// pinReferencedRules marks the rules whose package a module other than their
// own refers to, by a reference or an import. A reference that could reach
// a rule package through a variable (data.ddlgate.rules[category]) pins
// every rule it could reach.
func pinReferencedRules(mods []bundle.ModuleFile, rules []Rule) {
	packages := make([]ast.Ref, len(rules))
	for i, r := range rules {
		root := builtinRulesRoot
		if r.Custom {
			root = customRulesRoot
		}
		packages[i] = root.Append(ast.StringTerm(r.Category)).Append(ast.StringTerm(r.ID))
	}
	pin := func(from string, ref ast.Ref) {
		if !ref.HasPrefix(ast.DefaultRootRef) {
			return
		}
		ground := ref.GroundPrefix()
		for i, pkg := range packages {
			if rules[i].module != from && (ground.HasPrefix(pkg) || pkg.HasPrefix(ground)) {
				rules[i].pinned = true
			}
		}
	}
	for _, mf := range mods {
		for _, imp := range mf.Parsed.Imports {
			if ref, ok := imp.Path.Value.(ast.Ref); ok {
				pin(mf.Path, ref)
			}
		}
		ast.WalkRefs(mf.Parsed, func(ref ast.Ref) bool {
			pin(mf.Path, ref)
			return false
		})
	}
}

// Rules returns every rule, sorted by category then id.
func (p *Policies) Rules() []Rule { return slices.Clone(p.rules) }

// Rule returns the rule with this id.
func (p *Policies) Rule(id string) (Rule, bool) {
	i, ok := p.byID[id]
	if !ok {
		return Rule{}, false
	}
	return p.rules[i], true
}

func isTestFile(name string) bool { return strings.HasSuffix(name, "_test.rego") }

// readEmbedded reads the built-in bundle without its tests, with annotations
// processed: rego.metadata.chain() needs them.
func readEmbedded() (*bundle.Bundle, error) {
	loader, err := bundle.NewFSLoader(policies.FS)
	if err != nil {
		return nil, fmt.Errorf("read embedded policies: %w", err)
	}
	b, err := bundle.NewCustomReader(loader.WithFilter(func(_ string, fi fs.FileInfo, _ int) bool {
		return isTestFile(fi.Name())
	})).WithProcessAnnotations(true).WithSkipBundleVerification(true).Read()
	if err != nil {
		return nil, fmt.Errorf("read embedded policies: %w", err)
	}
	return &b, nil
}

// readUserModules parses the .rego files (not tests) under dir. They join the
// embedded bundle, whose root "ddlgate" covers ddlgate.custom, so that user
// rules can import the library.
func readUserModules(ctx context.Context, dir string) ([]bundle.ModuleFile, error) {
	sources, err := regoFiles(dir, false)
	if err != nil {
		return nil, err
	}
	files := make([]bundle.ModuleFile, 0, len(sources))
	for _, path := range sources {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		src, mod, err := readModule(path)
		if err != nil {
			return nil, err
		}
		if !mod.Package.Path.HasPrefix(customRoot) {
			return nil, fmt.Errorf("load policy %s: package %s is outside ddlgate.custom (user rules live in ddlgate.custom.rules.<category>[\"<id>\"])", path, strings.TrimPrefix(mod.Package.Path.String(), "data."))
		}
		if err := checkActionTypes(path, mod); err != nil {
			return nil, err
		}
		files = append(files, bundle.ModuleFile{URL: path, Path: path, Raw: src, Parsed: mod})
	}
	return files, nil
}

// readModule reads and parses one policy file.
func readModule(path string) ([]byte, *ast.Module, error) {
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, fmt.Errorf("read policy %s: %w", path, err)
	}
	mod, err := parseModule(path, src)
	if err != nil {
		return nil, nil, err
	}
	return src, mod, nil
}

// regoFiles lists the .rego files under dir, tests included or not, sorted.
func regoFiles(dir string, withTests bool) ([]string, error) {
	var paths []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || !strings.HasSuffix(d.Name(), ".rego") || (!withTests && isTestFile(d.Name())) {
			return nil
		}
		paths = append(paths, path)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read policy directory %s: %w", dir, err)
	}
	return paths, nil
}

func parseModule(path string, src []byte) (*ast.Module, error) {
	mod, err := ast.ParseModuleWithOpts(path, string(src), ast.ParserOptions{ProcessAnnotation: true, RegoVersion: ast.RegoV1})
	if err != nil {
		return nil, fmt.Errorf("parse policy %s: %w", path, err)
	}
	return mod, nil
}

var (
	builtinRulesRoot = ast.MustParseRef("data.ddlgate.rules")
	customRoot       = ast.MustParseRef("data.ddlgate.custom")
	customRulesRoot  = ast.MustParseRef("data.ddlgate.custom.rules")
)

// ruleOf reads the rule a module defines: a package exactly two levels below
// a rules root (category, id). Other modules (library, entry point, helper
// packages) define no rule.
func ruleOf(mf bundle.ModuleFile) (Rule, bool, error) {
	mod := mf.Parsed
	path := mod.Package.Path
	var rule Rule
	switch {
	case path.HasPrefix(builtinRulesRoot) && len(path) == len(builtinRulesRoot)+2:
	case path.HasPrefix(customRulesRoot) && len(path) == len(customRulesRoot)+2:
		rule.Custom = true
	default:
		return Rule{}, false, nil
	}
	cat, catOK := path[len(path)-2].Value.(ast.String)
	id, idOK := path[len(path)-1].Value.(ast.String)
	if !catOK || !idOK {
		return Rule{}, false, fmt.Errorf("load policy %s: package %s: category and rule id must be strings", mf.Path, path)
	}
	rule.Category, rule.ID, rule.Source, rule.module = string(cat), string(id), mf.Path, mf.Path
	rule.triggers = reportTriggers(mod)

	var ann *ast.Annotations
	for _, a := range mod.Annotations {
		if a.Scope == "package" {
			ann = a
			break
		}
	}
	if ann == nil {
		return Rule{}, false, fmt.Errorf("load policy %s: rule %s has no package METADATA (title, description, custom.severity)", mf.Path, rule.ID)
	}
	if err := readMetadata(&rule, ann); err != nil {
		return Rule{}, false, fmt.Errorf("load policy %s: rule %s: %w", mf.Path, rule.ID, err)
	}
	return rule, true, nil
}

// readMetadata fills rule from its package annotations.
func readMetadata(rule *Rule, ann *ast.Annotations) error {
	rule.Title = ann.Title
	rule.Description = strings.TrimSpace(ann.Description)
	for _, rr := range ann.RelatedResources {
		rule.RelatedResources = append(rule.RelatedResources, rr.Ref.String())
	}
	custom := ann.Custom
	sev, _ := custom["severity"].(string)
	severity, err := finding.ParseSeverity(sev)
	if err != nil {
		return fmt.Errorf("custom.severity: %w", err)
	}
	rule.Severity = severity
	rule.Enabled = true
	if v, ok := custom["enabled"]; ok {
		enabled, isBool := v.(bool)
		if !isBool {
			return fmt.Errorf("custom.enabled: want true or false, got %v", v)
		}
		rule.Enabled = enabled
	}
	if v, ok := custom["min_pg_version"]; ok {
		n, isInt := toInt(v)
		if !isInt {
			return fmt.Errorf("custom.min_pg_version: want an integer, got %v", v)
		}
		rule.MinPGVersion = n
	}
	if v, ok := custom["params"]; ok {
		params, isMap := v.(map[string]any)
		if !isMap {
			return fmt.Errorf("custom.params: want an object, got %v", v)
		}
		rule.Params = params
	}
	if v, ok := custom["examples"].(map[string]any); ok {
		rule.Examples.Bad, _ = v["bad"].(string)
		rule.Examples.Good, _ = v["good"].(string)
	}
	rule.Help, _ = custom["help"].(string)
	rule.Computed = custom["computed"] == "engine"
	return nil
}

func toInt(v any) (int, bool) {
	switch n := v.(type) {
	case int:
		return n, true
	case int64:
		return int(n), true
	case uint64:
		return int(n), true
	case float64:
		return int(n), n == float64(int(n))
	case interface{ Int64() (int64, error) }:
		i, err := n.Int64()
		return int(i), err == nil
	}
	return 0, false
}
