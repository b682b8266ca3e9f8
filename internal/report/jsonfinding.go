package report

import (
	"strconv"

	"github.com/ddlgate/ddlgate/internal/finding"
)

// findingJSON writes f as jsonStream.value writes it at indentation prefix,
// byte for byte, without reflection: a warm cached run over thousands of
// findings spent half its time in encoding/json. Strings that need no
// escaping are written as they are; the others go through encoding/json,
// so the escaping is its own. TestFindingJSONMatchesEncoder compares the
// two on every field, and fails when Finding gains a JSON key this does
// not write.
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

// plainString writes v as a JSON string: directly when no byte of it needs
// escaping (printable ASCII other than the quote and the backslash), else
// as encoding/json escapes it (HTML characters left alone).
func (s *jsonStream) plainString(v string) {
	for i := 0; i < len(v); i++ {
		if c := v[i]; c < 0x20 || c >= 0x80 || c == '"' || c == '\\' {
			_ = s.value("", v)
			return
		}
	}
	s.w.WriteByte('"')
	s.w.WriteString(v)
	s.w.WriteByte('"')
}

// findingKeys are the JSON keys of finding.Finding in the order findingJSON
// writes them.
var findingKeys = []string{"rule", "category", "severity", "message", "file", "line", "column",
	"end_line", "end_column", "statement", "help", "docs", "fingerprint"}
