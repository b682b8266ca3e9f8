package migrations

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io/fs"
	"os"
	"slices"
	"strconv"
	"sync"
	"time"
	"unsafe"
)

// Index is a stat index of migration files, as git's index is of a work
// tree: for each file a discovery read, its size, modification and change
// times and inode, the SHA-256 of its bytes and the migrations built from
// them. A later discovery with the index builds a file whose stat still
// matches from its entry, without reading it: its migrations' Src is nil
// until Load reads it, and ContentHash comes from the entry. A warm lint
// run over the corpus spent a quarter of its time reading the files.
//
// What the index cannot see: a file rewritten with the same size,
// modification time, inode and change time. The change time cannot be set
// by a user, so that takes a write within the timestamps' granularity of
// the previous one. The "racy" case, as git calls it: a file written in the
// same tick as the index (or just before) could change again unseen, so an
// entry is trusted only when its modification time is older than the
// index's write time by racyWindow; younger ones are read and hashed again.
//
// Files whose two directions share the file (goose, dbmate) and files named
// one by one are always read: the facts of their down part and the format
// of a lone file come from their bytes.
type Index struct {
	mu sync.Mutex
	// written is when the index was written: the bytes loaded, or the
	// last Encode. Entries younger than it by racyWindow are not trusted,
	// nor those recorded since (a discovery after Save trusts them).
	written time.Time
	entries map[string]*indexEntry
	// used are the paths discoveries asked about since the index was
	// loaded; changed tells whether an entry differs from what was loaded,
	// so that Encode returns bytes only then.
	used    map[string]bool
	changed bool
}

// racyWindow is how much older than the index's write a file must be for
// its entry to be trusted: the coarsest timestamps of common file systems
// (FAT's 2 s) and the lag of the kernel's coarse clock behind time.Now.
const racyWindow = 2 * time.Second

// indexMagic starts an index file; another format, or a damaged file, is an
// empty index.
var indexMagic = []byte("ddlgate stat index 1\n")

// fileStat is what the index compares of a file.
type fileStat struct {
	size, mtime, ctime int64
	ino                uint64
}

// statOf returns what the index compares of a file, false where the
// system does not tell its change time and inode (see index_stat_*.go):
// there the index trusts nothing and every file is read.
func statOf(fi fs.FileInfo) (fileStat, bool) {
	ctime, ino, ok := changeTime(fi)
	return fileStat{size: fi.Size(), mtime: fi.ModTime().UnixNano(), ctime: ctime, ino: ino}, ok
}

// indexEntry is what the index knows of one file.
type indexEntry struct {
	stat fileStat
	sum  [sha256.Size]byte
	// hints are what detecting a directory's format reads of the file
	// (hintGoose...), valid when hinted.
	hints  uint8
	hinted bool
	// format and side are what the migrations were built under; a
	// discovery deciding otherwise builds them again.
	format string
	side   sideConfig
	ms     []Migration
	// loaded tells an entry read from the index file from one recorded
	// since.
	loaded bool
}

// Format-detection hints of a file.
const (
	hintGoose uint8 = 1 << iota
	hintDbmate
	hintBreakpoint
)

// LoadIndex reads an index from the bytes a previous Encode returned
// (nil when there is none). Missing, damaged or foreign bytes are an empty
// index: every file is read. One index may serve several discoveries (the
// migration sets of one command) before it is encoded.
func LoadIndex(b []byte) *Index {
	x := &Index{entries: map[string]*indexEntry{}, used: map[string]bool{}}
	if written, entries, err := decodeIndex(b); err == nil {
		x.written, x.entries = written, entries
	}
	return x
}

// known returns the entry of path when the file's stat matches it and the
// entry is old enough to trust, else nil.
func (x *Index) known(path string, st fileStat) *indexEntry {
	x.mu.Lock()
	defer x.mu.Unlock()
	x.used[path] = true
	if e := x.entries[path]; e != nil && e.stat == st && x.trusted(e) {
		return e
	}
	return nil
}

// trusted tells whether an entry was loaded and is older than the index's
// write by racyWindow.
func (x *Index) trusted(e *indexEntry) bool {
	return e.loaded && time.Unix(0, e.stat.mtime).Add(racyWindow).Before(x.written)
}

// keep records e as path's entry.
func (x *Index) keep(path string, e *indexEntry) {
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.entries[path] != e {
		x.changed = true
	}
	x.entries[path] = e
	x.used[path] = true
}

// Encode returns the index to store when discoveries changed it, else nil;
// from then on the index is the one encoded, as if loaded again. The caller
// stores it atomically (of two runs storing at once, the last one's index
// stays). Entries of files no discovery asked about are kept (another
// directory of the project, linted by another run), unless they were not
// trusted (written again with a later time, they would be trusted next
// time without their file being read again) or the index would exceed
// maxIndexEntries.
func (x *Index) Encode() []byte {
	if x == nil {
		return nil
	}
	x.mu.Lock()
	defer x.mu.Unlock()
	if !x.changed {
		return nil
	}
	all := make(map[string]*indexEntry, len(x.entries))
	for path, e := range x.entries {
		if x.used[path] || len(x.entries) <= maxIndexEntries && x.trusted(e) {
			all[path] = e
		}
	}
	now := time.Now()
	for _, e := range all {
		e.loaded = true
	}
	x.written, x.entries, x.used, x.changed = now, all, map[string]bool{}, false
	return encodeIndex(now, all)
}

// maxIndexEntries bounds an index: past it, only the files of the last
// discovery are kept.
const maxIndexEntries = 50_000

// source is where a migration's bytes come from when discovery did not
// read them, and their hash.
type source struct {
	path   string
	sum    [sha256.Size]byte
	unread bool
}

// ContentHash is the SHA-256 of the migration's file: from the stat index
// when discovery had one, else computed from Src.
func (m *Migration) ContentHash() [sha256.Size]byte {
	if m.source != nil {
		return m.source.sum
	}
	return sha256.Sum256(m.Src)
}

// Unread tells whether Src has not been read yet (see Load).
func (m *Migration) Unread() bool { return m.Src == nil && m.source != nil && m.source.unread }

// Load reads Src when discovery left it unread (see Index). The bytes must
// hash as the index said: a file that changed since discovery is an
// error, since what the run keyed would not be what it judged.
func (m *Migration) Load() error {
	if !m.Unread() {
		return nil
	}
	src, err := os.ReadFile(m.source.path)
	if err != nil {
		return fmt.Errorf("read migration %s: %w", m.Path, err)
	}
	if sha256.Sum256(src) != m.source.sum {
		return fmt.Errorf("read migration %s: it changed while ddlgate ran", m.Path)
	}
	if src == nil {
		src = []byte{}
	}
	m.Src = src
	return nil
}

// LoadAll loads the Src of every migration of ms (see Load).
func LoadAll(ms []Migration) error {
	for i := range ms {
		if err := ms[i].Load(); err != nil {
			return err
		}
	}
	return nil
}

// Header describes every field of m but its bytes, for keys. Written by
// hand (fmt's %+v took a warm corpus run 5 ms); TestHeaderHoldsEveryField
// fails when Migration gains a field this does not write.
func (m *Migration) Header() string {
	n := 32 + 8*len(m.Sections)
	strs := [...]string{m.Path, m.Format, m.Version, m.Name, m.Direction}
	for _, s := range strs {
		n += len(s) + 4
	}
	b := make([]byte, 0, n)
	for _, s := range strs {
		// Length-prefixed: a separator inside a field is no boundary.
		b = append(append(strconv.AppendInt(b, int64(len(s)), 10), ':'), s...)
	}
	for _, v := range [...]bool{m.Repeatable, m.NoTransaction, m.ForceTransaction, m.MixedAllowed, m.Sections != nil} {
		b = strconv.AppendBool(append(b, ' '), v)
	}
	for _, s := range m.Sections {
		b = strconv.AppendInt(append(b, ' '), int64(s.Start), 10)
		b = strconv.AppendInt(append(b, '-'), int64(s.End), 10)
	}
	return string(b)
}

// The index file: magic, the write time, the entries, then a CRC-32C of
// all before it. Numbers are varints; strings a length then bytes.
func encodeIndex(written time.Time, entries map[string]*indexEntry) []byte {
	out := append([]byte{}, indexMagic...)
	out = binary.AppendVarint(out, written.UnixNano())
	out = binary.AppendUvarint(out, uint64(len(entries)))
	str := func(s string) {
		out = binary.AppendUvarint(out, uint64(len(s)))
		out = append(out, s...)
	}
	flags := func(bs ...bool) {
		var v byte
		for i, b := range bs {
			if b {
				v |= 1 << i
			}
		}
		out = append(out, v)
	}
	for path, e := range entries {
		str(path)
		for _, n := range [...]int64{e.stat.size, e.stat.mtime, e.stat.ctime, int64(e.stat.ino)} {
			out = binary.AppendVarint(out, n)
		}
		out = append(out, e.sum[:]...)
		out = append(out, e.hints)
		flags(e.hinted, e.side.noTransaction, e.side.forceTransaction, e.side.mixedAllowed)
		str(e.format)
		out = binary.AppendUvarint(out, uint64(len(e.ms)))
		for _, m := range e.ms {
			// Path and Format are the entry's (see build).
			for _, s := range [...]string{m.Version, m.Name, m.Direction} {
				str(s)
			}
			flags(m.Repeatable, m.NoTransaction, m.ForceTransaction, m.MixedAllowed, m.Sections != nil)
			out = binary.AppendUvarint(out, uint64(len(m.Sections)))
			for _, s := range m.Sections {
				out = binary.AppendVarint(out, int64(s.Start))
				out = binary.AppendVarint(out, int64(s.End))
			}
		}
	}
	return binary.LittleEndian.AppendUint32(out, crc32.Checksum(out, castagnoli()))
}

// castagnoli is the CRC-32C table, which hash/crc32 makes once, on first
// use.
func castagnoli() *crc32.Table { return crc32.MakeTable(crc32.Castagnoli) }

var errBadIndex = errors.New("damaged stat index")

// indexReader reads an index file; the first error sticks.
type indexReader struct {
	b   []byte
	err error
}

func (r *indexReader) fail() { r.err, r.b = errBadIndex, nil }

func (r *indexReader) int() int64 {
	v, n := binary.Varint(r.b)
	if n <= 0 {
		r.fail()
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *indexReader) count() int {
	v, n := binary.Uvarint(r.b)
	if n <= 0 || v > uint64(len(r.b)) {
		r.fail()
		return 0
	}
	r.b = r.b[n:]
	return int(v)
}

func (r *indexReader) bytes(n int) []byte {
	if n > len(r.b) {
		r.fail()
		return nil
	}
	v := r.b[:n]
	r.b = r.b[n:]
	return v
}

// string returns a string of the index file's bytes, not a copy: the file
// is read once and kept whole while its entries are used.
func (r *indexReader) string() string {
	b := r.bytes(r.count())
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(&b[0], len(b))
}

func (r *indexReader) flags() [8]bool {
	var out [8]bool
	if b := r.bytes(1); b != nil {
		for i := range out {
			out[i] = b[0]&(1<<i) != 0
		}
	}
	return out
}

func decodeIndex(b []byte) (time.Time, map[string]*indexEntry, error) {
	body, ok := bytes.CutPrefix(b, indexMagic)
	if !ok || len(body) < 4 {
		return time.Time{}, nil, errBadIndex
	}
	body, sum := body[:len(body)-4], binary.LittleEndian.Uint32(body[len(body)-4:])
	if crc32.Checksum(b[:len(b)-4], castagnoli()) != sum {
		return time.Time{}, nil, errBadIndex
	}
	r := &indexReader{b: body}
	written := time.Unix(0, r.int())
	n := r.count()
	entries := make(map[string]*indexEntry, n)
	for range n {
		path := r.string()
		e := &indexEntry{loaded: true}
		e.stat = fileStat{size: r.int(), mtime: r.int(), ctime: r.int(), ino: uint64(r.int())}
		copy(e.sum[:], r.bytes(sha256.Size))
		if h := r.bytes(1); h != nil {
			e.hints = h[0]
		}
		f := r.flags()
		e.hinted, e.side = f[0], sideConfig{noTransaction: f[1], forceTransaction: f[2], mixedAllowed: f[3]}
		e.format = r.string()
		e.ms = make([]Migration, r.count())
		for i := range e.ms {
			m := &e.ms[i]
			m.Path, m.Format = path, e.format
			m.Version, m.Name, m.Direction = r.string(), r.string(), r.string()
			f := r.flags()
			m.Repeatable, m.NoTransaction, m.ForceTransaction, m.MixedAllowed = f[0], f[1], f[2], f[3]
			if k := r.count(); f[4] {
				m.Sections = make([]Section, k)
				for j := range m.Sections {
					m.Sections[j] = Section{Start: int(r.int()), End: int(r.int())}
				}
			}
		}
		if r.err != nil {
			return time.Time{}, nil, r.err
		}
		entries[path] = e
	}
	if r.err != nil || len(r.b) != 0 {
		return time.Time{}, nil, errBadIndex
	}
	return written, entries, nil
}

// indexedFile is a migration file as a discovery sees it: read (src), or,
// with an index, known unchanged from its entry and not read.
type indexedFile struct {
	path  string
	src   []byte
	stat  fileStat
	entry *indexEntry
	// hints, when hinted, are what hints found: recorded in the file's
	// new entry. Only a directory whose format its content decides needs
	// them.
	hints  uint8
	hinted bool
	// unindexed is a file the index cannot describe (see statOf).
	unindexed bool
}

// open reads the file at path or, with an index that knows it unchanged,
// only stats it. An optional file that does not exist is nil, nil.
func (d *discoverer) open(path string, optional bool) (*indexedFile, error) {
	x := d.opts.Index
	if x == nil {
		src, err := readOptional(path)
		if err == nil && src == nil && !optional {
			err = fmt.Errorf("read migration %s: %w", path, fs.ErrNotExist)
		}
		if err != nil || src == nil {
			return nil, err
		}
		return &indexedFile{path: path, src: src}, nil
	}
	fi, err := os.Stat(path)
	if optional && errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read migration %s: %w", path, err)
	}
	st, ok := statOf(fi)
	f := &indexedFile{path: path, stat: st, unindexed: !ok}
	if ok {
		f.entry = x.known(path, f.stat)
	}
	// Not indexed, or not known unchanged: read as without an index.
	if f.entry == nil {
		if _, err := f.content(); err != nil {
			return nil, err
		}
	}
	return f, nil
}

// content returns the file's bytes, read now when the index knew it.
func (f *indexedFile) content() ([]byte, error) {
	if f.src == nil {
		src, err := os.ReadFile(f.path)
		if err != nil {
			return nil, fmt.Errorf("read migration %s: %w", f.path, err)
		}
		if src == nil {
			src = []byte{}
		}
		f.src, f.entry = src, nil
	}
	return f.src, nil
}

// detect returns what detecting its directory's format reads of the file.
func (f *indexedFile) detect() (uint8, error) {
	if f.entry != nil && f.entry.hinted {
		return f.entry.hints, nil
	}
	if !f.hinted {
		src, err := f.content()
		if err != nil {
			return 0, err
		}
		f.hints, f.hinted = contentHints(src), true
	}
	return f.hints, nil
}

func contentHints(src []byte) uint8 {
	var h uint8
	if hasGooseUp(src) {
		h |= hintGoose
	}
	if hasDbmateUp(src) {
		h |= hintDbmate
	}
	if containsBreakpoint(src) {
		h |= hintBreakpoint
	}
	return h
}

// build returns the migrations of f under format and side: from its index
// entry when the file is unchanged and was built the same way, their Src
// left for Load, else built from its bytes and recorded in the index.
func (d *discoverer) build(f *indexedFile, format string, side sideConfig) ([]Migration, error) {
	x := d.opts.Index
	if x == nil || f.unindexed {
		return build(f.path, f.src, format, d.opts.IncludeDown, side), nil
	}
	// Goose and dbmate keep both directions in the file, and the facts of
	// its down part are read from its bytes: such a file is read, but not
	// hashed again, when the index knows it.
	twoWay := format == FormatGoose || format == FormatDbmate
	e := f.entry
	if e != nil && (e.format != format || e.side != side) {
		e = nil
	}
	if e != nil && !twoWay {
		x.keep(f.path, e)
		ms := slices.Clone(e.ms)
		s := &source{path: f.path, sum: e.sum, unread: true}
		for i := range ms {
			ms[i].source = s
		}
		return ms, nil
	}
	src, err := f.content()
	if err != nil {
		return nil, err
	}
	ms := build(f.path, src, format, d.opts.IncludeDown, side)
	if e != nil {
		x.keep(f.path, e)
		s := &source{path: f.path, sum: e.sum}
		for i := range ms {
			ms[i].source = s
		}
		return ms, nil
	}
	e = &indexEntry{stat: f.stat, sum: sha256.Sum256(src), hints: f.hints, hinted: f.hinted,
		format: format, side: side, ms: slices.Clone(ms)}
	s := &source{path: f.path, sum: e.sum}
	for i := range ms {
		e.ms[i].Src = nil
		ms[i].source = s
	}
	x.keep(f.path, e)
	return ms, nil
}
