package parser

// clause.go finds the ends of clauses pg_query gives no location for (ALTER
// TABLE subcommands, column definitions, DEFAULT and CHECK expressions). It
// reads tokens with split.go's lexer (lexNext), skipping whitespace and
// comments, and tracks bracket nesting.

// tokKind classifies a token.
type tokKind uint8

const (
	tokEOF tokKind = iota
	tokWord
	tokQuotedIdent
	tokString
	tokPunct
)

// skipSpace returns the first offset at or after i, before end, that is not
// whitespace or inside a comment.
func skipSpace(src string, i, end int) int {
	for i < end {
		kind, next := lexNext(src, i, end)
		if kind != lexSpace && kind != lexLineComment && kind != lexBlockComment {
			return i
		}
		i = next
	}
	return end
}

// nextToken returns the kind and bounds of the first token at or after i,
// whitespace and comments skipped. At the end of input it returns tokEOF
// with start == stop == end.
func nextToken(src string, i, end int) (kind tokKind, start, stop int) {
	i = skipSpace(src, i, end)
	if i >= end {
		return tokEOF, end, end
	}
	lk, stop := lexNext(src, i, end)
	switch lk {
	case lexQuoted:
		if src[i] == '"' {
			return tokQuotedIdent, i, stop
		}
		return tokString, i, stop
	case lexWord:
		return tokWord, i, stop
	}
	return tokPunct, i, stop
}

// clauseEnd scans from start to the first top-level ',' or ';', or the ')'
// closing an enclosing bracket, and returns the end of the last token before
// it (so trailing whitespace and comments are excluded) and the offset of the
// stopping byte (end when none).
func clauseEnd(src string, start, end int) (last, stop int) {
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
func splitTopLevel(src string, start, end int) []textRange {
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
func skipQualifiedName(src string, i, end int) int {
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
func matchParen(src string, open, end int) int {
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
func findWord(src string, start, end int, words ...string) (int, int) {
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
func lastTokenEnd(src string, start, end int) int {
	last := start
	for i := start; ; {
		kind, _, te := nextToken(src, i, end)
		if kind == tokEOF {
			return last
		}
		last, i = te, te
	}
}

func equalFoldASCII(b, s string) bool {
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
