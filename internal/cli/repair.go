package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/ddlgate/ddlgate/internal/apply"
)

type repairFlags struct {
	dbFlags
	version string
}

func newRepairCommand(a *app) *cobra.Command {
	var f repairFlags
	cmd := &cobra.Command{
		Use:   "repair --version VERSION",
		Short: "Clear the dirty flag of a migration after the database was fixed by hand",
		Long: `A migration marked "-- ddlgate:no-transaction" runs statement by statement; if
one fails (or the applier dies), its row in ddlgate.migrations stays dirty and
apply refuses to continue. Finish or undo the migration by hand (for example
drop the INVALID index a failed CREATE INDEX CONCURRENTLY left behind and
create it again), then clear the flag. Who repaired it, and when, is recorded
in repaired_by and repaired_at.

--version takes the version as ddlgate status shows it, its number
(0003 for 0003_index_email.sql) or its file name.

Exit codes: 0 repaired, 1 the version is not dirty, 2 no recorded version
matches, bad URL, unreachable server or usage error.`,
		Example: `  ddlgate repair --version 0003_index_email --database-url postgres://app@localhost:5432/app`,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if f.version == "" {
				return usageErrorf("--version is required")
			}
			url, err := f.url(a)
			if err != nil {
				return err
			}
			version, err := apply.Repair(cmd.Context(), url, f.version, a.getenv)
			if err != nil {
				return applyError(err)
			}
			fmt.Fprintf(a.stdout, "repaired %s: no longer dirty\n", version)
			return nil
		},
	}
	f.register(cmd, false)
	cmd.Flags().StringVar(&f.version, "version", "", "version of the dirty migration: as ddlgate status shows it, its number or its file name")
	return cmd
}
