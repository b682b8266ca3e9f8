package trace

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/ddlgate/ddlgate/internal/dbfacts"
	"github.com/ddlgate/ddlgate/internal/finding"
	"github.com/ddlgate/ddlgate/parser"
)

// Counts returns how many statements were traced and how many of them
// differ from their prediction.
func (r *Result) Counts() (traced, differing int) {
	for _, f := range r.Lint.Files {
		for _, s := range f.Statements {
			if s.Observed == nil {
				continue
			}
			traced++
			if len(s.Observed.Differences) > 0 {
				differing++
			}
		}
	}
	return traced, differing
}

// WriteText writes, per statement, the prediction beside the observation,
// and flags every difference.
func (r *Result) WriteText(w io.Writer) error {
	var b strings.Builder
	for _, f := range r.Lint.Files {
		fmt.Fprintf(&b, "%s\n", f.File.Path)
		for i := range f.Statements {
			s := &f.Statements[i]
			pos := fmt.Sprintf("%d:%d", s.Span.Line, s.Span.Col)
			fmt.Fprintf(&b, "  %-6s %s\n", pos, oneLine(s.Text))
			fmt.Fprintf(&b, "         predicted  %s\n", predicted(s))
			switch o := s.Observed; {
			case o == nil:
				b.WriteString("         observed   not run\n")
			case o.Error != nil:
				fmt.Fprintf(&b, "         observed   failed: %s (SQLSTATE %s)\n", o.Error.Message, o.Error.Code)
			default:
				fmt.Fprintf(&b, "         observed   %s\n", observed(o))
				for _, d := range o.Differences {
					fmt.Fprintf(&b, "         DIFFERS    %s\n", d.Message)
				}
			}
		}
	}
	traced, differing := r.Counts()
	if r.Stopped != nil {
		fmt.Fprintf(&b, "\ntrace stopped at %s:%d: %s\n", r.Stopped.Path, r.Stopped.Line, r.Stopped.Error)
	}
	fmt.Fprintf(&b, "\n%d statement(s) traced, %d differ from the prediction\n", traced, differing)
	_, err := io.WriteString(w, b.String())
	return err
}

func predicted(s *parser.Statement) string {
	var parts []string
	for _, l := range s.Locks {
		parts = append(parts, l.Mode+" on "+l.Relation.QualifiedName())
	}
	if len(parts) == 0 {
		parts = append(parts, "no table lock")
	}
	if s.Effects.RewritesTable {
		parts = append(parts, "rewrites a table")
	}
	if s.Effects.ScansTable {
		parts = append(parts, "scans a table")
	}
	return strings.Join(parts, "; ")
}

// observed summarises the locks the statement took (strongest per
// relation, tables first; index and other locks counted), its rewrites and
// scans.
func observed(o *parser.Observed) string {
	strongest := map[string]string{}
	var order []string
	others := 0
	for _, l := range o.Locks {
		if !l.New {
			continue
		}
		if l.Kind != "table" && l.Kind != "partitioned_table" && l.Kind != "materialized_view" {
			others++
			continue
		}
		name := l.Relation.QualifiedName()
		if _, ok := strongest[name]; !ok {
			order = append(order, name)
		}
		if dbfacts.LockStrength(l.Mode) > dbfacts.LockStrength(strongest[name]) {
			strongest[name] = l.Mode
		}
	}
	var parts []string
	for _, name := range order {
		parts = append(parts, strongest[name]+" on "+name)
	}
	if len(parts) == 0 {
		parts = append(parts, "no table lock")
	}
	if others > 0 {
		parts[len(parts)-1] += fmt.Sprintf(" (+%d lock(s) on indexes, sequences or TOAST)", others)
	}
	if names := relationNames(o.Rewrites); names != "" {
		parts = append(parts, "rewrote "+names)
	}
	if names := relationNames(o.Scans); names != "" {
		parts = append(parts, "scanned "+names)
	}
	if o.Watched {
		parts = append(parts, "watched while it ran")
	}
	return strings.Join(parts, "; ")
}

func relationNames(rs []parser.ObservedRelation) string {
	var names []string
	for _, r := range rs {
		names = append(names, r.Relation.QualifiedName())
	}
	return strings.Join(names, ", ")
}

func oneLine(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 110 {
		s = s[:107] + "..."
	}
	return s
}

// jsonStatement is a statement of the JSON report.
type jsonStatement struct {
	Line      int              `json:"line"`
	Column    int              `json:"column"`
	Text      string           `json:"text"`
	Predicted jsonPrediction   `json:"predicted"`
	Observed  *parser.Observed `json:"observed"`
}

type jsonPrediction struct {
	Locks   []parser.Lock  `json:"locks"`
	Effects parser.Effects `json:"effects"`
}

type jsonFile struct {
	Path       string          `json:"path"`
	Statements []jsonStatement `json:"statements"`
}

// WriteJSON writes the trace and the findings as one JSON object.
func (r *Result) WriteJSON(w io.Writer, findings []finding.Finding) error {
	out := struct {
		Files    []jsonFile        `json:"files"`
		Stopped  *Stop             `json:"stopped"`
		Findings []finding.Finding `json:"findings"`
	}{Files: []jsonFile{}, Stopped: r.Stopped, Findings: findings}
	if out.Findings == nil {
		out.Findings = []finding.Finding{}
	}
	for _, f := range r.Lint.Files {
		jf := jsonFile{Path: f.File.Path, Statements: []jsonStatement{}}
		for _, s := range f.Statements {
			jf.Statements = append(jf.Statements, jsonStatement{Line: int(s.Span.Line), Column: int(s.Span.Col), Text: s.Text,
				Predicted: jsonPrediction{Locks: s.Locks, Effects: s.Effects}, Observed: s.Observed})
		}
		out.Files = append(out.Files, jf)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}
