package report

import (
	"encoding/json"
	"io"

	"github.com/ddlgate/ddlgate/internal/finding"
)

func init() { Register("json", writeJSON) }

// jsonVersion is the version of the JSON output layout; bump it when a key
// changes meaning or disappears.
const jsonVersion = 1

// jsonReport is the layout promised in DESIGN.md; finding.Finding's json tags
// give each finding's keys in order.
type jsonReport struct {
	Version  int               `json:"version"`
	Summary  Summary           `json:"summary"`
	Findings []finding.Finding `json:"findings"`
}

func writeJSON(w io.Writer, r *Report) error {
	fs := r.Findings
	if fs == nil {
		fs = []finding.Finding{} // always an array, never null
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(jsonReport{Version: jsonVersion, Summary: r.Summary(), Findings: fs})
}
