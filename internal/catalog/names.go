package catalog

import (
	"strings"
	"unicode/utf8"

	"github.com/ddlgate/ddlgate/parser"
)

// maxIdentifierBytes is NAMEDATALEN-1: PostgreSQL truncates longer names.
const maxIdentifierBytes = 63

// defaultConstraintName is the name PostgreSQL gives an unnamed constraint,
// so that a later DROP/VALIDATE CONSTRAINT by that name finds it. Name
// collisions (PostgreSQL appends a digit) are not modelled.
func defaultConstraintName(table string, con *parser.Constraint) string {
	switch con.Type {
	case "primary_key":
		return defaultName(table, nil, "pkey")
	case "unique":
		return defaultName(table, con.Columns, "key")
	case "foreign_key":
		return defaultName(table, con.Columns, "fkey")
	case "exclusion":
		return defaultName(table, con.Columns, "excl")
	case "check":
		// PostgreSQL names a check after the first column it references.
		if len(con.Columns) > 0 {
			return defaultName(table, con.Columns[:1], "check")
		}
		return defaultName(table, nil, "check")
	}
	return defaultName(table, con.Columns, con.Type)
}

// defaultName builds "<table>_<col1>_<col2>_<label>" the way PostgreSQL's
// makeObjectName does: when too long, it shortens the longer of the table
// and column parts, one character at a time, without splitting a character.
// Expression columns are named "expr".
func defaultName(table string, columns []string, label string) string {
	parts := make([]string, len(columns))
	for i, col := range columns {
		if !isPlainIdentifier(col) {
			col = "expr"
		}
		parts[i] = col
	}
	name2 := strings.Join(parts, "_")
	overhead := len(label) + 1
	if name2 != "" {
		overhead++
	}
	avail := maxIdentifierBytes - overhead
	n1, n2 := len(table), len(name2)
	for n1+n2 > avail {
		if n1 > n2 {
			n1--
		} else {
			n2--
		}
	}
	var b strings.Builder
	b.WriteString(clipBytes(table, n1))
	if name2 != "" {
		b.WriteByte('_')
		b.WriteString(clipBytes(name2, n2))
	}
	b.WriteByte('_')
	b.WriteString(label)
	return b.String()
}

// clipBytes cuts s to at most n bytes without splitting a UTF-8 character.
func clipBytes(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// isPlainIdentifier tells a column name from an index expression's text.
func isPlainIdentifier(s string) bool {
	return s != "" && !strings.ContainsAny(s, "()+-*/|:' ,")
}
