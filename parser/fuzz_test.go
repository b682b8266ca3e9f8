package parser

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// FuzzParse feeds arbitrary bytes to Parse: it must not panic and its spans
// must stay consistent with the input.
func FuzzParse(f *testing.F) {
	paths, _ := filepath.Glob("testdata/parser/*.sql")
	for _, p := range paths {
		src, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(src)
	}
	f.Add([]byte("SELECT 'unterminated"))
	f.Add([]byte("SELECT $a$ x; $b$ ; $a$; /* /* */ SELECT 1"))
	f.Fuzz(func(t *testing.T, src []byte) {
		checkInvariants(t, src, Parse(src, Options{Runner: "ddlgate"}))
		// Most random bytes are rejected as binary or not UTF-8; their
		// readable version exercises the SQL paths.
		text := bytes.ReplaceAll(bytes.ToValidUTF8(src, []byte("\uFFFD")), []byte{0}, []byte(" "))
		if !bytes.Equal(text, src) {
			checkInvariants(t, text, Parse(text, Options{Runner: "psql", Sections: []Section{{0, len(text) / 2}, {len(text) / 2, len(text)}}}))
		}
	})
}
