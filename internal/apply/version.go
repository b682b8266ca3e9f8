package apply

import (
	"fmt"
	"path"
	"slices"
	"strings"

	"github.com/ddlgate/ddlgate/internal/migrations"
)

// VersionError means a --to or --version argument names no migration (or
// more than one): a usage error, exit 2.
type VersionError struct {
	// Flag is the flag the version came from, e.g. "--to".
	Flag    string
	Version string
	// Recorded is set when the version was looked for among the rows of
	// ddlgate.migrations rather than the files of the directory.
	Recorded bool
	// Nearest are the versions around it, in order; Ambiguous the versions
	// it matches when it matches several.
	Nearest, Ambiguous []string
}

func (e *VersionError) Error() string {
	if len(e.Ambiguous) > 0 {
		return fmt.Sprintf("%s %s matches %d migrations (%s): give the full version", e.Flag, e.Version, len(e.Ambiguous), strings.Join(e.Ambiguous, ", "))
	}
	where := "no migration"
	if e.Recorded {
		where = "no migration recorded in ddlgate.migrations"
	}
	msg := fmt.Sprintf("%s %s: %s has this version", e.Flag, e.Version, where)
	if len(e.Nearest) > 0 {
		msg += " (nearest: " + strings.Join(e.Nearest, ", ") + ")"
	}
	return msg
}

// candidate is a migration a user may name: its history key (what status
// shows) and its path relative to the migrations directory.
type candidate struct {
	key, path string
}

// names are the spellings that name c: its key, its path, its file (or
// prisma and diesel folder) name with and without .sql, .up.sql or
// .down.sql, and its Flyway V-prefix.
func (c candidate) names() []string {
	out := []string{c.key, c.path}
	base := path.Base(c.path)
	if base == "migration.sql" || base == "up.sql" || base == "down.sql" {
		base = path.Base(path.Dir(c.path))
	}
	out = append(out, base)
	stem := base
	for _, ext := range []string{".up.sql", ".down.sql", ".sql"} {
		if s, ok := strings.CutSuffix(stem, ext); ok {
			stem = s
			break
		}
	}
	out = append(out, stem)
	if prefix, _, ok := strings.Cut(stem, "__"); ok {
		out = append(out, prefix) // V2_31_1
	}
	return out
}

// number is the numeric or timestamp prefix of c's name ("0002" of
// 0002_add_email.sql, "20240101120000" of a prisma folder), or its
// version when it has dots (Flyway's 2.31.1); "" when neither.
func (c candidate) number() string {
	if strings.ContainsAny(c.key, ".") && !strings.Contains(c.key, "/") && !strings.HasSuffix(c.key, ".sql") {
		return c.key
	}
	names := c.names()
	stem := names[3]
	i := 0
	for i < len(stem) && stem[i] >= '0' && stem[i] <= '9' {
		i++
	}
	return stem[:i]
}

// sameNumber compares version numbers: 0002 is 2, and Flyway's 2_31_1 is
// 2.31.1.
func sameNumber(a, b string) bool {
	norm := func(s string) string {
		s = strings.TrimPrefix(strings.TrimPrefix(s, "V"), "v")
		parts := strings.FieldsFunc(s, func(r rune) bool { return r == '.' || r == '_' })
		for i, p := range parts {
			if t := strings.TrimLeft(p, "0"); t != "" {
				parts[i] = t
			} else {
				parts[i] = "0"
			}
		}
		return strings.Join(parts, ".")
	}
	return a != "" && b != "" && isVersionNumber(b) && norm(a) == norm(b)
}

// isVersionNumber reports whether s is digits, optionally V-prefixed and
// separated by dots or underscores.
func isVersionNumber(s string) bool {
	s = strings.TrimPrefix(strings.TrimPrefix(s, "V"), "v")
	if s == "" {
		return false
	}
	for _, r := range s {
		if (r < '0' || r > '9') && r != '.' && r != '_' {
			return false
		}
	}
	return true
}

// resolveVersion returns the index of the candidate want names: by one of
// its names, else by its number. flag and recorded shape the error.
func resolveVersion(flag, want string, cands []candidate, recorded bool) (int, error) {
	for _, match := range []func(c candidate) bool{
		func(c candidate) bool { return slices.Contains(c.names(), want) },
		func(c candidate) bool { return sameNumber(c.number(), want) },
	} {
		var hits []int
		for i, c := range cands {
			if match(c) {
				hits = append(hits, i)
			}
		}
		switch len(hits) {
		case 0:
			continue
		case 1:
			return hits[0], nil
		}
		e := &VersionError{Flag: flag, Version: want, Recorded: recorded}
		for _, i := range hits {
			e.Ambiguous = append(e.Ambiguous, cands[i].key)
		}
		return -1, e
	}
	return -1, &VersionError{Flag: flag, Version: want, Recorded: recorded, Nearest: nearest(want, cands)}
}

// nearest lists up to two versions on each side of where want would sort.
func nearest(want string, cands []candidate) []string {
	keys := make([]string, 0, len(cands))
	for _, c := range cands {
		keys = append(keys, c.key)
	}
	slices.SortFunc(keys, migrations.CompareVersions)
	at, _ := slices.BinarySearchFunc(keys, want, migrations.CompareVersions)
	return keys[max(at-2, 0):min(at+2, len(keys))]
}
