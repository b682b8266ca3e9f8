package migrations

import (
	"os"
	"path/filepath"
	"strings"
)

// sideConfig is what files beside a migration say of its transaction:
// Flyway's script configuration (V1__x.sql.conf) and project configuration
// (flyway.toml, flyway.conf), diesel's metadata.toml.
type sideConfig struct {
	noTransaction, forceTransaction, mixedAllowed bool
}

// Flyway configuration keys ddlgate reads. executeInTransaction is also
// the one transaction setting of a script configuration file; mixed is not
// a script setting (Flyway rejects it there as an unknown property).
const (
	flywayExecuteInTransaction = "executeInTransaction"
	flywayMixed                = "flyway.mixed"
	flywayProjectExecute       = "flyway.executeInTransaction"
)

// flywayProject is what a project's Flyway configuration says of every
// script: flyway.mixed and flyway.executeInTransaction.
type flywayProject struct {
	mixed, executeOutside bool
}

// flywayConfigFiles are the configuration files Flyway's command line reads
// from its working directory, nearest first for each directory searched.
var flywayConfigFiles = []string{"flyway.toml", "flyway.conf", filepath.Join("conf", "flyway.toml"), filepath.Join("conf", "flyway.conf")}

// flywaySide combines a script's configuration file (nil when it has none)
// with its project's configuration, as Flyway's ParserSqlScript does: the
// script's executeInTransaction, when set, decides; else the project's
// executeInTransaction=false runs every script outside a transaction.
func flywaySide(scriptConf []byte, project flywayProject) sideConfig {
	if v, ok := propertyBool(scriptConf, flywayExecuteInTransaction); ok {
		return sideConfig{noTransaction: !v, forceTransaction: v, mixedAllowed: project.mixed}
	}
	return sideConfig{noTransaction: project.executeOutside, mixedAllowed: project.mixed}
}

// flywayProjectOf reads the Flyway configuration of the project holding
// dir: the nearest flyway.toml, flyway.conf, conf/flyway.toml or
// conf/flyway.conf that sets each key, from dir up to the repository root
// (the directory with .git) or the filesystem root. Unreadable files count
// as absent: they are not migrations.
func (d *discoverer) flywayProjectOf(dir string) flywayProject {
	abs, err := filepath.Abs(dir)
	if err != nil {
		abs = dir
	}
	if p, ok := d.flyway[abs]; ok {
		return p
	}
	settings := map[string]string{}
	for at := abs; ; {
		for _, name := range flywayConfigFiles {
			src, err := os.ReadFile(filepath.Join(at, name))
			if err != nil {
				continue
			}
			for k, v := range readFlywayConfig(src) {
				if _, set := settings[k]; !set {
					settings[k] = v
				}
			}
		}
		parent := filepath.Dir(at)
		if _, err := os.Stat(filepath.Join(at, ".git")); err == nil || parent == at {
			break
		}
		at = parent
	}
	p := flywayProject{
		mixed:          strings.EqualFold(settings[flywayMixed], "true"),
		executeOutside: strings.EqualFold(settings[flywayProjectExecute], "false"),
	}
	if d.flyway == nil {
		d.flyway = map[string]flywayProject{}
	}
	d.flyway[abs] = p
	return p
}

// readFlywayConfig reads the keys of a flyway.conf (Java properties,
// flyway.mixed=true) or a flyway.toml ([flyway] then mixed = true) as
// dotted names with unquoted values. It reads what ddlgate needs, simple
// key = value lines, not every TOML construct.
func readFlywayConfig(src []byte) map[string]string {
	out := map[string]string{}
	table := ""
	eachLine(src, func(start, end int) bool {
		line := strings.TrimSpace(string(src[start:end]))
		switch {
		case line == "" || line[0] == '#' || line[0] == '!':
		case line[0] == '[':
			table = strings.TrimSpace(strings.Trim(line, "[]"))
		default:
			k, v, ok := strings.Cut(line, "=")
			if !ok {
				return true
			}
			k = strings.TrimSpace(k)
			if table != "" {
				k = table + "." + k
			}
			out[k] = configValue(strings.TrimSpace(v))
		}
		return true
	})
	return out
}

// configValue unquotes a value and drops a trailing # comment.
func configValue(v string) string {
	if v != "" && (v[0] == '"' || v[0] == '\'') {
		if end := strings.IndexByte(v[1:], v[0]); end >= 0 {
			return v[1 : end+1]
		}
	}
	if i := strings.IndexByte(v, '#'); i >= 0 {
		v = strings.TrimSpace(v[:i])
	}
	return v
}

// propertyBool reads a key = true|false line of a small configuration
// file (Flyway's .sql.conf, diesel's metadata.toml); ok is false when the
// key is not set to either.
func propertyBool(conf []byte, key string) (value, ok bool) {
	eachLine(conf, func(start, end int) bool {
		k, v, found := strings.Cut(string(conf[start:end]), "=")
		if !found || strings.TrimSpace(k) != key {
			return true
		}
		switch strings.ToLower(strings.Trim(strings.TrimSpace(v), `"`)) {
		case "true":
			value, ok = true, true
		case "false":
			value, ok = false, true
		}
		return !ok
	})
	return value, ok
}
