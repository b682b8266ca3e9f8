package catalog

import (
	"slices"

	"github.com/ddlgate/ddlgate/parser"
)

// typeChange is what changing a column from one type to another does to the
// table's data.
type typeChange int

const (
	// rewrites: the table and its indexes are rewritten.
	rewrites typeChange = iota
	// coercible: binary-coercible, only the catalog changes.
	coercible
	// dependsOnTimezone: timestamp -> timestamptz on 12+, no rewrite only
	// when the session TimeZone is UTC.
	dependsOnTimezone
)

// classifyTypeChange applies the binary-coercible changes of
// docs/architecture.md "Locks and effects".
// Types are the parser's canonical names (varchar, bpchar, numeric...).
func classifyTypeChange(old, next parser.TypeName, pg12 bool) typeChange {
	if old.Schema != next.Schema || old.Array != next.Array {
		return rewrites
	}
	if old.Name == next.Name && slices.Equal(old.Mods, next.Mods) {
		return coercible
	}
	// Arrays rebuild through an element-wise coercion: only an identical
	// type is free.
	if old.Array || old.Schema != "" {
		return rewrites
	}
	switch {
	case old.Name == "varchar" && next.Name == "varchar":
		return widened(old.Mods, next.Mods)
	case old.Name == "varchar" && next.Name == "text":
		return coercible
	case old.Name == "text" && next.Name == "varchar" && len(next.Mods) == 0:
		return coercible
	case old.Name == "varbit" && next.Name == "varbit":
		return widened(old.Mods, next.Mods)
	case old.Name == "numeric" && next.Name == "numeric":
		return numericWidened(old.Mods, next.Mods)
	case old.Name == "cidr" && next.Name == "inet":
		return coercible
	// PostgreSQL 9.2 also stopped rewriting for a larger or removed
	// timestamp precision.
	case old.Name == "timestamp" && next.Name == "timestamp",
		old.Name == "timestamptz" && next.Name == "timestamptz":
		return widened(old.Mods, next.Mods)
	case old.Name == "timestamp" && next.Name == "timestamptz" && pg12:
		if len(next.Mods) == 0 || len(old.Mods) == 1 && len(next.Mods) == 1 && next.Mods[0] >= old.Mods[0] {
			return dependsOnTimezone
		}
	}
	return rewrites
}

// widened accepts a length or precision limit that grows or disappears.
func widened(old, next []int) typeChange {
	switch {
	case len(next) == 0:
		return coercible
	case len(old) == 1 && len(next) == 1 && next[0] >= old[0]:
		return coercible
	}
	return rewrites
}

// numericWidened accepts numeric(p,s) -> numeric(p2>=p, s) and removing the
// constraint; numeric(p) means scale 0.
func numericWidened(old, next []int) typeChange {
	if len(next) == 0 {
		return coercible
	}
	if len(old) == 0 {
		return rewrites
	}
	scale := func(m []int) int {
		if len(m) > 1 {
			return m[1]
		}
		return 0
	}
	if next[0] >= old[0] && scale(next) == scale(old) {
		return coercible
	}
	return rewrites
}
