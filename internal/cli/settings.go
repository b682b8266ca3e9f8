package cli

import (
	"context"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/ddlgate/ddlgate/internal/config"
	"github.com/ddlgate/ddlgate/internal/engine"
	"github.com/ddlgate/ddlgate/internal/finding"
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

// defaultMigrationDirs are looked for, in order, when neither a path, --dir
// nor the config's migrations.dir names the migrations directory.
var defaultMigrationDirs = []string{"migrations", "drizzle", "prisma/migrations", "supabase/migrations", "db/migrations", "src/db/migrations"}

// defaultPaths returns what to lint when no path is given: the configured
// migrations directory, else the first conventional one in the working
// directory.
func (a *app) defaultPaths(cfg *config.Config) ([]string, error) {
	if dir := a.migrationsDir("", cfg); dir != "" {
		return []string{dir}, nil
	}
	return nil, usageErrorf("no path given and no migrations directory found here (looked for %s): pass a path, or set migrations.dir in %s",
		strings.Join(defaultMigrationDirs, ", "), config.FileName)
}

// display shows an absolute path relative to the working directory when it
// lies inside it.
func (a *app) display(p string) string {
	if rel, err := filepath.Rel(a.workDir, p); err == nil && !strings.HasPrefix(rel, "..") {
		return rel
	}
	return p
}

// parseFailLevel reads --fail-level.
func parseFailLevel(s string) (finding.Severity, error) {
	sev, err := finding.ParseSeverity(s)
	if err != nil {
		return 0, usageErrorf("--fail-level: %v", err)
	}
	return sev, nil
}
