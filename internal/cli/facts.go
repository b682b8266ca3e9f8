package cli

import (
	"encoding/json"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/ddlgate/ddlgate/internal/lint"
	"github.com/ddlgate/ddlgate/internal/migrations"
	"github.com/ddlgate/ddlgate/parser"
)

func (a *app) newFactsCommand() *cobra.Command {
	var f targetFlags
	var includeAST, includeDown bool
	cmd := &cobra.Command{
		Use:   "facts FILE|-",
		Short: "Print the facts policies see for a migration file (JSON)",
		Long: `Print the facts document of a migration file: its statements with spans, the
locks they take, their effects and actions, the transaction context and the
directives. This is exactly the input of every Rego rule, so it is where to
start when writing one. A directory prints one document per migration, as a
JSON array.`,
		Example: `  ddlgate facts migrations/0003_add_index.sql
  ddlgate facts --pg-version 11 --runner goose db/20240101_x.sql | jq '.statements[].locks'
  echo 'DROP TABLE users;' | ddlgate facts -`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			s, err := a.loadSettings(cmd.Context(), cmd, &f)
			if err != nil {
				return err
			}
			ms, err := a.factsMigrations(args[0], s.opts.Format, includeDown)
			if err != nil {
				return err
			}
			files := make([]*parser.File, len(ms))
			for i := range ms {
				po, err := lint.ParseOptions(&ms[i], s.opts)
				if err != nil {
					return err
				}
				po.IncludeAST = includeAST
				files[i] = parser.Parse(ms[i].Src, po)
			}
			enc := json.NewEncoder(a.stdout)
			enc.SetIndent("", "  ")
			enc.SetEscapeHTML(false)
			if len(files) == 1 {
				return enc.Encode(files[0])
			}
			return enc.Encode(files)
		},
	}
	f.register(cmd)
	cmd.Flags().BoolVar(&includeAST, "include-ast", false, "add the raw pg_query parse tree under \"ast\" (no stability promise)")
	cmd.Flags().BoolVar(&includeDown, "include-down", false, "include down migrations")
	return cmd
}

func (a *app) factsMigrations(path, format string, includeDown bool) ([]migrations.Migration, error) {
	var ms []migrations.Migration
	var err error
	if path == lint.StdinPath {
		src, rerr := io.ReadAll(a.stdin)
		if rerr != nil {
			return nil, fmt.Errorf("read stdin: %w", rerr)
		}
		ms, err = migrations.Load("<stdin>", src, format, includeDown)
	} else {
		ms, err = migrations.Discover([]string{a.abs(path)}, migrations.Options{Format: format, IncludeDown: includeDown})
		for i := range ms {
			ms[i].Path = a.display(ms[i].Path)
		}
	}
	if err != nil {
		return nil, err
	}
	if len(ms) == 0 {
		return nil, fmt.Errorf("no migrations found in %s", path)
	}
	return ms, nil
}
