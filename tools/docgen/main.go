// Command docgen writes docs/rules/<id>.md and the rule catalog's table from
// the rules' METADATA. Run it from the repository root: `make docs`.
package main

import (
	"context"
	"fmt"
	"os"

	"github.com/ddlgate/ddlgate/internal/docgen"
	"github.com/ddlgate/ddlgate/internal/engine"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "docgen:", err)
		os.Exit(1)
	}
}

func run() error {
	pols, err := engine.Load(context.Background(), nil)
	if err != nil {
		return err
	}
	catalog, err := os.ReadFile(docgen.CatalogPage)
	if err != nil {
		return fmt.Errorf("read %s: %w", docgen.CatalogPage, err)
	}
	files, err := docgen.Files(pols.Rules(), catalog)
	if err != nil {
		return err
	}
	return docgen.Write(".", files)
}
