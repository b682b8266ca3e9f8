package report

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
)

func init() { Register("json", writeJSON) }

// jsonVersion is the version of the JSON output layout; bump it when a key
// changes meaning or disappears.
const jsonVersion = 1

// writeJSON writes the layout promised in DESIGN.md: version, summary, and
// the findings, whose keys come in the order of finding.Finding's json tags.
func writeJSON(w io.Writer, r *Report) error {
	// Written finding by finding: a report of thousands of findings carries
	// each statement's SQL, and encoding it whole would hold it in memory
	// twice (once encoded, once indented).
	bw := bufio.NewWriter(w)
	summary, err := json.MarshalIndent(r.Summary(), "  ", "  ")
	if err != nil {
		return err
	}
	fmt.Fprintf(bw, "{\n  \"version\": %d,\n  \"summary\": %s,\n  \"findings\": [", jsonVersion, summary)
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("    ", "  ")
	enc.SetEscapeHTML(false)
	for i := range r.Findings {
		buf.Reset()
		if err := enc.Encode(&r.Findings[i]); err != nil {
			return err
		}
		if i > 0 {
			bw.WriteByte(',')
		}
		bw.WriteString("\n    ")
		bw.Write(bytes.TrimSuffix(buf.Bytes(), []byte("\n")))
	}
	if len(r.Findings) > 0 {
		bw.WriteString("\n  ")
	}
	bw.WriteString("]\n}\n")
	return bw.Flush()
}
