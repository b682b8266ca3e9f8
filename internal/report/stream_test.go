package report

import (
	"bufio"
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/ddlgate/ddlgate/internal/finding"
)

// TestJSONStreamMatchesEncoder writes a document piece by piece and expects
// the bytes json.Encoder writes for it whole, HTML characters and empty
// arrays included.
func TestJSONStreamMatchesEncoder(t *testing.T) {
	type item struct {
		Name  string   `json:"name"`
		Tags  []string `json:"tags"`
		Inner any      `json:"inner"`
	}
	items := []item{
		{Name: "<a & b>", Tags: []string{"x", "y"}, Inner: map[string]any{"k": []int{1, 2}}},
		{Name: "second", Tags: []string{}, Inner: nil},
	}
	for _, n := range []int{0, 1, 2} {
		doc := map[string]any{"label": "ok <yes>", "list": map[string]any{"items": items[:n]}}
		var want bytes.Buffer
		enc := json.NewEncoder(&want)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		if err := enc.Encode(doc); err != nil {
			t.Fatal(err)
		}

		var got bytes.Buffer
		s := &jsonStream{w: bufio.NewWriter(&got)}
		s.w.WriteString("{\n  \"label\": ")
		s.str("ok <yes>")
		s.w.WriteString(",\n  \"list\": {\n    \"items\": ")
		if err := s.array("    ", n, func(i int) any { return items[i] }); err != nil {
			t.Fatal(err)
		}
		s.w.WriteString("\n  }\n}\n")
		s.w.Flush()

		if got.String() != want.String() {
			t.Errorf("%d items: streamed\n%s\nwant\n%s", n, got.String(), want.String())
		}
	}
}

// findingKeys are the JSON keys of finding.Finding in the order
// jsonStream.finding writes them.
var findingKeys = []string{"rule", "category", "severity", "message", "file", "line", "column",
	"end_line", "end_column", "statement", "help", "docs", "fingerprint"}

// TestFindingJSONMatchesEncoder: a finding written without reflection is
// the bytes encoding/json writes for it, whatever its strings hold, and
// every JSON key of finding.Finding is written.
func TestFindingJSONMatchesEncoder(t *testing.T) {
	var keys []string
	ft := reflect.TypeFor[finding.Finding]()
	for i := range ft.NumField() {
		if tag := ft.Field(i).Tag.Get("json"); tag != "-" && tag != "" {
			keys = append(keys, strings.Split(tag, ",")[0])
		}
	}
	if !slices.Equal(keys, findingKeys) {
		t.Fatalf("finding.Finding's JSON keys are %v, the fast writer writes %v", keys, findingKeys)
	}
	tricky := []string{"", "plain", "<a & b>", "quote \" and \\ backslash", "line\nbreak\ttab\r",
		"\x00\x01\x1f\b\f control", "\u2027\u202a near the separators", "truncated \xe2\x80", "unicode é ü 漢字", "\u2028 and \u2029", "invalid \xff utf-8", "\x7f del"}
	var findings []finding.Finding
	for i, s := range tricky {
		findings = append(findings, finding.Finding{Rule: s, Category: "c", Severity: finding.Severity(i % 3),
			Message: s, File: "dir/" + s + ".sql", Line: i, Column: -i, EndLine: 1 << 40, EndColumn: 0,
			Statement: s, Help: s, Docs: "https://x/" + s, Fingerprint: s, Title: "not written", Start: 3})
	}
	for _, prefix := range []string{"", "  ", "      "} {
		var want, got bytes.Buffer
		ws := &jsonStream{w: bufio.NewWriter(&want)}
		gs := &jsonStream{w: bufio.NewWriter(&got)}
		for i := range findings {
			if err := ws.value(prefix, &findings[i]); err != nil {
				t.Fatal(err)
			}
			gs.finding(prefix, &findings[i])
			ws.w.WriteByte('\n')
			gs.w.WriteByte('\n')
		}
		ws.w.Flush()
		gs.w.Flush()
		if got.String() != want.String() {
			t.Errorf("prefix %q: written\n%s\nencoding/json\n%s", prefix, got.String(), want.String())
		}
	}
}

// TestPlainStringMatchesEncoder compares the string escaping with
// encoding/json's on random bytes, valid UTF-8 or not.
func TestPlainStringMatchesEncoder(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	alphabet := []string{"a", "\"", "\\", "\n", "\x00", "\x1f", "\x7f", "<", "&", "é", "\u2028", "\u2029", "\xff", "\xe2\x80", "漢", "\U0001F600"}
	for range 2000 {
		var b strings.Builder
		for range rng.IntN(12) {
			b.WriteString(alphabet[rng.IntN(len(alphabet))])
		}
		v := b.String()
		var want, got bytes.Buffer
		ws := &jsonStream{w: bufio.NewWriter(&want)}
		gs := &jsonStream{w: bufio.NewWriter(&got)}
		ws.str(v)
		gs.plainString(v)
		ws.w.Flush()
		gs.w.Flush()
		if got.String() != want.String() {
			t.Fatalf("%q: written %s, encoding/json %s", v, got.String(), want.String())
		}
	}
}
