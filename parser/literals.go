package parser

import (
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v5"
)

// fillStringLiterals sets StringLiterals of the statements that follow the
// file's first ALTER TYPE ... ADD VALUE: only there can a literal use a value
// added earlier in the same transaction (ban-new-enum-value-in-same-
// transaction), and scanning every statement of every file would cost all
// of them for the few that add enum values.
func fillStringLiterals(stmts []Statement, lines *lineIndex) {
	after := false
	for i := range stmts {
		st := &stmts[i]
		if after {
			st.StringLiterals = stringLiterals(st, lines)
		}
		for _, a := range st.Actions {
			if a.Type == "add_enum_value" {
				after = true
			}
		}
	}
}

// stringLiterals returns the string constants of a statement with their
// decoded values; the scanner's positions are byte offsets in its text.
func stringLiterals(st *Statement, lines *lineIndex) []StringLiteral {
	out := []StringLiteral{}
	res, err := pg_query.Scan(st.Text)
	if err != nil {
		return out
	}
	for _, tok := range res.Tokens {
		if tok.Token != pg_query.Token_SCONST {
			continue
		}
		start, end := int(tok.Start), int(tok.End)
		if start < 0 || end > len(st.Text) || start >= end {
			continue
		}
		sp := st.Span
		if int(st.Span.End-st.Span.Start) == len(st.Text) {
			// The text is the file's (not a DO body statement whose
			// body could not be mapped to the file).
			sp = lines.span(int(st.Span.Start)+start, int(st.Span.Start)+end)
		}
		out = append(out, StringLiteral{Value: unquoteLiteral(st.Text[start:end]), Span: sp})
	}
	return out
}

// unquoteLiteral decodes a string constant as written: a quoted string (a
// doubled single quote stands for one), an E-prefixed escape string (the
// common backslash escapes only) or a dollar-quoted string.
func unquoteLiteral(raw string) string {
	if strings.HasPrefix(raw, "$") {
		if i := strings.Index(raw[1:], "$"); i >= 0 {
			tag := raw[:i+2]
			return strings.TrimSuffix(strings.TrimPrefix(raw, tag), tag)
		}
		return raw
	}
	escape := false
	if len(raw) > 0 && (raw[0] == 'E' || raw[0] == 'e') {
		escape, raw = true, raw[1:]
	}
	raw = strings.TrimSuffix(strings.TrimPrefix(raw, "'"), "'")
	raw = strings.ReplaceAll(raw, "''", "'")
	if escape {
		raw = strings.NewReplacer(`\'`, `'`, `\\`, `\`, `\n`, "\n", `\t`, "\t", `\r`, "\r").Replace(raw)
	}
	return raw
}
