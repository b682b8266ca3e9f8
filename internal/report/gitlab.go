package report

import (
	"bufio"
	"cmp"
	"crypto/md5"
	"encoding/hex"
	"io"
	"strconv"

	"github.com/ddlgate/ddlgate/internal/finding"
)

func init() { Register("gitlab", writeGitLab) }

// The GitLab Code Quality report: a JSON array of CodeClimate-style issues
// (https://docs.gitlab.com/ci/testing/code_quality/#code-quality-report-format).
type (
	gitlabIssue struct {
		Type        string         `json:"type"`
		Description string         `json:"description"`
		CheckName   string         `json:"check_name"`
		Categories  []string       `json:"categories"`
		Fingerprint string         `json:"fingerprint"`
		Severity    string         `json:"severity"`
		Location    gitlabLocation `json:"location"`
	}
	gitlabLocation struct {
		Path  string      `json:"path"`
		Lines gitlabLines `json:"lines"`
	}
	gitlabLines struct {
		Begin int `json:"begin"`
		End   int `json:"end"`
	}
)

// gitlabSeverity maps ddlgate's three severities onto Code Quality's five:
// error → major, warning → minor, info → info. "critical" and "blocker" are
// left unused: GitLab ranks them above anything a lint finding means, and
// an error already fails the pipeline through the exit code.
func gitlabSeverity(s finding.Severity) string {
	switch s {
	case finding.Error:
		return "major"
	case finding.Warning:
		return "minor"
	}
	return "info"
}

// gitlabCategories maps a rule category onto CodeClimate's fixed list.
func gitlabCategories(category string) []string {
	switch category {
	case "security":
		return []string{"Security"}
	case "compat", "safety", "locking", "transaction":
		return []string{"Bug Risk"}
	}
	return []string{"Style"}
}

// writeGitLab writes the Code Quality JSON array. GitLab matches issues
// between the base and head pipelines by fingerprint, so it is the
// finding's own (stable across reformatting); a finding without one, or one
// whose fingerprint another finding already used, gets an md5 (an identity,
// not a security measure) of its rule, file and message, so every
// fingerprint in the report is unique and still free of line numbers.
func writeGitLab(w io.Writer, r *Report) error {
	seen := make(map[string]bool, len(r.Findings))
	s := &jsonStream{w: bufio.NewWriter(w)}
	err := s.array("", len(r.Findings), func(i int) any {
		f := &r.Findings[i]
		line := max(f.Line, 1)
		fp := f.Fingerprint
		for n := 0; fp == "" || seen[fp]; n++ {
			fp = gitlabFingerprint(f, fp, n)
		}
		seen[fp] = true
		return gitlabIssue{
			Type:        "issue",
			Description: cmp.Or(f.Message, f.Rule), // GitLab requires one
			CheckName:   f.Rule,
			Categories:  gitlabCategories(f.Category),
			Fingerprint: fp,
			Severity:    gitlabSeverity(f.Severity),
			Location: gitlabLocation{Path: r.repoPath(f.File),
				Lines: gitlabLines{Begin: line, End: max(f.EndLine, line)}},
		}
	})
	if err != nil {
		return err
	}
	s.w.WriteString("\n")
	return s.w.Flush()
}

func gitlabFingerprint(f *finding.Finding, prev string, n int) string {
	h := md5.New()
	for _, part := range []string{f.Rule, cleanPath(f.File), f.Message, prev, strconv.Itoa(n)} {
		io.WriteString(h, part)
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))
}
