package cli

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/ddlgate/ddlgate/internal/config"
	"github.com/ddlgate/ddlgate/internal/engine"
	"github.com/ddlgate/ddlgate/internal/finding"
	"github.com/ddlgate/ddlgate/internal/gate"
	"github.com/ddlgate/ddlgate/internal/lint"
	"github.com/ddlgate/ddlgate/internal/migrations"
	"github.com/ddlgate/ddlgate/parser"
)

// targetFlags are the flags that say what the migrations run against and
// how; lint and facts share them. Flags override .ddlgate.yaml.
type targetFlags struct {
	configPath      string
	pgVersion       string
	runner          string
	migrationFormat string
	policyDirs      []string
	history         []string
}

func (f *targetFlags) register(cmd *cobra.Command) {
	fl := cmd.Flags()
	fl.StringVar(&f.configPath, "config", "", "config file (default: .ddlgate.yaml found from the current directory upwards)")
	fl.StringVar(&f.pgVersion, "pg-version", "", "target PostgreSQL version, "+parser.SupportedPGVersions()+", as 16 or 16.4 (default "+strconv.Itoa(parser.DefaultPGVersion)+")")
	fl.StringVar(&f.runner, "runner", "", "tool that applies the files: "+strings.Join(migrations.Runners(), ", ")+" (default: the format's own)")
	fl.StringVar(&f.migrationFormat, "migration-format", "", "migration format, overriding detection: "+strings.Join(migrations.Formats(), ", "))
	fl.StringArrayVar(&f.policyDirs, "policy", nil, "directory of custom Rego rules (repeatable; added to config policies)")
	fl.StringArrayVar(&f.history, "history", nil, "migrations directory replayed into the schema catalog before the linted files (repeatable; default: config migrations.dir)")
}

// settings are flags and config merged, validated, with policies loaded.
type settings struct {
	cfg      *config.Config
	policies *engine.Policies
	opts     lint.Options
}

// loadSettings reads the config, applies the flags over it and loads the
// policies; every problem is exit 2.
func (a *app) loadSettings(ctx context.Context, cmd *cobra.Command, f *targetFlags) (*settings, error) {
	cfg, err := config.Load(f.configPath, a.workDir)
	if err != nil {
		return nil, err
	}
	s := &settings{cfg: cfg}
	o := &s.opts
	o.Dir = a.workDir
	o.Now = a.now()
	o.PGVersion, o.PGVersionNum = cfg.PGVersion, cfg.PGVersionNum
	if cmd.Flags().Changed("pg-version") {
		if o.PGVersion, o.PGVersionNum, err = config.ParsePGVersion(f.pgVersion); err != nil {
			return nil, usageErrorf("--pg-version: %v", err)
		}
	}
	o.Runner = pick(cmd, "runner", f.runner, cfg.Runner)
	if o.Runner != "" {
		if _, err := migrations.ProfileFor(o.Runner); err != nil {
			return nil, usageErrorf("--runner: %v", err)
		}
	}
	o.Format = pick(cmd, "migration-format", f.migrationFormat, cfg.Format)
	if o.Format != "" && !migrations.ValidFormat(o.Format) {
		return nil, usageErrorf("--migration-format: unknown format %q (valid: %s)", o.Format, strings.Join(migrations.Formats(), ", "))
	}
	o.DefaultSchema = cfg.DefaultSchema
	// Earlier migrations tell which tables exist, their column types and
	// indexes: without them a file linted alone is judged blind.
	o.History = f.history
	if len(o.History) == 0 && cfg.MigrationsDir != "" {
		o.History = []string{cfg.MigrationsDir}
	}
	o.PolicyDirs = append(append([]string(nil), cfg.PolicyDirs...), f.policyDirs...)
	for i, d := range o.PolicyDirs {
		o.PolicyDirs[i] = a.abs(d)
	}
	if s.policies, err = lint.LoadPolicies(ctx, o.PolicyDirs); err != nil {
		return nil, err
	}
	o.Policies = s.policies
	if err := cfg.Validate(func(id string) bool { _, ok := s.policies.Rule(id); return ok }, ruleIDs(s.policies)...); err != nil {
		return nil, err
	}
	o.Rules = ruleConfigs(cfg)
	return s, nil
}

// pick returns the flag's value when given on the command line, else the
// config's.
func pick(cmd *cobra.Command, flag, flagValue, configValue string) string {
	if cmd.Flags().Changed(flag) {
		return flagValue
	}
	return configValue
}

func (a *app) abs(p string) string {
	if filepath.IsAbs(p) {
		return p
	}
	return filepath.Join(a.workDir, p)
}

func ruleIDs(p *engine.Policies) []string {
	rules := p.Rules()
	ids := make([]string, len(rules))
	for i, r := range rules {
		ids[i] = r.ID
	}
	return ids
}

func ruleConfigs(cfg *config.Config) map[string]engine.RuleConfig {
	if len(cfg.Rules) == 0 {
		return nil
	}
	out := make(map[string]engine.RuleConfig, len(cfg.Rules))
	for id, r := range cfg.Rules {
		out[id] = engine.RuleConfig{Enabled: r.Enabled, Severity: r.Severity, Params: r.Params}
	}
	return out
}

// migrationsDir returns the migrations directory of a command that works on
// one set, relative to the working directory when inside it: --dir, else
// the config's migrations.dir, else the one set found here (the first of
// migrations.DefaultDirs when several are), else the first of DefaultDirs
// that exists, empty; "" when there is none.
func (a *app) migrationsDir(flag string, cfg *config.Config) (string, error) {
	if flag != "" {
		return a.display(a.abs(flag)), nil
	}
	if cfg.MigrationsDir != "" {
		return a.display(cfg.MigrationsDir), nil
	}
	sets, err := migrations.FindSets(a.workDir)
	if err != nil {
		return "", &exitError{code: gate.Broken, err: err}
	}
	switch {
	case len(sets) == 1 || len(sets) > 1 && a.isDefaultDir(sets[0]):
		return a.display(sets[0]), nil
	case len(sets) > 1:
		shown := make([]string, len(sets))
		for i, d := range sets {
			shown[i] = a.display(d)
		}
		return "", usageErrorf("found %d migrations directories (%s): pass --dir, or set migrations.dir in %s",
			len(sets), strings.Join(shown, ", "), config.FileName)
	}
	for _, d := range migrations.DefaultDirs {
		if fi, err := os.Stat(filepath.Join(a.workDir, filepath.FromSlash(d))); err == nil && fi.IsDir() {
			return filepath.FromSlash(d), nil
		}
	}
	return "", nil
}

// isDefaultDir reports whether dir is one of migrations.DefaultDirs of the
// working directory.
func (a *app) isDefaultDir(dir string) bool {
	for _, d := range migrations.DefaultDirs {
		if filepath.Join(a.workDir, filepath.FromSlash(d)) == dir {
			return true
		}
	}
	return false
}

// requireMigrationsDir is migrationsDir for commands that cannot work
// without one.
func (a *app) requireMigrationsDir(flag string, cfg *config.Config) (string, error) {
	dir, err := a.migrationsDir(flag, cfg)
	if err == nil && dir == "" {
		err = noMigrationsDir(".")
	}
	return dir, err
}

// noMigrationsDir says where migrations were looked for under dir.
func noMigrationsDir(dir string) error {
	looked := make([]string, len(migrations.DefaultDirs))
	for i, d := range migrations.DefaultDirs {
		looked[i] = d + "/"
	}
	return usageErrorf("no migrations found in %s: looked for %s, then for folders of a known migration format below it (not in %s); pass the migrations directory (--dir for commands that take one), or set migrations.dir in %s",
		dir, strings.Join(looked, ", "), strings.Join(migrations.SkippedDirs(), ", "), config.FileName)
}

// display shows an absolute path relative to the working directory when it
// lies inside it.
func (a *app) display(p string) string {
	if rel, err := filepath.Rel(a.workDir, p); err == nil && !strings.HasPrefix(rel, "..") {
		return rel
	}
	return p
}

// discover lists the migrations at path (relative to the working
// directory), with their paths as display shows them.
func (a *app) discover(path string, o migrations.Options) ([]migrations.Migration, error) {
	ms, err := migrations.Discover([]string{a.abs(path)}, o)
	for i := range ms {
		ms[i].Path = a.display(ms[i].Path)
	}
	return ms, err
}

// writeOutput runs write on stdout, or on the file output (relative to the
// working directory) when one is given, and closes it.
func (a *app) writeOutput(output string, write func(io.Writer) error) error {
	if output == "" {
		return write(a.stdout)
	}
	file, err := os.Create(a.abs(output))
	if err != nil {
		return err
	}
	err = write(file)
	if cerr := file.Close(); err == nil {
		err = cerr
	}
	return err
}

// parseFailLevel reads --fail-level.
func parseFailLevel(s string) (finding.Severity, error) {
	sev, err := finding.ParseSeverity(s)
	if err != nil {
		return 0, usageErrorf("--fail-level: %v", err)
	}
	return sev, nil
}

// dirFlagUsage is the help of --dir for commands that work on one set.
const dirFlagUsage = "migrations directory (default: migrations.dir from .ddlgate.yaml, else the one found here: migrations/, drizzle/, prisma/migrations/, ... or a folder of a known format below)"
