package cli

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/ddlgate/ddlgate/internal/apply"
	"github.com/ddlgate/ddlgate/internal/config"
)

type baselineFlags struct {
	dbFlags
	version string
	from    string
}

func newBaselineDBCommand(a *app) *cobra.Command {
	var f baselineFlags
	cmd := &cobra.Command{
		Use:   "baseline-db",
		Short: "Mark existing migrations as applied in a database that predates ddlgate",
		Long: `Record migrations in ddlgate.migrations as applied (baseline = true) without
running them, for a database whose schema already contains them.

--version marks every migration up to and including that version. --from reads
which migrations the previous tool applied from its own table:
  drizzle         drizzle.__drizzle_migrations (matched by the file's sha256)
  prisma          _prisma_migrations (finished, not rolled back; by directory name)
  golang-migrate  schema_migrations (every version up to the recorded one; refuses when dirty)
  goose           goose_db_version (latest row per version is_applied)
With both, only migrations up to --version are marked. Versions already
recorded are left alone.`,
		Example: `  ddlgate baseline-db --version 0042 --database-url postgres://app@localhost:5432/app
  ddlgate baseline-db --from prisma --dir prisma/migrations`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return applyError(runBaseline(cmd, a, &f))
		},
	}
	f.register(cmd, true)
	fl := cmd.Flags()
	fl.StringVar(&f.version, "version", "", "mark migrations up to and including this version: as ddlgate status shows it, its number or its file name")
	fl.StringVar(&f.from, "from", "", "read applied migrations from: "+strings.Join([]string{apply.FromDrizzle, apply.FromPrisma, apply.FromGolangMigrate, apply.FromGoose}, ", "))
	return cmd
}

func runBaseline(cmd *cobra.Command, a *app, f *baselineFlags) error {
	if f.version == "" && f.from == "" {
		return usageErrorf("pass --version, --from, or both")
	}
	switch f.from {
	case "", apply.FromDrizzle, apply.FromPrisma, apply.FromGolangMigrate, apply.FromGoose:
	default:
		return usageErrorf("--from: unknown tool %q (valid: drizzle, prisma, golang-migrate, goose)", f.from)
	}
	url, err := f.url(a)
	if err != nil {
		return err
	}
	_, dir, ms, err := f.project(cmd, a)
	if err != nil {
		return err
	}
	marked, err := apply.Baseline(cmd.Context(), apply.BaselineOptions{
		DatabaseURL: url, Dir: dir, Migrations: ms, Version: f.version, From: f.from, Getenv: a.getenv,
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(a.stdout, "marked %d migration(s) as applied without running them\n", len(marked))
	for _, v := range marked {
		fmt.Fprintf(a.stdout, "  %s\n", v)
	}
	return nil
}

// loadConfig reads .ddlgate.yaml for commands that need no policies.
func loadConfig(a *app, path string) (*config.Config, error) {
	cfg, err := config.Load(path, a.workDir)
	if err != nil {
		return nil, &exitError{code: 2, err: err}
	}
	return cfg, nil
}
