package cache

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"
)

func key(s string) string { return Key([]byte(s)) }

func TestPutGet(t *testing.T) {
	s := Open(t.TempDir(), 0)
	if _, ok := s.Get(key("a")); ok {
		t.Fatal("hit in an empty store")
	}
	if s.Has(key("a")) {
		t.Fatal("Has in an empty store")
	}
	if err := s.Put(key("a"), []byte("results of a")); err != nil {
		t.Fatal(err)
	}
	got, ok := s.Get(key("a"))
	if !ok || string(got) != "results of a" {
		t.Fatalf("Get = %q, %v", got, ok)
	}
	if !s.Has(key("a")) || s.Has(key("b")) {
		t.Fatal("Has does not tell the stored key from another")
	}
	if err := s.Put(key("a"), []byte("again")); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Get(key("a")); string(got) != "again" {
		t.Fatalf("after a second Put, Get = %q", got)
	}
}

func TestKeyIsUnambiguous(t *testing.T) {
	if Key([]byte("ab"), []byte("c")) == Key([]byte("a"), []byte("bc")) {
		t.Fatal("parts are not delimited")
	}
	if NewHash().AddString("x").Sum() != Key([]byte("x")) {
		t.Fatal("AddString and Add differ")
	}
	if _, err := Open(t.TempDir(), 0).path("../../etc"); err == nil {
		t.Fatal("a key that is a path is accepted")
	}
}

// TestDamagedEntriesAreMisses: whatever happened to an entry's file, a
// read is a hit with the bytes written or a miss.
func TestDamagedEntriesAreMisses(t *testing.T) {
	payload := bytes.Repeat([]byte("finding "), 1000)
	damages := map[string]func(b []byte) []byte{
		"truncated":    func(b []byte) []byte { return b[:len(b)-10] },
		"header only":  func(b []byte) []byte { return b[:len(magic)+5] },
		"empty":        func([]byte) []byte { return nil },
		"flipped byte": func(b []byte) []byte { b[len(b)-100] ^= 1; return b },
		"appended":     func(b []byte) []byte { return append(b, "more"...) },
		"foreign magic": func(b []byte) []byte {
			return append([]byte("ddlgate cache entry 0\n"), b[len(magic):]...)
		},
		"another key's entry": func([]byte) []byte { return encode(key("other"), payload) },
	}
	for name, damage := range damages {
		t.Run(name, func(t *testing.T) {
			s := Open(t.TempDir(), 0)
			k := key("a")
			if err := s.Put(k, payload); err != nil {
				t.Fatal(err)
			}
			p, _ := s.path(k)
			b, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, damage(b), 0o644); err != nil {
				t.Fatal(err)
			}
			if got, ok := s.Get(k); ok {
				t.Fatalf("damaged entry read as a hit (%d bytes)", len(got))
			}
		})
	}
}

// TestEvictsLeastRecentlyUsed: past its bound the store drops the entries
// used longest ago, down to three quarters of the bound, and keeps the
// others.
func TestEvictsLeastRecentlyUsed(t *testing.T) {
	entry := bytes.Repeat([]byte("x"), 1000)
	size := int64(len(encode(key("0"), entry)))
	s := Open(t.TempDir(), 10*size)
	s.scanEvery = 0
	old := time.Now().Add(-time.Hour)
	for i := range 10 {
		k := key(fmt.Sprint(i))
		if err := s.Put(k, entry); err != nil {
			t.Fatal(err)
		}
		p, _ := s.path(k)
		at := old.Add(time.Duration(i) * time.Minute)
		if err := os.Chtimes(p, at, at); err != nil {
			t.Fatal(err)
		}
	}
	// Reading entry 0 makes it the most recently used.
	if _, ok := s.Get(key("0")); !ok {
		t.Fatal("entry 0 missing before the bound is reached")
	}
	if err := s.Put(key("new"), entry); err != nil {
		t.Fatal(err)
	}
	n, total, err := s.Size()
	if err != nil {
		t.Fatal(err)
	}
	if total > 10*size/4*3 {
		t.Errorf("store holds %d bytes in %d entries, want at most %d", total, n, 10*size/4*3)
	}
	for _, k := range []string{"0", "new", "9"} {
		if !s.Has(key(k)) {
			t.Errorf("entry %s, among the most recently used, was evicted", k)
		}
	}
	for _, k := range []string{"1", "2", "3"} {
		if s.Has(key(k)) {
			t.Errorf("entry %s, among the least recently used, was kept", k)
		}
	}
}

// TestEvictionScansSeldom: a write right after a scan does not measure
// the store again; once the interval has passed, one does.
func TestEvictionScansSeldom(t *testing.T) {
	entry := bytes.Repeat([]byte("x"), 1000)
	size := int64(len(encode(key("0"), entry)))
	s := Open(t.TempDir(), 4*size)
	for i := range 8 {
		if err := s.Put(key(fmt.Sprint(i)), entry); err != nil {
			t.Fatal(err)
		}
	}
	if n, _, _ := s.Size(); n != 8 {
		t.Fatalf("%d entries: the store was measured on every write", n)
	}
	s.scanEvery = 0
	if err := s.Put(key("last"), entry); err != nil {
		t.Fatal(err)
	}
	if _, total, _ := s.Size(); total > 4*size {
		t.Fatalf("the store holds %d bytes past its bound of %d once the interval passed", total, 4*size)
	}
}

// TestConcurrentWritersAndReaders share one directory: every read is a
// miss or a whole entry, never part of one. Run with -race.
func TestConcurrentWritersAndReaders(t *testing.T) {
	dir := t.TempDir()
	payload := func(i int) []byte { return bytes.Repeat([]byte{byte('a' + i%26)}, 50_000+i) }
	var wg sync.WaitGroup
	for w := range 8 {
		wg.Go(func() {
			// Each writer its own Store, as separate processes would.
			s := Open(dir, 1<<20)
			for i := range 30 {
				k := key(fmt.Sprint(i % 5))
				if w%2 == 0 {
					if err := s.Put(k, payload(i%5)); err != nil {
						t.Error(err)
						return
					}
					continue
				}
				if got, ok := s.Get(k); ok && !bytes.Equal(got, payload(i%5)) {
					t.Errorf("read %d bytes of key %d that are not the entry written", len(got), i%5)
					return
				}
			}
		})
	}
	wg.Wait()
	entries, err := filepath.Glob(filepath.Join(dir, layout, "*", ".tmp-*"))
	if err != nil || len(entries) > 0 {
		t.Errorf("temporary files left: %v %v", entries, err)
	}
}

// TestUnwritableDirectory: a store that cannot be written is an error of
// Put (the caller then runs uncached), and reads are misses.
func TestUnwritableDirectory(t *testing.T) {
	file := filepath.Join(t.TempDir(), "a-file")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	s := Open(filepath.Join(file, "cache"), 0)
	if err := s.Put(key("a"), []byte("x")); err == nil {
		t.Fatal("Put under a file succeeded")
	}
	if _, ok := s.Get(key("a")); ok {
		t.Fatal("hit in an unwritable store")
	}
}

func TestClean(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "ddlgate")
	s := Open(dir, 0)
	for i := range 3 {
		if err := s.Put(key(fmt.Sprint(i)), []byte("x")); err != nil {
			t.Fatal(err)
		}
	}
	if n, _, _ := s.Size(); n != 3 {
		t.Fatalf("%d entries, want 3", n)
	}
	if err := s.Clean(); err != nil {
		t.Fatal(err)
	}
	if n, _, err := s.Size(); n != 0 || err != nil {
		t.Fatalf("after Clean: %d entries, %v", n, err)
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Errorf("the emptied cache directory is left: %v", err)
	}
}

func TestDefaultDir(t *testing.T) {
	tests := []struct {
		env  map[string]string
		want string
	}{
		{map[string]string{"XDG_CACHE_HOME": "/xdg", "HOME": "/home/u"}, "/xdg/ddlgate"},
		{map[string]string{"XDG_CACHE_HOME": "relative", "HOME": "/home/u"}, "/home/u/.cache/ddlgate"},
		{map[string]string{"HOME": "/home/u"}, "/home/u/.cache/ddlgate"},
		{nil, ""},
	}
	for _, tt := range tests {
		if got := DefaultDir(func(k string) string { return tt.env[k] }); got != filepath.FromSlash(tt.want) {
			t.Errorf("DefaultDir(%v) = %q, want %q", tt.env, got, tt.want)
		}
	}
}
