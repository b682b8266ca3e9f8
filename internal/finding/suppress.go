package finding

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Rule ids of the findings computed here rather than in Rego: they need the
// final list of findings, or the clock.
const (
	RuleUnusedIgnore        = "unused-ignore"
	RuleRequireWaiverReason = "require-waiver-reason"
	RuleExpiredWaiver       = "ban-expired-waiver"
)

// Directive is an ignore or ignore-file comment as the suppressor needs it;
// the lint orchestrator copies it from the parser's facts so this package
// stays free of cgo.
type Directive struct {
	// File is true for ignore-file: the rules are ignored in the whole file.
	File  bool
	Rules []string
	// Statement is the index of the statement an ignore applies to, -1 when
	// no statement follows it. Nested are the statements that statement
	// runs (those of a DO body): the ignore applies to them too.
	Statement int
	Nested    []int
	Reason    string
	// Until is the waiver's expiry date (YYYY-MM-DD), "" when it never expires.
	Until string
	// Error describes a malformed directive; it suppresses nothing then.
	Error string
	Text  string
	// Position of the comment, reported by the findings about the directive.
	Line, Column, EndLine, EndColumn, Start, End int
}

// SuppressOptions tell Suppress about the rules it reports under and the day
// it is.
type SuppressOptions struct {
	Path string
	// Now decides whether a waiver has expired: a waiver is valid through the
	// whole of its until day.
	Now time.Time
	// Rule returns a finding prefilled with the rule's category, severity
	// (after config), title and docs, and whether the rule exists and whether
	// it is enabled.
	Rule func(id string) (template Finding, known, enabled bool)
	// Suggest returns the known rule id closest to a misspelt one, "" when
	// none is close; may be nil.
	Suggest func(id string) string
}

// Suppress drops the findings that ignore directives waive and adds the
// findings about the directives themselves:
//
//   - ignore applies to the statement after it, ignore-file to every finding
//     of the file; a finding not tied to a statement (index -1) can only be
//     waived file-wide;
//   - a waiver past its until date waives nothing and is a ban-expired-waiver
//     finding; a waiver without a reason still waives, but is a
//     require-waiver-reason finding;
//   - a waiver that waives nothing is an unused-ignore finding, when both the
//     waived rule and unused-ignore are enabled (ignoring a disabled rule is
//     not an error: config may enable it again);
//   - an unknown rule id or a malformed directive is an unused-ignore finding
//     of severity error whatever the configured severity, because a typo in a
//     waiver must not pass silently; it is reported even when unused-ignore is
//     disabled.
//
// The findings keep their order; the caller sorts.
func Suppress(findings []Finding, directives []Directive, opts SuppressOptions) []Finding {
	if len(directives) == 0 {
		return findings
	}
	today := opts.Now.Format(time.DateOnly)
	type waiver struct {
		d    *Directive
		rule string
		used bool
	}
	var waivers []waiver
	var extra []Finding
	for i := range directives {
		d := &directives[i]
		kind := "ignore"
		if d.File {
			kind = "ignore-file"
		}
		if d.Error != "" {
			extra = appendDirectiveFinding(extra, d, opts, RuleUnusedIgnore, Error, true,
				fmt.Sprintf("malformed ddlgate:%s directive: %s", kind, d.Error))
			continue
		}
		if d.Until != "" && d.Until < today {
			extra = appendDirectiveFinding(extra, d, opts, RuleExpiredWaiver, 0, false,
				fmt.Sprintf("waiver for %s expired on %s: fix the finding or extend the waiver", strings.Join(d.Rules, ", "), d.Until))
			continue
		}
		if strings.TrimSpace(d.Reason) == "" {
			extra = appendDirectiveFinding(extra, d, opts, RuleRequireWaiverReason, 0, false,
				fmt.Sprintf("ddlgate:%s %s has no reason: add reason=\"...\" so reviewers know why", kind, strings.Join(d.Rules, ",")))
		}
		for _, id := range d.Rules {
			if _, known, _ := opts.Rule(id); !known {
				msg := fmt.Sprintf("unknown rule id %q in ddlgate:%s", id, kind)
				if opts.Suggest != nil {
					if s := opts.Suggest(id); s != "" {
						msg += fmt.Sprintf(" (did you mean %q?)", s)
					}
				}
				extra = appendDirectiveFinding(extra, d, opts, RuleUnusedIgnore, Error, true, msg)
				continue
			}
			waivers = append(waivers, waiver{d: d, rule: id})
		}
	}

	kept := findings[:0:0]
	for _, f := range findings {
		waived := false
		for i := range waivers {
			w := &waivers[i]
			if w.rule != f.Rule {
				continue
			}
			if w.d.File || (f.StatementIndex >= 0 && (w.d.Statement == f.StatementIndex || slices.Contains(w.d.Nested, f.StatementIndex))) {
				w.used = true
				waived = true
			}
		}
		if !waived {
			kept = append(kept, f)
		}
	}
	for _, w := range waivers {
		if w.used {
			continue
		}
		if _, _, enabled := opts.Rule(w.rule); !enabled {
			continue
		}
		where := "on the next statement"
		if w.d.File {
			where = "in this file"
		} else if w.d.Statement < 0 {
			where = "(no statement follows it)"
		}
		extra = appendDirectiveFinding(extra, w.d, opts, RuleUnusedIgnore, 0, false,
			fmt.Sprintf("ignore of %s suppresses nothing: no %s finding %s", w.rule, w.rule, where))
	}
	return append(kept, extra...)
}

// appendDirectiveFinding appends a finding of rule at directive d. A zero
// severity keeps the rule's own; force reports it even when the rule is
// disabled or unknown to the registry.
func appendDirectiveFinding(dst []Finding, d *Directive, opts SuppressOptions, rule string, severity Severity, force bool, msg string) []Finding {
	f, known, enabled := opts.Rule(rule)
	if !force && known && !enabled {
		return dst
	}
	if !known {
		// The registry describes these rules (their METADATA lives in
		// policies/rules/governance); one without them still reports.
		f = Finding{Rule: rule, Category: "governance", Severity: Error}
	}
	if severity != 0 {
		f.Severity = severity
	}
	f.Message = msg
	f.File = opts.Path
	f.Line, f.Column, f.EndLine, f.EndColumn = d.Line, d.Column, d.EndLine, d.EndColumn
	f.Start, f.End = d.Start, d.End
	f.StatementIndex = -1
	f.Statement = ""
	f.Fingerprint = Fingerprint(rule, opts.Path, d.Text+"\x00"+msg, 0)
	return append(dst, f)
}

// Fingerprint is a stable identity for a finding: the hex of the first 16
// bytes of sha256(rule, path, key, occurrence), where key is the statement's
// normalised fingerprint (or a directive's text) and occurrence numbers equal
// (rule, key) pairs in a file.
func Fingerprint(rule, path, key string, occurrence int) string {
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%s\x00%s\x00%d", rule, path, key, occurrence)
	var sum [sha256.Size]byte
	return hex.EncodeToString(h.Sum(sum[:0])[:16])
}
