package engine

import (
	"bytes"
	"context"
	"crypto/sha256"
	_ "embed" // the built-in rules' plan
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/open-policy-agent/opa/v1/ast"
	opaversion "github.com/open-policy-agent/opa/v1/version"

	"github.com/ddlgate/ddlgate/internal/facts"
	"github.com/ddlgate/ddlgate/internal/irvm"
)

// The built-in rules are evaluated by internal/irvm from a plan that OPA's
// planner made of them when ddlgate was built (builtin.irvm, written by
// tools/irplan: go generate ./internal/engine, or make docs). User rules
// stay on topdown; an engine with both evaluates both and merges their
// findings. A plan whose policies differ from the embedded ones (a rule
// edited without regenerating it) is not used: the built-in rules then run
// on topdown too, and TestBuiltinPlanIsFresh fails.

//go:generate sh -c "cd ../.. && go run ./tools/irplan"

//go:embed builtin.irvm
var builtinPlan []byte

// builtinPlanHeader starts builtin.irvm; the hash of the policies it was
// planned from follows, then a newline and the encoded program.
const builtinPlanHeader = "ddlgate built-in rules plan "

// irEngine evaluates the enabled built-in rules with the IR evaluator.
type irEngine struct {
	program *irvm.Program
	// rules are the enabled built-in rules, in registry order.
	rules []irRule
	// data is the data document: the configured parameters.
	data ast.Value
}

// irRule is an enabled rule and its plan, with the guards enabledModule
// writes in Rego.
type irRule struct {
	plan         irvm.PlanID
	minPGVersion int
	triggers     []string
}

// eval runs the rules whose guards hold on d and calls emit with each
// finding. The rules read d in place (lazyInput).
func (ie *irEngine) eval(ctx context.Context, d *facts.Document, emit func(*ast.Term) error) error {
	byType := newActionIndex(d)
	ev := ie.program.NewEvaluation(ctx, lazyInput(d, byType), ie.data)
	defer ev.Close()
	pg := d.Target.PGVersion
	for i := range ie.rules {
		r := &ie.rules[i]
		if r.minPGVersion > 0 && pg != 0 && pg < r.minPGVersion {
			continue
		}
		if r.triggers != nil && !slices.ContainsFunc(r.triggers, func(t string) bool { return byType.byType[t] != nil }) {
			continue
		}
		results, err := ev.Run(r.plan)
		if err != nil {
			return err
		}
		for _, res := range results {
			set, ok := res.Value.(ast.Set)
			if !ok {
				return fmt.Errorf("unexpected report %v", res)
			}
			if err := set.Iter(emit); err != nil {
				return err
			}
		}
	}
	return nil
}

// builtinEntryPoint is the plan of a built-in rule's report.
func builtinEntryPoint(r Rule) string {
	return "ddlgate/rules/" + r.Category + "/" + r.ID + "/report"
}

// newIREngine returns the IR evaluation of the enabled built-in rules of
// configured, nil when the embedded plan is not of these policies.
func (p *Policies) newIREngine(configured map[string]Rule, params map[string]any) (*irEngine, error) {
	program := p.builtinProgram()
	if program == nil {
		return nil, nil
	}
	ie := &irEngine{program: program}
	for _, r := range p.rules {
		c := configured[r.ID]
		if r.Custom || !c.Enabled || c.Computed {
			continue
		}
		id, ok := program.Plan(builtinEntryPoint(r))
		if !ok {
			return nil, nil // planned before the rule existed: stale
		}
		ie.rules = append(ie.rules, irRule{plan: id, minPGVersion: c.MinPGVersion, triggers: r.triggers})
	}
	data, err := ast.InterfaceToValue(map[string]any{"config": map[string]any{"params": params}})
	if err != nil {
		return nil, fmt.Errorf("compile policies: %w", err)
	}
	ie.data = data
	return ie, nil
}

// builtinProgram returns the embedded plan, decoded once, nil when it was
// planned from other policies than p's built-in ones (or topdown is
// forced).
func (p *Policies) builtinProgram() *irvm.Program {
	if p.topdownOnly {
		return nil
	}
	embedded.once.Do(func() {
		rest, ok := bytes.CutPrefix(builtinPlan, []byte(builtinPlanHeader))
		if !ok {
			return
		}
		sum, program, ok := bytes.Cut(rest, []byte("\n"))
		if !ok {
			return
		}
		embedded.sum = string(sum)
		embedded.program, _ = irvm.Decode(program)
	})
	if embedded.sum != p.builtinHash() {
		return nil
	}
	return embedded.program
}

var embedded struct {
	once sync.Once
	// sum is the hash of the policies the program was planned from.
	sum     string
	program *irvm.Program
}

// builtinHash is the hash of what the plan of the built-in rules depends on:
// the embedded modules and OPA's version (its planner and builtins).
func (p *Policies) builtinHash() string {
	if p.bundle == nil {
		return embeddedHash() // read from the index, which checked it
	}
	mods := make([]source, p.builtinModules)
	for i, m := range p.bundle.Modules[:p.builtinModules] {
		mods[i] = source{m.Path, m.Raw}
	}
	return hashSources(mods)
}

// source is a policy module's path and bytes.
type source struct {
	path string
	raw  []byte
}

// hashSources hashes modules as builtinHash defines it, whether they were
// read from the parsed bundle or straight from the embedded files.
func hashSources(mods []source) string {
	slices.SortFunc(mods, func(a, b source) int { return strings.Compare(a.path, b.path) })
	h := sha256.New()
	fmt.Fprintf(h, "opa %s\n", opaversion.Version)
	for _, m := range mods {
		fmt.Fprintf(h, "%s %d\n", m.path, len(m.raw))
		h.Write(m.raw)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// BuiltinPlan plans the report of every built-in rule (not the rules
// computed in Go) and returns the content of builtin.irvm: tools/irplan
// writes it, TestBuiltinPlanIsFresh compares it with the embedded one.
func BuiltinPlan(ctx context.Context) ([]byte, error) {
	p, err := Load(ctx, nil)
	if err != nil {
		return nil, err
	}
	var entrypoints []string
	for _, r := range p.rules {
		if !r.Custom && !r.Computed {
			entrypoints = append(entrypoints, builtinEntryPoint(r))
		}
	}
	b := *p.bundle
	b.Modules = slices.Clone(b.Modules[:p.builtinModules])
	policy, err := irvm.Plan(ctx, &b, capabilities(), entrypoints...)
	if err != nil {
		return nil, err
	}
	program, err := irvm.Load(policy)
	if err != nil {
		return nil, fmt.Errorf("plan policies: %w", err)
	}
	encoded, err := program.MarshalBinary()
	if err != nil {
		return nil, fmt.Errorf("plan policies: %w", err)
	}
	var out bytes.Buffer
	fmt.Fprintf(&out, "%s%s\n", builtinPlanHeader, p.builtinHash())
	out.Write(encoded)
	return out.Bytes(), nil
}

// topdown returns p preparing every rule for OPA's topdown, the built-in
// ones included: the reference the plan is tested against.
func (p *Policies) topdown() *Policies {
	q := *p
	q.topdownOnly = true
	return &q
}
