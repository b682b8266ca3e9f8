package audit

import (
	"html/template"
	"io"
	"strings"
	"sync"
)

// writeHTML renders the report as one self-contained page: inline CSS, no
// script, no external resource, laid out to print on A4.
func writeHTML(w io.Writer, r *Report) error {
	return htmlTemplate().Execute(w, r)
}

// htmlTemplate is parsed on first use: parsing it was most of the
// package's initialisation, which every ddlgate process paid.
var htmlTemplate = sync.OnceValue(func() *template.Template {
	return template.Must(template.New("audit").Funcs(template.FuncMap{
		"mark":     strings.ToUpper,
		"added":    added,
		"review":   review,
		"shortSum": shortSum,
		"verdict":  verdictText,
		"waivers":  waiverText,
		"applied":  appliedText,
		"cellText": cellText,
		"rowState": rowState,
		"notes":    migrationNotes,
		"short":    short,
		"date":     dateOnly,
		"tri":      tri,
		"yesNo":    yesNo,
		"sumState": sumState,
		"orNone":   orNone,
		"join":     strings.Join,
		"lines":    func(s string) []string { return strings.Split(s, "\n") },
		"head":     describeHead,
	}).Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Schema change audit — {{.Project.Root}}</title>
<style>
@page { size: A4; margin: 14mm 12mm; }
* { box-sizing: border-box; }
body { font: 10pt/1.4 -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: #1b1f24; margin: 0 auto; max-width: 190mm; padding: 8mm 0; }
h1 { font-size: 18pt; margin: 0 0 2mm; }
h2 { font-size: 13pt; margin: 7mm 0 2mm; border-bottom: 1px solid #d0d7de; padding-bottom: 1mm; break-after: avoid; }
h3 { font-size: 11pt; margin: 4mm 0 1mm; break-after: avoid; }
p, ul { margin: 1mm 0 2mm; }
.meta { color: #57606a; }
.result { display: inline-block; font-weight: 700; padding: 1mm 3mm; border-radius: 2mm; margin: 2mm 0; }
.result.pass { background: #dafbe1; color: #116329; } .result.fail { background: #ffebe9; color: #a40e26; }
table { border-collapse: collapse; width: 100%; margin: 2mm 0 3mm; font-size: 8.5pt; }
th, td { border: 1px solid #d0d7de; padding: 1mm 1.5mm; text-align: left; vertical-align: top; overflow-wrap: anywhere; }
th { background: #f6f8fa; }
tr { break-inside: avoid; }
thead { display: table-header-group; }
code { font: 8pt ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
.status, .nowrap { white-space: nowrap; font-weight: 600; }
.status.pass, .state-applied { color: #116329; } .status.fail, .state-modified, .state-missing, .state-dirty, .state-out-of-order { color: #a40e26; }
.status.skip, .state-pending { color: #57606a; }
.control { border-left: 3px solid #cf222e; padding: 1mm 0 1mm 3mm; margin: 2mm 0; break-inside: avoid; }
.remedy { background: #fff8c5; padding: 1mm 2mm; }
.timelines { display: flex; gap: 4mm; flex-wrap: wrap; }
.timeline { flex: 1 1 55mm; min-width: 55mm; break-inside: avoid; }
.timeline ol { list-style: none; margin: 0; padding: 0 0 0 4mm; border-left: 2px solid #8c959f; }
.timeline li { position: relative; margin: 0 0 2mm; padding-left: 2mm; font-size: 8.5pt; }
.timeline li::before { content: ""; position: absolute; left: -6.2mm; top: 1.2mm; width: 2.6mm; height: 2.6mm; border-radius: 50%; background: #1f883d; }
.timeline li.bad::before { background: #cf222e; }
.notes { font-size: 8.5pt; color: #57606a; }
@media print { body { padding: 0; max-width: none; } a { color: inherit; text-decoration: none; } }
</style>
</head>
<body>
<header>
<h1>Schema change audit</h1>
<p class="meta">{{.Project.Root}} — {{head .Project}}, {{.Period}}. Generated {{.GeneratedAt}} by {{.Tool}}.</p>
<div class="result {{if .Passed}}pass{{else}}fail{{end}}" id="result">{{.Summary}}</div>
</header>

<section id="controls">
<h2>Controls</h2>
<table>
<thead><tr><th>Control</th><th class="nowrap">Status</th><th>Reason</th></tr></thead>
<tbody>
{{range .Controls}}<tr id="control-{{.ID}}"><td>{{.Title}}</td><td class="status {{.Status}}">{{mark .Status}}</td><td>{{.Reason}}</td></tr>
{{end}}</tbody>
</table>
{{range .Controls}}{{if eq .Status "fail"}}<div class="control">
<h3>{{.Title}}</h3>
<ul>{{range .Failures}}<li>{{.}}</li>{{end}}</ul>
<div class="remedy"><strong>Remedy:</strong><ul>{{range lines .Remedy}}<li>{{.}}</li>{{end}}</ul></div>
</div>{{end}}{{end}}
</section>

<section id="workflow">
<h2>Workflow</h2>
<p>Generators: {{orNone (join .Workflow.Generators ", ")}}. Runners: {{orNone (join .Workflow.Runners ", ")}}.</p>
{{if .Workflow.MigrationDirs}}<table>
<thead><tr><th>Migrations directory</th><th>Format</th><th>Files</th><th>Exists</th><th>Committed</th><th>Named by</th></tr></thead>
<tbody>{{range .Workflow.MigrationDirs}}<tr><td><code>{{.Path}}</code></td><td>{{.Format}}</td><td>{{.Files}}</td><td>{{yesNo .Exists}}</td><td>{{tri .Committed}}</td><td>{{.NamedBy}}</td></tr>{{end}}</tbody>
</table>{{end}}
{{range .Workflow.Sums}}<p><code>{{.Dir}}/ddlgate.sum</code>: {{sumState .}}</p>{{end}}
{{if .Workflow.Commands}}<table>
<thead><tr><th>Workflow</th><th>Runs</th><th>Effect</th></tr></thead>
<tbody>{{range .Workflow.Commands}}<tr><td>{{.File}}:{{.Line}}</td><td><code>{{.Text}}</code>{{if .Via}} → {{.Via}}{{end}}</td><td>{{.Effect}}</td></tr>{{end}}</tbody>
</table>{{else}}<p>No CI workflow runs a migration tool.</p>{{end}}
{{if .Workflow.Issues}}<ul>{{range .Workflow.Issues}}<li><strong>{{.Severity}}</strong> {{.File}}:{{.Line}} [{{.Rule}}] {{.Message}}</li>{{end}}</ul>{{end}}
</section>

<section id="migrations">
<h2>Migrations ({{len .Migrations}}{{if .Earlier}}, and {{.Earlier}} earlier ones not listed{{end}})</h2>
{{if .Migrations}}<table>
<thead><tr><th>Version</th><th>File</th><th>Added</th><th>Review</th><th>Checksum</th><th>Verdict</th><th>Waivers</th>{{range .Databases}}<th>{{.Name}}</th>{{end}}</tr></thead>
<tbody>{{range .Migrations}}<tr>
<td class="nowrap">{{.Version}}</td><td><code>{{.Path}}</code></td><td>{{added .Git}}</td><td>{{review .Git}}</td><td><code>{{shortSum .Checksum}}</code></td><td>{{verdict .Verdict}}</td><td>{{waivers .Waivers}}</td>
{{range .Applied}}<td class="state-{{.State}}">{{applied .}}</td>{{end}}
</tr>{{with notes .}}<tr><td></td><td colspan="{{$.MigrationColumns}}" class="notes">{{range .}}{{.}}<br>{{end}}</td></tr>{{end}}{{end}}</tbody>
</table>{{end}}
</section>

{{if .Databases}}<section id="timeline">
<h2>Timeline per environment</h2>
<div class="timelines">
{{range .Databases}}<div class="timeline">
<h3>{{.Name}}</h3>
{{if .HistoryTable}}<ol>{{range .Rows}}<li class="{{if or .Dirty (ne .State "applied")}}bad{{end}}"><strong>{{.Version}}</strong> {{date .AppliedAt}}<br>{{rowState .}} · {{.AppliedBy}}{{if .GitCommit}} · {{short .GitCommit}}{{end}}</li>{{else}}<li class="bad">nothing applied</li>{{end}}</ol>
{{else}}<p>No ddlgate.migrations table.</p>{{end}}
</div>{{end}}
</div>
{{if .Timeline}}<table>
<thead><tr><th>Version</th>{{range .Databases}}<th>{{.Name}}</th>{{end}}</tr></thead>
<tbody>{{range .Timeline}}<tr><td class="nowrap">{{.Version}}</td>{{range .Cells}}<td class="state-{{.State}}">{{cellText .}}</td>{{end}}</tr>{{end}}</tbody>
</table>{{end}}
</section>{{end}}
</body>
</html>
`))
})

// MigrationColumns is the number of columns of the migrations table after
// the first, for the notes row.
func (r *Report) MigrationColumns() int { return 6 + len(r.Databases) }
