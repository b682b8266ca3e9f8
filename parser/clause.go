package parser

// clause.go is a small SQL lexer used to find the ends of clauses pg_query
// gives no location for (ALTER TABLE subcommands, column definitions,
// DEFAULT and CHECK expressions). It knows quotes, E'' strings, dollar quotes,
// comments and bracket nesting; everything else is a one-byte punctuation
// token or a word.

// tokKind classifies a token.
type tokKind uint8

const (
	tokEOF tokKind = iota
	tokWord
	tokQuotedIdent
	tokString
	tokPunct
)

func isWordByte(c byte) bool {
	return c == '_' || c == '$' || c >= 0x80 ||
		(c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
}

func isWordStart(c byte) bool {
	return c == '_' || c >= 0x80 || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
}

// skipSpace returns the first offset at or after i, before end, that is not
// whitespace or inside a comment.
func skipSpace(src []byte, i, end int) int {
	for i < end {
		c := src[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v':
			i++
		case c == '-' && i+1 < end && src[i+1] == '-':
			for i < end && src[i] != '\n' {
				i++
			}
		case c == '/' && i+1 < end && src[i+1] == '*':
			// Block comments nest in PostgreSQL.
			depth := 0
			for i < end {
				if src[i] == '/' && i+1 < end && src[i+1] == '*' {
					depth++
					i += 2
				} else if src[i] == '*' && i+1 < end && src[i+1] == '/' {
					depth--
					i += 2
					if depth == 0 {
						break
					}
				} else {
					i++
				}
			}
		default:
			return i
		}
	}
	return end
}

// nextToken returns the kind and bounds of the first token at or after i.
// At the end of input it returns tokEOF with start == stop == end.
func nextToken(src []byte, i, end int) (kind tokKind, start, stop int) {
	i = skipSpace(src, i, end)
	if i >= end {
		return tokEOF, end, end
	}
	c := src[i]
	switch {
	case c == '\'':
		return tokString, i, skipQuoted(src, i, end, '\'', false)
	case c == '"':
		return tokQuotedIdent, i, skipQuoted(src, i, end, '"', false)
	case c == '$':
		if stop, ok := skipDollarQuoted(src, i, end); ok {
			return tokString, i, stop
		}
		j := i + 1
		for j < end && src[j] >= '0' && src[j] <= '9' {
			j++
		}
		if j > i+1 {
			return tokWord, i, j // $1 parameter
		}
		return tokPunct, i, i + 1
	case isWordStart(c):
		j := i + 1
		for j < end && isWordByte(src[j]) {
			j++
		}
		if j < end && src[j] == '\'' {
			// E'...' takes backslash escapes; B'', X'', N'' do not.
			switch string(src[i:j]) {
			case "e", "E":
				return tokString, i, skipQuoted(src, j, end, '\'', true)
			case "b", "B", "x", "X", "n", "N":
				return tokString, i, skipQuoted(src, j, end, '\'', false)
			}
		}
		return tokWord, i, j
	}
	return tokPunct, i, i + 1
}

// skipQuoted returns the offset after the quoted token starting at i; a
// doubled quote is an escaped quote.
func skipQuoted(src []byte, i, end int, q byte, backslash bool) int {
	for j := i + 1; j < end; j++ {
		switch src[j] {
		case '\\':
			if backslash {
				j++
			}
		case q:
			if j+1 < end && src[j+1] == q {
				j++
				continue
			}
			return j + 1
		}
	}
	return end
}

// skipDollarQuoted reports whether a $tag$ string starts at i and where it ends.
func skipDollarQuoted(src []byte, i, end int) (int, bool) {
	j := i + 1
	if j < end && src[j] >= '0' && src[j] <= '9' {
		return 0, false
	}
	for j < end && src[j] != '$' {
		if !isWordByte(src[j]) {
			return 0, false
		}
		j++
	}
	if j >= end {
		return 0, false
	}
	tag := src[i : j+1]
	for k := j + 1; k+len(tag) <= end; k++ {
		if src[k] == '$' && string(src[k:k+len(tag)]) == string(tag) {
			return k + len(tag), true
		}
	}
	return end, true
}

// clauseEnd scans from start to the first top-level ',' or ';', or the ')'
// closing an enclosing bracket, and returns the end of the last token before
// it (so trailing whitespace and comments are excluded) and the offset of the
// stopping byte (end when none).
func clauseEnd(src []byte, start, end int) (last, stop int) {
	depth := 0
	last = start
	for i := start; ; {
		kind, ts, te := nextToken(src, i, end)
		if kind == tokEOF {
			return last, end
		}
		if kind == tokPunct {
			switch src[ts] {
			case '(', '[':
				depth++
			case ')', ']':
				if depth == 0 {
					return last, ts
				}
				depth--
			case ',', ';':
				if depth == 0 {
					return last, ts
				}
			}
		}
		last = te
		i = te
	}
}

// textRange is a byte range [start, end) of the file.
type textRange struct{ start, end int }

// splitTopLevel splits src[start:end] at top-level commas, returning each
// part without surrounding whitespace and comments. It stops at a top-level
// ';' or an unbalanced ')'.
func splitTopLevel(src []byte, start, end int) []textRange {
	var parts []textRange
	for i := start; ; {
		s := skipSpace(src, i, end)
		last, stop := clauseEnd(src, s, end)
		if last > s {
			parts = append(parts, textRange{s, last})
		}
		if stop >= end || src[stop] != ',' {
			return parts
		}
		i = stop + 1
	}
}

// skipQualifiedName returns the offset after the (possibly schema-qualified,
// possibly quoted) name starting at i.
func skipQualifiedName(src []byte, i, end int) int {
	for {
		kind, _, te := nextToken(src, i, end)
		if kind != tokWord && kind != tokQuotedIdent {
			return i
		}
		i = te
		k, ds, de := nextToken(src, i, end)
		if k != tokPunct || src[ds] != '.' {
			return i
		}
		i = de
	}
}

// matchParen returns the offset after the ')' matching the '(' at open.
func matchParen(src []byte, open, end int) int {
	depth := 0
	for i := open; ; {
		kind, ts, te := nextToken(src, i, end)
		if kind == tokEOF {
			return end
		}
		if kind == tokPunct {
			switch src[ts] {
			case '(', '[':
				depth++
			case ')', ']':
				depth--
				if depth == 0 {
					return te
				}
			}
		}
		i = te
	}
}

// findWord returns the bounds of the first top-level word equal (ignoring
// case) to one of words in src[start:end], or -1.
func findWord(src []byte, start, end int, words ...string) (int, int) {
	depth := 0
	for i := start; ; {
		kind, ts, te := nextToken(src, i, end)
		switch kind {
		case tokEOF:
			return -1, -1
		case tokPunct:
			switch src[ts] {
			case '(', '[':
				depth++
			case ')', ']':
				depth--
			}
		case tokWord:
			if depth == 0 {
				for _, w := range words {
					if equalFoldASCII(src[ts:te], w) {
						return ts, te
					}
				}
			}
		}
		i = te
	}
}

// lastTokenEnd returns the end of the last token in src[start:end] (end
// without trailing whitespace and comments), start when there is none.
func lastTokenEnd(src []byte, start, end int) int {
	last := start
	for i := start; ; {
		kind, _, te := nextToken(src, i, end)
		if kind == tokEOF {
			return last
		}
		last, i = te, te
	}
}

func equalFoldASCII(b []byte, s string) bool {
	if len(b) != len(s) {
		return false
	}
	for i := range b {
		c := b[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != s[i] {
			return false
		}
	}
	return true
}
