package report

import (
	"bufio"
	"bytes"
	"encoding/json"
	"testing"
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
