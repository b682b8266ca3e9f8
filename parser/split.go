package parser

import "unicode/utf8"

// split.go is a lexical view of SQL just deep enough to find statement
// boundaries and comments without calling into pg_query: whitespace, line
// comments, nested block comments, '' strings (E'' with backslash escapes),
// "" identifiers, $tag$ dollar quotes and top-level semicolons. It is used to
// trim statement spans, to recover from syntax errors statement by statement,
// to find directives and to fingerprint statements. It is much cheaper than
// pg_query.Scan, which would build a token protobuf for the whole file.
//
// BEGIN ATOMIC ... END function bodies contain semicolons the splitter cannot
// tell apart from statement ends; they only matter when the file also has a
// syntax error, and then the body is reported as unparsable too.

// lexKind classifies what lexNext found.
type lexKind uint8

const (
	lexEOF lexKind = iota
	lexSpace
	lexLineComment
	lexBlockComment
	lexSemicolon
	// lexWord is an identifier, keyword, number or $n parameter.
	lexWord
	// lexQuoted is a string constant, quoted identifier or dollar quote.
	lexQuoted
	// lexPunct is one byte of anything else (operators, brackets, commas).
	lexPunct
)

func isLexSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'
}

func isLexWordStart(c byte) bool {
	return c == '_' || c >= utf8.RuneSelf ||
		(c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
}

// isLexWordByte reports bytes that continue a word; `$` belongs to
// identifiers (a$b$ is one identifier, not a dollar quote).
func isLexWordByte(c byte) bool {
	return isLexWordStart(c) || c == '$'
}

// lexNext returns the kind of the token starting at i and the offset just
// after it. Unterminated strings and comments run to end.
func lexNext(s string, i, end int) (lexKind, int) {
	if i >= end {
		return lexEOF, end
	}
	c := s[i]
	switch {
	case isLexSpace(c):
		j := i + 1
		for j < end && isLexSpace(s[j]) {
			j++
		}
		return lexSpace, j
	case c == '-' && i+1 < end && s[i+1] == '-':
		j := i + 2
		for j < end && s[j] != '\n' {
			j++
		}
		return lexLineComment, j
	case c == '/' && i+1 < end && s[i+1] == '*':
		return lexBlockComment, skipBlockComment(s, i, end)
	case c == ';':
		return lexSemicolon, i + 1
	case c == '\'':
		return lexQuoted, skipQuote(s, i, end, '\'', false)
	case c == '"':
		return lexQuoted, skipQuote(s, i, end, '"', false)
	case c == '$':
		if j, ok := skipDollarQuote(s, i, end); ok {
			return lexQuoted, j
		}
		j := i + 1
		for j < end && s[j] >= '0' && s[j] <= '9' {
			j++
		}
		if j > i+1 {
			return lexWord, j
		}
		return lexPunct, i + 1
	case isLexWordStart(c):
		j := i + 1
		for j < end && isLexWordByte(s[j]) {
			j++
		}
		if j == i+1 && j < end && s[j] == '\'' && (c == 'e' || c == 'E') {
			return lexQuoted, skipQuote(s, j, end, '\'', true)
		}
		return lexWord, j
	}
	return lexPunct, i + 1
}

// HasSQL reports whether src holds anything but whitespace, comments and
// semicolons: whether a migration (a down file, a down section) does
// anything when run.
func HasSQL(src string) bool {
	for i := 0; ; {
		kind, next := lexNext(src, i, len(src))
		switch kind {
		case lexEOF:
			return false
		case lexSpace, lexLineComment, lexBlockComment, lexSemicolon:
			i = next
		default:
			return true
		}
	}
}

// skipBlockComment returns the offset after the block comment at i.
// PostgreSQL block comments nest.
func skipBlockComment(s string, i, end int) int {
	depth := 0
	for i < end {
		switch {
		case s[i] == '/' && i+1 < end && s[i+1] == '*':
			depth++
			i += 2
		case s[i] == '*' && i+1 < end && s[i+1] == '/':
			depth--
			i += 2
			if depth == 0 {
				return i
			}
		default:
			i++
		}
	}
	return end
}

// skipQuote returns the offset after the quoted token whose opening quote q
// is at i. A doubled quote is an escaped quote; backslash escapes the next
// byte in E-prefixed escape strings.
func skipQuote(s string, i, end int, q byte, backslash bool) int {
	for j := i + 1; j < end; j++ {
		switch s[j] {
		case '\\':
			if backslash {
				j++
			}
		case q:
			if j+1 < end && s[j+1] == q {
				j++
				continue
			}
			return j + 1
		}
	}
	return end
}

// skipDollarQuote returns the offset after the dollar-quoted string starting
// at i, and false when i does not open one ($1 parameters, lone $).
func skipDollarQuote(s string, i, end int) (int, bool) {
	j := i + 1
	if j < end && s[j] != '$' {
		if !isLexWordStart(s[j]) || (s[j] >= '0' && s[j] <= '9') {
			return 0, false
		}
		for j < end && s[j] != '$' {
			if !isLexWordStart(s[j]) {
				return 0, false
			}
			j++
		}
	}
	if j >= end {
		return 0, false
	}
	tag := s[i : j+1]
	for k := j + 1; k+len(tag) <= end; k++ {
		if s[k] == '$' && s[k:k+len(tag)] == tag {
			return k + len(tag), true
		}
	}
	return end, true
}

// trimStatement returns the bounds of the significant text in s[start:end]:
// leading and trailing whitespace and comments removed. pg_query's
// RawStmt.StmtLocation starts right after the previous `;`, so a raw span
// includes the comments above a statement and, when the `;` is preceded by
// them, comments and whitespace at its end. a == b when nothing is left.
func trimStatement(s string, start, end int) (a, b int) {
	a, b = -1, start
	for i := start; i < end; {
		kind, next := lexNext(s, i, end)
		switch kind {
		case lexSpace, lexLineComment, lexBlockComment:
		default:
			if a < 0 {
				a = i
			}
			b = next
		}
		i = next
	}
	if a < 0 {
		return end, end
	}
	return a, b
}

// byteRange is a byte range [start, end) of the file.
type byteRange struct{ start, end int }

// splitStatements cuts s[start:end] at top-level semicolons. The ranges do
// not include the semicolons and may be empty or comment-only.
func splitStatements(s string, start, end int) []byteRange {
	var out []byteRange
	from := start
	for i := start; i < end; {
		kind, next := lexNext(s, i, end)
		if kind == lexSemicolon {
			out = append(out, byteRange{from, i})
			from = next
		}
		i = next
	}
	if from < end {
		out = append(out, byteRange{from, end})
	}
	return out
}
