package report

import (
	"bufio"
	"bytes"
	"encoding/json"

	"github.com/ddlgate/ddlgate/internal/finding"
)

// jsonStream writes an indented JSON document piece by piece, laid out
// byte for byte as json.Encoder with SetIndent("", "  ") and HTML left
// unescaped lays out the whole document. A report of thousands of findings
// encoded whole is held in memory two or three times over (the values, the
// encoding, the indented copy); streamed, one finding at a time is.
type jsonStream struct {
	w   *bufio.Writer
	buf bytes.Buffer
	// num is scratch space for writing numbers.
	num [20]byte
}

// value writes v as it appears nested at indentation prefix.
func (s *jsonStream) value(prefix string, v any) error {
	s.buf.Reset()
	enc := json.NewEncoder(&s.buf)
	enc.SetIndent(prefix, "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return err
	}
	s.w.Write(bytes.TrimSuffix(s.buf.Bytes(), []byte("\n")))
	return nil
}

// array writes the n elements elem(0)…elem(n-1) as an array nested at
// indentation prefix, encoding one element at a time; a *finding.Finding
// is written without reflection (see finding).
func (s *jsonStream) array(prefix string, n int, elem func(i int) any) error {
	if n == 0 {
		s.w.WriteString("[]")
		return nil
	}
	s.w.WriteByte('[')
	for i := range n {
		if i > 0 {
			s.w.WriteByte(',')
		}
		s.w.WriteString("\n" + prefix + "  ")
		v := elem(i)
		if f, ok := v.(*finding.Finding); ok {
			s.finding(prefix+"  ", f)
			continue
		}
		if err := s.value(prefix+"  ", v); err != nil {
			return err
		}
	}
	s.w.WriteString("\n" + prefix + "]")
	return nil
}

// str writes a string value; encoding a string cannot fail.
func (s *jsonStream) str(v string) { _ = s.value("", v) }
