package migrations

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// SumFileName is the checksum file written next to the migrations.
const SumFileName = "ddlgate.sum"

// ErrSumConflict means ddlgate.sum holds merge-conflict markers: two branches
// added migrations concurrently and the history must be re-linearised.
var ErrSumConflict = errors.New("ddlgate.sum has merge conflict markers: two branches added migrations; rebase, renumber if needed, then run `ddlgate hash`")

// Sum is the content of ddlgate.sum: one entry per migration file in version
// order, and ListHash covering the whole list, so a file added, removed,
// reordered or edited without re-hashing is detected.
//
// Format (like atlas.sum):
//
//	h1:<base64 sha256 of the entry lines>
//	<path relative to the sum's directory, slash-separated> h1:<base64 sha256 of the file>
type Sum struct {
	ListHash string
	Entries  []SumEntry
}

// SumEntry is one migration file and its hash.
type SumEntry struct {
	Path string
	Hash string
}

// FileHash returns the "h1:" hash of a file's bytes, the form used in
// ddlgate.sum and as the checksum recorded by apply.
func FileHash(src []byte) string {
	return hashString(sha256.Sum256(src))
}

// Checksum is FileHash of the migration's file, computed without reading
// it when a stat index knew it (see Index).
func (m *Migration) Checksum() string { return hashString(m.ContentHash()) }

func hashString(h [sha256.Size]byte) string {
	return "h1:" + base64.StdEncoding.EncodeToString(h[:])
}

// SumOf computes the sum of migrations found in dir. Files that yield several
// migrations (goose up and down) appear once.
func SumOf(dir string, ms []Migration) (*Sum, error) {
	s := &Sum{Entries: make([]SumEntry, 0, len(ms))}
	seen := make(map[string]bool, len(ms))
	for _, m := range ms {
		rel, err := SumPath(dir, m.Path)
		if err != nil {
			return nil, err
		}
		if seen[rel] {
			continue
		}
		seen[rel] = true
		s.Entries = append(s.Entries, SumEntry{Path: rel, Hash: FileHash(m.Src)})
	}
	s.ListHash = listHash(s.Entries)
	return s, nil
}

// SumPath returns the slash-separated path of a migration relative to the
// sum's directory.
func SumPath(dir, path string) (string, error) {
	rel, err := filepath.Rel(dir, path)
	if err != nil {
		abs, aerr := filepath.Abs(path)
		absDir, derr := filepath.Abs(dir)
		if aerr != nil || derr != nil {
			return "", fmt.Errorf("relate %s to %s: %w", path, dir, err)
		}
		if rel, err = filepath.Rel(absDir, abs); err != nil {
			return "", fmt.Errorf("relate %s to %s: %w", path, dir, err)
		}
	}
	return filepath.ToSlash(rel), nil
}

func listHash(entries []SumEntry) string {
	h := sha256.New()
	for _, e := range entries {
		h.Write([]byte(e.Path))
		h.Write([]byte(" "))
		h.Write([]byte(e.Hash))
		h.Write([]byte("\n"))
	}
	return "h1:" + base64.StdEncoding.EncodeToString(h.Sum(nil))
}

// Bytes renders the sum file.
func (s *Sum) Bytes() []byte {
	var b bytes.Buffer
	b.WriteString(s.ListHash)
	b.WriteByte('\n')
	for _, e := range s.Entries {
		b.WriteString(e.Path)
		b.WriteByte(' ')
		b.WriteString(e.Hash)
		b.WriteByte('\n')
	}
	return b.Bytes()
}

// WriteSum writes ddlgate.sum for the migrations of dir and returns it.
func WriteSum(dir string, ms []Migration) (*Sum, error) {
	s, err := SumOf(dir, ms)
	if err != nil {
		return nil, err
	}
	path := filepath.Join(dir, SumFileName)
	if err := os.WriteFile(path, s.Bytes(), 0o644); err != nil {
		return nil, fmt.Errorf("write %s: %w", path, err)
	}
	return s, nil
}

// ReadSum reads dir's ddlgate.sum; it returns nil and no error when the file
// does not exist.
func ReadSum(dir string) (*Sum, error) {
	path := filepath.Join(dir, SumFileName)
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	s, err := ParseSum(data)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	return s, nil
}

// ParseSum reads the content of a ddlgate.sum file.
func ParseSum(data []byte) (*Sum, error) {
	s := &Sum{}
	sc := bufio.NewScanner(bytes.NewReader(data))
	line := 0
	for sc.Scan() {
		line++
		text := strings.TrimRight(sc.Text(), "\r")
		if isConflictMarker(text) {
			return nil, fmt.Errorf("line %d: %w", line, ErrSumConflict)
		}
		if line == 1 {
			if !strings.HasPrefix(text, "h1:") || strings.ContainsRune(text, ' ') {
				return nil, fmt.Errorf("line 1: want the list hash \"h1:...\", got %q", text)
			}
			s.ListHash = text
			continue
		}
		if text == "" {
			continue
		}
		i := strings.LastIndexByte(text, ' ')
		if i <= 0 || !strings.HasPrefix(text[i+1:], "h1:") {
			return nil, fmt.Errorf("line %d: want \"<path> h1:<hash>\", got %q", line, text)
		}
		s.Entries = append(s.Entries, SumEntry{Path: text[:i], Hash: text[i+1:]})
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if line == 0 {
		return nil, errors.New("empty file")
	}
	return s, nil
}

func isConflictMarker(line string) bool {
	for _, p := range []string{"<<<<<<< ", ">>>>>>> ", "=======", "|||||||"} {
		if strings.HasPrefix(line, p) || line == strings.TrimSpace(p) {
			return true
		}
	}
	return false
}

// SumStatus is how one migration file compares with ddlgate.sum.
type SumStatus string

// Sum statuses.
const (
	SumOK             SumStatus = "ok"
	SumModified       SumStatus = "modified"         // on disk and in the sum, hash differs
	SumMissingFromSum SumStatus = "missing-from-sum" // on disk, not in the sum
	SumMissingOnDisk  SumStatus = "missing-on-disk"  // in the sum, not on disk
	SumReordered      SumStatus = "reordered"        // same hash, different position
)

// SumFileStatus is the verdict for one file.
type SumFileStatus struct {
	Path   string // relative to the sum's directory
	Status SumStatus
}

// SumReport compares the migrations on disk with a ddlgate.sum.
type SumReport struct {
	// Files lists disk files in version order, then files only in the sum.
	Files []SumFileStatus
	// ListMismatch is true when the recorded list hash does not match the
	// recorded entries (the file was edited by hand or badly merged) or the
	// list on disk differs from the recorded list.
	ListMismatch bool
}

// OK reports whether disk and sum agree completely.
func (r SumReport) OK() bool {
	if r.ListMismatch {
		return false
	}
	for _, f := range r.Files {
		if f.Status != SumOK {
			return false
		}
	}
	return true
}

// Status returns the status of the file at the sum-relative path.
func (r SumReport) Status(path string) (SumStatus, bool) {
	for _, f := range r.Files {
		if f.Path == path {
			return f.Status, true
		}
	}
	return "", false
}

// Verify compares the sum computed from disk with the recorded one.
func (s *Sum) Verify(disk *Sum) SumReport {
	recorded := make(map[string]int, len(s.Entries))
	for i, e := range s.Entries {
		recorded[e.Path] = i
	}
	onDisk := make(map[string]bool, len(disk.Entries))
	// Files present in both, in each order, to find moved ones.
	var commonDisk, commonSum []string
	for _, e := range disk.Entries {
		onDisk[e.Path] = true
		if _, ok := recorded[e.Path]; ok {
			commonDisk = append(commonDisk, e.Path)
		}
	}
	for _, e := range s.Entries {
		if onDisk[e.Path] {
			commonSum = append(commonSum, e.Path)
		}
	}
	moved := make(map[string]bool)
	for i := range commonDisk {
		if commonDisk[i] != commonSum[i] {
			moved[commonDisk[i]] = true
		}
	}

	r := SumReport{ListMismatch: s.ListHash != listHash(s.Entries) || s.ListHash != disk.ListHash}
	for _, e := range disk.Entries {
		st := SumOK
		if i, ok := recorded[e.Path]; !ok {
			st = SumMissingFromSum
		} else if s.Entries[i].Hash != e.Hash {
			st = SumModified
		} else if moved[e.Path] {
			st = SumReordered
		}
		r.Files = append(r.Files, SumFileStatus{Path: e.Path, Status: st})
	}
	for _, e := range s.Entries {
		if !onDisk[e.Path] {
			r.Files = append(r.Files, SumFileStatus{Path: e.Path, Status: SumMissingOnDisk})
		}
	}
	return r
}

// VerifySum reads dir's ddlgate.sum and compares it with the migrations on
// disk. It returns a nil report and no error when there is no sum file.
func VerifySum(dir string, ms []Migration) (*SumReport, error) {
	recorded, err := ReadSum(dir)
	if err != nil || recorded == nil {
		return nil, err
	}
	disk, err := SumOf(dir, ms)
	if err != nil {
		return nil, err
	}
	r := recorded.Verify(disk)
	return &r, nil
}

// Shown is how a path reads in messages and facts: relative to dir (the
// working directory when "") and slash-separated when p lies inside it, p
// itself otherwise.
func Shown(dir, p string) string {
	base := dir
	if base == "" {
		base = "."
	}
	if abs, err := filepath.Abs(base); err == nil {
		if rel, err := filepath.Rel(abs, p); err == nil && !strings.HasPrefix(rel, "..") {
			return filepath.ToSlash(rel)
		}
	}
	return p
}
