package cli

import (
	"context"
	"fmt"
	"io"
	"maps"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/ddlgate/ddlgate/internal/config"
	"github.com/ddlgate/ddlgate/internal/engine"
	"github.com/ddlgate/ddlgate/internal/finding"
	"github.com/ddlgate/ddlgate/internal/gate"
	"github.com/ddlgate/ddlgate/internal/gitdiff"
	"github.com/ddlgate/ddlgate/internal/lint"
	"github.com/ddlgate/ddlgate/internal/migrations"
	"github.com/ddlgate/ddlgate/internal/report"
	"github.com/ddlgate/ddlgate/parser"
)

// gateFlags are the flags of the gates that lint a migrations directory and
// report part of it (ci, generate).
type gateFlags struct {
	targetFlags
	dir       string
	format    string
	output    string
	failLevel string
	baseline  string
	quiet     bool
	// dbSnapshot is the database snapshot judged against (--db-snapshot).
	dbSnapshot string
}

func (f *gateFlags) register(cmd *cobra.Command, gateName string) {
	f.targetFlags.register(cmd)
	fl := cmd.Flags()
	fl.StringVar(&f.dir, "dir", "", dirFlagUsage)
	fl.StringVar(&f.format, "format", "", "output format: "+strings.Join(report.Names(), ", ")+` (default "text")`)
	fl.StringVar(&f.output, "output", "", "write the report to this file; a summary still goes to stdout")
	fl.StringVar(&f.failLevel, "fail-level", "", "exit 1 on findings at or above this severity: error, warning, info (default: config gates."+gateName+".fail_level, else fail_level, else \"error\")")
	fl.StringVar(&f.baseline, "baseline", "", "report only findings not in this baseline `FILE` (written by ddlgate baseline)")
	fl.BoolVar(&f.quiet, "quiet", false, "text output: findings and their code only, without help and docs")
	fl.StringVar(&f.dbSnapshot, "db-snapshot", "", "judge against the database snapshot `FILE` written by ddlgate db snapshot: table sizes, server version, applied migrations (default: config db_snapshot)")
}

func (a *app) newCICommand() *cobra.Command {
	var f gateFlags
	var base string
	var canonical canonicalFlags
	var cf cacheFlags
	cmd := &cobra.Command{
		Use:   "ci [--dir DIR] [--base REF] [--baseline FILE]",
		Short: "Lint the migrations a branch adds or changes, in the context of all of them",
		Long: `Lint only the migrations added or changed relative to a git base: committed
on the branch since it forked, staged, modified or untracked. The whole
directory is still read in order, so the changed files are judged against the
schema the earlier ones build, but only their findings are reported.

Changes are counted from the merge base of HEAD with --base, else with the
first of origin/main, main, origin/master, master that exists. In a shallow CI clone, fetch
enough history for the merge base (actions/checkout: fetch-depth: 0).

The fail level is gates.ci.fail_level in .ddlgate.yaml, else fail_level, else
error; --fail-level overrides it.

With --schema-file canonical-schema.sql and --dev-url, ci also replays every
migration into a scratch database and fails when the schema they build is not
the committed snapshot (the snapshot is stale: regenerate it with ddlgate
schema build).

Exit codes: 0 nothing at or above the fail level, 1 findings at or above it
(or a stale --schema-file), 2 usage, config, git or unreadable path.`,
		Example: `  # on a pull request branch
  ddlgate ci

  # and keep the committed schema snapshot honest
  ddlgate ci --schema-file canonical-schema.sql --dev-url "$DEV_URL"

  # against the pull request's base commit, SARIF for code scanning
  ddlgate ci --base "$BASE_SHA" --format sarif --output ddlgate.sarif

  # adopt ddlgate on an old project: accept today's findings, gate new ones
  ddlgate baseline --output ddlgate-baseline.json
  ddlgate ci --baseline ddlgate-baseline.json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			err := a.ci(cmd, &f, &cf, base)
			return a.checkCanonical(cmd, &f, &canonical, err)
		},
	}
	f.register(cmd, config.GateCI)
	canonical.register(cmd)
	cf.register(cmd)
	cmd.Flags().StringVar(&base, "base", "", "git ref whose merge base with HEAD changes are counted from (default: origin/main, else main, else origin/master, else master)")
	return cmd
}

// gateRun is what a gate command resolved from its flags and the config.
type gateRun struct {
	format    string
	s         *settings
	failLevel finding.Severity
	baseline  *finding.Baseline
}

// prepareGate validates a gate command's flags and loads the config,
// policies and baseline; every problem is exit 2.
func (a *app) prepareGate(cmd *cobra.Command, f *gateFlags, gateName string) (*gateRun, error) {
	format, err := a.outputFormat(f.format)
	if err != nil {
		return nil, err
	}
	s, err := a.loadSettings(cmd.Context(), cmd, &f.targetFlags)
	if err != nil {
		return nil, err
	}
	failLevel, err := gateFailLevel(s.cfg, gateName, f.failLevel)
	if err != nil {
		return nil, err
	}
	bl, err := a.readBaseline(f.baseline)
	if err != nil {
		return nil, err
	}
	if err := a.judgeAgainst(cmd.Context(), &s.opts, "", pick(cmd, "db-snapshot", f.dbSnapshot, s.cfg.DBSnapshot)); err != nil {
		return nil, err
	}
	return &gateRun{format: format, s: s, failLevel: failLevel, baseline: bl}, nil
}

func (a *app) ci(cmd *cobra.Command, f *gateFlags, cf *cacheFlags, base string) error {
	ctx := cmd.Context()
	g, err := a.prepareGate(cmd, f, config.GateCI)
	if err != nil {
		return err
	}
	s, format := g.s, g.format
	s.opts.Cache = a.resultCache(cf, s.cfg)
	dir, err := a.requireMigrationsDir(f.dir, s.cfg)
	if err != nil {
		return err
	}
	repo, err := gitdiff.Open(ctx, a.workDir)
	if err != nil {
		return &exitError{code: gate.Broken, err: err}
	}
	baseName := base
	if base == "" {
		if base, baseName, err = repo.DefaultBase(ctx); err != nil {
			return &exitError{code: gate.Broken, err: fmt.Errorf("%w: pass --base", err)}
		}
	} else if base, err = repo.MergeBase(ctx, base); err != nil {
		// Since the fork point, so that what the base branch did meanwhile
		// is not mistaken for the branch's own changes.
		return &exitError{code: gate.Broken, err: err}
	}
	changed, err := repo.Changed(ctx, base, dir)
	if err != nil {
		return &exitError{code: gate.Broken, err: err}
	}
	// What the base branch already has: a new file must not sort before it.
	onBase, err := a.landedOnBase(ctx, repo, baseName, dir, s.opts.Format)
	if err != nil {
		return &exitError{code: gate.Broken, err: err}
	}
	s.opts.Landed = append(s.opts.Landed, onBase...)
	o := s.opts
	prog := a.newProgress(format, f.output)
	o.Progress = prog.hook()
	rep, err := a.lintChanged(ctx, o, dir, changed)
	prog.finish()
	if err != nil {
		return err
	}
	if rep.Files == 0 {
		fmt.Fprintf(a.stderr, "ddlgate: no migration in %s changed since %s\n", dir, baseName)
	}
	rep.Quiet = f.quiet
	return a.finishGate(ctx, rep, g.baseline, format, f.output, g.failLevel)
}

// landedOnBase lists the migrations of dir on the tip of the base branch
// (not the merge base: what merged there since the branch forked is exactly
// what a new file must not sort before), for require-linear-history.
func (a *app) landedOnBase(ctx context.Context, repo *gitdiff.Repo, ref, dir, format string) ([]parser.Landed, error) {
	onBase, err := repo.FilesAt(ctx, ref, dir)
	if err != nil {
		return nil, err
	}
	if format == "" {
		if all, err := migrations.Discover([]string{a.abs(dir)}, migrations.Options{}); err == nil && len(all) > 0 {
			format = all[0].Format
		}
	}
	var landed []parser.Landed
	for _, p := range slices.Sorted(maps.Keys(onBase)) {
		if !strings.HasSuffix(p, ".sql") {
			continue
		}
		ms, err := migrations.Load(filepath.FromSlash(p), nil, format, false)
		if err != nil {
			return nil, err
		}
		for _, m := range ms {
			if key := migrations.OrderKey(m); key != "" {
				landed = append(landed, parser.Landed{Version: key, Path: m.Path, Where: "base-branch", Ref: ref})
			}
		}
	}
	return landed, nil
}

// gateFailLevel is --fail-level when given, else the gate's level in config.
func gateFailLevel(cfg *config.Config, gateName, flag string) (finding.Severity, error) {
	if flag != "" {
		return parseFailLevel(flag)
	}
	return cfg.GateFailLevel(gateName), nil
}

// readBaseline reads --baseline; without it every finding is new.
func (a *app) readBaseline(path string) (*finding.Baseline, error) {
	if path == "" {
		return nil, nil
	}
	b, err := finding.ReadBaseline(a.abs(path))
	if err != nil {
		return nil, &exitError{code: gate.Broken, err: err}
	}
	return b, nil
}

// lintChanged lints the migrations of dir whose paths (relative to the
// working directory) are in changed, with every migration of dir replayed
// into the schema catalog in order, so a changed file is judged against the
// schema the earlier ones build. Only the changed files are evaluated and
// reported.
func (a *app) lintChanged(ctx context.Context, o lint.Options, dir string, changed []string) (*report.Report, error) {
	all, err := migrations.Discover([]string{a.abs(dir)}, migrations.Options{Format: o.Format})
	if err != nil {
		return nil, err
	}
	wanted := make(map[string]bool, len(changed))
	for _, p := range changed {
		wanted[a.abs(filepath.Clean(p))] = true
	}
	var linted []migrations.Migration
	for i := range all {
		all[i].Path = a.display(all[i].Path)
		if wanted[a.abs(all[i].Path)] {
			linted = append(linted, all[i])
		}
	}
	if len(linted) == 0 {
		// Still list the rules, so an empty SARIF report says what ran.
		var rules []engine.Rule
		for _, r := range lint.ConfiguredRules(o.Policies, o.Rules) {
			if r.Enabled {
				rules = append(rules, r)
			}
		}
		return &report.Report{Rules: reportRules(rules), ToolVersion: Version}, nil
	}
	// The gate of a project also looks for schema pushes that bypass
	// migrations altogether (ban-push-workflow).
	o.Project = a.workDir
	res, err := lint.RunWithHistory(ctx, linted, all, o)
	if err != nil {
		return nil, err
	}
	return a.lintReport(res), nil
}

// finishGate drops baselined findings, writes the report and decides the
// gate.
func (a *app) finishGate(ctx context.Context, rep *report.Report, bl *finding.Baseline, format, output string, failLevel finding.Severity) error {
	rep.FailLevel = failLevel
	if repoRelative[format] {
		rep.PathPrefix, rep.RootURI = a.repoLocation(ctx)
	}
	if bl != nil {
		var n int
		rep.Findings, n = bl.Filter(rep.Findings)
		if n > 0 {
			fmt.Fprintf(a.stderr, "ddlgate: %d finding(s) left out: in the baseline\n", n)
		}
	}
	if err := a.writeGateReport(format, output, rep); err != nil {
		return err
	}
	if gate.Decide(rep.Findings, failLevel) != gate.Pass {
		return failed()
	}
	return nil
}

// repoRelative are the formats read by tools that look for files from the
// root of the repository: code scanning (SARIF), workflow annotations,
// GitLab Code Quality.
var repoRelative = map[string]bool{"sarif": true, "github": true, "gitlab": true}

// repoLocation says where the working directory is in its git repository:
// its path from the root, and the root's file URI; outside git, the
// working directory is the root.
func (a *app) repoLocation(ctx context.Context) (prefix, rootURI string) {
	root := a.workDir
	if repo, err := gitdiff.Open(ctx, a.workDir); err == nil {
		if top, err := repo.Toplevel(ctx); err == nil {
			prefix, root = repo.Prefix(), top
		}
	}
	return prefix, (&url.URL{Scheme: "file", Path: filepath.ToSlash(root) + "/"}).String()
}

// writeGateReport writes the report to stdout, or to output with a one-line
// summary on stdout so the terminal still says how it went.
func (a *app) writeGateReport(format, output string, rep *report.Report) error {
	write, _ := report.Lookup(format)
	if output == "" {
		if err := write(a.stdout, rep); err != nil {
			return fmt.Errorf("write %s report: %w", format, err)
		}
		return nil
	}
	file, err := os.Create(a.abs(output))
	if err != nil {
		return &exitError{code: gate.Broken, err: fmt.Errorf("write report: %w", err)}
	}
	color := rep.Color
	rep.Color = false
	err = write(file, rep)
	rep.Color = color
	if cerr := file.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return &exitError{code: gate.Broken, err: fmt.Errorf("write %s report %s: %w", format, output, err)}
	}
	return writeSummary(a.stdout, rep, format, output)
}

func writeSummary(w io.Writer, rep *report.Report, format, output string) error {
	s := rep.Summary()
	_, err := fmt.Fprintf(w, "%s report written to %s: %d error(s), %d warning(s), %d info in %d file(s)\n",
		format, output, s.Errors, s.Warnings, s.Infos, s.Files)
	return err
}
