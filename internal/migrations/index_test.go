package migrations

import (
	"crypto/sha256"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"testing"
	"time"
)

// indexed is a migrations directory with a stat index beside it.
type indexed struct {
	t     *testing.T
	dir   string
	index string
}

func newIndexed(t *testing.T, files map[string]string) *indexed {
	t.Helper()
	x := &indexed{t: t, dir: t.TempDir(), index: filepath.Join(t.TempDir(), "index")}
	for name, content := range files {
		x.write(name, content, time.Hour)
	}
	return x
}

// write writes a file last modified age ago: older than the racy window,
// unless age is 0.
func (x *indexed) write(name, content string, age time.Duration) {
	x.t.Helper()
	p := filepath.Join(x.dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		x.t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		x.t.Fatal(err)
	}
	if age > 0 {
		x.setMtime(name, time.Now().Add(-age))
	}
}

func (x *indexed) setMtime(name string, at time.Time) {
	x.t.Helper()
	if err := os.Chtimes(filepath.Join(x.dir, name), at, at); err != nil {
		x.t.Fatal(err)
	}
}

func (x *indexed) mtime(name string) time.Time {
	x.t.Helper()
	fi, err := os.Stat(filepath.Join(x.dir, name))
	if err != nil {
		x.t.Fatal(err)
	}
	return fi.ModTime()
}

// open loads the index from its file, as the lint run loads it from the
// cache.
func (x *indexed) open() *Index {
	b, _ := os.ReadFile(x.index)
	return LoadIndex(b)
}

// discover discovers the directory with the index loaded from its file,
// saves the index, and returns the migrations and which were left unread.
func (x *indexed) discover() ([]Migration, map[string]bool) {
	x.t.Helper()
	idx := x.open()
	ms, err := Discover([]string{x.dir}, Options{Index: idx})
	if err != nil {
		x.t.Fatal(err)
	}
	if b := idx.Encode(); b != nil {
		if err := os.WriteFile(x.index, b, 0o644); err != nil {
			x.t.Fatal(err)
		}
	}
	unread := map[string]bool{}
	for i := range ms {
		if ms[i].Unread() {
			rel, err := filepath.Rel(x.dir, ms[i].Path)
			if err != nil {
				x.t.Fatal(err)
			}
			unread[filepath.ToSlash(rel)] = true
		}
	}
	return ms, unread
}

// sameAsWithout checks that ms, once loaded, are what a discovery without
// an index finds, hash included.
func (x *indexed) sameAsWithout(ms []Migration) {
	x.t.Helper()
	want, err := Discover([]string{x.dir}, Options{})
	if err != nil {
		x.t.Fatal(err)
	}
	if err := LoadAll(ms); err != nil {
		x.t.Fatal(err)
	}
	if len(ms) != len(want) {
		x.t.Fatalf("%d migrations with the index, %d without", len(ms), len(want))
	}
	for i := range want {
		if ms[i].Header() != want[i].Header() || string(ms[i].Src) != string(want[i].Src) ||
			ms[i].ContentHash() != sha256.Sum256(want[i].Src) || ms[i].Checksum() != FileHash(want[i].Src) {
			x.t.Fatalf("migration %d differs with the index:\n got %s %q\nwant %s %q", i, ms[i].Header(), ms[i].Src, want[i].Header(), want[i].Src)
		}
	}
}

const (
	usersSQL  = "CREATE TABLE users (id bigint PRIMARY KEY);\n"
	ordersSQL = "CREATE TABLE orders (id bigint PRIMARY KEY);\n"
)

// TestIndexServesUnchangedFiles: a second discovery reads none of the files
// the index knows unchanged, and finds the same migrations.
func TestIndexServesUnchangedFiles(t *testing.T) {
	for name, files := range map[string]map[string]string{
		"plain": {"0001_users.sql": usersSQL, "0002_orders.sql": ordersSQL},
		"prisma": {"20240101000000_users/migration.sql": usersSQL, "20240102000000_orders/migration.sql": ordersSQL,
			"migration_lock.toml": "provider = \"postgresql\"\n"},
		"drizzle": {"0000_users.sql": usersSQL + "--> statement-breakpoint\n" + ordersSQL, "0001_more.sql": "SELECT 1;\n"},
	} {
		t.Run(name, func(t *testing.T) {
			x := newIndexed(t, files)
			first, unread := x.discover()
			if len(unread) != 0 {
				t.Fatalf("a discovery without an index left %v unread", unread)
			}
			x.sameAsWithout(first)
			ms, unread := x.discover()
			if len(unread) != len(ms) || len(ms) == 0 {
				t.Fatalf("the index served %d of %d migrations", len(unread), len(ms))
			}
			x.sameAsWithout(ms)
		})
	}
}

// TestIndexReadsChangedFiles: a touched file is read again (and hashes
// the same), one whose bytes change is read again even when its size and
// modification time are kept, a removed or renamed file is handled.
func TestIndexReadsChangedFiles(t *testing.T) {
	x := newIndexed(t, map[string]string{"0001_users.sql": usersSQL, "0002_orders.sql": ordersSQL, "0003_x.sql": "SELECT 1;\n"})
	before, _ := x.discover()
	x.sameAsWithout(before)

	x.setMtime("0001_users.sql", time.Now().Add(-30*time.Minute))
	old := x.mtime("0002_orders.sql")
	x.write("0002_orders.sql", "CREATE TABLE ORDERS (id bigint PRIMARY KEY);\n", 0) // same size
	x.setMtime("0002_orders.sql", old)
	if err := os.Rename(filepath.Join(x.dir, "0003_x.sql"), filepath.Join(x.dir, "0004_x.sql")); err != nil {
		t.Fatal(err)
	}
	ms, unread := x.discover()
	if unread["0001_users.sql"] || unread["0002_orders.sql"] || unread["0004_x.sql"] {
		t.Fatalf("a changed file was served from the index: %v", unread)
	}
	x.sameAsWithout(ms)
	if ms[0].ContentHash() != before[0].ContentHash() {
		t.Fatal("touching a file changed its hash")
	}
	if ms[1].ContentHash() == before[1].ContentHash() {
		t.Fatal("a file rewritten with the same size and time kept its hash")
	}
	if err := os.Remove(filepath.Join(x.dir, "0004_x.sql")); err != nil {
		t.Fatal(err)
	}
	ms, unread = x.discover()
	if len(ms) != 2 || !unread["0001_users.sql"] || !unread["0002_orders.sql"] {
		t.Fatalf("after removing a file: %d migrations, unread %v", len(ms), unread)
	}
	x.sameAsWithout(ms)
}

// TestIndexDoesNotTrustRacyEntries: a file modified within the racy window
// of the index's write is read again, even with its stat unchanged, until
// an index written later says it is old enough.
func TestIndexDoesNotTrustRacyEntries(t *testing.T) {
	x := newIndexed(t, map[string]string{"0001_users.sql": usersSQL})
	x.write("0002_orders.sql", ordersSQL, 0) // just now
	x.discover()
	ms, unread := x.discover()
	if unread["0002_orders.sql"] || !unread["0001_users.sql"] {
		t.Fatalf("unread %v: want only the old file", unread)
	}
	x.sameAsWithout(ms)
	// The same check on an entry: trusted once the index was written
	// racyWindow after the file.
	idx := x.open()
	st := idx.entries[filepath.Join(x.dir, "0002_orders.sql")].stat
	if idx.known(filepath.Join(x.dir, "0002_orders.sql"), st) != nil {
		t.Fatal("an entry as young as its index was trusted")
	}
	idx.written = time.Unix(0, st.mtime).Add(racyWindow + time.Millisecond)
	if idx.known(filepath.Join(x.dir, "0002_orders.sql"), st) == nil {
		t.Fatal("an entry older than its index by the racy window was not trusted")
	}
}

// TestIndexTwoDirectionFilesAreRead: goose keeps both directions in the
// file, and the facts of the down part are read from its bytes.
func TestIndexTwoDirectionFilesAreRead(t *testing.T) {
	x := newIndexed(t, map[string]string{"0001_users.sql": "-- +goose Up\n" + usersSQL + "-- +goose Down\nDROP TABLE users;\n"})
	x.discover()
	ms, unread := x.discover()
	if len(unread) != 0 || ms[0].Format != FormatGoose {
		t.Fatalf("a goose file was left unread (%v, format %s)", unread, ms[0].Format)
	}
	x.sameAsWithout(ms)
}

// TestIndexDamagedIsEmpty: a damaged, truncated or foreign index is an
// empty one: every file is read.
func TestIndexDamagedIsEmpty(t *testing.T) {
	x := newIndexed(t, map[string]string{"0001_users.sql": usersSQL, "0002_orders.sql": ordersSQL})
	x.discover()
	good, err := os.ReadFile(x.index)
	if err != nil {
		t.Fatal(err)
	}
	flipped := slices.Clone(good)
	flipped[len(flipped)/2] ^= 0xff
	for name, b := range map[string][]byte{"garbage": []byte("not an index"), "truncated": good[:len(good)-7], "flipped": flipped} {
		if err := os.WriteFile(x.index, b, 0o644); err != nil {
			t.Fatal(err)
		}
		ms, unread := x.discover()
		if len(unread) != 0 {
			t.Fatalf("%s index: %v served", name, unread)
		}
		x.sameAsWithout(ms)
	}
	for n := range len(good) {
		if _, _, err := decodeIndex(good[:n]); err == nil {
			t.Fatalf("an index cut at %d of %d bytes decoded", n, len(good))
		}
	}
}

// TestLoadDetectsAChangeDuringTheRun: bytes that no longer hash as the
// index said are an error, not a result keyed by other bytes.
func TestLoadDetectsAChangeDuringTheRun(t *testing.T) {
	x := newIndexed(t, map[string]string{"0001_users.sql": usersSQL})
	x.discover()
	ms, _ := x.discover()
	x.write("0001_users.sql", ordersSQL, 0)
	if err := ms[0].Load(); err == nil {
		t.Fatal("a file changed after discovery loaded")
	}
}

// TestHeaderHoldsEveryField: changing any field of a migration but its
// bytes changes its header, so that a cache key holds a field added to
// Migration.
func TestHeaderHoldsEveryField(t *testing.T) {
	base := Migration{Path: "a.sql", Sections: []Section{{0, 1}}}
	v := reflect.ValueOf(&base).Elem()
	for i := range v.NumField() {
		name := v.Type().Field(i).Name
		if name == "Src" || name == "source" {
			continue
		}
		changed := base
		f := reflect.ValueOf(&changed).Elem().Field(i)
		switch f.Kind() {
		case reflect.String:
			f.SetString(f.String() + "x")
		case reflect.Bool:
			f.SetBool(!f.Bool())
		case reflect.Slice:
			changed.Sections = []Section{{0, 2}}
		default:
			t.Fatalf("field %s of kind %s: teach this test (and Header) about it", name, f.Kind())
		}
		if changed.Header() == base.Header() {
			t.Errorf("changing %s does not change the header %s", name, base.Header())
		}
	}
	// A separator inside a field is not a field boundary.
	if (&Migration{Path: "a", Format: "b"}).Header() == (&Migration{Path: "a1:b"}).Header() {
		t.Error("two migrations with fields split differently share a header")
	}
	empty, none := Migration{Sections: []Section{}}, Migration{}
	if empty.Header() == none.Header() {
		t.Error("no sections and the whole file share a header")
	}
}
