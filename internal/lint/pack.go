package lint

import (
	"bytes"
	"encoding/gob"
	"fmt"

	"github.com/ddlgate/ddlgate/internal/finding"
)

// packed is the encoding of a pack. Findings repeat their rule's
// category, title, help and docs, and often a statement's text: each
// string is written once, in Strings, and findings refer to it by index,
// which makes a pack a third smaller and quicker to decode (a warm run is
// largely this decoding). Most of what remains is the statements' text.
type packed struct {
	Strings []string
	Files   []packedFile
}

type packedFile struct {
	Seq        int
	Statements int
	Findings   []packedFinding
	Directives []finding.Directive
}

// packedFinding is a finding.Finding with its strings as indexes into
// packed.Strings. TestPackedFindingHoldsEveryField fails when Finding
// gains a field this does not hold.
type packedFinding struct {
	Rule, Category, Title, Message, File, Statement, Help, Docs, Fingerprint int32
	Severity                                                                 finding.Severity
	Line, Column, EndLine, EndColumn                                         int
	StatementIndex, Start, End                                               int
	Plan                                                                     *finding.Plan
}

// encodePack writes the results of files.
func encodePack(files []cachedFile) ([]byte, error) {
	var p packed
	index := map[string]int32{}
	str := func(s string) int32 {
		i, ok := index[s]
		if !ok {
			i = int32(len(p.Strings))
			index[s] = i
			p.Strings = append(p.Strings, s)
		}
		return i
	}
	p.Files = make([]packedFile, len(files))
	for i, f := range files {
		pf := packedFile{Seq: f.Seq, Statements: f.Statements, Directives: f.Directives,
			Findings: make([]packedFinding, len(f.Findings))}
		for k, x := range f.Findings {
			pf.Findings[k] = packedFinding{
				Rule: str(x.Rule), Category: str(x.Category), Title: str(x.Title), Message: str(x.Message),
				File: str(x.File), Statement: str(x.Statement), Help: str(x.Help), Docs: str(x.Docs),
				Fingerprint: str(x.Fingerprint), Severity: x.Severity,
				Line: x.Line, Column: x.Column, EndLine: x.EndLine, EndColumn: x.EndColumn,
				StatementIndex: x.StatementIndex, Start: x.Start, End: x.End, Plan: x.Plan,
			}
		}
		p.Files[i] = pf
	}
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(&p); err != nil {
		return nil, fmt.Errorf("encode results: %w", err)
	}
	return buf.Bytes(), nil
}

// decodePack reads what encodePack wrote; an index out of the table is an
// error (a damaged entry).
func decodePack(b []byte) ([]cachedFile, error) {
	var p packed
	if err := gob.NewDecoder(bytes.NewReader(b)).Decode(&p); err != nil {
		return nil, fmt.Errorf("decode results: %w", err)
	}
	bad := false
	str := func(i int32) string {
		if i < 0 || int(i) >= len(p.Strings) {
			bad = true
			return ""
		}
		return p.Strings[i]
	}
	files := make([]cachedFile, len(p.Files))
	for i, pf := range p.Files {
		f := cachedFile{Seq: pf.Seq, Statements: pf.Statements, Directives: pf.Directives,
			Findings: make([]finding.Finding, len(pf.Findings))}
		for k, x := range pf.Findings {
			f.Findings[k] = finding.Finding{
				Rule: str(x.Rule), Category: str(x.Category), Title: str(x.Title), Message: str(x.Message),
				File: str(x.File), Statement: str(x.Statement), Help: str(x.Help), Docs: str(x.Docs),
				Fingerprint: str(x.Fingerprint), Severity: x.Severity,
				Line: x.Line, Column: x.Column, EndLine: x.EndLine, EndColumn: x.EndColumn,
				StatementIndex: x.StatementIndex, Start: x.Start, End: x.End, Plan: x.Plan,
			}
		}
		files[i] = f
	}
	if bad {
		return nil, fmt.Errorf("decode results: a string index outside the table")
	}
	return files, nil
}
