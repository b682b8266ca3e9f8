package report

import (
	"encoding/xml"
	"fmt"
	"io"
	"strings"

	"github.com/ddlgate/ddlgate/internal/finding"
)

func init() { Register("junit", writeJUnit) }

// The JUnit XML subset CI servers (GitLab, Jenkins, Azure DevOps, CircleCI)
// read: one suite, a test case per linted file, a failure per finding.
type (
	junitSuites struct {
		XMLName  xml.Name   `xml:"testsuites"`
		Name     string     `xml:"name,attr"`
		Tests    int        `xml:"tests,attr"`
		Failures int        `xml:"failures,attr"`
		Errors   int        `xml:"errors,attr"`
		Suite    junitSuite `xml:"testsuite"`
	}
	junitSuite struct {
		Name      string      `xml:"name,attr"`
		Tests     int         `xml:"tests,attr"`
		Failures  int         `xml:"failures,attr"`
		Errors    int         `xml:"errors,attr"`
		Skipped   int         `xml:"skipped,attr"`
		TestCases []junitCase `xml:"testcase"`
	}
	junitCase struct {
		Name      string         `xml:"name,attr"`
		ClassName string         `xml:"classname,attr"`
		File      string         `xml:"file,attr"`
		Failures  []junitFailure `xml:"failure"`
		// SystemOut holds the findings below the fail level, one per line:
		// reported, but not failures.
		SystemOut string `xml:"system-out,omitempty"`
	}
	junitFailure struct {
		Message string `xml:"message,attr"`
		Type    string `xml:"type,attr"`
		Body    string `xml:",chardata"`
	}
)

// junitClassName groups ddlgate's test cases in CI test views.
const junitClassName = "ddlgate"

// writeJUnit writes a JUnit XML report: one test case per linted file (in
// lint order; files without findings pass) and one failure per finding at
// or above the fail level, of type the rule id, whose body gives the
// position, severity and help. Findings below it are the case's system-out,
// so a job that passes does not show a red test report. A file with failures
// counts as one failed test however many it has.
func writeJUnit(w io.Writer, r *Report) error {
	cases, byPath := junitCases(r)
	for i := range r.Findings {
		f := &r.Findings[i]
		c := &cases[byPath[cleanPath(f.File)]]
		if !r.fails(f) {
			if c.SystemOut != "" {
				c.SystemOut += "\n"
			}
			c.SystemOut += junitBody(f)
			continue
		}
		c.Failures = append(c.Failures, junitFailure{
			Message: fmt.Sprintf("%s: %s", f.Severity, f.Message),
			Type:    f.Rule,
			Body:    junitBody(f),
		})
	}
	failed := 0
	for i := range cases {
		if len(cases[i].Failures) > 0 {
			failed++
		}
	}
	doc := junitSuites{Name: "ddlgate", Tests: len(cases), Failures: failed,
		Suite: junitSuite{Name: "ddlgate", Tests: len(cases), Failures: failed, TestCases: cases}}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

// junitCases makes a test case per linted file, and one for every file a
// finding names that the report did not list, indexed by cleaned path.
func junitCases(r *Report) ([]junitCase, map[string]int) {
	cases := make([]junitCase, 0, len(r.Paths))
	byPath := make(map[string]int, len(r.Paths))
	add := func(p string) {
		p = cleanPath(p)
		if _, ok := byPath[p]; ok {
			return
		}
		byPath[p] = len(cases)
		cases = append(cases, junitCase{Name: p, ClassName: junitClassName, File: p})
	}
	for _, p := range r.Paths {
		add(p)
	}
	for i := range r.Findings {
		add(r.Findings[i].File)
	}
	return cases, byPath
}

// junitBody reads like the text report's header, help and docs lines.
func junitBody(f *finding.Finding) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s:%d:%d: %s[%s] %s", cleanPath(f.File), f.Line, f.Column, f.Severity, f.Rule, f.Message)
	if f.Help != "" {
		b.WriteString("\nhelp: ")
		b.WriteString(f.Help)
	}
	if f.Docs != "" {
		b.WriteString("\ndocs: ")
		b.WriteString(f.Docs)
	}
	return b.String()
}
