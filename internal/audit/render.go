package audit

import (
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// Formats are the report formats, in the order --help lists them.
var Formats = []string{"markdown", "json", "html"}

// Write renders the report in format (one of Formats).
func Write(w io.Writer, format string, rep *Report) error {
	switch format {
	case "json":
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(rep)
	case "markdown":
		return writeMarkdown(w, rep)
	case "html":
		return writeHTML(w, rep)
	}
	return fmt.Errorf("unknown audit format %q (valid: %s)", format, strings.Join(Formats, ", "))
}

// statusMark is a control status as a reader scans it.
func statusMark(s string) string {
	switch s {
	case Pass:
		return "✅ pass"
	case Fail:
		return "❌ fail"
	}
	return "➖ skip"
}

// cell makes text safe for a Markdown table cell.
func cell(s string) string {
	s = strings.ReplaceAll(s, "|", `\|`)
	return strings.ReplaceAll(s, "\n", "<br>")
}

// Summary is the one-line result.
func (r *Report) Summary() string {
	failed, skipped := 0, 0
	for _, c := range r.Controls {
		switch c.Status {
		case Fail:
			failed++
		case Skip:
			skipped++
		}
	}
	if failed == 0 {
		return fmt.Sprintf("PASS: %d of %d controls pass (%d skipped)", len(r.Controls)-skipped, len(r.Controls), skipped)
	}
	return fmt.Sprintf("FAIL: %d of %d controls fail", failed, len(r.Controls))
}

// Period describes the audited period.
func (r *Report) Period() string {
	if r.Since == "" {
		return "the whole history"
	}
	return "since " + r.Since
}

func writeMarkdown(w io.Writer, r *Report) error {
	var b strings.Builder
	p := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	p("# Schema change audit\n\n")
	p("%s — %s, %s.\n\n", cell(r.Project.Root), describeHead(r.Project), r.Period())
	p("Generated %s by %s.\n\n**%s**\n\n", r.GeneratedAt, r.Tool, r.Summary())

	p("## Controls\n\n| Control | Status | Reason |\n|---|---|---|\n")
	for _, c := range r.Controls {
		p("| %s | %s | %s |\n", cell(c.Title), statusMark(c.Status), cell(c.Reason))
	}
	for _, c := range r.Controls {
		if c.Status != Fail {
			continue
		}
		p("\n### ❌ %s\n\n", c.Title)
		for _, f := range c.Failures {
			p("- %s\n", f)
		}
		p("\n**Remedy:**\n\n")
		for _, line := range strings.Split(c.Remedy, "\n") {
			p("- %s\n", line)
		}
	}

	wf := r.Workflow
	p("\n## Workflow\n\n")
	p("- Generators: %s\n- Runners: %s\n", orNone(strings.Join(wf.Generators, ", ")), orNone(strings.Join(wf.Runners, ", ")))
	if len(wf.MigrationDirs) > 0 {
		p("\n| Migrations directory | Format | Files | Exists | Committed | Named by |\n|---|---|---|---|---|---|\n")
		for _, d := range wf.MigrationDirs {
			p("| %s | %s | %d | %s | %s | %s |\n", cell(d.Path), d.Format, d.Files, yesNo(d.Exists), tri(d.Committed), cell(d.NamedBy))
		}
	}
	if len(wf.Sums) > 0 {
		p("\n")
	}
	for _, s := range wf.Sums {
		p("- %s/ddlgate.sum: %s\n", s.Dir, sumState(s))
	}
	if len(wf.Commands) > 0 {
		p("\n| Workflow | Runs | Effect |\n|---|---|---|\n")
		for _, c := range wf.Commands {
			text := c.Text
			if c.Via != "" {
				text += " → " + c.Via
			}
			p("| %s:%d | `%s` | %s |\n", cell(c.File), c.Line, cell(text), c.Effect)
		}
	} else {
		p("\nNo CI workflow runs a migration tool.\n")
	}
	if len(wf.Issues) > 0 {
		p("\nFindings of the project files:\n\n")
		for _, i := range wf.Issues {
			p("- %s %s:%d [%s] %s\n", i.Severity, i.File, i.Line, i.Rule, i.Message)
		}
	}

	p("\n## Migrations (%d", len(r.Migrations))
	if r.Earlier > 0 {
		p(", and %d earlier ones not listed", r.Earlier)
	}
	p(")\n\n")
	if len(r.Migrations) > 0 {
		p("| Version | File | Added | Review | Checksum | Verdict | Waivers |")
		for _, d := range r.Databases {
			p(" %s |", cell(d.Name))
		}
		p("\n|---|---|---|---|---|---|---|%s\n", strings.Repeat("---|", len(r.Databases)))
		for _, m := range r.Migrations {
			p("| %s | %s | %s | %s | `%s` | %s | %s |", cell(m.Version), cell(m.Path), cell(added(m.Git)), cell(review(m.Git)),
				shortSum(m.Checksum), verdictText(m.Verdict), cell(waiverText(m.Waivers)))
			for _, ap := range m.Applied {
				p(" %s |", cell(appliedText(ap)))
			}
			p("\n")
		}
		for _, m := range r.Migrations {
			notes := migrationNotes(m)
			if len(notes) == 0 {
				continue
			}
			p("\n**%s**\n\n", m.Path)
			for _, n := range notes {
				p("- %s\n", n)
			}
		}
	}

	for _, d := range r.Databases {
		p("\n## Database %s\n\n", d.Name)
		if !d.HistoryTable {
			p("No ddlgate.migrations table: nothing records what was applied.\n")
			continue
		}
		p("| Version | Applied at | Applied by | Commit | Verdict | Waivers | State |\n|---|---|---|---|---|---|---|\n")
		for _, row := range d.Rows {
			p("| %s | %s | %s | %s | %s | %d | %s |\n", cell(row.Version), row.AppliedAt, cell(row.AppliedBy), short(row.GitCommit),
				cmp.Or(row.Verdict, "-"), row.Waivers, rowState(row))
		}
	}
	if len(r.Timeline) > 0 {
		p("\n## Timeline\n\n| Version |")
		for _, d := range r.Databases {
			p(" %s |", cell(d.Name))
		}
		p("\n|---|%s\n", strings.Repeat("---|", len(r.Databases)))
		for _, row := range r.Timeline {
			p("| %s |", cell(row.Version))
			for _, c := range row.Cells {
				p(" %s |", cell(cellText(c)))
			}
			p("\n")
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func describeHead(p Project) string {
	if !p.Git {
		return "not a git work tree"
	}
	if p.Commit == "" {
		return "branch " + p.Branch + ", no commit yet"
	}
	return fmt.Sprintf("branch %s at %s", p.Branch, short(p.Commit))
}

func orNone(s string) string {
	if s == "" {
		return "none detected"
	}
	return s
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

func tri(b *bool) string {
	if b == nil {
		return "-"
	}
	return yesNo(*b)
}

func sumState(s Sum) string {
	switch {
	case !s.Present:
		return "absent"
	case s.Current:
		return "present and current"
	}
	return fmt.Sprintf("present, %d file(s) differ", len(s.Problems))
}

func added(g *GitEvidence) string {
	switch {
	case g == nil:
		return "-"
	case g.Added == nil:
		return g.Status
	}
	s := fmt.Sprintf("%s %s, %s", short(g.Added.ID), g.Added.Author, dateOnly(g.Added.Date))
	if g.Status != "committed" {
		s += " (" + g.Status + " since)"
	}
	return s
}

func review(g *GitEvidence) string {
	switch {
	case g == nil || g.Added == nil:
		return "-"
	case g.PullRequest != "" && g.Merge != nil:
		return fmt.Sprintf("%s, merged %s", g.PullRequest, short(g.Merge.ID))
	case g.PullRequest != "":
		return g.PullRequest
	case g.Merge != nil:
		return "merged " + short(g.Merge.ID)
	}
	return "direct commit"
}

func dateOnly(rfc3339 string) string {
	if len(rfc3339) >= 10 {
		return rfc3339[:10]
	}
	return rfc3339
}

func shortSum(s string) string {
	if len(s) > 15 {
		return s[:15] + "…"
	}
	return s
}

func verdictText(v Verdict) string {
	s := v.Decision
	if v.Errors+v.Warnings+v.Infos > 0 {
		s += fmt.Sprintf(" (%dE %dW %dI)", v.Errors, v.Warnings, v.Infos)
	}
	return s
}

func waiverText(ws []Waiver) string {
	var parts []string
	for _, w := range ws {
		s := strings.Join(w.Rules, ",")
		if w.Until != "" {
			s += " until " + w.Until
		}
		if w.Expired {
			s += " (EXPIRED)"
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, "; ")
}

func appliedText(ap Applied) string {
	if ap.AppliedAt == "" {
		return ap.State
	}
	return ap.State + " " + dateOnly(ap.AppliedAt)
}

func cellText(c TimelineCell) string {
	if c.AppliedAt == "" {
		return c.State
	}
	return c.State + " " + strings.Replace(strings.TrimSuffix(c.AppliedAt, "Z"), "T", " ", 1)
}

func rowState(r HistoryRow) string {
	s := r.State
	if r.Baseline {
		s += " (baseline)"
	}
	if r.CI {
		s += ", from CI"
	}
	return s
}

// migrationNotes are what a reader must see about one migration besides
// its table row: changes after merge, failing findings, waiver reasons.
func migrationNotes(m Migration) []string {
	var notes []string
	if g := m.Git; g != nil {
		for _, c := range g.ChangedAfterMerge {
			notes = append(notes, fmt.Sprintf("changed after merge by %s (%s, %s): %s", short(c.ID), c.Author, dateOnly(c.Date), c.Subject))
		}
	}
	for _, f := range m.Verdict.Findings {
		if f.Severity == "error" || f.Severity == "warning" {
			notes = append(notes, fmt.Sprintf("%s line %d [%s] %s", f.Severity, f.Line, f.Rule, f.Message))
		}
	}
	for _, w := range m.Waivers {
		notes = append(notes, fmt.Sprintf("waiver line %d: %s — reason %q, owner %s, until %s%s", w.Line, strings.Join(w.Rules, ","),
			w.Reason, cmp.Or(w.Owner, "-"), cmp.Or(w.Until, "-"), map[bool]string{true: " (expired)", false: ""}[w.Expired]))
	}
	return notes
}
