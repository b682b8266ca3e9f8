package report

import (
	"bufio"
	"cmp"
	"io"
	"net/url"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/ddlgate/ddlgate/internal/finding"
)

func init() { Register("sarif", writeSARIF) }

const (
	sarifSchema     = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
	sarifVersion    = "2.1.0"
	informationURI  = "https://github.com/ddlgate/ddlgate"
	srcRoot         = "%SRCROOT%"
	fingerprintKey  = "ddlgate/v1"
	sarifToolName   = "ddlgate"
	sarifColumnKind = "unicodeCodePoints" // finding columns count runes
)

// The SARIF 2.1.0 subset ddlgate writes, below the log and its one run,
// which writeSARIF lays out itself. Optional members are pointers or
// omitempty so the log stays valid against the schema (no empty messages).
type (
	sarifTool struct {
		Driver sarifDriver `json:"driver"`
	}
	sarifDriver struct {
		Name           string      `json:"name"`
		Version        string      `json:"version,omitempty"`
		InformationURI string      `json:"informationUri"`
		Rules          []sarifRule `json:"rules"`
	}
	sarifRule struct {
		ID                   string             `json:"id"`
		Name                 string             `json:"name"`
		ShortDescription     sarifText          `json:"shortDescription"`
		FullDescription      *sarifText         `json:"fullDescription,omitempty"`
		Help                 *sarifText         `json:"help,omitempty"`
		HelpURI              string             `json:"helpUri,omitempty"`
		DefaultConfiguration sarifConfiguration `json:"defaultConfiguration"`
		Properties           sarifRuleProps     `json:"properties"`
	}
	sarifText struct {
		Text     string `json:"text"`
		Markdown string `json:"markdown,omitempty"`
	}
	sarifConfiguration struct {
		Level string `json:"level"`
	}
	sarifRuleProps struct {
		Category string   `json:"category,omitempty"`
		Tags     []string `json:"tags,omitempty"`
	}
	sarifResult struct {
		RuleID              string            `json:"ruleId"`
		RuleIndex           int               `json:"ruleIndex"`
		Level               string            `json:"level"`
		Message             sarifText         `json:"message"`
		Locations           []sarifLocation   `json:"locations"`
		PartialFingerprints map[string]string `json:"partialFingerprints,omitempty"`
	}
	sarifLocation struct {
		PhysicalLocation sarifPhysical `json:"physicalLocation"`
	}
	sarifPhysical struct {
		ArtifactLocation sarifArtifact `json:"artifactLocation"`
		Region           sarifRegion   `json:"region"`
	}
	sarifArtifact struct {
		URI       string `json:"uri"`
		URIBaseID string `json:"uriBaseId,omitempty"`
	}
	sarifRegion struct {
		StartLine   int `json:"startLine"`
		StartColumn int `json:"startColumn"`
		EndLine     int `json:"endLine"`
		EndColumn   int `json:"endColumn"`
	}
)

// writeSARIF writes one SARIF 2.1.0 run: every rule that ran (plus any rule
// a finding names that the run did not list, so ruleIndex is always valid)
// and one result per finding, located relative to %SRCROOT%. Results are
// written one by one (see jsonStream).
func writeSARIF(w io.Writer, r *Report) error {
	rules, index := sarifRules(r)
	tool := sarifTool{Driver: sarifDriver{Name: sarifToolName, Version: r.ToolVersion,
		InformationURI: informationURI, Rules: rules}}
	s := &jsonStream{w: bufio.NewWriter(w)}
	s.w.WriteString("{\n  \"$schema\": ")
	s.str(sarifSchema)
	s.w.WriteString(",\n  \"version\": ")
	s.str(sarifVersion)
	s.w.WriteString(",\n  \"runs\": [\n    {\n      \"tool\": ")
	if err := s.value("      ", tool); err != nil {
		return err
	}
	if r.RootURI != "" {
		// Where %SRCROOT% is, for viewers that open the files themselves.
		s.w.WriteString(",\n      \"originalUriBaseIds\": ")
		if err := s.value("      ", map[string]sarifArtifact{srcRoot: {URI: r.RootURI}}); err != nil {
			return err
		}
	}
	s.w.WriteString(",\n      \"columnKind\": ")
	s.str(sarifColumnKind)
	s.w.WriteString(",\n      \"results\": ")
	err := s.array("      ", len(r.Findings), func(i int) any {
		f := &r.Findings[i]
		uri, base := artifactURI(r.repoPath(f.File))
		res := sarifResult{
			RuleID:    f.Rule,
			RuleIndex: index[f.Rule],
			Level:     sarifLevel(f.Severity),
			Message:   sarifText{Text: sarifMessage(f)},
			Locations: []sarifLocation{{PhysicalLocation: sarifPhysical{
				ArtifactLocation: sarifArtifact{URI: uri, URIBaseID: base},
				Region:           sarifRegionOf(f),
			}}},
		}
		if f.Fingerprint != "" {
			res.PartialFingerprints = map[string]string{fingerprintKey: f.Fingerprint}
		}
		return res
	})
	if err != nil {
		return err
	}
	s.w.WriteString("\n    }\n  ]\n}\n")
	return s.w.Flush()
}

// sarifRules lists the rules sorted by id and maps each id to its index.
func sarifRules(r *Report) ([]sarifRule, map[string]int) {
	known := make(map[string]bool, len(r.Rules))
	all := make([]Rule, 0, len(r.Rules))
	for _, rule := range r.Rules {
		if !known[rule.ID] {
			known[rule.ID] = true
			all = append(all, rule)
		}
	}
	for i := range r.Findings {
		f := &r.Findings[i]
		if !known[f.Rule] {
			known[f.Rule] = true
			all = append(all, Rule{ID: f.Rule, Category: f.Category, Title: f.Title, Docs: f.Docs, Severity: f.Severity})
		}
	}
	slices.SortFunc(all, func(a, b Rule) int { return strings.Compare(a.ID, b.ID) })
	out := make([]sarifRule, len(all))
	index := make(map[string]int, len(all))
	for i, rule := range all {
		index[rule.ID] = i
		out[i] = sarifRuleOf(rule)
	}
	return out, index
}

func sarifRuleOf(rule Rule) sarifRule {
	s := sarifRule{
		ID:                   rule.ID,
		Name:                 pascalCase(rule.ID),
		ShortDescription:     sarifText{Text: cmp.Or(rule.Title, rule.ID)},
		HelpURI:              rule.Docs,
		DefaultConfiguration: sarifConfiguration{Level: sarifLevel(rule.Severity)},
		Properties:           sarifRuleProps{Category: rule.Category},
	}
	if rule.Category != "" {
		s.Properties.Tags = []string{rule.Category}
	}
	if rule.Description != "" {
		s.FullDescription = &sarifText{Text: rule.Description}
	}
	if text, markdown := ruleHelp(rule); text != "" {
		s.Help = &sarifText{Text: text, Markdown: markdown}
	}
	return s
}

// ruleHelp joins a rule's description, its generic fix and its docs link
// into the help shown beside an alert.
func ruleHelp(rule Rule) (text, markdown string) {
	var t, m []string
	if rule.Description != "" {
		t = append(t, rule.Description)
		m = append(m, rule.Description)
	}
	if rule.Help != "" {
		t = append(t, "Fix: "+rule.Help)
		m = append(m, "**Fix:** "+rule.Help)
	}
	if rule.Docs != "" {
		t = append(t, "Docs: "+rule.Docs)
		m = append(m, "[Documentation]("+rule.Docs+")")
	}
	return strings.Join(t, "\n\n"), strings.Join(m, "\n\n")
}

// sarifMessage is the finding's message, followed by its own help when it
// has one: that help is specific to the statement, the rule's is generic.
func sarifMessage(f *finding.Finding) string {
	msg := cmp.Or(f.Message, f.Rule)
	if f.Help != "" {
		msg += "\n\nHelp: " + f.Help
	}
	return msg
}

func sarifLevel(s finding.Severity) string {
	switch s {
	case finding.Error:
		return "error"
	case finding.Warning:
		return "warning"
	}
	return "note"
}

func sarifRegionOf(f *finding.Finding) sarifRegion {
	line, col := max(f.Line, 1), max(f.Column, 1)
	endLine, endCol := max(f.EndLine, line), max(f.EndColumn, 1)
	if endLine == line {
		endCol = max(endCol, col)
	}
	if !emptySpan(f) {
		endCol++ // SARIF's endColumn is exclusive, a finding's inclusive
	}
	return sarifRegion{StartLine: line, StartColumn: col, EndLine: endLine, EndColumn: endCol}
}

// emptySpan reports whether a finding points between characters rather
// than at them (a file-level finding, an empty file).
func emptySpan(f *finding.Finding) bool {
	return f.End <= f.Start && f.EndLine <= f.Line && f.EndColumn <= f.Column
}

// artifactURI turns a finding's path into a SARIF artifact URI: relative
// paths become forward-slash URI references under %SRCROOT% (so code
// scanning maps them onto the repository), absolute ones file:// URIs.
func artifactURI(p string) (uri, base string) {
	p = filepath.ToSlash(p)
	if strings.HasPrefix(p, "/") {
		return (&url.URL{Scheme: "file", Path: path.Clean(p)}).String(), ""
	}
	return (&url.URL{Path: cleanPath(p)}).String(), srcRoot
}

// cleanPath turns a path into a clean slash path ("./migrations//x.sql" →
// "migrations/x.sql") so every format names a file the same way.
func cleanPath(p string) string {
	p = path.Clean(filepath.ToSlash(p))
	if p == "." {
		return ""
	}
	return p
}

// pascalCase turns a rule id into SARIF's identifier-like rule name:
// "ban-drop-table" → "BanDropTable".
func pascalCase(id string) string {
	var b strings.Builder
	b.Grow(len(id))
	upper := true
	for _, c := range id {
		switch {
		case c == '-' || c == '_' || c == '.' || c == ' ':
			upper = true
		case upper && c >= 'a' && c <= 'z':
			b.WriteRune(c - 'a' + 'A')
			upper = false
		default:
			b.WriteRune(c)
			upper = false
		}
	}
	return b.String()
}
