package migrations

import (
	"path/filepath"
	"strings"
)

// nameInfo is what a format's naming rules say about a file path.
type nameInfo struct {
	version    string
	name       string
	direction  string
	repeatable bool
	versioned  bool // the name follows the format's versioned pattern
}

// parseName applies the naming rules of format to path. A name that does not
// follow the pattern still yields a migration (unversioned, up) so naming
// rules can report it.
func parseName(format, path string) nameInfo {
	base := filepath.Base(path)
	stem := strings.TrimSuffix(base, ".sql")
	info := nameInfo{name: stem, direction: DirectionUp}
	switch format {
	case FormatPlain:
		return info
	case FormatPrisma:
		if v, n, ok := splitVersion(filepath.Base(filepath.Dir(path)), isDigits); ok {
			info.version, info.name, info.versioned = v, n, true
		}
	case FormatDiesel:
		if stem == "down" {
			info.direction = DirectionDown
		}
		if v, n, ok := splitVersion(filepath.Base(filepath.Dir(path)), isDieselVersion); ok {
			info.version, info.name, info.versioned = v, n, true
		}
	case FormatGolangMigrate:
		rest := stem
		d, hasDirection := migrateDirection(stem)
		if hasDirection {
			info.direction = d
			rest = strings.TrimSuffix(stem, "."+d)
		}
		info.name = rest
		if v, n, ok := splitVersion(rest, isDigits); ok {
			info.version, info.name, info.versioned = v, n, hasDirection
		}
	case FormatFlyway:
		return parseFlyway(stem, info)
	case FormatDbmate:
		// dbmate's version is the leading digits, whatever separates the name.
		if v := leadingDigits(stem); v != "" {
			info.version, info.versioned = v, true
			info.name = strings.TrimLeft(stem[len(v):], "_-")
		}
	default: // drizzle, goose, supabase, atlas: <version>_<name>.sql
		if v, n, ok := splitVersion(stem, isDigits); ok {
			info.version, info.name, info.versioned = v, n, true
		}
	}
	return info
}

// migrateDirection returns "up" or "down" for a golang-migrate stem.
func migrateDirection(stem string) (string, bool) {
	switch {
	case strings.HasSuffix(stem, ".up"):
		return DirectionUp, true
	case strings.HasSuffix(stem, ".down"):
		return DirectionDown, true
	}
	return "", false
}

// splitVersion splits "<version>_<name>" (or a bare "<version>") when the
// version part passes valid.
func splitVersion(s string, valid func(string) bool) (version, name string, ok bool) {
	version, name, _ = strings.Cut(s, "_")
	if !valid(version) {
		return "", s, false
	}
	return version, name, true
}

// parseFlyway reads V<ver>__<desc>, U<ver>__<desc> (undo) and R__<desc>.
// Version parts may be separated by "." or "_" and are reported with ".".
func parseFlyway(stem string, info nameInfo) nameInfo {
	prefix, rest, ok := strings.Cut(stem, "__")
	if !ok || prefix == "" {
		return info
	}
	switch {
	case prefix == "R":
		info.repeatable, info.name, info.versioned = true, rest, true
	case (prefix[0] == 'V' || prefix[0] == 'U') && isFlywayVersion(prefix[1:]):
		info.version = strings.ReplaceAll(prefix[1:], "_", ".")
		info.name, info.versioned = rest, true
		if prefix[0] == 'U' {
			info.direction = DirectionDown
		}
	}
	return info
}

// isFlywayName reports whether a file name is a flyway V, U or R migration.
func isFlywayName(base string) bool {
	stem, ok := strings.CutSuffix(base, ".sql")
	if !ok {
		return false
	}
	return parseFlyway(stem, nameInfo{}).versioned
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// isFlywayVersion accepts 1, 1.1, 2_1, 1.2.3.
func isFlywayVersion(s string) bool {
	if s == "" {
		return false
	}
	for _, part := range strings.FieldsFunc(s, func(r rune) bool { return r == '.' || r == '_' }) {
		if !isDigits(part) {
			return false
		}
	}
	return s[0] != '.' && s[0] != '_' && s[len(s)-1] != '.' && s[len(s)-1] != '_'
}

// isDieselVersion accepts diesel's 2024-01-01-000000 and plain digits.
func isDieselVersion(s string) bool {
	return isDigits(strings.ReplaceAll(s, "-", "")) && s[0] != '-'
}

// CompareVersions orders version strings naturally, as migrations are
// ordered: runs of digits compare as numbers (so 2 < 10 and flyway
// 1.9 < 1.10), everything else byte-wise.
func CompareVersions(a, b string) int {
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		ca, cb := a[i], b[j]
		if isDigit(ca) && isDigit(cb) {
			si, sj := i, j
			for i < len(a) && isDigit(a[i]) {
				i++
			}
			for j < len(b) && isDigit(b[j]) {
				j++
			}
			na := strings.TrimLeft(a[si:i], "0")
			nb := strings.TrimLeft(b[sj:j], "0")
			if len(na) != len(nb) {
				return cmpInt(len(na), len(nb))
			}
			if c := strings.Compare(na, nb); c != 0 {
				return c
			}
			continue
		}
		if ca != cb {
			return cmpInt(int(ca), int(cb))
		}
		i++
		j++
	}
	return cmpInt(len(a)-i, len(b)-j)
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func cmpInt(a, b int) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
