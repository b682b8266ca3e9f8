// Package report writes findings for people and machines: one reporter per
// output format, registered by name so a new format is one file with an init
// function (text and json here; sarif, github, junit, gitlab beside them).
package report

import (
	"fmt"
	"io"
	"path"
	"path/filepath"
	"sort"
	"sync"

	"github.com/ddlgate/ddlgate/internal/finding"
	"github.com/ddlgate/ddlgate/internal/gate"
)

// Report is what every reporter receives: the findings of one run, sorted by
// file and position, and what was linted.
type Report struct {
	Findings   []finding.Finding
	Files      int
	Statements int
	// Paths are the linted files in lint order, for formats that list every
	// file, findings or not (JUnit); nil falls back to the files with findings.
	Paths []string
	// Source returns a file's bytes for code frames; nil or a nil result
	// leaves frames out.
	Source func(path string) []byte
	// Color asks for ANSI colours (the caller decided: a terminal, no NO_COLOR).
	Color bool
	// Rules are the rules that ran, for formats that describe them (SARIF).
	Rules []Rule
	// ToolVersion is ddlgate's version, for formats that record it.
	ToolVersion string
	// PathPrefix is the slash path of the working directory from the root
	// of its git repository ("backend/"), "" at the root or outside git.
	// SARIF, GitHub and GitLab name files from that root, where code
	// scanning and annotations look for them; text and JSON keep the paths
	// as the user sees them.
	PathPrefix string
	// RootURI is the file URI of that root (of the working directory
	// outside git), written as SARIF's %SRCROOT%; "" leaves it out.
	RootURI string
	// Quiet leaves help and docs out of text output: findings and their
	// code only.
	Quiet bool
	// MoreHelp names the command that prints a finding's whole help when
	// text output cuts it (an expand/contract plan is ~40 lines); nil
	// points to ddlgate explain <rule>.
	MoreHelp func(f *finding.Finding) string
	// FailLevel is the gate's fail level: findings below it do not fail
	// the run, and formats that tell failures apart (JUnit) do not show
	// them as failures. Zero is error, as for gate.Decide.
	FailLevel finding.Severity
}

// repoPath names a finding's file from the repository root (see
// PathPrefix) as a clean slash path; absolute paths stay absolute.
func (r *Report) repoPath(p string) string {
	p = filepath.ToSlash(p)
	if r.PathPrefix == "" || path.IsAbs(p) {
		return cleanPath(p)
	}
	return cleanPath(path.Join(r.PathPrefix, p))
}

// fails reports whether f fails the run at the report's fail level, as
// the gate decides it.
func (r *Report) fails(f *finding.Finding) bool {
	return gate.Decide([]finding.Finding{*f}, r.FailLevel) == gate.Fail
}

// Rule describes a rule for the formats that list rules.
type Rule struct {
	ID, Category, Title, Description, Help, Docs string
	Severity                                     finding.Severity
}

// Summary counts a report's files, statements and findings by severity.
type Summary struct {
	Files      int `json:"files"`
	Statements int `json:"statements"`
	Findings   int `json:"findings"`
	Errors     int `json:"errors"`
	Warnings   int `json:"warnings"`
	Infos      int `json:"infos"`
}

// Summary counts the report.
func (r *Report) Summary() Summary {
	e, w, i := finding.Count(r.Findings)
	return Summary{Files: r.Files, Statements: r.Statements, Findings: len(r.Findings),
		Errors: e, Warnings: w, Infos: i}
}

// Func writes a report in one format.
type Func func(w io.Writer, r *Report) error

var (
	mu        sync.RWMutex
	reporters = map[string]Func{}
)

// Register makes a reporter available under name; registering a name twice
// is a programming error.
func Register(name string, f Func) {
	mu.Lock()
	defer mu.Unlock()
	if _, dup := reporters[name]; dup {
		panic(fmt.Sprintf("report: reporter %q registered twice", name))
	}
	reporters[name] = f
}

// Lookup returns the reporter registered under name.
func Lookup(name string) (Func, bool) {
	mu.RLock()
	defer mu.RUnlock()
	f, ok := reporters[name]
	return f, ok
}

// Names lists the registered formats, sorted.
func Names() []string {
	mu.RLock()
	defer mu.RUnlock()
	names := make([]string, 0, len(reporters))
	for n := range reporters {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}
