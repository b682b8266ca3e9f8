// Package cache is ddlgate's content-addressed store of results: an entry
// is a blob of bytes under a key that hashes everything the blob was
// computed from, so an entry is never stale, only unused. Writes are atomic
// (a temporary file renamed into place), so concurrent runs sharing a
// directory see an entry whole or not at all; the store is bounded in size
// by evicting the entries least recently used. A damaged, truncated or
// foreign entry reads as a miss, never as an error: the caller computes the
// result again.
package cache

import (
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"hash/crc32"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// DefaultMaxBytes bounds the store when the caller sets no bound: the
// results of a few thousand migrations take a few megabytes, so this keeps
// many projects' and versions' worth while staying small on a laptop or in
// a CI cache.
const DefaultMaxBytes = 256 << 20

// DirName is the directory of ddlgate's cache under the user's cache
// directory.
const DirName = "ddlgate"

// layout names the subdirectory entries live in: an older ddlgate's
// entries, in another layout, are left alone and age out.
const layout = "v1"

// magic starts every entry: an entry of another format is a miss.
var magic = []byte("ddlgate cache entry 1\n")

// crcTable is the CRC-32C table entries are checked with: hardware
// accelerated, so checking a megabyte costs microseconds. hash/crc32 makes
// it once, on first use: start-up does not pay for it.
func crcTable() *crc32.Table { return crc32.MakeTable(crc32.Castagnoli) }

// Store is a cache directory. The zero value is not usable; Open makes one.
// A Store is safe for concurrent use, also by several processes.
type Store struct {
	dir      string
	maxBytes int64
	// scanEvery is how long after a scan for eviction the next write skips
	// it: a store of many small entries (one-file runs) costs a directory
	// walk to measure, which writes should not all pay.
	scanEvery time.Duration
}

// defaultScanEvery is how often writes measure the store for eviction; it
// may exceed its bound by what is written in that time.
const defaultScanEvery = 5 * time.Minute

// scanMarker is the file whose time records the last scan for eviction.
const scanMarker = ".scanned"

// DefaultDir is ddlgate's cache directory for an environment read by
// getenv: $XDG_CACHE_HOME/ddlgate, else $HOME/.cache/ddlgate; "" when
// neither variable is set (the caller then runs uncached).
func DefaultDir(getenv func(string) string) string {
	if d := getenv("XDG_CACHE_HOME"); d != "" && filepath.IsAbs(d) {
		return filepath.Join(d, DirName)
	}
	if h := getenv("HOME"); h != "" {
		return filepath.Join(h, ".cache", DirName)
	}
	return ""
}

// Open returns the store in dir, bounded to maxBytes (0 is
// DefaultMaxBytes). Nothing is created until an entry is written.
func Open(dir string, maxBytes int64) *Store {
	if maxBytes <= 0 {
		maxBytes = DefaultMaxBytes
	}
	return &Store{dir: dir, maxBytes: maxBytes, scanEvery: defaultScanEvery}
}

// Dir is the store's directory.
func (s *Store) Dir() string { return s.dir }

// WriteFile stores data as a file of the caller's own named name (the stat
// index of migration files), beside the entries and written as atomically:
// Clean removes it, and eviction may, as an entry unused longest. It has
// no header: the caller's format checks itself.
func (s *Store) WriteFile(name string, data []byte) error {
	if err := writeAtomic(s.filePath(name), data); err != nil {
		return fmt.Errorf("write cache file %s: %w", name, err)
	}
	return nil
}

// ReadFile reads a file WriteFile stored; nil when there is none.
func (s *Store) ReadFile(name string) []byte {
	b, _ := os.ReadFile(s.filePath(name))
	return b
}

func (s *Store) filePath(name string) string { return filepath.Join(s.dir, layout, "files", name) }

// path is where the entry of key lives: fanned out by its first two
// characters, so no directory holds too many files.
func (s *Store) path(key string) (string, error) {
	if len(key) < 8 || strings.ContainsAny(key, `/\.`) {
		return "", fmt.Errorf("cache key %q: not a hash", key)
	}
	return filepath.Join(s.dir, layout, key[:2], key), nil
}

// Get returns the entry of key, or false when there is none or it cannot
// be trusted (damaged, truncated, of another format or key). A hit marks
// the entry used, so that eviction takes the entries unused longest.
func (s *Store) Get(key string) ([]byte, bool) {
	p, err := s.path(key)
	if err != nil {
		return nil, false
	}
	b, err := os.ReadFile(p)
	if err != nil {
		return nil, false
	}
	payload, ok := decode(key, b)
	if !ok {
		return nil, false
	}
	// Best effort: a read-only cache still serves its entries.
	now := time.Now()
	_ = os.Chtimes(p, now, now)
	return payload, true
}

// Has tells whether an entry of key exists, without reading or checking
// it: for probing many keys for the one to read.
func (s *Store) Has(key string) bool {
	p, err := s.path(key)
	if err != nil {
		return false
	}
	_, err = os.Stat(p)
	return err == nil
}

// Put stores payload under key, atomically: a concurrent reader sees the
// old entry, the new one or none, never part of one. Then, when the store
// exceeds its bound, the entries unused longest are evicted.
func (s *Store) Put(key string, payload []byte) error {
	p, err := s.path(key)
	if err != nil {
		return err
	}
	if err := writeAtomic(p, encode(key, payload)); err != nil {
		return fmt.Errorf("write cache entry: %w", err)
	}
	return s.evict()
}

// writeAtomic writes data to path through a temporary file renamed into
// place: a concurrent reader sees the old file, the new one or none, never
// part of one.
func writeAtomic(path string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".tmp-*")
	if err != nil {
		return err
	}
	_, err = tmp.Write(data)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		os.Remove(tmp.Name())
	}
	return err
}

// header is magic, then the key, the payload's length and its CRC-32C.
func encode(key string, payload []byte) []byte {
	out := make([]byte, 0, len(magic)+1+len(key)+12+len(payload))
	out = append(out, magic...)
	out = append(out, byte(len(key)))
	out = append(out, key...)
	out = binary.LittleEndian.AppendUint64(out, uint64(len(payload)))
	out = binary.LittleEndian.AppendUint32(out, crc32.Checksum(payload, crcTable()))
	return append(out, payload...)
}

func decode(key string, b []byte) ([]byte, bool) {
	rest, ok := bytes.CutPrefix(b, magic)
	if !ok || len(rest) < 1+len(key)+12 || int(rest[0]) != len(key) || string(rest[1:1+len(key)]) != key {
		return nil, false
	}
	rest = rest[1+len(key):]
	n, sum := binary.LittleEndian.Uint64(rest), binary.LittleEndian.Uint32(rest[8:])
	payload := rest[12:]
	if uint64(len(payload)) != n || crc32.Checksum(payload, crcTable()) != sum {
		return nil, false
	}
	return payload, true
}

// staleTemp is how old a temporary file must be for eviction to remove
// it: one that young may belong to a write under way.
const staleTemp = time.Hour

// evict removes the entries unused longest until the store holds at most
// three quarters of its bound, so that it is not trimmed on every write;
// it measures the store at most once per scanEvery.
func (s *Store) evict() error {
	marker := filepath.Join(s.dir, layout, scanMarker)
	if fi, err := os.Stat(marker); err == nil && time.Since(fi.ModTime()) < s.scanEvery {
		return nil
	}
	if err := os.WriteFile(marker, nil, 0o644); err != nil {
		return fmt.Errorf("evict cache entries: %w", err)
	}
	type entry struct {
		path string
		size int64
		used time.Time
	}
	var entries []entry
	var total int64
	err := s.walk(func(p string, info fs.FileInfo) {
		switch {
		case info.Name() == scanMarker:
		case strings.HasPrefix(info.Name(), ".tmp-"):
			if time.Since(info.ModTime()) > staleTemp {
				os.Remove(p)
			}
		default:
			entries = append(entries, entry{p, info.Size(), info.ModTime()})
			total += info.Size()
		}
	})
	if err != nil {
		return fmt.Errorf("evict cache entries: %w", err)
	}
	if total <= s.maxBytes {
		return nil
	}
	slices.SortFunc(entries, func(a, b entry) int { return a.used.Compare(b.used) })
	for _, e := range entries {
		if total <= s.maxBytes/4*3 {
			break
		}
		if err := os.Remove(e.path); err == nil || errors.Is(err, fs.ErrNotExist) {
			total -= e.size
		}
	}
	return nil
}

// Clean removes every entry of the store, and the directory itself when
// nothing else is left in it.
func (s *Store) Clean() error {
	if err := os.RemoveAll(filepath.Join(s.dir, layout)); err != nil {
		return fmt.Errorf("clean cache %s: %w", s.dir, err)
	}
	// Only an empty directory goes: --cache-dir may name one the user
	// keeps other things in.
	_ = os.Remove(s.dir)
	return nil
}

// Size returns the number of entries and their bytes.
func (s *Store) Size() (entries int, size int64, err error) {
	err = s.walk(func(_ string, info fs.FileInfo) {
		if !strings.HasPrefix(info.Name(), ".") {
			entries++
			size += info.Size()
		}
	})
	if err != nil {
		return 0, 0, fmt.Errorf("read cache %s: %w", s.dir, err)
	}
	return entries, size, nil
}

// walk calls fn with the path and information of each file of the store
// (entries, files, the scan marker, temporary files). A file or directory
// removed meanwhile, by a concurrent eviction, is skipped; so is a store
// not created yet.
func (s *Store) walk(fn func(path string, info fs.FileInfo)) error {
	return filepath.WalkDir(filepath.Join(s.dir, layout), func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil
			}
			return err
		}
		if d.IsDir() {
			return nil
		}
		if info, err := d.Info(); err == nil {
			fn(p, info)
		}
		return nil
	})
}

// Key hashes parts into a key: each part is length-prefixed, so that
// ("ab", "c") and ("a", "bc") differ.
func Key(parts ...[]byte) string {
	h := NewHash()
	for _, p := range parts {
		h.Add(p)
	}
	return h.Sum()
}

// keyBytes is the length of a key's hash in bytes.
const keyBytes = 32

func hexKey(sum []byte) string { return hex.EncodeToString(sum[:keyBytes]) }
