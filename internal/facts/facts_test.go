package facts

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ddlgate/ddlgate/internal/dbfacts"
	"github.com/ddlgate/ddlgate/internal/migrations"
	"github.com/ddlgate/ddlgate/internal/phase"
	"github.com/ddlgate/ddlgate/parser"
)

// corpusDirs are the migration directories of the shared corpus beside the
// checkout, one per format.
var corpusDirs = []string{
	"triggerdotdev__trigger.dev/internal-packages/database/prisma/migrations",
	"openmeterio__openmeter/tools/migrate/migrations",
	"hatchet-dev__hatchet/cmd/hatchet-migrate/migrate/migrations",
	"simstudioai__sim/packages/db/migrations",
}

var corpusDir = filepath.Join("..", "..", "..", "shared", "corpus")

// sets returns the migration sets the state tests run on: the repository's
// benchmark project with expand/contract phases added, and each corpus
// directory when the corpus is there.
func sets(t *testing.T) map[string][]migrations.Migration {
	t.Helper()
	out := map[string][]migrations.Migration{}
	bench, err := migrations.Discover([]string{filepath.Join("..", "..", "testdata", "bench")}, migrations.Options{})
	if err != nil || len(bench) == 0 {
		t.Fatalf("no benchmark migrations: %v", err)
	}
	bench = append(bench,
		plain("0100_expand.sql", "-- ddlgate:phase expand change=c1\nALTER TABLE invoices ADD COLUMN note_v2 text;\n"),
		plain("0101_contract.sql", "-- ddlgate:phase contract change=c1\nALTER TABLE invoices DROP COLUMN note_v2;\n"))
	out["bench"] = bench
	if _, err := os.Stat(corpusDir); err != nil {
		t.Logf("corpus not available at %s: testing on the benchmark project only", corpusDir)
		return out
	}
	for _, dir := range corpusDirs {
		ms, err := migrations.Discover([]string{filepath.Join(corpusDir, dir)}, migrations.Options{})
		if err != nil {
			t.Fatal(err)
		}
		out[strings.SplitN(dir, "/", 2)[0]] = ms
	}
	return out
}

func plain(path, sql string) migrations.Migration {
	return migrations.Migration{Path: path, Format: migrations.FormatPlain, Direction: migrations.DirectionUp, Src: []byte(sql)}
}

func encode(t *testing.T, d *Document) string {
	t.Helper()
	b, err := json.Marshal(d)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestResumeFromEncodedState is the contract a cache of per-file results
// relies on: the state after N files, encoded, decoded and resumed from,
// yields for file N+1 (and every file after it) the same document as a run
// that folded every file, and equal states encode to equal bytes.
func TestResumeFromEncodedState(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 3, 2, 12, 0, 0, 0, time.UTC)
	applied := phase.NewApplied("production")
	applied.Add("", "0100_expand.sql", now.Add(-time.Hour))
	target := Target{Applied: applied, Now: now}
	for name, ms := range sets(t) {
		t.Run(name, func(t *testing.T) {
			built, err := Build(ctx, Set{Migrations: ms}, target)
			if err != nil {
				t.Fatal(err)
			}
			want := make([]string, len(ms))
			for i, d := range built.Documents {
				want[i] = encode(t, d)
			}
			for _, n := range []int{0, 1, len(ms) / 3, len(ms) / 2, len(ms) - 1} {
				enc := stateAfter(t, ms, target, n)
				var decoded State
				if err := decoded.UnmarshalBinary(enc); err != nil {
					t.Fatal(err)
				}
				again, err := decoded.MarshalBinary()
				if err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(enc, again) {
					t.Fatalf("after %d files: the decoded state encodes differently", n)
				}
				resumed, err := NewBuilder(Set{Migrations: ms}, target)
				if err != nil {
					t.Fatal(err)
				}
				if err := resumed.Resume(&decoded); err != nil {
					t.Fatal(err)
				}
				for i := n; i < len(ms); i++ {
					doc, j, err := resumed.Next()
					if err != nil {
						t.Fatal(err)
					}
					if j != i {
						t.Fatalf("after %d files: file %d came back as %d", n, i, j)
					}
					if got := encode(t, doc); got != want[i] {
						t.Fatalf("resumed after %d files, %s differs from the uninterrupted run:\n got %.400s\nwant %.400s", n, ms[i].Path, got, want[i])
					}
				}
				if _, _, err := resumed.Next(); !errors.Is(err, io.EOF) {
					t.Errorf("after the last file: %v, want io.EOF", err)
				}
			}
			// The same prefix folded twice encodes to the same bytes.
			a, b := stateAfter(t, ms, target, len(ms)/2), stateAfter(t, ms, target, len(ms)/2)
			if !bytes.Equal(a, b) {
				t.Error("two runs over the same files encode different states")
			}
		})
	}
}

func stateAfter(t *testing.T, ms []migrations.Migration, target Target, n int) []byte {
	t.Helper()
	b, err := NewBuilder(Set{Migrations: ms}, target)
	if err != nil {
		t.Fatal(err)
	}
	for range n {
		if _, _, err := b.Next(); err != nil {
			t.Fatal(err)
		}
	}
	s, err := b.State()
	if err != nil {
		t.Fatal(err)
	}
	enc, err := s.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	return enc
}

func TestStateRefusesWhatItCannotTrust(t *testing.T) {
	ms := []migrations.Migration{plain("0001.sql", "CREATE TABLE t (id int);")}
	enc := stateAfter(t, ms, Target{}, 1)
	var s State
	for name, bad := range map[string][]byte{
		"another version": bytes.Replace(enc, []byte(`"version":1`), []byte(`"version":99`), 1),
		"truncated":       enc[:len(enc)/2],
		"not json":        []byte("garbage"),
	} {
		if err := s.UnmarshalBinary(bad); err == nil {
			t.Errorf("%s: decoded", name)
		}
	}
	if err := s.UnmarshalBinary(enc); err != nil {
		t.Fatal(err)
	}
	b, err := NewBuilder(Set{Migrations: ms}, Target{DefaultSchema: "app"})
	if err != nil {
		t.Fatal(err)
	}
	if err := b.Resume(&s); err == nil || !strings.Contains(err.Error(), `default schema "public"`) {
		t.Errorf("resume under another default schema: %v", err)
	}
	empty, err := NewBuilder(Set{}, Target{})
	if err != nil {
		t.Fatal(err)
	}
	if err := empty.Resume(&s); err == nil {
		t.Error("resumed a state of 1 file on an empty sequence")
	}
}

func TestTargetDefaultsAppliedOnce(t *testing.T) {
	built, err := Build(context.Background(), Set{Migrations: []migrations.Migration{plain("0001.sql", "SELECT 1;")}}, Target{})
	if err != nil {
		t.Fatal(err)
	}
	d := built.Documents[0]
	if d.Target.PGVersion != parser.DefaultPGVersion || d.Target.PGVersionNum != parser.DefaultPGVersion*10000 || d.Target.DefaultSchema != parser.DefaultSchema {
		t.Errorf("target = %+v", d.Target)
	}
	if d.File.Runner != "psql" || d.File.TransactionMode != migrations.ModeNone {
		t.Errorf("plain SQL runs under %s/%s, want psql/none", d.File.Runner, d.File.TransactionMode)
	}
	if d.Catalog == nil || d.DB != nil || d.History != nil {
		t.Errorf("catalog %v db %v history %v", d.Catalog, d.DB, d.History)
	}
	if _, err := NewBuilder(Set{}, Target{Runner: "flyweight"}); err == nil || !strings.Contains(err.Error(), `unknown runner "flyweight"`) {
		t.Errorf("unknown runner: %v", err)
	}
}

// With a live database (ddlgate apply), a table that an earlier migration of
// the run creates and the database does not have yet is new: nobody reads
// it, nothing waits on its locks.
func TestTablesCreatedEarlierInTheRunAreNew(t *testing.T) {
	ms := []migrations.Migration{
		plain("0001_users.sql", "CREATE TABLE users (id bigint PRIMARY KEY, email text);\n"),
		plain("0002_index.sql", "CREATE INDEX users_email_idx ON users (email);\nALTER TABLE users ADD COLUMN name text;\n"),
	}
	for _, tc := range []struct {
		name     string
		db       *dbfacts.Facts
		existing bool
	}{
		{"no database", nil, true},
		{"empty database", &dbfacts.Facts{ServerVersionNum: 160004, Tables: map[string]dbfacts.Table{}}, false},
		{"database with users", &dbfacts.Facts{ServerVersionNum: 160004, Tables: map[string]dbfacts.Table{"public.users": {Schema: "public", Name: "users"}}}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			built, err := Build(context.Background(), Set{Migrations: ms}, Target{DB: tc.db})
			if err != nil {
				t.Fatal(err)
			}
			d := built.Documents[1]
			table := d.Statements[0].Actions[0].Table
			if table.ExistsBefore != tc.existing || table.CreatedInFile || !table.Known {
				t.Errorf("users: exists_before %v created_in_file %v known %v, want exists_before %v", table.ExistsBefore, table.CreatedInFile, table.Known, tc.existing)
			}
			if got := d.Statements[1].BlockingLock != nil; got != tc.existing {
				t.Errorf("ADD COLUMN blocking lock %+v, want one: %v", d.Statements[1].BlockingLock, tc.existing)
			}
		})
	}
}

// The facts stage recomputes the held locks once the catalog has said which
// relations existed: a CREATE TABLE IF NOT EXISTS of a table the history
// has creates nothing, so its later ACCESS EXCLUSIVE lock is held by the
// statements after it.
func TestHeldLocksFollowTheCatalog(t *testing.T) {
	ms := []migrations.Migration{
		plain("0001_users.sql", "CREATE TABLE users (id bigint PRIMARY KEY);\n"),
		{Path: "0002.sql", Format: migrations.FormatGoose, Direction: migrations.DirectionUp, Src: []byte(
			"CREATE TABLE IF NOT EXISTS users (id bigint PRIMARY KEY);\nALTER TABLE users ADD COLUMN a text;\nUPDATE users SET a = '';\n")},
	}
	built, err := Build(context.Background(), Set{Migrations: ms}, Target{})
	if err != nil {
		t.Fatal(err)
	}
	stmts := built.Documents[1].Statements
	if held := stmts[1].Transaction.HeldAccessExclusive; len(held) != 0 {
		t.Errorf("ALTER holds %+v before it runs", held)
	}
	if held := stmts[2].Transaction.HeldAccessExclusive; len(held) != 1 || held[0] != (parser.HeldLock{Relation: "public.users", Since: 1}) {
		t.Errorf("UPDATE runs while holding %+v, want public.users since statement 1", held)
	}
}

// A document carries the database's facts of the tables its file names
// (locked, referenced, attached, owning a named index), not the whole
// database's.
func TestDocumentsCarryTheTablesTheyName(t *testing.T) {
	table := func(name string) dbfacts.Table {
		return dbfacts.Table{Schema: "public", Name: name, EstimatedRows: 10, Analyzed: true, Columns: []dbfacts.Column{}, Indexes: []dbfacts.Index{}}
	}
	db := &dbfacts.Facts{ServerVersion: "16.4", ServerVersionNum: 160004, Tables: map[string]dbfacts.Table{}}
	for _, n := range []string{"orders", "users", "events", "events_2026", "items", "unrelated"} {
		db.Tables["public."+n] = table(n)
	}
	ms := []migrations.Migration{
		plain("0001.sql", "CREATE TABLE items (id bigint PRIMARY KEY);\nCREATE INDEX items_id ON items (id);\n"),
		plain("0002.sql", `ALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;
ALTER TABLE events ATTACH PARTITION events_2026 FOR VALUES FROM (1) TO (2);
REINDEX INDEX items_id;
`),
	}
	built, err := Build(context.Background(), Set{Migrations: ms[1:], History: ms}, Target{DB: db})
	if err != nil {
		t.Fatal(err)
	}
	got := built.Documents[0].DB
	if got.ServerVersion != "16.4" || got.ServerVersionNum != 160004 {
		t.Errorf("server version %q/%d", got.ServerVersion, got.ServerVersionNum)
	}
	var keys []string
	for k := range got.Tables {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	if want := "public.events public.events_2026 public.items public.orders public.users"; strings.Join(keys, " ") != want {
		t.Errorf("tables %v, want %s", keys, want)
	}
	if len(db.Tables) != 6 {
		t.Errorf("the target's facts were changed: %d tables", len(db.Tables))
	}
}
