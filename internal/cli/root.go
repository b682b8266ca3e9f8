package cli

import (
	"github.com/spf13/cobra"
)

// newRootCommand builds the ddlgate command tree. The apply engineer's
// commands (apply, status, repair, hash, baseline-db) are added beside these.
func (a *app) newRootCommand() *cobra.Command {
	root := &cobra.Command{
		Use:   "ddlgate",
		Short: "Policy-as-code gate for PostgreSQL schema migrations",
		Long: `ddlgate parses migration SQL with the real PostgreSQL parser, turns every
statement into facts (locks, rewrites, drops, renames, transaction context)
and lets Rego policies decide whether the migration may ship.

Exit codes: 0 nothing at or above the fail level, 1 findings at or above it,
2 the tool could not do its job (usage, config, unreadable path, policies),
130 interrupted (Ctrl-C).`,
		Example: `  ddlgate lint migrations/
  ddlgate lint --format json drizzle/0007_add_orders.sql
  ddlgate explain require-concurrent-index-creation`,
		Version:       Version,
		SilenceUsage:  true,
		SilenceErrors: true,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return cmd.Help()
		},
	}
	root.SetFlagErrorFunc(flagError)
	// ddlgate --version says what ddlgate version does.
	root.SetVersionTemplate(versionLine() + "\n")
	root.CompletionOptions.HiddenDefaultCmd = true
	root.AddCommand(
		a.newLintCommand(),
		a.newRulesCommand(),
		a.newExplainCommand(),
		a.newFactsCommand(),
		a.newVersionCommand(),
		a.newCICommand(),
		a.newGenerateCommand(),
		a.newBaselineCommand(),
		a.newPolicyCommand(),
		newPhaseCommand(a),
		a.newAuditCommand(),
		newSchemaCommand(a),
		newDriftCommand(a),
		a.newTraceCommand(),
		a.newDBCommand(),
		a.newCacheCommand(),
	)
	root.AddCommand(databaseCommands(a)...)
	return root
}
