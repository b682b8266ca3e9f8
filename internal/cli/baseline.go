package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/ddlgate/ddlgate/internal/finding"
	"github.com/ddlgate/ddlgate/internal/gate"
	"github.com/ddlgate/ddlgate/internal/lint"
)

// defaultBaselineFile is where ddlgate baseline writes when not told.
const defaultBaselineFile = "ddlgate-baseline.json"

type baselineWriteFlags struct {
	targetFlags
	dir    string
	output string
}

func (a *app) newBaselineCommand() *cobra.Command {
	var f baselineWriteFlags
	cmd := &cobra.Command{
		Use:   "baseline [--dir DIR] [--output FILE]",
		Short: "Accept today's findings, so lint and ci report only new ones",
		Long: `Lint the whole migrations directory and write the fingerprints of every
finding to a baseline file. Pass it to lint or ci with --baseline FILE and
they report only findings that are not in it: adopt ddlgate on a project with
years of migrations without rewriting history, and still gate every new one.

Fingerprints hold the rule, the file path and the statement's normalised
text, not its line: reformatting unrelated lines keeps a finding accepted,
changing the statement makes it new. Write and use the baseline from the same
directory (the repository root), since paths are part of the fingerprint.
Commit the file; review it like code.`,
		Example: `  ddlgate baseline
  ddlgate baseline --dir db/migrations --output .ddlgate/baseline.json
  ddlgate ci --baseline ddlgate-baseline.json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.writeBaseline(cmd, &f)
		},
	}
	f.register(cmd)
	fl := cmd.Flags()
	fl.StringVar(&f.dir, "dir", "", dirFlagUsage)
	fl.StringVar(&f.output, "output", defaultBaselineFile, "baseline file to write")
	return cmd
}

func (a *app) writeBaseline(cmd *cobra.Command, f *baselineWriteFlags) error {
	s, err := a.loadSettings(cmd.Context(), cmd, &f.targetFlags)
	if err != nil {
		return err
	}
	dir, err := a.requireMigrationsDir(f.dir, s.cfg)
	if err != nil {
		return err
	}
	o := s.opts
	o.Paths = []string{dir}
	prog := a.newProgress("text", "")
	o.Progress = prog.hook()
	res, err := lint.Run(cmd.Context(), o)
	prog.finish()
	if err != nil {
		return err
	}
	if err := finding.WriteBaselineFile(a.abs(f.output), res.Findings); err != nil {
		return &exitError{code: gate.Broken, err: err}
	}
	fmt.Fprintf(a.stdout, "wrote %d finding(s) of %d file(s) to %s\n", len(res.Findings), len(res.Files), f.output)
	return nil
}
