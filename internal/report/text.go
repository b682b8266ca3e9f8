package report

import (
	"bufio"
	"bytes"
	"cmp"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/ddlgate/ddlgate/internal/finding"
)

func init() { Register("text", writeText) }

const (
	// frameLines is how many lines of a multi-line span the code frame shows
	// before an ellipsis.
	frameLines = 6
	// frameWidth caps a shown line, in characters, so a minified or binary
	// file does not flood the terminal.
	frameWidth = 160
)

// ANSI styles; applied only when Report.Color is set.
const (
	ansiReset  = "\x1b[0m"
	ansiBold   = "\x1b[1m"
	ansiDim    = "\x1b[2m"
	ansiRed    = "\x1b[31m"
	ansiYellow = "\x1b[33m"
	ansiBlue   = "\x1b[34m"
	ansiCyan   = "\x1b[36m"
)

// helpLines is the longest help text output shows whole; longer help (an
// expand/contract plan) shows its first helpShown lines and the command
// that prints the rest.
const (
	helpLines = 8
	helpShown = 6
)

// writeText prints, per finding, a header `path:line:col: severity[rule]
// message`, a code frame of the offending lines with carets under the span,
// then help (cut when long, left out when Quiet) and docs lines; over more
// than one file, a count of findings per rule; and a summary line at the end.
func writeText(w io.Writer, r *Report) error {
	bw := bufio.NewWriter(w)
	t := textWriter{w: bw, color: r.Color}
	for i := range r.Findings {
		f := &r.Findings[i]
		t.header(f)
		if r.Source != nil {
			t.frame(f, r.Source(f.File))
		}
		if f.Help != "" && !r.Quiet {
			t.labelled("help", r.shortHelp(f))
		}
		if f.Docs != "" && !r.Quiet {
			t.labelled("docs", f.Docs)
		}
		bw.WriteByte('\n')
	}
	if r.Files > 1 && len(r.Findings) > 0 {
		t.ruleCounts(r.Findings)
	}
	bw.WriteString(t.style(ansiBold, summaryLine(r.Summary())))
	bw.WriteByte('\n')
	return bw.Flush()
}

// shortHelp is f's help, cut after helpShown lines when longer than
// helpLines, with the command that prints all of it.
func (r *Report) shortHelp(f *finding.Finding) string {
	lines := strings.Split(strings.TrimRight(f.Help, "\n"), "\n")
	if len(lines) <= helpLines {
		return f.Help
	}
	more := "ddlgate explain " + f.Rule
	if r.MoreHelp != nil {
		more = r.MoreHelp(f)
	}
	return strings.Join(lines[:helpShown], "\n") + fmt.Sprintf("\n... %d more lines: %s", len(lines)-helpShown, more)
}

// ruleCounts prints how many findings each rule has at each severity (a
// rule's finding may be lowered: a lock on a small table is info), most
// severe first, then most frequent.
func (t textWriter) ruleCounts(fs []finding.Finding) {
	type key struct {
		rule string
		sev  finding.Severity
	}
	type row struct {
		key
		n int
	}
	counts := map[key]int{}
	for i := range fs {
		counts[key{fs[i].Rule, fs[i].Severity}]++
	}
	rows := make([]row, 0, len(counts))
	for k, n := range counts {
		rows = append(rows, row{k, n})
	}
	slices.SortFunc(rows, func(a, b row) int {
		return cmp.Or(cmp.Compare(b.sev, a.sev), cmp.Compare(b.n, a.n), strings.Compare(a.rule, b.rule))
	})
	fmt.Fprintln(t.w, t.style(ansiBold, "findings by rule:"))
	for _, r := range rows {
		fmt.Fprintf(t.w, "  %5d  %s  %s\n", r.n, t.style(severityColor(r.sev), fmt.Sprintf("%-7s", r.sev)), r.rule)
	}
	t.w.WriteByte('\n')
}

type textWriter struct {
	w     *bufio.Writer
	color bool
}

func (t textWriter) style(code, s string) string {
	if !t.color {
		return s
	}
	return code + s + ansiReset
}

func severityColor(s finding.Severity) string {
	switch s {
	case finding.Error:
		return ansiRed
	case finding.Warning:
		return ansiYellow
	}
	return ansiBlue
}

func (t textWriter) header(f *finding.Finding) {
	fmt.Fprintf(t.w, "%s: %s%s %s\n",
		t.style(ansiBold, fmt.Sprintf("%s:%d:%d", f.File, f.Line, f.Column)),
		t.style(ansiBold+severityColor(f.Severity), f.Severity.String()),
		t.style(ansiDim, "["+f.Rule+"]"),
		f.Message)
}

// labelled writes "  help: text", indenting continuation lines under the text.
func (t textWriter) labelled(label, text string) {
	text = strings.ReplaceAll(strings.TrimRight(text, "\n"), "\n", "\n"+strings.Repeat(" ", len(label)+4))
	fmt.Fprintf(t.w, "  %s %s\n", t.style(ansiCyan, label+":"), text)
}

// frame prints the finding's lines with a line-number gutter and carets under
// the span on its first line. Binary or missing sources print nothing.
func (t textWriter) frame(f *finding.Finding, src []byte) {
	if f.Line < 1 || len(src) == 0 {
		return
	}
	start := lineStart(src, f)
	if start < 0 {
		return
	}
	last := max(f.EndLine, f.Line)
	shown := min(last, f.Line+frameLines-1)
	gutter := len(strconv.Itoa(shown))
	pad := strings.Repeat(" ", gutter)
	rest := src[start:]
	for n := f.Line; n <= shown && (len(rest) > 0 || n == f.Line); n++ {
		line := rest
		if i := bytes.IndexByte(rest, '\n'); i >= 0 {
			line, rest = rest[:i], rest[i+1:]
		} else {
			rest = nil
		}
		line = bytes.TrimRight(line, "\r")
		if n == 1 {
			// Editors hide a byte order mark; columns do not count it.
			line = bytes.TrimPrefix(line, []byte("\uFEFF"))
		}
		if bytes.IndexByte(line, 0) >= 0 {
			return
		}
		// A stray Latin-1 byte shows as U+FFFD, where the carets point.
		line = bytes.ToValidUTF8(line, []byte("\uFFFD"))
		shownLine, clipped := clip(string(line))
		fmt.Fprintf(t.w, "  %s %s %s\n", t.style(ansiDim, fmt.Sprintf("%*d", gutter, n)), t.style(ansiDim, "|"), shownLine)
		if n == f.Line {
			t.carets(f, shownLine, clipped, pad)
		}
	}
	if last > shown {
		fmt.Fprintf(t.w, "  %s %s\n", pad, t.style(ansiDim, "..."))
	}
}

// carets underlines the span on its first line: from the start column to the
// end column, or to the end of the line when the span goes on.
func (t textWriter) carets(f *finding.Finding, line string, clipped bool, pad string) {
	runes := []rune(line)
	from := min(max(f.Column, 1)-1, len(runes))
	to := len(runes)
	if f.EndLine == f.Line && f.EndColumn >= f.Column && !clipped {
		to = min(f.EndColumn, len(runes))
	}
	n := max(to-from, 1)
	// Copy tabs from the line so the carets stay aligned with what the
	// terminal shows.
	var indent strings.Builder
	for _, r := range runes[:from] {
		if r == '\t' {
			indent.WriteByte('\t')
		} else {
			indent.WriteByte(' ')
		}
	}
	fmt.Fprintf(t.w, "  %s %s %s%s\n", pad, t.style(ansiDim, "|"), indent.String(),
		t.style(ansiBold+severityColor(f.Severity), strings.Repeat("^", n)))
}

// lineStart finds the byte offset of the finding's first line, from its byte
// offset when that agrees with its line number, else by counting lines.
func lineStart(src []byte, f *finding.Finding) int {
	if f.Start > 0 && f.Start <= len(src) {
		s := bytes.LastIndexByte(src[:f.Start], '\n') + 1
		if bytes.Count(src[:s], []byte{'\n'}) == f.Line-1 {
			return s
		}
	}
	off := 0
	for n := 1; n < f.Line; n++ {
		i := bytes.IndexByte(src[off:], '\n')
		if i < 0 {
			return -1
		}
		off += i + 1
	}
	return off
}

func clip(line string) (string, bool) {
	if utf8.RuneCountInString(line) <= frameWidth {
		return line, false
	}
	return string([]rune(line)[:frameWidth]) + "…", true
}

// summaryLine reads "3 errors, 1 warning in 2 files (14 statements)" or "no
// findings in 2 files (14 statements)".
func summaryLine(s Summary) string {
	var parts []string
	for _, c := range []struct {
		n    int
		name string
	}{{s.Errors, "error"}, {s.Warnings, "warning"}, {s.Infos, "info"}} {
		if c.n > 0 {
			parts = append(parts, plural(c.n, c.name))
		}
	}
	found := "no findings"
	if len(parts) > 0 {
		found = strings.Join(parts, ", ")
	}
	return fmt.Sprintf("%s in %s (%s)", found, plural(s.Files, "file"), plural(s.Statements, "statement"))
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}
