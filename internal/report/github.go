package report

import (
	"bufio"
	"io"
	"strconv"
	"strings"

	"github.com/ddlgate/ddlgate/internal/finding"
)

func init() { Register("github", writeGitHub) }

// writeGitHub writes one GitHub Actions workflow command per finding, which
// the runner turns into an annotation on the pull request's diff:
//
//	::error file=F,line=L,col=C,endLine=EL,endColumn=EC,title=RULE::MESSAGE
//
// errors are ::error, warnings ::warning and infos ::notice. The summary
// line that ends the output is plain log text.
func writeGitHub(w io.Writer, r *Report) error {
	bw := bufio.NewWriter(w)
	for i := range r.Findings {
		f := &r.Findings[i]
		bw.WriteString("::")
		bw.WriteString(githubCommand(f.Severity))
		bw.WriteString(" file=")
		bw.WriteString(escapeGitHubProperty(r.repoPath(f.File)))
		line, col := max(f.Line, 1), max(f.Column, 1)
		writeGitHubInt(bw, "line", line)
		writeGitHubInt(bw, "col", col)
		writeGitHubInt(bw, "endLine", max(f.EndLine, line))
		writeGitHubInt(bw, "endColumn", max(f.EndColumn, 1))
		bw.WriteString(",title=")
		bw.WriteString(escapeGitHubProperty(f.Rule))
		bw.WriteString("::")
		bw.WriteString(escapeGitHubData(githubMessage(f)))
		bw.WriteByte('\n')
	}
	bw.WriteString("ddlgate: ")
	bw.WriteString(summaryLine(r.Summary()))
	bw.WriteByte('\n')
	return bw.Flush()
}

func githubCommand(s finding.Severity) string {
	switch s {
	case finding.Error:
		return "error"
	case finding.Warning:
		return "warning"
	}
	return "notice"
}

func writeGitHubInt(bw *bufio.Writer, key string, n int) {
	bw.WriteByte(',')
	bw.WriteString(key)
	bw.WriteByte('=')
	bw.WriteString(strconv.Itoa(n))
}

// githubMessage is the annotation body: the message, then the finding's help
// and docs link on lines of their own (annotations show newlines).
func githubMessage(f *finding.Finding) string {
	msg := f.Message
	if f.Help != "" {
		msg += "\nhelp: " + f.Help
	}
	if f.Docs != "" {
		msg += "\ndocs: " + f.Docs
	}
	return msg
}

// GitHub's runner splits a command at "::" and its properties at "," and
// ":", and reads line breaks as the end of the command, so those characters
// are percent-encoded the way @actions/core's toCommandValue does.
var (
	githubDataEscaper     = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A")
	githubPropertyEscaper = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C")
)

func escapeGitHubData(s string) string     { return githubDataEscaper.Replace(s) }
func escapeGitHubProperty(s string) string { return githubPropertyEscaper.Replace(s) }
