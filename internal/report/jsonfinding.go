package report

import (
	"strconv"
	"unicode/utf8"

	"github.com/ddlgate/ddlgate/internal/finding"
)

// finding writes f as jsonStream.value writes it at indentation prefix,
// byte for byte, without reflection: a warm cached run over thousands of
// findings spent half its time in encoding/json.
// TestFindingJSONMatchesEncoder compares the two on every field, and fails
// when Finding gains a JSON key this does not write.
func (s *jsonStream) finding(prefix string, f *finding.Finding) {
	w := s.w
	in := prefix + "  "
	field := func(key string, first bool) {
		if !first {
			w.WriteByte(',')
		}
		w.WriteByte('\n')
		w.WriteString(in)
		w.WriteByte('"')
		w.WriteString(key)
		w.WriteString(`": `)
	}
	str := func(key, v string) {
		field(key, key == "rule")
		s.plainString(v)
	}
	num := func(key string, v int) {
		field(key, false)
		w.Write(strconv.AppendInt(s.num[:0], int64(v), 10))
	}
	w.WriteByte('{')
	str("rule", f.Rule)
	str("category", f.Category)
	str("severity", f.Severity.String())
	str("message", f.Message)
	str("file", f.File)
	num("line", f.Line)
	num("column", f.Column)
	num("end_line", f.EndLine)
	num("end_column", f.EndColumn)
	str("statement", f.Statement)
	str("help", f.Help)
	str("docs", f.Docs)
	str("fingerprint", f.Fingerprint)
	w.WriteByte('\n')
	w.WriteString(prefix)
	w.WriteByte('}')
}

// plainString writes v as a JSON string escaped as encoding/json escapes
// it with HTML left alone: the quote, the backslash and control characters
// escaped (\n, \t, \b... or \u00XX), invalid UTF-8 as \ufffd, U+2028
// and U+2029 as \u2028 and \u2029 (JavaScript line terminators).
func (s *jsonStream) plainString(v string) {
	const hex = "0123456789abcdef"
	w := s.w
	w.WriteByte('"')
	start := 0
	for i := 0; i < len(v); {
		b := v[i]
		if b < utf8.RuneSelf {
			if b >= 0x20 && b != '"' && b != '\\' {
				i++
				continue
			}
			w.WriteString(v[start:i])
			switch b {
			case '"', '\\':
				w.WriteByte('\\')
				w.WriteByte(b)
			case '\b':
				w.WriteString(`\b`)
			case '\f':
				w.WriteString(`\f`)
			case '\n':
				w.WriteString(`\n`)
			case '\r':
				w.WriteString(`\r`)
			case '\t':
				w.WriteString(`\t`)
			default:
				w.WriteString(`\u00`)
				w.WriteByte(hex[b>>4])
				w.WriteByte(hex[b&0xf])
			}
			i++
			start = i
			continue
		}
		c, size := utf8.DecodeRuneInString(v[i:])
		if c == utf8.RuneError && size == 1 {
			w.WriteString(v[start:i])
			w.WriteString(`\ufffd`)
			i += size
			start = i
			continue
		}
		if c == '\u2028' || c == '\u2029' {
			w.WriteString(v[start:i])
			w.WriteString(`\u202`)
			w.WriteByte(hex[c&0xf])
			i += size
			start = i
			continue
		}
		i += size
	}
	w.WriteString(v[start:])
	w.WriteByte('"')
}
