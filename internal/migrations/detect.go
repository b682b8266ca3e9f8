package migrations

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// DetectFormat recognises the format of a migration directory from its
// layout (drizzle meta/_journal.json, atlas.sum, golang-migrate .up/.down
// names, flyway V<n>__ names, prisma */migration.sql, diesel */up.sql), then
// from the content of its .sql files (goose and dbmate markers), then from
// its path (supabase/migrations). Anything else is "plain".
func DetectFormat(dir string) (string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return "", fmt.Errorf("read migration directory %s: %w", dir, err)
	}
	if format := layoutFormat(dir, entries); format != "" {
		return format, nil
	}
	var sawBreakpoint, sawDbmate bool
	for _, e := range entries {
		if e.IsDir() || !isSQLFile(e.Name()) {
			continue
		}
		path := filepath.Join(dir, e.Name())
		src, err := os.ReadFile(path)
		if err != nil {
			return "", fmt.Errorf("read migration %s: %w", path, err)
		}
		h := contentHints(src)
		if h&hintGoose != 0 {
			return FormatGoose, nil
		}
		sawDbmate = sawDbmate || h&hintDbmate != 0
		sawBreakpoint = sawBreakpoint || h&hintBreakpoint != 0
	}
	return pathOrContentFormat(dir, sawDbmate, sawBreakpoint), nil
}

// pathOrContentFormat decides between the formats that names and layout do
// not reveal, once no goose marker was seen.
func pathOrContentFormat(dir string, sawDbmate, sawBreakpoint bool) string {
	switch {
	case sawDbmate:
		return FormatDbmate
	case isSupabaseDir(dir):
		return FormatSupabase
	case sawBreakpoint:
		// drizzle files whose journal is missing: still split on breakpoints.
		return FormatDrizzle
	}
	return FormatPlain
}

// layoutFormat recognises a format from directory entries alone (and a few
// stats), or returns "".
func layoutFormat(dir string, entries []os.DirEntry) string {
	if hasEntry(entries, "meta") && fileExists(filepath.Join(dir, "meta", "_journal.json")) {
		return FormatDrizzle
	}
	if hasEntry(entries, "atlas.sum") {
		return FormatAtlas
	}
	if hasEntry(entries, "migration_lock.toml") {
		return FormatPrisma
	}
	// One prisma or diesel migration directory given on its own.
	if name := filepath.Base(dir); isDigit(firstByte(name)) {
		switch {
		case hasEntry(entries, "migration.sql"):
			return FormatPrisma
		case hasEntry(entries, "up.sql") && isDieselVersion(leadingVersion(name)):
			return FormatDiesel
		}
	}
	var upDown, flyway bool
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !isSQLFile(name) {
			continue
		}
		stem := strings.TrimSuffix(name, ".sql")
		if _, ok := migrateDirection(stem); ok && isDigits(leadingDigits(stem)) {
			upDown = true
		}
		flyway = flyway || isFlywayName(name)
	}
	switch {
	case upDown:
		return FormatGolangMigrate
	case flyway:
		return FormatFlyway
	}
	for _, e := range entries {
		if !e.IsDir() || !isDigit(firstByte(e.Name())) {
			continue
		}
		sub := filepath.Join(dir, e.Name())
		if fileExists(filepath.Join(sub, "migration.sql")) {
			return FormatPrisma
		}
		if fileExists(filepath.Join(sub, "up.sql")) {
			return FormatDiesel
		}
	}
	if flywaySubfolders(dir, entries) {
		return FormatFlyway
	}
	return ""
}

// flywaySubfolders recognises a Flyway location that keeps its migrations
// in subfolders (db/migration/2.31/V2_31_1__x.sql): no .sql file of its own,
// and every subfolder holding .sql files holds only Flyway names. Deeper
// folders are read when the location is, not to recognise it.
func flywaySubfolders(dir string, entries []os.DirEntry) bool {
	found := false
	for _, e := range entries {
		name := e.Name()
		if !e.IsDir() {
			if isSQLFile(name) {
				return false
			}
			continue
		}
		if strings.HasPrefix(name, ".") {
			continue
		}
		sub, err := os.ReadDir(filepath.Join(dir, name))
		if err != nil {
			continue
		}
		for _, f := range sub {
			if f.IsDir() || !isSQLFile(f.Name()) {
				continue
			}
			if !isFlywayName(f.Name()) {
				return false
			}
			found = true
		}
	}
	return found
}

// detectFile recognises the format of a file given on its own, from its
// name, its parent directory's layout and its content.
func (d *discoverer) detectFile(path string, src []byte) string {
	base := filepath.Base(path)
	parent := filepath.Dir(path)
	parentName := filepath.Base(parent)
	stem := strings.TrimSuffix(base, ".sql")
	switch {
	case base == "migration.sql" && isDigits(leadingDigits(parentName)):
		return FormatPrisma
	case (base == "up.sql" || base == "down.sql") && isDigit(firstByte(parentName)):
		return FormatDiesel
	case isFlywayName(base):
		return FormatFlyway
	}
	if _, ok := migrateDirection(stem); ok && isDigits(leadingDigits(stem)) {
		return FormatGolangMigrate
	}
	switch {
	case hasGooseUp(src):
		return FormatGoose
	case hasDbmateUp(src):
		return FormatDbmate
	case d.dirHas(parent, filepath.Join("meta", "_journal.json")):
		return FormatDrizzle
	case d.dirHas(parent, "atlas.sum"):
		return FormatAtlas
	}
	return pathOrContentFormat(parent, false, containsBreakpoint(src))
}

// isSupabaseDir reports whether dir is a supabase/migrations directory.
func isSupabaseDir(dir string) bool {
	abs, err := filepath.Abs(dir)
	if err != nil {
		abs = dir
	}
	return filepath.Base(abs) == "migrations" && filepath.Base(filepath.Dir(abs)) == "supabase"
}

func hasEntry(entries []os.DirEntry, name string) bool {
	for _, e := range entries {
		if e.Name() == name {
			return true
		}
	}
	return false
}

func fileExists(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && !fi.IsDir()
}

// leadingDigits returns the digits a name starts with.
func leadingDigits(s string) string {
	i := 0
	for i < len(s) && isDigit(s[i]) {
		i++
	}
	return s[:i]
}

func firstByte(s string) byte {
	if s == "" {
		return 0
	}
	return s[0]
}

// leadingVersion returns the part of a directory name before its first "_".
func leadingVersion(name string) string {
	v, _, _ := strings.Cut(name, "_")
	return v
}
