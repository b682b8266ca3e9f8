package finding

import (
	"cmp"
	"slices"
)

// SortAndDedupe orders one file's findings by line, column, rule and message
// and drops exact repeats (same rule, span and message), which appear when two
// rule clauses match the same action. It reuses fs's backing array.
func SortAndDedupe(fs []Finding) []Finding {
	slices.SortStableFunc(fs, compare)
	return slices.CompactFunc(fs, func(a, b Finding) bool {
		return a.Rule == b.Rule && a.Line == b.Line && a.Column == b.Column &&
			a.EndLine == b.EndLine && a.EndColumn == b.EndColumn && a.Message == b.Message
	})
}

func compare(a, b Finding) int {
	if c := cmp.Compare(a.Line, b.Line); c != 0 {
		return c
	}
	if c := cmp.Compare(a.Column, b.Column); c != 0 {
		return c
	}
	if c := cmp.Compare(a.Rule, b.Rule); c != 0 {
		return c
	}
	return cmp.Compare(a.Message, b.Message)
}

// Count returns how many findings there are of each severity.
func Count(fs []Finding) (errors, warnings, infos int) {
	for i := range fs {
		switch fs[i].Severity {
		case Error:
			errors++
		case Warning:
			warnings++
		case Info:
			infos++
		}
	}
	return errors, warnings, infos
}
