package catalog

import (
	"regexp"
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

// asEnum finds the label list of CREATE TYPE ... AS ENUM.
var asEnum = regexp.MustCompile(`(?i)\bas\s+enum\s*\(`)

// enumValuesFromSQL reads the labels of CREATE TYPE ... AS ENUM ('a', 'b')
// from the statement text, for facts that do not list them. Labels are plain
// or E” string literals; anything else is refused rather than guessed.
func enumValuesFromSQL(sql string) ([]string, bool) {
	loc := asEnum.FindStringIndex(sql)
	if loc == nil {
		return nil, false
	}
	rest := sql[loc[1]:]
	values := []string{}
	for {
		rest = strings.TrimSpace(rest)
		if strings.HasPrefix(rest, ")") {
			return values, true
		}
		if len(rest) > 0 && (rest[0] == 'E' || rest[0] == 'e') && len(rest) > 1 && rest[1] == '\'' {
			// Escapes other than '' are not decoded: refuse them.
			rest = rest[1:]
		}
		if !strings.HasPrefix(rest, "'") {
			return nil, false
		}
		var b strings.Builder
		i := 1
		for ; i < len(rest); i++ {
			if rest[i] == '\\' {
				return nil, false
			}
			if rest[i] == '\'' {
				if i+1 < len(rest) && rest[i+1] == '\'' {
					b.WriteByte('\'')
					i++
					continue
				}
				break
			}
			b.WriteByte(rest[i])
		}
		if i >= len(rest) {
			return nil, false
		}
		values = append(values, b.String())
		rest = strings.TrimSpace(rest[i+1:])
		if strings.HasPrefix(rest, ",") {
			rest = rest[1:]
		} else if !strings.HasPrefix(rest, ")") {
			return nil, false
		}
	}
}
