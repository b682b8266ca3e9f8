package migrations

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// DefaultDirs are where projects keep their migrations, relative to the
// project root, in the order they are looked for: the tools' defaults
// (drizzle-kit, prisma, supabase, Flyway's src/main/resources/db/migration)
// and common conventions.
var DefaultDirs = []string{
	"migrations", "drizzle", "prisma/migrations", "supabase/migrations", "db/migrations",
	"src/db/migrations", "src/main/resources/db/migration",
}

// skippedDirs are never searched for migration sets: dependencies, build
// output, and test fixtures that look like migrations but are not the
// project's own.
var skippedDirs = []string{
	"node_modules", "vendor", "bower_components", "target", "dist",
	"build", "out", "testdata", "fixtures", "__fixtures__", "__tests__", "test", "tests",
}

// SkippedDirs lists the directory names FindSets does not search, for
// messages that say where it looked.
func SkippedDirs() []string {
	return append([]string{"hidden directories"}, skippedDirs...)
}

// IsSet reports whether dir is itself a set of migrations: its layout is a
// known format's (a drizzle journal, atlas.sum, prisma's lock file or
// migration folders, golang-migrate or Flyway names, diesel folders), or it
// holds .sql files that are versioned (every name starts with digits), carry
// goose or dbmate markers, or sit in supabase/migrations or a folder named
// migrations. A folder of sqlc queries or a schema dump is not a set.
func IsSet(dir string) (bool, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return false, fmt.Errorf("read directory %s: %w", dir, err)
	}
	if layoutFormat(dir, entries) != "" {
		return true, nil
	}
	var sqls []string
	versioned := true
	for _, e := range entries {
		if e.IsDir() || !isSQLFile(e.Name()) {
			continue
		}
		sqls = append(sqls, e.Name())
		versioned = versioned && isDigits(leadingDigits(e.Name()))
	}
	if len(sqls) == 0 {
		return false, nil
	}
	if versioned || isSupabaseDir(dir) {
		return true, nil
	}
	switch strings.ToLower(filepath.Base(dir)) {
	case "migrations", "migration":
		return true, nil
	}
	for _, name := range sqls {
		src, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			return false, fmt.Errorf("read migration %s: %w", filepath.Join(dir, name), err)
		}
		if hasGooseUp(src) || hasDbmateUp(src) {
			return true, nil
		}
	}
	return false, nil
}

// HasSQL reports whether dir holds .sql files of its own.
func HasSQL(dir string) bool {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return false
	}
	for _, e := range entries {
		if !e.IsDir() && isSQLFile(e.Name()) {
			return true
		}
	}
	return false
}

// FindSets searches root for migration sets: first DefaultDirs under it,
// then every directory below it that IsSet, breadth first in name order,
// never inside a set already found nor in SkippedDirs. Each set is one
// sequence of migrations, applied to its own database.
func FindSets(root string) ([]string, error) {
	var sets []string
	found := map[string]bool{}
	add := func(dir string) {
		if !found[dir] {
			found[dir] = true
			sets = append(sets, dir)
		}
	}
	for _, d := range DefaultDirs {
		dir := filepath.Join(root, filepath.FromSlash(d))
		if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
			continue
		}
		ok, err := IsSet(dir)
		if err != nil {
			return nil, err
		}
		if ok || HasSQL(dir) {
			add(dir)
		}
	}
	queue := []string{root}
	for len(queue) > 0 {
		dir := queue[0]
		queue = queue[1:]
		entries, err := os.ReadDir(dir)
		if err != nil {
			if dir == root {
				return nil, fmt.Errorf("read directory %s: %w", dir, err)
			}
			continue // an unreadable corner of a project is not an error
		}
		for _, e := range entries {
			name := e.Name()
			if !e.IsDir() || strings.HasPrefix(name, ".") || slices.Contains(skippedDirs, name) {
				continue
			}
			sub := filepath.Join(dir, name)
			if found[sub] {
				continue
			}
			ok, err := IsSet(sub)
			if err != nil {
				return nil, err
			}
			if ok && !holdsSet(sets, sub) && !onlyFolder(sub) {
				add(sub)
				continue
			}
			queue = append(queue, sub)
		}
	}
	return sets, nil
}

// holdsSet reports whether dir is above one of sets (a default directory
// found first, such as src/main/resources/db/migration below db).
func holdsSet(sets []string, dir string) bool {
	for _, s := range sets {
		if rel, err := filepath.Rel(dir, s); err == nil && rel != "." && !strings.HasPrefix(rel, "..") {
			return true
		}
	}
	return false
}

// onlyFolder reports whether dir holds nothing but one folder that is a set
// itself: db/ around a Flyway db/migration/, whose set is the inner one.
func onlyFolder(dir string) bool {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return false
	}
	var sub string
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".") {
			continue
		}
		if !e.IsDir() || sub != "" {
			return false
		}
		sub = e.Name()
	}
	if sub == "" {
		return false
	}
	ok, _ := IsSet(filepath.Join(dir, sub))
	return ok
}
