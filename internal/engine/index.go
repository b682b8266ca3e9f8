package engine

import (
	"bytes"
	"context"
	"crypto/sha256"
	_ "embed" // the built-in rules' index
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"sync"

	"github.com/open-policy-agent/opa/v1/bundle"
	opaversion "github.com/open-policy-agent/opa/v1/version"

	"github.com/ddlgate/ddlgate/internal/finding"
	"github.com/ddlgate/ddlgate/policies"
)

// The rule index (builtin.index.json, written with the plan by tools/irplan:
// make docs) is the registry of the built-in rules as Load reads it from
// their METADATA, made when ddlgate was built. With it, Open builds the
// registry without parsing any Rego: a run whose results all come from the
// cache reads its rules' titles, severities and docs from here, and a run
// that evaluates only the built-in rules evaluates them from the plan, so
// that the Rego sources are parsed only for topdown (user rules, or a
// stale plan). TestRuleIndexIsFresh fails while the index is stale.

//go:embed builtin.index.json
var builtinIndex []byte

// ruleIndex is the encoded index: the hash of the policies it was made from
// (builtinHash), the embedded modules and the rules.
type ruleIndex struct {
	Hash    string        `json:"hash"`
	Modules []string      `json:"modules"`
	Rules   []indexedRule `json:"rules"`
}

// indexedRule is a Rule with its unexported fields, as the index stores it.
type indexedRule struct {
	ID               string           `json:"id"`
	Category         string           `json:"category"`
	Title            string           `json:"title"`
	Description      string           `json:"description"`
	Severity         finding.Severity `json:"severity"`
	Enabled          bool             `json:"enabled"`
	MinPGVersion     int              `json:"min_pg_version"`
	Params           map[string]any   `json:"params"`
	Bad              string           `json:"example_bad"`
	Good             string           `json:"example_good"`
	Help             string           `json:"help"`
	RelatedResources []string         `json:"related_resources"`
	Computed         bool             `json:"computed"`
	Source           string           `json:"source"`
	Triggers         []string         `json:"triggers"`
	Module           string           `json:"module"`
	Pinned           bool             `json:"pinned"`
}

func indexed(r Rule) indexedRule {
	return indexedRule{ID: r.ID, Category: r.Category, Title: r.Title, Description: r.Description,
		Severity: r.Severity, Enabled: r.Enabled, MinPGVersion: r.MinPGVersion, Params: r.Params,
		Bad: r.Examples.Bad, Good: r.Examples.Good, Help: r.Help, RelatedResources: r.RelatedResources,
		Computed: r.Computed, Source: r.Source, Triggers: r.triggers, Module: r.module, Pinned: r.pinned}
}

func (x indexedRule) rule() Rule {
	r := Rule{ID: x.ID, Category: x.Category, Title: x.Title, Description: x.Description,
		Severity: x.Severity, Enabled: x.Enabled, MinPGVersion: x.MinPGVersion, Params: x.Params,
		Help: x.Help, RelatedResources: x.RelatedResources, Computed: x.Computed, Source: x.Source,
		triggers: x.Triggers, module: x.Module, pinned: x.Pinned}
	if r.Params != nil {
		r.Params = wholeNumbers(r.Params).(map[string]any)
	}
	r.Examples.Bad, r.Examples.Good = x.Bad, x.Good
	return r
}

// wholeNumbers gives the numbers of a decoded parameter value the types
// METADATA's YAML gives them: JSON decodes every number as float64, YAML
// a whole one as int. TestOpenReadsTheIndex compares the two registries.
func wholeNumbers(v any) any {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			x[k] = wholeNumbers(e)
		}
	case []any:
		for i, e := range x {
			x[i] = wholeNumbers(e)
		}
	case float64:
		if x == float64(int(x)) {
			return int(x)
		}
	}
	return v
}

// RuleIndex returns the content of builtin.index.json for the embedded
// policies: tools/irplan writes it, TestRuleIndexIsFresh compares it with
// the embedded one.
func RuleIndex(ctx context.Context) ([]byte, error) {
	p, err := Load(ctx, nil)
	if err != nil {
		return nil, err
	}
	idx := ruleIndex{Hash: p.builtinHash()}
	for _, m := range p.bundle.Modules[:p.builtinModules] {
		idx.Modules = append(idx.Modules, m.Path)
	}
	slices.Sort(idx.Modules)
	for _, r := range p.rules {
		idx.Rules = append(idx.Rules, indexed(r))
	}
	var out bytes.Buffer
	enc := json.NewEncoder(&out)
	enc.SetIndent("", "  ")
	if err := enc.Encode(idx); err != nil {
		return nil, fmt.Errorf("index policies: %w", err)
	}
	return out.Bytes(), nil
}

// Open returns the policies of policyDirs like Load, but without user
// policies it reads the built-in registry from the embedded index instead
// of parsing the Rego sources; those are parsed when a prepare needs them
// (topdown). A stale index (a rule edited without make docs) is not used.
func Open(ctx context.Context, policyDirs []string) (*Policies, error) {
	if len(policyDirs) == 0 {
		if p := fromIndex(); p != nil {
			return p, nil
		}
	}
	return Load(ctx, policyDirs)
}

// fromIndex returns the built-in policies from the embedded index, nil when
// the index is not of the embedded policies.
func fromIndex() *Policies {
	index.once.Do(func() {
		var idx ruleIndex
		if err := json.Unmarshal(builtinIndex, &idx); err != nil || idx.Hash != embeddedHash() {
			return
		}
		p := &Policies{byID: map[string]int{}, builtinModules: len(idx.Modules), lazy: &lazyBundle{}}
		for i, x := range idx.Rules {
			p.rules = append(p.rules, x.rule())
			p.byID[x.ID] = i
		}
		index.policies = p
	})
	if index.policies == nil {
		return nil
	}
	// A copy: a caller may change its own (tests force topdown).
	q := *index.policies
	q.rules = slices.Clone(q.rules)
	return &q
}

var index struct {
	once     sync.Once
	policies *Policies
}

// lazyBundle parses the embedded bundle of indexed policies once, when a
// prepare needs the Rego sources.
type lazyBundle struct {
	once sync.Once
	p    *Policies
	err  error
}

// parsedBundle parses the bundle of indexed policies, once: a prepare that
// compiles for topdown needs the Rego sources.
func (p *Policies) parsedBundle() error {
	if p.bundle != nil {
		return nil
	}
	if p.lazy == nil {
		return fmt.Errorf("load policies: no bundle")
	}
	p.lazy.once.Do(func() { p.lazy.p, p.lazy.err = Load(context.Background(), nil) })
	return p.lazy.err
}

// source is the parsed bundle: p's own, or the one parsedBundle parsed.
func (p *Policies) source() *bundle.Bundle {
	if p.bundle != nil || p.lazy == nil || p.lazy.p == nil {
		return p.bundle
	}
	return p.lazy.p.bundle
}

// embeddedHash is builtinHash of the embedded policies, computed from their
// sources without parsing them.
var embeddedHash = sync.OnceValue(func() string {
	type module struct {
		path string
		raw  []byte
	}
	var mods []module
	err := fs.WalkDir(policies.FS, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || !strings.HasSuffix(p, ".rego") || isTestFile(d.Name()) {
			return nil
		}
		raw, err := fs.ReadFile(policies.FS, p)
		if err != nil {
			return err
		}
		mods = append(mods, module{"/" + p, raw})
		return nil
	})
	if err != nil {
		return ""
	}
	slices.SortFunc(mods, func(a, b module) int { return strings.Compare(a.path, b.path) })
	h := sha256.New()
	fmt.Fprintf(h, "opa %s\n", opaversion.Version)
	for _, m := range mods {
		fmt.Fprintf(h, "%s %d\n", m.path, len(m.raw))
		h.Write(m.raw)
	}
	return hex.EncodeToString(h.Sum(nil))
})

// Hash identifies the policy set: the built-in policies and the user
// modules, by their sources. Results computed with policies of one hash
// hold for every set of that hash (the result cache keys by it).
func (p *Policies) Hash() string {
	h := sha256.New()
	fmt.Fprintf(h, "builtin %s\n", p.builtinHash())
	if p.bundle != nil {
		for _, m := range p.bundle.Modules[p.builtinModules:] {
			fmt.Fprintf(h, "%s %d\n", m.Path, len(m.Raw))
			h.Write(m.Raw)
		}
	}
	return hex.EncodeToString(h.Sum(nil))
}
