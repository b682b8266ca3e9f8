package cli

import (
	"fmt"
	"runtime"
	"runtime/debug"

	"github.com/spf13/cobra"
)

// Version is ddlgate's version, set at build time with
// -ldflags "-X github.com/ddlgate/ddlgate/internal/cli.Version=v1.2.3".
var Version = "dev"

func (a *app) newVersionCommand() *cobra.Command {
	return &cobra.Command{
		Use:     "version",
		Short:   "Print ddlgate's version",
		Example: "  ddlgate version",
		Args:    cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			fmt.Fprintln(a.stdout, versionLine())
			return nil
		},
	}
}

// versionLine is what ddlgate version and ddlgate --version print.
func versionLine() string {
	return fmt.Sprintf("ddlgate %s (%s, %s)", Version, revision(), runtime.Version())
}

// revision is the VCS commit the binary was built from, "unknown" outside a
// checkout.
func revision() string {
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, s := range info.Settings {
			if s.Key == "vcs.revision" && len(s.Value) >= 12 {
				return "commit " + s.Value[:12]
			}
		}
	}
	return "commit unknown"
}
