package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/ddlgate/ddlgate/internal/gate"
)

// canonicalFlags ask ci to check a committed schema snapshot.
type canonicalFlags struct {
	schemaFile string
	devURL     string
}

func (f *canonicalFlags) register(cmd *cobra.Command) {
	fl := cmd.Flags()
	fl.StringVar(&f.schemaFile, "schema-file", "", "committed canonical schema snapshot the migrations must build (needs --dev-url)")
	fl.StringVar(&f.devURL, "dev-url", "", "development server to replay the migrations on, for --schema-file (default: $DDLGATE_DEV_URL)")
}

// checkCanonical runs after the lint gate of ci: with --schema-file, the
// migrations are replayed and their schema compared with the snapshot. A
// stale snapshot fails the gate (exit 1) unless the lint already could not
// do its job (exit 2 stays).
func (a *app) checkCanonical(cmd *cobra.Command, g *gateFlags, f *canonicalFlags, lintErr error) error {
	if f.schemaFile == "" || exitCode(lintErr) == gate.Broken {
		return lintErr
	}
	expected, err := a.readSnapshotFile(f.schemaFile)
	if err != nil {
		return err
	}
	sf := &schemaFlags{devURL: f.devURL}
	sf.configPath, sf.dir, sf.migrationFormat = g.configPath, g.dir, g.migrationFormat
	built, err := a.buildSchema(cmd, sf)
	if err != nil {
		return err
	}
	changes := diffSnapshots(expected, built)
	if len(changes) == 0 {
		fmt.Fprintf(a.stderr, "ddlgate: %s matches the schema the migrations build\n", f.schemaFile)
		return lintErr
	}
	fmt.Fprintf(a.stderr, "ddlgate: %s is stale: the migrations build a different schema (%d difference(s)):\n%s"+
		"Regenerate it: ddlgate schema build --dev-url URL --output %s\n",
		f.schemaFile, len(changes), describeSnapshotChanges(changes), f.schemaFile)
	if lintErr != nil {
		return lintErr
	}
	return failed()
}
