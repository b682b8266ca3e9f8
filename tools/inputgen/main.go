// Command inputgen writes internal/engine/input_gen.go, the conversion of a
// facts document to the OPA value policies read, from the facts types. Run
// it from the repository root: `make docs` (or go generate ./internal/engine).
package main

import (
	"fmt"
	"os"

	"github.com/ddlgate/ddlgate/internal/inputgen"
)

// output is the generated file, relative to the repository root.
const output = "internal/engine/input_gen.go"

func main() {
	src, err := inputgen.Generate()
	if err == nil {
		err = os.WriteFile(output, src, 0o644)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "inputgen:", err)
		os.Exit(1)
	}
}
