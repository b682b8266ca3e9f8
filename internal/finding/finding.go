// Package finding defines what a rule reports, how severities compare, and
// how ignore directives and waivers suppress findings.
package finding

import "fmt"

// Severity is how serious a finding is. Higher values are more serious.
type Severity int

// Severities in increasing order.
const (
	Info Severity = iota + 1
	Warning
	Error
)

// ParseSeverity reads "error", "warning" or "info".
func ParseSeverity(s string) (Severity, error) {
	switch s {
	case "error":
		return Error, nil
	case "warning":
		return Warning, nil
	case "info":
		return Info, nil
	}
	return 0, fmt.Errorf("unknown severity %q (want error, warning or info)", s)
}

// String returns the lower-case name used in config and output.
func (s Severity) String() string {
	switch s {
	case Error:
		return "error"
	case Warning:
		return "warning"
	case Info:
		return "info"
	}
	return "unknown"
}

// MarshalText writes the severity as its name.
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText reads a severity name.
func (s *Severity) UnmarshalText(b []byte) error {
	v, err := ParseSeverity(string(b))
	if err != nil {
		return err
	}
	*s = v
	return nil
}

// Finding is one rule violation at one place of one file. Lines and columns
// are 1-based; columns count characters.
type Finding struct {
	Rule      string   `json:"rule"`
	Category  string   `json:"category"`
	Severity  Severity `json:"severity"`
	Title     string   `json:"-"`
	Message   string   `json:"message"`
	File      string   `json:"file"`
	Line      int      `json:"line"`
	Column    int      `json:"column"`
	EndLine   int      `json:"end_line"`
	EndColumn int      `json:"end_column"`
	// Statement is the SQL text of the statement the finding is about, empty
	// for file-level findings.
	Statement string `json:"statement"`
	Help      string `json:"help"`
	Docs      string `json:"docs"`
	// Fingerprint identifies the finding across reformatting of unrelated
	// lines: rule, file and the statement's normalised text, not its line.
	Fingerprint string `json:"fingerprint"`

	// StatementIndex is the index of the statement in the file's facts, -1
	// for file-level findings. Start and End are byte offsets in the file.
	StatementIndex int `json:"-"`
	Start          int `json:"-"`
	End            int `json:"-"`

	// Plan is the expand/contract plan a rule proposes instead of the
	// breaking statement (lib.result.fail_plan), as data for `ddlgate phase
	// plan`; nil when the rule proposes none. Help holds the same plan as
	// text.
	Plan *Plan `json:"-"`
}

// Plan is an expand/contract plan: the migrations that replace a breaking
// statement, one per phase.
type Plan struct {
	Steps []PlanStep
	// Unresolved names what the rule could not fill in (the type of a
	// column the history does not know): the SQL then holds a placeholder
	// and must not be written as is.
	Unresolved []string
}

// PlanStep is one migration of a plan.
type PlanStep struct {
	Phase, Change string
	// SQL is the migration's text, its phase directive first.
	SQL string
	// NoTransaction is set when the step must run outside a transaction
	// (a batched backfill commits between batches).
	NoTransaction bool
}
