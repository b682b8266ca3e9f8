package parser

import (
	"fmt"
	"strings"
	"time"
)

// directivePrefix starts every directive comment; files without it skip the
// directive scan entirely.
const directivePrefix = "ddlgate:"

// Directive kinds.
const (
	directiveIgnore        = "ignore"
	directiveIgnoreFile    = "ignore-file"
	directivePhase         = "phase"
	directiveNoTransaction = "no-transaction"
	directiveUnknown       = "unknown"
)

// findDirectives returns the `-- ddlgate:` line comments of s[start:end], in
// order, with Statement still unset. Comments inside strings or dollar
// quotes are not directives, which is why this walks the lexer rather than
// searching for the prefix.
func findDirectives(s string, start, end int, lines *lineIndex, out []Directive) []Directive {
	for i := start; i < end; {
		kind, next := lexNext(s, i, end)
		if kind == lexLineComment {
			if body, ok := directiveBody(s[i+2 : next]); ok {
				textEnd := next
				for textEnd > i && isLexSpace(s[textEnd-1]) {
					textEnd--
				}
				d := parseDirective(body)
				d.Text = s[i:textEnd]
				d.Span = lines.span(i, textEnd)
				out = append(out, d)
			}
		}
		i = next
	}
	return out
}

// directiveBody returns what follows "ddlgate:" when the comment text (after
// the `--`) is a directive: optional spaces, then the prefix. A comment that
// merely mentions ddlgate: later in a sentence is not a directive.
func directiveBody(comment string) (string, bool) {
	c := strings.TrimLeft(comment, " \t")
	if !strings.HasPrefix(c, directivePrefix) {
		return "", false
	}
	return strings.TrimRight(c[len(directivePrefix):], " \t\r"), true
}

// directiveArg is one word of a directive: a positional value or key=value.
type directiveArg struct {
	key, value string
}

// parseDirective reads the text after "ddlgate:". A malformed directive keeps
// the kind as written and describes the problem in Error; an unknown kind
// becomes "unknown".
func parseDirective(body string) Directive {
	d := Directive{Rules: []string{}, Statement: -1}
	kind, rest, _ := strings.Cut(body, " ")
	kind = strings.TrimSpace(kind)
	args, err := splitDirectiveArgs(rest)
	switch kind {
	case directiveIgnore, directiveIgnoreFile, directivePhase, directiveNoTransaction:
		d.Kind = kind
	default:
		d.Kind = directiveUnknown
		d.Error = fmt.Sprintf("unknown directive %q (want ignore, ignore-file, phase or no-transaction)", kind)
		return d
	}
	if err != nil {
		d.Error = err.Error()
		return d
	}
	switch kind {
	case directiveIgnore, directiveIgnoreFile:
		d.Error = d.readWaiver(args)
	case directivePhase:
		d.Error = d.readPhase(args)
	case directiveNoTransaction:
		if len(args) > 0 {
			d.Error = "no-transaction takes no arguments"
		}
	}
	return d
}

// readWaiver fills the rules and attributes of ignore and ignore-file. A
// missing reason is not malformed: the require-waiver-reason rule reports it.
func (d *Directive) readWaiver(args []directiveArg) string {
	for _, a := range args {
		switch a.key {
		case "":
			for _, id := range strings.Split(a.value, ",") {
				if id == "" {
					continue
				}
				if !isRuleID(id) {
					return fmt.Sprintf("invalid rule id %q", id)
				}
				d.Rules = append(d.Rules, id)
			}
		case "reason":
			d.Reason = a.value
		case "until":
			if _, err := time.Parse("2006-01-02", a.value); err != nil {
				return fmt.Sprintf("until=%q is not a date (want YYYY-MM-DD)", a.value)
			}
			d.Until = a.value
		case "owner":
			d.Owner = a.value
		default:
			return fmt.Sprintf("unknown attribute %q (want reason, until or owner)", a.key)
		}
	}
	if len(d.Rules) == 0 {
		return d.Kind + " needs at least one rule id"
	}
	return ""
}

// readPhase fills a phase directive: `phase expand|backfill|contract
// change=<id>`.
func (d *Directive) readPhase(args []directiveArg) string {
	for _, a := range args {
		switch a.key {
		case "":
			if d.Phase != "" {
				return fmt.Sprintf("unexpected %q after phase %q", a.value, d.Phase)
			}
			d.Phase = a.value
		case "change":
			d.Change = a.value
		default:
			return fmt.Sprintf("unknown attribute %q (want change)", a.key)
		}
	}
	switch d.Phase {
	case "expand", "backfill", "contract":
	case "":
		return "phase needs expand, backfill or contract"
	default:
		return fmt.Sprintf("unknown phase %q (want expand, backfill or contract)", d.Phase)
	}
	if d.Change == "" {
		return "phase needs change=<change-id>"
	}
	return ""
}

// isRuleID accepts the characters rule ids are made of; whether the id
// names a known rule is checked later, against the loaded policies.
func isRuleID(id string) bool {
	for i := 0; i < len(id); i++ {
		c := id[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ||
			c == '-' || c == '_' || c == '.' || c == '/') {
			return false
		}
	}
	return id != ""
}

// splitDirectiveArgs splits `a,b reason="some words" until=2027-01-31` into
// words; values in double quotes may hold spaces and \" escapes. Rule lists
// written with spaces after commas ("a, b") are joined back together.
func splitDirectiveArgs(s string) ([]directiveArg, error) {
	var args []directiveArg
	for i := 0; ; {
		for i < len(s) && (s[i] == ' ' || s[i] == '\t') {
			i++
		}
		if i >= len(s) {
			return args, nil
		}
		j := i
		for j < len(s) && s[j] != ' ' && s[j] != '\t' && s[j] != '=' {
			j++
		}
		if j >= len(s) || s[j] != '=' {
			word := s[i:j]
			if n := len(args); n > 0 && args[n-1].key == "" &&
				(strings.HasSuffix(args[n-1].value, ",") || strings.HasPrefix(word, ",")) {
				args[n-1].value += word
			} else {
				args = append(args, directiveArg{value: word})
			}
			i = j
			continue
		}
		key := s[i:j]
		if key == "" {
			return nil, fmt.Errorf("missing attribute name before '='")
		}
		j++
		if j < len(s) && s[j] == '"' {
			var b strings.Builder
			k := j + 1
			for ; k < len(s) && s[k] != '"'; k++ {
				if s[k] == '\\' && k+1 < len(s) {
					k++
				}
				b.WriteByte(s[k])
			}
			if k >= len(s) {
				return nil, fmt.Errorf("unterminated quoted value of %s", key)
			}
			args = append(args, directiveArg{key: key, value: b.String()})
			i = k + 1
			continue
		}
		k := j
		for k < len(s) && s[k] != ' ' && s[k] != '\t' {
			k++
		}
		args = append(args, directiveArg{key: key, value: s[j:k]})
		i = k
	}
}

// attachDirectives sets Statement on ignore directives and fills the file's
// phase. An ignore applies to the statement whose span holds the comment,
// else to the statement that ends on the comment's line before it
// (`DROP TABLE x; -- ddlgate:ignore ...`), else to the next statement that
// starts after it; -1 when none does. File-level kinds keep -1.
func attachDirectives(dirs []Directive, stmts []Statement, info *FileInfo) {
	k := 0 // first statement that ends after the directive starts
	for i := range dirs {
		d := &dirs[i]
		switch d.Kind {
		case directiveIgnore:
			for k < len(stmts) && stmts[k].Span.End <= d.Span.Start {
				k++
			}
			switch {
			case k < len(stmts) && stmts[k].Span.Start <= d.Span.Start:
				d.Statement = k
			case k > 0 && stmts[k-1].Span.EndLine == d.Span.Line:
				d.Statement = k - 1
			case k < len(stmts):
				d.Statement = k
			}
		case directivePhase:
			if d.Error != "" {
				continue
			}
			if info.Phase != nil {
				d.Error = fmt.Sprintf("phase already declared as %s change=%s", info.Phase.Phase, info.Phase.Change)
				continue
			}
			info.Phase = &PhaseInfo{Phase: d.Phase, Change: d.Change}
		}
	}
}
