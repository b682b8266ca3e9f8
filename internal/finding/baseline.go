package finding

import (
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"slices"
)

// BaselineVersion is the format version written to and accepted from
// baseline files.
const BaselineVersion = 1

// Baseline is a set of findings accepted as they are, so that adopting
// ddlgate on an old project reports only what is new. Findings match by
// fingerprint, which survives reformatting of unrelated lines; rule, file,
// line and message are kept only so that a reviewer can read the file.
type Baseline struct {
	Version  int             `json:"version"`
	Findings []BaselineEntry `json:"findings"`
}

// BaselineEntry is one accepted finding.
type BaselineEntry struct {
	Fingerprint string `json:"fingerprint"`
	Rule        string `json:"rule"`
	File        string `json:"file"`
	Line        int    `json:"line"`
	Message     string `json:"message"`
}

// NewBaseline accepts fs, ordered by file, line and rule so that a rewritten
// baseline diffs well in review.
func NewBaseline(fs []Finding) *Baseline {
	b := &Baseline{Version: BaselineVersion, Findings: make([]BaselineEntry, len(fs))}
	for i := range fs {
		f := &fs[i]
		b.Findings[i] = BaselineEntry{Fingerprint: f.Fingerprint, Rule: f.Rule, File: f.File, Line: f.Line, Message: f.Message}
	}
	slices.SortFunc(b.Findings, func(x, y BaselineEntry) int {
		return cmp.Or(cmp.Compare(x.File, y.File), cmp.Compare(x.Line, y.Line),
			cmp.Compare(x.Rule, y.Rule), cmp.Compare(x.Fingerprint, y.Fingerprint))
	})
	return b
}

// Write writes the baseline as indented JSON.
func (b *Baseline) Write(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(b)
}

// WriteBaselineFile writes the baseline of fs to path.
func WriteBaselineFile(path string, fs []Finding) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("write baseline: %w", err)
	}
	if err := NewBaseline(fs).Write(f); err != nil {
		f.Close()
		return fmt.Errorf("write baseline %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("write baseline %s: %w", path, err)
	}
	return nil
}

// ReadBaseline reads a baseline file. A file that is not a baseline, or of
// another version, is an error naming it: silently accepting nothing would
// turn every old finding back on, silently accepting everything would hide
// new ones.
func ReadBaseline(path string) (*Baseline, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read baseline: %w", err)
	}
	return ParseBaseline(path, data)
}

// ParseBaseline decodes a baseline; path names it in errors.
func ParseBaseline(path string, data []byte) (*Baseline, error) {
	var b Baseline
	if err := json.Unmarshal(data, &b); err != nil {
		return nil, fmt.Errorf("read baseline %s: %w", path, err)
	}
	if b.Version != BaselineVersion {
		return nil, fmt.Errorf("read baseline %s: version %d, want %d (write it again with ddlgate baseline)", path, b.Version, BaselineVersion)
	}
	for i, e := range b.Findings {
		if e.Fingerprint == "" {
			return nil, fmt.Errorf("read baseline %s: finding %d has no fingerprint", path, i+1)
		}
	}
	return &b, nil
}

// Filter returns the findings of fs not in the baseline, in their order, and
// how many were left out. fs is not modified.
func (b *Baseline) Filter(fs []Finding) (kept []Finding, baselined int) {
	accepted := make(map[string]struct{}, len(b.Findings))
	for _, e := range b.Findings {
		accepted[e.Fingerprint] = struct{}{}
	}
	kept = make([]Finding, 0, len(fs))
	for i := range fs {
		if _, ok := accepted[fs[i].Fingerprint]; ok {
			baselined++
			continue
		}
		kept = append(kept, fs[i])
	}
	return kept, baselined
}
