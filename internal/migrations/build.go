package migrations

import "strings"

// build turns one file into the migrations it holds for the requested
// directions: none (a down file without includeDown), one, or two (goose and
// dbmate keep both directions in one file). side is what files beside it
// say of its transaction (flyway .conf and project configuration, diesel
// metadata.toml).
func build(path string, src []byte, format string, includeDown bool, side sideConfig) []Migration {
	info := parseName(format, path)
	base := Migration{
		Path:       path,
		Format:     format,
		Version:    info.version,
		Name:       info.name,
		Direction:  info.direction,
		Repeatable: info.repeatable,
		Src:        src,
	}
	switch format {
	case FormatGoose:
		split := splitGoose(src)
		base.NoTransaction = split.noTransaction
		return splitDirections(base, split, includeDown)
	case FormatDbmate:
		split := splitDbmate(src)
		return splitDirections(base, split, includeDown)
	case FormatDrizzle:
		base.Sections = drizzleSections(src)
	case FormatFlyway:
		base.NoTransaction, base.ForceTransaction, base.MixedAllowed = side.noTransaction, side.forceTransaction, side.mixedAllowed
	case FormatAtlas:
		base.NoTransaction = atlasNoTransaction(src)
	case FormatDiesel:
		base.NoTransaction = side.noTransaction
	}
	if base.Direction == DirectionDown && !includeDown {
		return nil
	}
	return []Migration{base}
}

// splitDirections yields the up migration of a two-direction file and, with
// includeDown and a down part present, its down migration.
func splitDirections(base Migration, split splitFile, includeDown bool) []Migration {
	up := base
	up.Sections = split.directionSections(DirectionUp)
	if base.Format == FormatDbmate {
		up.NoTransaction = dbmateNoTransaction(split.upOpts)
	}
	out := []Migration{up}
	if includeDown && split.hasDown {
		down := base
		down.Direction = DirectionDown
		down.Sections = split.directionSections(DirectionDown)
		if base.Format == FormatDbmate {
			down.NoTransaction = dbmateNoTransaction(split.downOpts)
		}
		out = append(out, down)
	}
	return out
}

// isSQLFile reports whether a directory entry name is a migration candidate:
// a .sql file that is not hidden (editor swap and backup files).
func isSQLFile(name string) bool {
	return strings.HasSuffix(name, ".sql") && !strings.HasPrefix(name, ".")
}
