package parser

import (
	"strings"
	"unicode/utf8"
)

// maxIdentifierBytes is NAMEDATALEN - 1: PostgreSQL keeps this many bytes of
// an identifier and silently drops the rest.
const maxIdentifierBytes = 63

// longIdentifiers finds the identifiers of the statements that PostgreSQL
// truncates. pg_query truncates them while scanning, exactly like the
// server, so the facts of the actions only ever see the truncated names:
// the full ones are read from the source here. Strings, dollar-quoted
// bodies and comments are skipped.
func longIdentifiers(src string, stmts []Statement, lines *lineIndex) []LongIdentifier {
	out := []LongIdentifier{}
	for i := range stmts {
		start, end := int(stmts[i].Span.Start), int(stmts[i].Span.End)
		if end-start <= maxIdentifierBytes || !mayHoldLongIdentifier(src[start:end]) {
			continue
		}
		for pos := start; pos < end; {
			kind, ts, te := nextToken(src, pos, end)
			if kind == tokEOF {
				break
			}
			pos = te
			var name string
			switch kind {
			case tokWord:
				if te-ts <= maxIdentifierBytes || (src[ts] >= '0' && src[ts] <= '9') || src[ts] == '$' {
					continue
				}
				// Unquoted identifiers fold to lower case, as pg_query did.
				name = strings.ToLower(src[ts:te])
			case tokQuotedIdent:
				if te-ts-2 <= maxIdentifierBytes || te-ts < 2 || src[te-1] != '"' {
					continue
				}
				name = strings.ReplaceAll(src[ts+1:te-1], `""`, `"`)
			default:
				continue
			}
			if len(name) <= maxIdentifierBytes {
				continue
			}
			out = append(out, LongIdentifier{
				Name:      name,
				Truncated: clipIdentifier(name),
				Bytes:     len(name),
				Statement: stmts[i].Index,
				Span:      lines.span(ts, te),
			})
		}
	}
	return out
}

// mayHoldLongIdentifier is a cheap filter: a long identifier needs a quote
// or a run of more than 63 identifier bytes.
func mayHoldLongIdentifier(text string) bool {
	run := 0
	for i := 0; i < len(text); i++ {
		c := text[i]
		if c == '"' {
			return true
		}
		if isLexWordByte(c) {
			run++
			if run > maxIdentifierBytes {
				return true
			}
		} else {
			run = 0
		}
	}
	return false
}

// clipIdentifier truncates like PostgreSQL's truncate_identifier: at most
// 63 bytes, never splitting a character.
func clipIdentifier(name string) string {
	n := maxIdentifierBytes
	for n > 0 && !utf8.RuneStart(name[n]) {
		n--
	}
	return name[:n]
}
