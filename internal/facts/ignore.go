package facts

import (
	"github.com/ddlgate/ddlgate/internal/finding"
	"github.com/ddlgate/ddlgate/parser"
)

// IgnoreDirectives are the document's ignore directives (and the malformed
// ones, which unused-ignore reports) as the suppression stage reads them:
// each with the statements it covers, the one it names and those that
// statement runs itself (a DO block's body).
func (d *Document) IgnoreDirectives() []finding.Directive {
	f := d.Parsed
	var out []finding.Directive
	for _, dir := range f.Directives {
		var file bool
		switch dir.Kind {
		case "ignore":
		case "ignore-file":
			file = true
		case "unknown":
			if dir.Error == "" {
				continue
			}
		default:
			continue
		}
		out = append(out, finding.Directive{
			File: file, Rules: dir.Rules, Statement: dir.Statement, Nested: parser.Nested(f.Statements, dir.Statement),
			Reason: dir.Reason, Until: dir.Until,
			Error: dir.Error, Text: dir.Text,
			Line: int(dir.Span.Line), Column: int(dir.Span.Col), EndLine: int(dir.Span.EndLine), EndColumn: int(dir.Span.EndCol),
			Start: int(dir.Span.Start), End: int(dir.Span.End),
		})
	}
	return out
}
