package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/ddlgate/ddlgate/internal/apply"
	"github.com/ddlgate/ddlgate/internal/config"
	"github.com/ddlgate/ddlgate/internal/connstr"
	"github.com/ddlgate/ddlgate/internal/lint"
	"github.com/ddlgate/ddlgate/internal/migrations"
	"github.com/ddlgate/ddlgate/internal/phase"
	"github.com/ddlgate/ddlgate/parser"
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
	ledger := phase.FromFiles(parsePhases(dir, ms), cfg.DefaultSchema)
	st := &phaseStatus{Databases: []string{}, Changes: []changeStatus{}, Problems: []string{}}
	var applied []*phase.Applied
	for _, d := range f.databases {
		name, u := connstr.SplitName(d)
		ap, err := phase.ReadApplied(cmd.Context(), u)
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

// parsePhases parses ms for their phase directives and actions, with the
// versions apply records them under.
func parsePhases(dir string, ms []migrations.Migration) []*parser.File {
	files := make([]*parser.File, len(ms))
	for i, m := range ms {
		path := m.Path
		if rel, err := migrations.SumPath(dir, m.Path); err == nil {
			path = rel
		}
		files[i] = parser.Parse(m.Src, parser.Options{Path: path, Version: apply.VersionOf(dir, m), Direction: m.Direction, Format: m.Format})
	}
	return files
}

type phasePlanFlags struct {
	targetFlags
	write string
}

// planRules are the rules whose help, outside a tracked change, is an
// expand/contract plan.
var planRules = map[string]bool{
	"ban-rename-column": true, "ban-column-type-rewrite": true, "ban-drop-column": true, "ban-rename-as-drop-add": true,
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
	var steps []phase.Step
	for _, fd := range res.Findings {
		if !planRules[fd.Rule] || !strings.Contains(fd.Help, "-- ddlgate:phase expand") {
			continue
		}
		fmt.Fprintf(a.stderr, "%s:%d: %s: %s\n", fd.File, fd.Line, fd.Rule, fd.Message)
		steps = append(steps, phase.SplitPlan(fd.Help)...)
	}
	if len(steps) == 0 {
		fmt.Fprintf(a.stdout, "%s: no statement needs an expand/contract plan\n", file)
		return nil
	}
	if f.write == "" {
		for _, st := range steps {
			fmt.Fprintf(a.stdout, "-- %s phase of %s\n%s\n", st.Phase, st.Change, st.SQL)
		}
		return nil
	}
	return writePlan(cmd, a, f, steps)
}

func writePlan(cmd *cobra.Command, a *app, f *phasePlanFlags, steps []phase.Step) error {
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

// phaseMinAge reads the minimum expand age of ban-contract-too-soon from the
// config, for apply.
func phaseMinAge(cfg *config.Config) (*phase.MinAge, error) {
	m := &phase.MinAge{Default: phase.DefaultMinAge, ByChange: map[string]time.Duration{}}
	r, ok := cfg.Rules["ban-contract-too-soon"]
	if !ok {
		return m, nil
	}
	if v, ok := r.Params["min_age"]; ok {
		d, err := parseAge(v)
		if err != nil {
			return nil, fmt.Errorf("rules.ban-contract-too-soon.params.min_age: %w", err)
		}
		m.Default = d
	}
	if v, ok := r.Params["min_age_by_change"]; ok {
		byChange, ok := v.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("rules.ban-contract-too-soon.params.min_age_by_change: want a map of change to duration, got %v", v)
		}
		for change, age := range byChange {
			d, err := parseAge(age)
			if err != nil {
				return nil, fmt.Errorf("rules.ban-contract-too-soon.params.min_age_by_change.%s: %w", change, err)
			}
			m.ByChange[change] = d
		}
	}
	return m, nil
}

func parseAge(v any) (time.Duration, error) {
	s, ok := v.(string)
	if !ok {
		return 0, fmt.Errorf("want a duration such as 24h, got %v", v)
	}
	return time.ParseDuration(s)
}
