// Command irplan writes internal/engine/builtin.irvm, the plan of the
// built-in rules that the engine evaluates with internal/irvm, made by OPA's
// planner from the embedded policies, and internal/engine/builtin_index.go,
// the registry of those rules (engine.Open reads it instead of parsing the
// policies). Run it from the repository root after changing a built-in
// rule: `make docs` (or go generate ./internal/engine).
// TestBuiltinPlanIsFresh and TestRuleIndexIsFresh fail while they are
// stale.
package main

import (
	"context"
	"fmt"
	"os"

	"github.com/ddlgate/ddlgate/internal/engine"
)

// output and indexOutput are the generated files, relative to the
// repository root.
const (
	output      = "internal/engine/builtin.irvm"
	indexOutput = "internal/engine/builtin_index.go"
)

func main() {
	plan, err := engine.BuiltinPlan(context.Background())
	if err == nil {
		err = os.WriteFile(output, plan, 0o644)
	}
	var index []byte
	if err == nil {
		index, err = engine.RuleIndex(context.Background())
	}
	if err == nil {
		err = os.WriteFile(indexOutput, index, 0o644)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "irplan:", err)
		os.Exit(1)
	}
}
