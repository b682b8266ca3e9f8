package apply

import (
	"context"
	"fmt"
	"strings"
	"testing"

	pg_query "github.com/pganalyze/pg_query_go/v5"

	"github.com/ddlgate/ddlgate/internal/finding"
	"github.com/ddlgate/ddlgate/internal/migrations"
)

// testLinter splits files with the real PostgreSQL parser and reports one
// stand-in policy, ban-drop-column, so the apply gate is exercised end to end
// without the lint orchestrator.
//
// The real Linter (internal/cli/apply.go, liveLinter over internal/lint) is
// exercised with the real policies by internal/cli/apply_test.go; this one
// keeps internal/apply testable without OPA.
func testLinter(t testing.TB) Linter {
	return LinterFunc(func(ctx context.Context, in LintInput) ([]Verdict, error) {
		if in.DB == nil || in.DB.ServerVersionNum == 0 {
			t.Errorf("linter called without live database facts: %+v", in.DB)
		}
		if in.Applied == nil {
			t.Errorf("linter called without the database's history")
		}
		out := make([]Verdict, len(in.Migrations))
		for i, m := range in.Migrations {
			v, err := splitAndJudge(m)
			if err != nil {
				return nil, err
			}
			out[i] = v
		}
		return out, nil
	})
}

func splitAndJudge(m migrations.Migration) (Verdict, error) {
	sections := m.Sections
	if sections == nil {
		sections = []migrations.Section{{Start: 0, End: len(m.Src)}}
	}
	var v Verdict
	for _, sec := range sections {
		src := string(m.Src[sec.Start:sec.End])
		tree, err := pg_query.Parse(src)
		if err != nil {
			return Verdict{}, fmt.Errorf("%s: %w", m.Path, err)
		}
		for _, raw := range tree.Stmts {
			start := int(raw.StmtLocation)
			end := start + int(raw.StmtLen)
			if raw.StmtLen == 0 {
				end = len(src)
			}
			start += leadingNoise(src[start:end])
			offset := sec.Start + start
			line := 1 + strings.Count(string(m.Src[:offset]), "\n")
			col := offset - strings.LastIndexByte(string(m.Src[:offset]), '\n')
			s := Statement{Text: src[start:end], Line: line, Col: col}
			v.Statements = append(v.Statements, s)
			if alter := raw.Stmt.GetAlterTableStmt(); alter != nil {
				for _, c := range alter.Cmds {
					if c.GetAlterTableCmd().GetSubtype() == pg_query.AlterTableType_AT_DropColumn {
						v.Findings = append(v.Findings, finding.Finding{
							Rule: "ban-drop-column", Severity: finding.Error, File: m.Path,
							Line: line, Column: col, Message: "dropping a column breaks the running application",
						})
					}
				}
			}
		}
	}
	return v, nil
}

// leadingNoise is the length of the whitespace and comments before a
// statement (RawStmt locations start right after the previous semicolon).
func leadingNoise(s string) int {
	i := 0
	for i < len(s) {
		switch {
		case s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r':
			i++
		case strings.HasPrefix(s[i:], "--"):
			if j := strings.IndexByte(s[i:], '\n'); j >= 0 {
				i += j + 1
			} else {
				i = len(s)
			}
		case strings.HasPrefix(s[i:], "/*"):
			if j := strings.Index(s[i:], "*/"); j >= 0 {
				i += j + 2
			} else {
				i = len(s)
			}
		default:
			return i
		}
	}
	return i
}
