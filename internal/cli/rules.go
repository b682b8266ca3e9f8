package cli

import (
	"encoding/json"
	"fmt"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/ddlgate/ddlgate/internal/config"
	"github.com/ddlgate/ddlgate/internal/docgen"
	"github.com/ddlgate/ddlgate/internal/engine"
	"github.com/ddlgate/ddlgate/internal/finding"
	"github.com/ddlgate/ddlgate/internal/lint"
)

func (a *app) newRulesCommand() *cobra.Command {
	var f targetFlags
	var format string
	cmd := &cobra.Command{
		Use:   "rules",
		Short: "List the rules, with the configuration applied",
		Long: `List every rule (built-in and from --policy directories) with its category,
severity and whether it is enabled, after .ddlgate.yaml is applied.`,
		Example: `  ddlgate rules
  ddlgate rules --format json | jq '.[] | select(.enabled) | .id'
  ddlgate explain ban-drop-column   # one rule in depth`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if format != "text" && format != "json" {
				return usageErrorf("--format: unknown format %q (valid: text, json)", format)
			}
			s, err := a.loadSettings(cmd.Context(), cmd, &f)
			if err != nil {
				return err
			}
			rules := lint.ConfiguredRules(s.policies, s.opts.Rules)
			if format == "json" {
				return a.writeRulesJSON(rules)
			}
			return a.writeRulesTable(rules)
		},
	}
	cmd.Flags().StringVar(&format, "format", "text", "output format: text, json")
	cmd.Flags().StringVar(&f.configPath, "config", "", "config file (default: .ddlgate.yaml found from the current directory upwards)")
	cmd.Flags().StringArrayVar(&f.policyDirs, "policy", nil, "directory of custom Rego rules (repeatable)")
	return cmd
}

func (a *app) writeRulesTable(rules []engine.Rule) error {
	tw := tabwriter.NewWriter(a.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tCATEGORY\tSEVERITY\tENABLED\tTITLE")
	for _, r := range rules {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", r.ID, r.Category, r.Severity, yesNo(r.Enabled), r.Title)
	}
	return tw.Flush()
}

// ruleJSON is one rule in `ddlgate rules --format json`.
type ruleJSON struct {
	ID           string           `json:"id"`
	Category     string           `json:"category"`
	Severity     finding.Severity `json:"severity"`
	Enabled      bool             `json:"enabled"`
	Title        string           `json:"title"`
	MinPGVersion int              `json:"min_pg_version"`
	Custom       bool             `json:"custom"`
	Docs         string           `json:"docs"`
}

func (a *app) writeRulesJSON(rules []engine.Rule) error {
	out := make([]ruleJSON, len(rules))
	for i, r := range rules {
		out[i] = ruleJSON{ID: r.ID, Category: r.Category, Severity: r.Severity, Enabled: r.Enabled,
			Title: r.Title, MinPGVersion: r.MinPGVersion, Custom: r.Custom, Docs: r.Docs()}
	}
	enc := json.NewEncoder(a.stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

func (a *app) newExplainCommand() *cobra.Command {
	var f targetFlags
	cmd := &cobra.Command{
		Use:   "explain RULE-ID",
		Short: "Explain a rule: the hazard, the safe alternative, examples",
		Example: `  ddlgate explain require-concurrent-index-creation
  ddlgate explain ban-drop-column --config ci/.ddlgate.yaml`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			s, err := a.loadSettings(cmd.Context(), cmd, &f)
			if err != nil {
				return err
			}
			id := args[0]
			for _, r := range lint.ConfiguredRules(s.policies, s.opts.Rules) {
				if r.ID == id {
					a.writeExplanation(r)
					return nil
				}
			}
			msg := fmt.Sprintf("unknown rule %q", id)
			if sug := config.Suggest(id, ruleIDs(s.policies)); sug != "" {
				msg += fmt.Sprintf(" (did you mean %q?)", sug)
			}
			return usageErrorf("%s; `ddlgate rules` lists them all", msg)
		},
	}
	cmd.Flags().StringVar(&f.configPath, "config", "", "config file (default: .ddlgate.yaml found from the current directory upwards)")
	cmd.Flags().StringArrayVar(&f.policyDirs, "policy", nil, "directory of custom Rego rules (repeatable)")
	return cmd
}

// writeExplanation prints the rule's documentation page, the same text as
// docs/rules/<id>.md, so the terminal and the docs never disagree.
func (a *app) writeExplanation(r engine.Rule) {
	fmt.Fprint(a.stdout, docgen.RulePage(r))
	if !r.Custom {
		fmt.Fprintf(a.stdout, "\nDocs: %s\n", engine.DocsURL(r.ID))
	}
}
