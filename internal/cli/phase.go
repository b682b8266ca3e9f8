package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/ddlgate/ddlgate/internal/apply"
	"github.com/ddlgate/ddlgate/internal/config"
	"github.com/ddlgate/ddlgate/internal/connstr"
	"github.com/ddlgate/ddlgate/internal/facts"
	"github.com/ddlgate/ddlgate/internal/finding"
	"github.com/ddlgate/ddlgate/internal/lint"
	"github.com/ddlgate/ddlgate/internal/migrations"
	"github.com/ddlgate/ddlgate/internal/phase"
)

func newPhaseCommand(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "phase",
		Short: "Track expand/contract changes across migrations and environments",
		Long: `A breaking change (rename a column, change its type, drop a table) ships in
phases, each a migration declaring its change:

  -- ddlgate:phase expand change=orders-status-enum     add the new shape, dual-write
  -- ddlgate:phase backfill change=orders-status-enum   copy the data in batches
  -- ddlgate:phase contract change=orders-status-enum   remove the old shape

lint reports a contract without an expand before it and a breaking change inside
an expand or backfill; apply refuses a contract whose expand is not applied in
the same database or younger than min_age (rule ban-contract-too-soon, 24h).`,
	}
	cmd.AddCommand(newPhaseStatusCommand(a), newPhasePlanCommand(a))
	return cmd
}

type phaseStatusFlags struct {
	dbFlags
	databases []string
	format    string
}

func newPhaseStatusCommand(a *app) *cobra.Command {
	var f phaseStatusFlags
	cmd := &cobra.Command{
		Use:   "status",
		Short: "Show each change's phases and, per database, whether they are applied",
		Long: `List the changes of the migrations directory with their phase files and, for
each database given, whether each file is applied there and when (from
ddlgate.migrations). A database is a URL (postgres://…) or a keyword/value
string (host=… user=… dbname=…), titled by its database name; write
NAME=URL or NAME=host=… to title it yourself.

Exit codes: 0 fine; 1 a contract is applied in a database where its expand is
not, or a contract has no expand file; 2 usage error or unreachable database.`,
		Example: `  ddlgate phase status
  ddlgate phase status --database-url staging=postgres://ci@staging/app --database-url production=postgres://ci@prod/app
  ddlgate phase status --database-url 'host=db.internal user=ci dbname=app' 
  ddlgate phase status --dir db/migrations --format json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return applyError(runPhaseStatus(cmd, a, &f))
		},
	}
	fl := cmd.Flags()
	fl.StringArrayVar(&f.databases, "database-url", nil, "database to report: URL, keyword/value string, or NAME= before either (repeatable)")
	fl.StringVar(&f.dir, "dir", "", dirFlagUsage)
	fl.StringVar(&f.migrationFormat, "migration-format", "", "migration format, overriding detection")
	fl.StringVar(&f.configPath, "config", "", "config file (default: .ddlgate.yaml found from the current directory upwards)")
	fl.StringVar(&f.format, "format", "text", "output format: text or json")
	return cmd
}

// phaseStatus is the report of `ddlgate phase status`.
type phaseStatus struct {
	Databases []string       `json:"databases"`
	Changes   []changeStatus `json:"changes"`
	// Problems are the reasons for exit 1.
	Problems []string `json:"problems"`
}

type changeStatus struct {
	Change string       `json:"change"`
	Files  []fileStatus `json:"files"`
}

type fileStatus struct {
	Phase   string `json:"phase"`
	Path    string `json:"path"`
	Version string `json:"version"`
	// Applied has one entry per database, in the order of Databases.
	Applied []appliedStatus `json:"applied"`
}

type appliedStatus struct {
	Database  string     `json:"database"`
	Applied   bool       `json:"applied"`
	AppliedAt *time.Time `json:"applied_at"`
}

func runPhaseStatus(cmd *cobra.Command, a *app, f *phaseStatusFlags) error {
	if f.format != "text" && f.format != "json" {
		return usageErrorf("--format: want text or json, got %q", f.format)
	}
	cfg, dir, ms, err := f.project(cmd, a)
	if err != nil {
		return err
	}
	ledger, err := phaseLedger(cmd.Context(), cfg, dir, ms)
	if err != nil {
		return err
	}
	st := &phaseStatus{Databases: []string{}, Changes: []changeStatus{}, Problems: []string{}}
	var applied []*phase.Applied
	for _, d := range f.databases {
		name, u := connstr.SplitName(d)
		ap, _, err := apply.ReadApplied(cmd.Context(), u)
		if err != nil {
			return err
		}
		ap.Database = name
		applied = append(applied, ap)
		st.Databases = append(st.Databases, name)
	}
	for _, c := range ledger.Changes {
		cs := changeStatus{Change: c.ID}
		for i := range c.Files {
			pf := &c.Files[i]
			fs := fileStatus{Phase: pf.Phase, Path: pf.Path, Version: pf.Version, Applied: []appliedStatus{}}
			for _, ap := range applied {
				s := appliedStatus{Database: ap.Database}
				if at, ok := ap.At(pf); ok {
					s.Applied, s.AppliedAt = true, &at
				}
				fs.Applied = append(fs.Applied, s)
			}
			cs.Files = append(cs.Files, fs)
		}
		st.Changes = append(st.Changes, cs)
		st.Problems = append(st.Problems, changeProblems(c, applied)...)
	}
	if f.format == "json" {
		enc := json.NewEncoder(a.stdout)
		enc.SetIndent("", "  ")
		err = enc.Encode(st)
	} else {
		err = st.writeText(a.stdout)
	}
	if err != nil {
		return err
	}
	if len(st.Problems) > 0 {
		return failed()
	}
	return nil
}

// changeProblems are a contract without an expand file and, per database,
// a contract applied where its expand is not.
func changeProblems(c *phase.Change, applied []*phase.Applied) []string {
	var out []string
	if c.Has(phase.Contract) && !c.Has(phase.Expand) {
		out = append(out, fmt.Sprintf("change %s has a contract phase but no expand phase", c.ID))
	}
	for _, ap := range applied {
		contracted, expanded := false, false
		for i := range c.Files {
			if _, ok := ap.At(&c.Files[i]); ok {
				contracted = contracted || c.Files[i].Phase == phase.Contract
				expanded = expanded || c.Files[i].Phase == phase.Expand
			}
		}
		if contracted && !expanded {
			out = append(out, fmt.Sprintf("%s: change %s is contracted but its expand phase is not applied", ap.Database, c.ID))
		}
	}
	return out
}

func (st *phaseStatus) writeText(w io.Writer) error {
	if len(st.Changes) == 0 {
		_, err := fmt.Fprintln(w, "no expand/contract changes: no migration declares -- ddlgate:phase")
		return err
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprint(tw, "CHANGE\tPHASE\tFILE")
	for _, d := range st.Databases {
		fmt.Fprintf(tw, "\t%s", strings.ToUpper(d))
	}
	fmt.Fprintln(tw)
	for _, c := range st.Changes {
		for i, f := range c.Files {
			name := c.Change
			if i > 0 {
				name = ""
			}
			fmt.Fprintf(tw, "%s\t%s\t%s", name, f.Phase, f.Path)
			for _, s := range f.Applied {
				if s.Applied {
					fmt.Fprintf(tw, "\tapplied %s", s.AppliedAt.UTC().Format("2006-01-02 15:04Z"))
				} else {
					fmt.Fprint(tw, "\tpending")
				}
			}
			fmt.Fprintln(tw)
		}
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	for _, p := range st.Problems {
		if _, err := fmt.Fprintf(w, "problem: %s\n", p); err != nil {
			return err
		}
	}
	return nil
}

// phaseLedger is the expand/contract ledger of the directory's migrations,
// from the facts stage, with the paths and versions apply records them
// under.
func phaseLedger(ctx context.Context, cfg *config.Config, dir string, ms []migrations.Migration) (*phase.Ledger, error) {
	ms = slices.Clone(ms)
	for i := range ms {
		ms[i].Version = apply.VersionOf(dir, ms[i])
		if rel, err := migrations.SumPath(dir, ms[i].Path); err == nil {
			ms[i].Path = rel
		}
	}
	built, err := facts.Build(ctx, facts.Set{Migrations: ms, Dir: dir}, facts.Target{
		PGVersion: cfg.PGVersion, PGVersionNum: cfg.PGVersionNum, DefaultSchema: cfg.DefaultSchema, Runner: cfg.Runner,
	})
	if err != nil {
		return nil, err
	}
	return built.Ledger, nil
}

type phasePlanFlags struct {
	targetFlags
	write string
}

func newPhasePlanCommand(a *app) *cobra.Command {
	var f phasePlanFlags
	cmd := &cobra.Command{
		Use:   "plan FILE",
		Short: "Turn a breaking statement into expand, backfill and contract migrations",
		Long: `Lint FILE and, for each statement that renames a column, changes a column's
type, drops a column or renames one as drop + add, print the expand/contract plan
as ready-to-edit migrations: expand (new column + dual-write trigger), backfill
(batched copy), contract (drop the old shape), each with its phase directive.

With --write DIR the migrations are written to DIR, numbered after its last
migration in its format (sequence or timestamp); remove the breaking statement
from FILE yourself. Earlier migrations (--history, default FILE's directory)
give the column types and the primary key.`,
		Example: `  ddlgate phase plan migrations/0007_status_enum.sql
  ddlgate phase plan migrations/0007_status_enum.sql --write migrations`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runPhasePlan(cmd, a, &f, args[0])
		},
	}
	f.register(cmd)
	cmd.Flags().StringVar(&f.write, "write", "", "write the migrations into this directory instead of printing them")
	return cmd
}

func runPhasePlan(cmd *cobra.Command, a *app, f *phasePlanFlags, file string) error {
	s, err := a.loadSettings(cmd.Context(), cmd, &f.targetFlags)
	if err != nil {
		return err
	}
	o := s.opts
	o.Paths = []string{file}
	if len(o.History) == 0 {
		o.History = []string{filepath.Dir(a.abs(file))}
	}
	res, err := lint.Run(cmd.Context(), o)
	if err != nil {
		return err
	}
	// The rules hand their plan over as data (lib.result.fail_plan): the
	// phases, their SQL and what the rule could not fill in.
	var steps []finding.PlanStep
	var unresolved []string
	for _, fd := range res.Findings {
		if fd.Plan == nil || len(fd.Plan.Steps) == 0 {
			continue
		}
		fmt.Fprintf(a.stderr, "%s:%d: %s: %s\n", fd.File, fd.Line, fd.Rule, fd.Message)
		steps = append(steps, fd.Plan.Steps...)
		for _, u := range fd.Plan.Unresolved {
			unresolved = append(unresolved, fmt.Sprintf("%s:%d: %s", fd.File, fd.Line, u))
		}
	}
	if len(steps) == 0 {
		fmt.Fprintf(a.stdout, "%s: no statement needs an expand/contract plan\n", file)
		return nil
	}
	if len(unresolved) > 0 {
		// Never write SQL that cannot run: a placeholder type fails at
		// CREATE FUNCTION or ALTER TABLE.
		msg := fmt.Sprintf("the plan is incomplete, the earlier migrations do not tell:\n  %s\npass --history with the migrations that create the table (default: %s's directory), or edit %s in the printed plan", strings.Join(unresolved, "\n  "), file, phaseUnknownType)
		if f.write != "" {
			return &exitError{code: 2, err: fmt.Errorf("phase plan --write: %s; nothing written", msg)}
		}
		fmt.Fprintf(a.stderr, "warning: %s\n", msg)
	}
	if f.write == "" {
		for _, st := range steps {
			fmt.Fprintf(a.stdout, "-- %s phase of %s\n%s\n\n", st.Phase, st.Change, strings.TrimRight(st.SQL, "\n"))
		}
		return nil
	}
	return writePlan(cmd, a, f, steps)
}

// phaseUnknownType is the placeholder of a type the history does not know
// in a printed plan (lib.phase.unknown_type).
const phaseUnknownType = "<type>"

func writePlan(cmd *cobra.Command, a *app, f *phasePlanFlags, steps []finding.PlanStep) error {
	dir := a.abs(f.write)
	format := f.migrationFormat
	if !cmd.Flags().Changed("migration-format") {
		detected, err := migrations.DetectFormat(dir)
		if err != nil {
			return &exitError{code: 2, err: err}
		}
		format = detected
	}
	existing, err := migrations.Discover([]string{dir}, migrations.Options{Format: format})
	if err != nil {
		return &exitError{code: 2, err: err}
	}
	files, err := phase.Files(format, existing, steps, a.now())
	if err != nil {
		return &exitError{code: 2, err: err}
	}
	for _, nf := range files {
		path := filepath.Join(dir, nf.Path)
		if _, err := os.Stat(path); err == nil {
			return &exitError{code: 2, err: fmt.Errorf("write plan: %s exists", path)}
		}
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return fmt.Errorf("write plan: %w", err)
		}
		if err := os.WriteFile(path, []byte(nf.Content), 0o644); err != nil {
			return fmt.Errorf("write plan: %w", err)
		}
		fmt.Fprintln(a.stdout, filepath.Join(f.write, nf.Path))
	}
	fmt.Fprintln(a.stdout, "remove the breaking statement from the original migration, review the files, then update ddlgate.sum (ddlgate hash) if the directory has one")
	return nil
}
