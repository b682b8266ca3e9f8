package engine

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ddlgate/ddlgate/internal/facts"
	"github.com/ddlgate/ddlgate/internal/migrations"
	"github.com/ddlgate/ddlgate/internal/seedbench"
	"github.com/ddlgate/ddlgate/parser"
)

// realisticMigration is a typical hand-written migration: tables, indexes,
// constraints, a backfill, a few risky statements.
const realisticMigration = `SET lock_timeout = '5s';
CREATE TABLE accounts (
	id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	email varchar(255) NOT NULL UNIQUE,
	created_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE orders (
	id bigserial PRIMARY KEY,
	account_id bigint NOT NULL REFERENCES accounts (id),
	total numeric(12, 2) NOT NULL DEFAULT 0,
	status text NOT NULL DEFAULT 'new',
	created_at timestamp NOT NULL DEFAULT now()
);
CREATE INDEX orders_account_idx ON orders (account_id);
ALTER TABLE users ADD COLUMN last_login timestamptz;
ALTER TABLE users ADD COLUMN score int NOT NULL DEFAULT 0;
ALTER TABLE users ALTER COLUMN name TYPE text;
ALTER TABLE users ADD CONSTRAINT users_email_check CHECK (email <> '') NOT VALID;
ALTER TABLE users VALIDATE CONSTRAINT users_email_check;
CREATE INDEX CONCURRENTLY users_email_idx ON users (lower(email));
ALTER TABLE payments ADD CONSTRAINT payments_order_fk FOREIGN KEY (order_id) REFERENCES orders (id);
UPDATE users SET score = 0 WHERE score IS NULL;
ALTER TABLE users ALTER COLUMN score SET NOT NULL;
DROP INDEX old_users_idx;
ALTER TABLE users RENAME COLUMN nick TO nickname;
ALTER TABLE legacy DROP COLUMN unused;
COMMENT ON TABLE accounts IS 'customer accounts';
GRANT SELECT ON accounts TO reporting;
CREATE UNIQUE INDEX accounts_email_lower_idx ON accounts (lower(email));
`

func realisticFacts(tb testing.TB) *facts.Document {
	tb.Helper()
	return document(parser.Parse([]byte(realisticMigration), parser.Options{Path: "db/migrations/0042_accounts.sql", PGVersion: 16, Runner: "goose"}))
}

func BenchmarkEval(b *testing.B) {
	e := prepare(b, nil, nil)
	f := realisticFacts(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := e.Eval(context.Background(), f); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkEvalParallel(b *testing.B) {
	e := prepare(b, nil, nil)
	f := realisticFacts(b)
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, err := e.Eval(context.Background(), f); err != nil {
				b.Error(err)
				return
			}
		}
	})
}

func BenchmarkLoadAndPrepare(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		prepare(b, nil, nil)
	}
}

// BenchmarkEvalCorpus evaluates the real corpus (facts parsed beforehand):
// one op is one file on average.
func BenchmarkEvalCorpus(b *testing.B) {
	benchEvalCorpus(b, func(context.Context, map[string]RuleConfig) (*Engine, error) { return prepare(b, nil, nil), nil })
}

// benchEvalCorpus evaluates the corpus with the engine prepare returns.
func benchEvalCorpus(b *testing.B, prepare func(context.Context, map[string]RuleConfig) (*Engine, error)) {
	files := corpusFacts(b)
	e, err := prepare(context.Background(), nil)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if _, err := e.Eval(context.Background(), files[i%len(files)]); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

// BenchmarkFactsToValueCorpus converts the real corpus: one op is one file.
func BenchmarkFactsToValueCorpus(b *testing.B) {
	files := corpusFacts(b)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if _, err := inputValue(files[i%len(files)]); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

func corpusFacts(b testing.TB) []*facts.Document {
	b.Helper()
	var files []*facts.Document
	err := filepath.WalkDir(corpusDir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".sql") {
			return err
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		files = append(files, document(parser.Parse(src, parser.Options{Path: path})))
		return nil
	})
	if err != nil || len(files) == 0 {
		b.Skipf("corpus not available at %s: %v", corpusDir, err)
	}
	return files
}

// document is the facts document of parser facts alone: no history, no
// database, no phase (what a file read on its own gets, catalog aside).
func document(f *parser.File) *facts.Document { return &facts.Document{Parsed: f} }

// builtCorpus builds the documents of every corpus directory as lint does:
// catalog snapshots, directory facts, phase history.
func builtCorpus(b testing.TB) []*facts.Document {
	b.Helper()
	if _, err := os.Stat(corpusDir); err != nil {
		b.Skipf("corpus not available at %s: %v", corpusDir, err)
	}
	return buildDirs(b, corpusMigrationDirs)
}

// buildDirs builds the documents of the migration directories (below
// corpusDir) as lint does.
func buildDirs(b testing.TB, dirs []string) []*facts.Document {
	b.Helper()
	var docs []*facts.Document
	for _, dir := range dirs {
		ms, err := migrations.Discover([]string{filepath.Join(corpusDir, dir)}, migrations.Options{})
		if err != nil {
			b.Fatal(err)
		}
		built, err := facts.Build(context.Background(), facts.Set{Migrations: ms}, facts.Target{})
		if err != nil {
			b.Fatal(err)
		}
		docs = append(docs, built.Documents...)
	}
	return docs
}

// corpusMigrationDirs are the migration directories of the corpus.
var corpusMigrationDirs = []string{
	"triggerdotdev__trigger.dev/internal-packages/database/prisma/migrations",
	"openmeterio__openmeter/tools/migrate/migrations",
	"hatchet-dev__hatchet/cmd/hatchet-migrate/migrate/migrations",
	"simstudioai__sim/packages/db/migrations",
}

// BenchmarkInputCorpus converts the corpus documents as lint builds them
// (catalog snapshots included) to OPA values: one op is one file.
func BenchmarkInputCorpus(b *testing.B) {
	docs := builtCorpus(b)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if _, err := inputValue(docs[i%len(docs)]); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

// BenchmarkEvalSeed evaluates every default rule on the facts of a generated
// 21 MB data seed (a CREATE TABLE and 220,000 INSERTs, parsed beforehand):
// the actions_by_type index and the evaluation over the facts read in place
// (before, the conversion of the whole document to an OPA value held 1.2
// GB). peak-heap-MB is what it holds on top of the facts.
func BenchmarkEvalSeed(b *testing.B) {
	e := prepare(b, nil, nil)
	f := parser.Parse(seedbench.Generate(seedbench.Rows), parser.Options{Path: "seed.sql"})
	b.ReportAllocs()
	var peak float64
	for b.Loop() {
		peak = max(peak, seedbench.PeakHeap(func() {
			if _, err := e.Eval(context.Background(), document(f)); err != nil {
				b.Fatal(err)
			}
		}))
	}
	b.ReportMetric(float64(len(f.Statements)*b.N)/b.Elapsed().Seconds(), "stmts/s")
	b.ReportMetric(peak, "peak-heap-MB")
}
