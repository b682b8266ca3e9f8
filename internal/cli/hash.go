package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/ddlgate/ddlgate/internal/migrations"
)

type hashFlags struct {
	dbFlags
	check bool
}

func newHashCommand(a *app) *cobra.Command {
	var f hashFlags
	cmd := &cobra.Command{
		Use:   "hash",
		Short: "Write ddlgate.sum, the checksums of the reviewed migrations",
		Long: `Write ddlgate.sum next to the migrations: a first line hashing the whole list,
then one line per migration file in version order with its SHA-256 (base64),
like atlas.sum. Commit it with the migrations: apply then refuses files that
were added, removed, reordered or edited without re-hashing, and two branches
that both add migrations conflict in this file instead of merging silently.

With --check nothing is written: exit 1 when the directory differs from
ddlgate.sum.`,
		Example: `  ddlgate hash --dir migrations
  ddlgate hash --check   # in CI`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			_, dir, ms, err := f.project(cmd, a)
			if err != nil {
				return err
			}
			if f.check {
				return checkSum(a, dir, ms)
			}
			sum, err := migrations.WriteSum(dir, ms)
			if err != nil {
				return &exitError{code: 2, err: err}
			}
			fmt.Fprintf(a.stdout, "wrote %s (%d migrations)\n", a.display(dir+"/"+migrations.SumFileName), len(sum.Entries))
			return nil
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.dir, "dir", "", dirFlagUsage)
	fl.StringVar(&f.migrationFormat, "migration-format", "", "migration format, overriding detection")
	fl.StringVar(&f.configPath, "config", "", "config file (default: .ddlgate.yaml found from the current directory upwards)")
	fl.BoolVar(&f.check, "check", false, "verify instead of writing: exit 1 when files differ from ddlgate.sum")
	return cmd
}

func checkSum(a *app, dir string, ms []migrations.Migration) error {
	r, err := migrations.VerifySum(dir, ms)
	if err != nil {
		return &exitError{code: 2, err: err}
	}
	if r == nil {
		return &exitError{code: 1, err: fmt.Errorf("%s has no %s: run `ddlgate hash`", a.display(dir), migrations.SumFileName)}
	}
	for _, f := range r.Files {
		if f.Status != migrations.SumOK {
			fmt.Fprintf(a.stdout, "%s: %s\n", f.Path, f.Status)
		}
	}
	if !r.OK() {
		return &exitError{code: 1, err: fmt.Errorf("%s does not match the migrations: review them, then run `ddlgate hash`", migrations.SumFileName)}
	}
	fmt.Fprintf(a.stdout, "%s matches %d migrations\n", migrations.SumFileName, len(r.Files))
	return nil
}
