// Package config reads .ddlgate.yaml: typed and validated, so a misspelt key,
// a wrong type or an unknown rule id is an error naming FILE:LINE instead of a
// setting silently ignored.
package config

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/ddlgate/ddlgate/internal/finding"
	"github.com/ddlgate/ddlgate/internal/migrations"
	"github.com/ddlgate/ddlgate/parser"
)

// FileName is the configuration file looked up from the working directory
// upwards.
const FileName = ".ddlgate.yaml"

// Gate names: the moments of a migration's life with their own fail level.
const (
	GateGenerate = "generate"
	GateCI       = "ci"
	GateApply    = "apply"
)

// Config is a parsed .ddlgate.yaml. Zero values mean "not set": the command
// line and the built-in defaults decide.
type Config struct {
	// Path is the file the config was read from, "" when there is none.
	Path string
	// PGVersion is the major version (parser.MinPGVersion..MaxPGVersion), PGVersionNum the full number
	// (160004 for 16.4); 0 when unset.
	PGVersion, PGVersionNum int
	Runner                  string
	// Format is the migration format (drizzle, prisma...), overriding
	// detection; not the output format, which belongs to each invocation.
	Format        string
	FailLevel     finding.Severity
	DefaultSchema string
	Rules         map[string]Rule
	// MigrationsDir and PolicyDirs are resolved relative to the config file.
	MigrationsDir string
	PolicyDirs    []string
	// Gates holds the fail level per gate (GateGenerate, GateCI, GateApply).
	Gates map[string]finding.Severity
	// RequireBranch is gates.apply.require_branch: apply refuses pending
	// files not committed, as they are, on this branch.
	RequireBranch string
	Apply         Apply
	// Notify are webhook URLs that apply and drift post an event to after
	// each run (notify: in the config, added to --notify).
	Notify []string
	// DBSnapshot is the database snapshot file (ddlgate db snapshot) lint
	// and ci judge against when no --database-url is given, resolved
	// relative to the config file.
	DBSnapshot string
	// CacheDir is the directory of the result cache (cache_dir:), resolved
	// relative to the config file; "" is the user's cache directory.
	CacheDir string
}

// Rule is a rules.<id> entry.
type Rule struct {
	Enabled  *bool
	Severity *finding.Severity
	Params   map[string]any
	// Pos is where the entry's id is written, for errors about it.
	Pos Position
}

// Apply holds the settings of `ddlgate apply`; nil pointers are unset.
type Apply struct {
	LockTimeout      *time.Duration
	StatementTimeout *time.Duration
	LockRetries      *int
	RetryBackoff     *time.Duration
}

// Position is a place in the config file.
type Position struct {
	File string
	Line int
}

func (p Position) String() string { return fmt.Sprintf("%s:%d", p.File, p.Line) }

// Find looks for FileName in dir and its parents up to the filesystem root
// and returns its path, or "" when there is none.
func Find(dir string) (string, error) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return "", fmt.Errorf("find %s: %w", FileName, err)
	}
	for {
		p := filepath.Join(dir, FileName)
		if _, err := os.Stat(p); err == nil {
			return p, nil
		} else if !errors.Is(err, fs.ErrNotExist) {
			return "", fmt.Errorf("find %s: %w", FileName, err)
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", nil
		}
		dir = parent
	}
}

// Load reads the config at path, or the one Find discovers from workDir when
// path is "". Without a config file it returns an empty Config.
func Load(path, workDir string) (*Config, error) {
	if path == "" {
		found, err := Find(workDir)
		if err != nil {
			return nil, err
		}
		if found == "" {
			return &Config{}, nil
		}
		path = found
	} else if !filepath.IsAbs(path) {
		path = filepath.Join(workDir, path)
	}
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read config: %w", err)
	}
	return Parse(path, src)
}

// Parse reads config source; path names the file in errors and anchors the
// relative directories.
func Parse(path string, src []byte) (*Config, error) {
	c := &Config{Path: path}
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if len(doc.Content) == 0 || len(bytes.TrimSpace(src)) == 0 {
		return c, nil
	}
	d := decoder{path: path, base: filepath.Dir(path)}
	d.top(c, doc.Content[0])
	if len(d.errs) > 0 {
		return nil, errors.Join(d.errs...)
	}
	return c, nil
}

// Validate checks the rule ids of the rules section against the registry;
// ids, when given, are the candidates for "did you mean".
func (c *Config) Validate(known func(id string) bool, ids ...string) error {
	var errs []error
	for _, id := range sortedKeys(c.Rules) {
		if known(id) {
			continue
		}
		msg := fmt.Sprintf("%s: unknown rule %q", c.Rules[id].Pos, id)
		if s := Suggest(id, ids); s != "" {
			msg += fmt.Sprintf(" (did you mean %q?)", s)
		}
		errs = append(errs, errors.New(msg))
	}
	return errors.Join(errs...)
}

// GateFailLevel is the fail level of a gate: the gate's own, else the
// top-level fail_level, else error.
func (c *Config) GateFailLevel(gate string) finding.Severity {
	if s := c.Gates[gate]; s != 0 {
		return s
	}
	if c.FailLevel != 0 {
		return c.FailLevel
	}
	return finding.Error
}

// ParsePGVersion reads a PostgreSQL version written as a major ("16") or
// major.minor ("16.4") and returns the major version and the server_version_num
// form (160004). Supported majors are parser.MinPGVersion to
// parser.MaxPGVersion.
func ParsePGVersion(s string) (major, num int, err error) {
	majorText, minorText, hasMinor := strings.Cut(strings.TrimSpace(s), ".")
	major, err = strconv.Atoi(majorText)
	minor := 0
	if err == nil && hasMinor {
		minor, err = strconv.Atoi(minorText)
	}
	if err != nil || major < parser.MinPGVersion || major > parser.MaxPGVersion || minor < 0 || minor > 99 {
		return 0, 0, fmt.Errorf("invalid PostgreSQL version %q: want a major version from %s, like 16 or 16.4", s, parser.SupportedPGVersions())
	}
	return major, major*10000 + minor, nil
}

// decoder walks the YAML tree, collecting every error rather than stopping
// at the first, so one run shows all the mistakes of a file.
type decoder struct {
	path string
	base string
	errs []error
}

func (d *decoder) errorf(n *yaml.Node, format string, args ...any) {
	d.errs = append(d.errs, fmt.Errorf("%s:%d: %s", d.path, n.Line, fmt.Sprintf(format, args...)))
}

// mapping calls fn for each key of a mapping node that is among keys, and
// reports the others as unknown with the closest known key.
func (d *decoder) mapping(n *yaml.Node, what string, keys []string, fn func(key string, k, v *yaml.Node)) {
	if n.Kind != yaml.MappingNode {
		if n.Tag == "!!null" {
			return
		}
		d.errorf(n, "%s must be a mapping, got %s", what, describe(n))
		return
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if !slices.Contains(keys, k.Value) {
			msg := fmt.Sprintf("unknown key %q", k.Value)
			if what != "config" {
				msg += " in " + what
			}
			if s := Suggest(k.Value, keys); s != "" {
				msg += fmt.Sprintf(" (did you mean %q?)", s)
			} else {
				msg += fmt.Sprintf(" (known keys: %s)", strings.Join(keys, ", "))
			}
			d.errorf(k, "%s", msg)
			continue
		}
		fn(k.Value, k, v)
	}
}

func (d *decoder) top(c *Config, n *yaml.Node) {
	keys := []string{"pg_version", "runner", "format", "fail_level", "default_schema", "rules",
		"migrations", "policies", "gates", "apply", "notify", "db_snapshot", "cache_dir"}
	d.mapping(n, "config", keys, func(key string, _, v *yaml.Node) {
		switch key {
		case "pg_version":
			if s, ok := d.scalar(v, key); ok {
				major, num, err := ParsePGVersion(s)
				if err != nil {
					d.errorf(v, "pg_version: %v", err)
					return
				}
				c.PGVersion, c.PGVersionNum = major, num
			}
		case "runner":
			c.Runner = d.oneOf(v, key, "runner", migrations.Runners())
		case "format":
			c.Format = d.oneOf(v, key, "migration format", migrations.Formats())
		case "fail_level":
			c.FailLevel = d.severity(v, key)
		case "default_schema":
			c.DefaultSchema, _ = d.str(v, key)
		case "rules":
			d.rules(c, v)
		case "db_snapshot":
			if p, ok := d.str(v, key); ok {
				c.DBSnapshot = d.resolve(p)
			}
		case "cache_dir":
			if p, ok := d.str(v, key); ok {
				c.CacheDir = d.resolve(p)
			}
		case "migrations":
			d.mapping(v, "migrations", []string{"dir"}, func(_ string, _, v *yaml.Node) {
				if s, ok := d.str(v, "migrations.dir"); ok {
					c.MigrationsDir = d.resolve(s)
				}
			})
		case "policies":
			d.stringList(v, "policies", "directories", func(_ *yaml.Node, s string) {
				c.PolicyDirs = append(c.PolicyDirs, d.resolve(s))
			})
		case "gates":
			d.gates(c, v)
		case "apply":
			d.apply(c, v)
		case "notify":
			d.stringList(v, "notify", "webhook URLs", func(e *yaml.Node, s string) {
				if !strings.HasPrefix(s, "http://") && !strings.HasPrefix(s, "https://") {
					d.errorf(e, "notify entry must be an http:// or https:// URL, got %q", s)
					return
				}
				c.Notify = append(c.Notify, s)
			})
		}
	})
}

func (d *decoder) rules(c *Config, n *yaml.Node) {
	if n.Kind != yaml.MappingNode {
		d.errorf(n, "rules must be a mapping of rule ids, got %s", describe(n))
		return
	}
	c.Rules = make(map[string]Rule, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		r := Rule{Pos: Position{File: d.path, Line: k.Line}}
		what := "rules." + k.Value
		d.mapping(v, what, []string{"enabled", "severity", "params"}, func(key string, _, v *yaml.Node) {
			switch key {
			case "enabled":
				var b bool
				if v.Kind != yaml.ScalarNode || v.Tag != "!!bool" || v.Decode(&b) != nil {
					d.errorf(v, "%s.enabled must be true or false, got %s", what, describe(v))
					return
				}
				r.Enabled = &b
			case "severity":
				if s := d.severity(v, what+".severity"); s != 0 {
					r.Severity = &s
				}
			case "params":
				var p map[string]any
				if v.Kind != yaml.MappingNode || v.Decode(&p) != nil {
					d.errorf(v, "%s.params must be a mapping, got %s", what, describe(v))
					return
				}
				r.Params = p
			}
		})
		c.Rules[k.Value] = r
	}
}

func (d *decoder) gates(c *Config, n *yaml.Node) {
	names := []string{GateGenerate, GateCI, GateApply}
	d.mapping(n, "gates", names, func(gate string, _, v *yaml.Node) {
		keys := []string{"fail_level"}
		if gate == GateApply {
			keys = append(keys, "require_branch")
		}
		d.mapping(v, "gates."+gate, keys, func(key string, _, v *yaml.Node) {
			if key == "require_branch" {
				c.RequireBranch, _ = d.str(v, "gates.apply.require_branch")
				return
			}
			if s := d.severity(v, "gates."+gate+".fail_level"); s != 0 {
				if c.Gates == nil {
					c.Gates = make(map[string]finding.Severity, len(names))
				}
				c.Gates[gate] = s
			}
		})
	})
}

func (d *decoder) apply(c *Config, n *yaml.Node) {
	keys := []string{"lock_timeout", "statement_timeout", "lock_retries", "retry_backoff"}
	d.mapping(n, "apply", keys, func(key string, _, v *yaml.Node) {
		what := "apply." + key
		switch key {
		case "lock_timeout":
			c.Apply.LockTimeout = d.duration(v, what)
		case "statement_timeout":
			c.Apply.StatementTimeout = d.duration(v, what)
		case "retry_backoff":
			c.Apply.RetryBackoff = d.duration(v, what)
		case "lock_retries":
			var i int
			if v.Kind != yaml.ScalarNode || v.Tag != "!!int" || v.Decode(&i) != nil || i < 0 {
				d.errorf(v, "%s must be a non-negative integer, got %s", what, describe(v))
				return
			}
			c.Apply.LockRetries = &i
		}
	})
}

// scalar returns a scalar's text whatever its YAML type (pg_version: 16 and
// pg_version: "16.4" are both fine).
func (d *decoder) scalar(n *yaml.Node, what string) (string, bool) {
	if n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
		d.errorf(n, "%s must be a value, got %s", what, describe(n))
		return "", false
	}
	return n.Value, true
}

func (d *decoder) str(n *yaml.Node, what string) (string, bool) {
	if n.Kind != yaml.ScalarNode || n.Tag != "!!str" {
		d.errorf(n, "%s must be a string, got %s", what, describe(n))
		return "", false
	}
	return n.Value, true
}

// stringList reads a list of strings (the key what, a list of of), calling
// add with each entry that is a string.
func (d *decoder) stringList(n *yaml.Node, what, of string, add func(e *yaml.Node, s string)) {
	if n.Kind != yaml.SequenceNode {
		d.errorf(n, "%s must be a list of %s, got %s", what, of, describe(n))
		return
	}
	for _, e := range n.Content {
		if s, ok := d.str(e, what+" entry"); ok {
			add(e, s)
		}
	}
}

// oneOf reads a string that must be one of valid, suggesting the closest
// when it is not.
func (d *decoder) oneOf(n *yaml.Node, what, noun string, valid []string) string {
	s, ok := d.str(n, what)
	if !ok {
		return ""
	}
	if slices.Contains(valid, s) {
		return s
	}
	if near := Suggest(s, valid); near != "" {
		d.errorf(n, "%s: unknown %s %q (did you mean %q?)", what, noun, s, near)
	} else {
		d.errorf(n, "%s: unknown %s %q (valid: %s)", what, noun, s, strings.Join(valid, ", "))
	}
	return ""
}

func (d *decoder) severity(n *yaml.Node, what string) finding.Severity {
	s, ok := d.str(n, what)
	if !ok {
		return 0
	}
	sev, err := finding.ParseSeverity(s)
	if err != nil {
		d.errorf(n, "%s: %v", what, err)
		return 0
	}
	return sev
}

// duration reads "5s", "1m30s" or 0 (disabled).
func (d *decoder) duration(n *yaml.Node, what string) *time.Duration {
	s, ok := d.scalar(n, what)
	if !ok {
		return nil
	}
	v, err := time.ParseDuration(s)
	if err != nil || v < 0 {
		d.errorf(n, "%s must be a duration like \"5s\" or \"500ms\" (0 disables it), got %q", what, s)
		return nil
	}
	return &v
}

func (d *decoder) resolve(p string) string {
	if filepath.IsAbs(p) {
		return p
	}
	return filepath.Join(d.base, p)
}

func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.AliasNode:
		return "an alias"
	}
	switch n.Tag {
	case "!!null":
		return "nothing"
	case "!!str":
		return strconv.Quote(n.Value)
	}
	return n.Value
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
