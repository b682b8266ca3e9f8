package cli

import (
	"github.com/spf13/cobra"

	"github.com/ddlgate/ddlgate/internal/apply"
)

type statusFlags struct {
	dbFlags
	format string
}

func newStatusCommand(a *app) *cobra.Command {
	var f statusFlags
	cmd := &cobra.Command{
		Use:   "status",
		Short: "Show which migrations are applied, pending, modified, missing, dirty or out of order",
		Long: `Compare the migrations directory with the database's ddlgate.migrations table
without changing anything. States:
  applied       recorded, file unchanged
  pending       not yet applied
  modified      applied, but the file changed since (apply refuses)
  missing       applied, but the file is gone (apply refuses)
  dirty         a no-transaction migration failed or was interrupted (see ddlgate repair)
  out-of-order  pending, but sorts before an applied migration

Exit codes: 0 nothing modified, missing, dirty or out of order; 1 otherwise;
2 bad URL, unreachable server or usage error.`,
		Example: `  ddlgate status --database-url postgres://app@localhost:5432/app
  ddlgate status --dir db/migrations --format json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return applyError(runStatus(cmd, a, &f))
		},
	}
	f.register(cmd, true)
	cmd.Flags().StringVar(&f.format, "format", "text", "output format: text or json")
	return cmd
}

func runStatus(cmd *cobra.Command, a *app, f *statusFlags) error {
	if f.format != "text" && f.format != "json" {
		return usageErrorf("--format: want text or json, got %q", f.format)
	}
	url, err := f.url(a)
	if err != nil {
		return err
	}
	_, dir, ms, err := f.project(cmd, a)
	if err != nil {
		return err
	}
	r, err := apply.Status(cmd.Context(), url, dir, ms)
	if err != nil {
		return err
	}
	if f.format == "json" {
		err = r.WriteJSON(a.stdout)
	} else {
		err = r.WriteText(a.stdout)
	}
	if err != nil {
		return err
	}
	if !r.Clean() {
		return failed()
	}
	return nil
}
