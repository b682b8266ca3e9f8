package engine

import (
	"context"
	"fmt"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/bundle"

	"github.com/ddlgate/ddlgate/internal/irvm"
)

// irEngine evaluates the entry point with the IR evaluator (internal/irvm)
// instead of OPA's topdown: the same Rego, planned ahead by OPA's planner.
type irEngine struct {
	program *irvm.Program
	data    ast.Value
}

// irEntryPoint is entryPoint as a plan name.
const irEntryPoint = "ddlgate_enabled/findings"

func (ie *irEngine) eval(ctx context.Context, input ast.Value) (ast.Set, error) {
	results, err := ie.program.Eval(ctx, irEntryPoint, input, ie.data)
	if err != nil || len(results) == 0 {
		return nil, err
	}
	set, ok := results[0].Value.(ast.Set)
	if !ok {
		return nil, fmt.Errorf("unexpected result %v", results[0])
	}
	return set, nil
}

// PrepareIR is Prepare with the enabled rules evaluated by the IR
// evaluator.
func (p *Policies) PrepareIR(ctx context.Context, cfg map[string]RuleConfig) (*Engine, error) {
	rules, params, err := p.configure(cfg)
	if err != nil {
		return nil, err
	}
	order, bndl := p.compiled(rules, nil)
	src := enabledModule(order, rules)
	const path = "ddlgate/enabled.rego"
	mod, err := ast.ParseModuleWithOpts(path, src, ast.ParserOptions{RegoVersion: ast.RegoV1})
	if err != nil {
		return nil, fmt.Errorf("compile policies: %w", err)
	}
	b := *bndl
	b.Modules = append(append([]bundle.ModuleFile(nil), b.Modules...), bundle.ModuleFile{URL: path, Path: path, Parsed: mod, Raw: []byte(src)})
	policy, err := irvm.Plan(ctx, &b, capabilities(), irEntryPoint)
	if err != nil {
		return nil, fmt.Errorf("compile policies: %w", err)
	}
	program, err := irvm.Load(policy)
	if err != nil {
		return nil, fmt.Errorf("compile policies: %w", err)
	}
	data, err := ast.InterfaceToValue(map[string]any{"config": map[string]any{"params": params}})
	if err != nil {
		return nil, fmt.Errorf("compile policies: %w", err)
	}
	return &Engine{rules: rules, ir: &irEngine{program: program, data: data}}, nil
}
