package report

import (
	"bufio"
	"fmt"
	"io"
)

func init() { Register("json", writeJSON) }

// jsonVersion is the version of the JSON output layout; bump it when a key
// changes meaning or disappears.
const jsonVersion = 1

// writeJSON writes the layout of docs/architecture.md "Output and exit
// codes": version, summary, and the findings, whose keys come in the order of finding.Finding's json tags.
func writeJSON(w io.Writer, r *Report) error {
	s := &jsonStream{w: bufio.NewWriter(w)}
	fmt.Fprintf(s.w, "{\n  \"version\": %d,\n  \"summary\": ", jsonVersion)
	if err := s.value("  ", r.Summary()); err != nil {
		return err
	}
	s.w.WriteString(",\n  \"findings\": ")
	if err := s.array("  ", len(r.Findings), func(i int) any { return &r.Findings[i] }); err != nil {
		return err
	}
	s.w.WriteString("\n}\n")
	return s.w.Flush()
}
