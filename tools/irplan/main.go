// Command irplan writes internal/engine/builtin.irvm, the plan of the
// built-in rules that the engine evaluates with internal/irvm, made by OPA's
// planner from the embedded policies. Run it from the repository root
// after changing a built-in rule: `make docs` (or go generate
// ./internal/engine). TestBuiltinPlanIsFresh fails while it is stale.
package main

import (
	"context"
	"fmt"
	"os"

	"github.com/ddlgate/ddlgate/internal/engine"
)

// output is the generated file, relative to the repository root.
const output = "internal/engine/builtin.irvm"

func main() {
	plan, err := engine.BuiltinPlan(context.Background())
	if err == nil {
		err = os.WriteFile(output, plan, 0o644)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "irplan:", err)
		os.Exit(1)
	}
}
