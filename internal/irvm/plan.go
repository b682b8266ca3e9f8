package irvm

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/bundle"
	"github.com/open-policy-agent/opa/v1/compile"
	"github.com/open-policy-agent/opa/v1/ir"
)

// Plan compiles the modules of b and plans the entry points (paths such as
// "ddlgate_enabled/findings") with OPA's planner, through the supported
// plan target of OPA's bundle compiler (opa build -t plan). caps restricts
// the builtins the modules may call.
func Plan(ctx context.Context, b *bundle.Bundle, caps *ast.Capabilities, entrypoints ...string) (*ir.Policy, error) {
	c := compile.New().
		WithTarget(compile.TargetPlan).
		WithBundle(b).
		WithEntrypoints(entrypoints...).
		WithRegoVersion(ast.RegoV1).
		WithCapabilities(caps).
		// Only the entry points: the planner would otherwise add every
		// rule they depend on as an entry point of its own.
		WithPruneUnused(true)
	if err := c.Build(ctx); err != nil {
		return nil, fmt.Errorf("plan policies: %w", err)
	}
	out := c.Bundle()
	if out == nil || len(out.PlanModules) == 0 {
		return nil, errors.New("plan policies: the compiler produced no plan")
	}
	var policy ir.Policy
	if err := json.Unmarshal(out.PlanModules[0].Raw, &policy); err != nil {
		return nil, fmt.Errorf("plan policies: decode plan: %w", err)
	}
	return &policy, nil
}
