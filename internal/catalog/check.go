package catalog

import (
	"regexp"
	"strings"
)

// isNotNullTerm matches "<subject> IS NOT NULL" in any case and spacing.
var isNotNullTerm = regexp.MustCompile(`(?is)^(.*\S)\s*\bis\s+not\s+null$`)

// checkImpliesNotNull reports whether a CHECK expression proves column is
// not null the way PostgreSQL 12+ recognises it before skipping the SET NOT
// NULL scan: the expression is `column IS NOT NULL`, or an AND of terms one
// of which is. The expression is SQL text as written or deparsed, so
// parentheses, case and quoting vary.
func checkImpliesNotNull(expr, column string) bool {
	for _, term := range splitTopLevelAnd(stripParens(expr)) {
		term = stripParens(term)
		m := isNotNullTerm.FindStringSubmatch(term)
		if m == nil {
			continue
		}
		if ident, ok := identifier(stripParens(m[1])); ok && ident == column {
			return true
		}
	}
	return false
}

// stripParens trims whitespace and parentheses that enclose the whole text.
func stripParens(s string) string {
	for {
		s = strings.TrimSpace(s)
		if len(s) < 2 || s[0] != '(' || s[len(s)-1] != ')' || closingParen(s) != len(s)-1 {
			return s
		}
		s = s[1 : len(s)-1]
	}
}

// closingParen returns the index of the parenthesis closing s[0], skipping
// quoted text; -1 when unbalanced.
func closingParen(s string) int {
	depth := 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\'', '"':
			end := strings.IndexByte(s[i+1:], s[i])
			if end < 0 {
				return -1
			}
			i += end + 1
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				return i
			}
		}
	}
	return -1
}

// splitTopLevelAnd splits on AND outside parentheses and quotes.
func splitTopLevelAnd(s string) []string {
	var terms []string
	depth, start := 0, 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '\'', '"':
			end := strings.IndexByte(s[i+1:], c)
			if end < 0 {
				return append(terms, s[start:])
			}
			i += end + 1
		case '(':
			depth++
		case ')':
			depth--
		case 'a', 'A':
			if depth == 0 && i+3 <= len(s) && strings.EqualFold(s[i:i+3], "and") &&
				(i == 0 || isSpaceOrParen(s[i-1])) && (i+3 == len(s) || isSpaceOrParen(s[i+3])) {
				terms = append(terms, s[start:i])
				start = i + 3
				i += 2
			}
		}
	}
	return append(terms, s[start:])
}

func isSpaceOrParen(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '(' || c == ')'
}

// identifier returns the column name a lone identifier denotes: quoted
// identifiers keep their case, unquoted ones are lower-cased.
func identifier(s string) (string, bool) {
	if s == "" {
		return "", false
	}
	if s[0] == '"' {
		if len(s) < 2 || s[len(s)-1] != '"' {
			return "", false
		}
		inner := s[1 : len(s)-1]
		if strings.Count(strings.ReplaceAll(inner, `""`, ""), `"`) > 0 {
			return "", false
		}
		return strings.ReplaceAll(inner, `""`, `"`), true
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c == '_' || c == '$' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80) {
			return "", false
		}
	}
	return strings.ToLower(s), true
}
