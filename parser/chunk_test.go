package parser

import (
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// withChunkBytes parses sections larger than n bytes chunk by chunk for the
// rest of the test.
func withChunkBytes(t *testing.T, n int) {
	t.Helper()
	saved := chunkBytes
	chunkBytes = n
	t.Cleanup(func() { chunkBytes = saved })
}

// factsJSON is the facts document of src as ddlgate prints it.
func factsJSON(t *testing.T, src []byte, opts Options) string {
	t.Helper()
	b, err := json.Marshal(Parse(src, opts))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// sqlFiles are the .sql files under dirs; a directory that does not exist
// is skipped (the shared corpus is not part of the repository).
func sqlFiles(t *testing.T, dirs ...string) []string {
	t.Helper()
	var paths []string
	for _, dir := range dirs {
		if _, err := os.Stat(dir); err != nil {
			t.Logf("skipping %s: %v", dir, err)
			continue
		}
		err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() && strings.HasSuffix(path, ".sql") {
				paths = append(paths, path)
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return paths
}

// A section parsed chunk by chunk must give the facts one parse of it gives,
// syntax errors included: chunks of one statement are the hardest case, so
// every test file and every corpus file is parsed both ways.
func TestChunkedParseMatchesOneParse(t *testing.T) {
	paths := sqlFiles(t, "testdata", filepath.Join("..", "testdata"), filepath.Join("..", "policies"), corpusDir)
	if len(paths) < 100 {
		t.Fatalf("found %d .sql files; the test data is missing", len(paths))
	}
	srcs := make([][]byte, len(paths))
	want := make([]string, len(paths))
	for i, path := range paths {
		src, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		srcs[i] = src
		want[i] = factsJSON(t, src, Options{Path: path})
	}
	withChunkBytes(t, 1)
	for i, path := range paths {
		if got := factsJSON(t, srcs[i], Options{Path: path}); got != want[i] {
			t.Errorf("%s: facts parsed one statement at a time differ:\n%s", path, firstDiff(want[i], got))
		}
	}
}

// The splitter cuts at semicolons that PostgreSQL reads inside a statement
// (BEGIN ATOMIC bodies, CREATE RULE action lists): a chunk cut there does not
// parse and grows until it does, so those statements stay whole. With a
// syntax error later in the section, chunks grow up to it and the rest is
// parsed statement by statement, as one parse of the section would be.
func TestChunkedParseKeepsStatementsWithInnerSemicolons(t *testing.T) {
	for _, tc := range []struct {
		name, sql string
		tags      []string
		errors    int
	}{
		{
			name: "begin atomic",
			sql: `CREATE TABLE t (id int);
CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; SELECT 2; END;
INSERT INTO t VALUES (1);
`,
			tags: []string{"CREATE TABLE", "CREATE FUNCTION", "INSERT"},
		},
		{
			name: "rule action list",
			sql: `CREATE TABLE t (id int);
CREATE RULE r AS ON INSERT TO t DO ALSO (INSERT INTO t VALUES (1); INSERT INTO t VALUES (2));
INSERT INTO t VALUES (3);
`,
			tags: []string{"CREATE TABLE", "RULE", "INSERT"},
		},
		{
			name: "syntax error after",
			sql: `CREATE TABLE t (id int);
CREATE RULE r AS ON INSERT TO t DO ALSO (INSERT INTO t VALUES (1); INSERT INTO t VALUES (2));
INSERT INTO t VALUES (1);
CREATE TABLE (id int);
INSERT INTO t VALUES (2);
`,
			// The rule's pieces, as the statement-by-statement fallback of
			// one parse reads them too (a known limit of the splitter).
			tags:   []string{"CREATE TABLE", "INSERT", "INSERT"},
			errors: 3,
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			want := factsJSON(t, []byte(tc.sql), Options{})
			withChunkBytes(t, 1)
			if got := factsJSON(t, []byte(tc.sql), Options{}); got != want {
				t.Errorf("facts parsed one statement at a time differ:\n%s", firstDiff(want, got))
			}
			f := Parse([]byte(tc.sql), Options{})
			var tags []string
			for _, st := range f.Statements {
				tags = append(tags, st.Tag)
			}
			if !slices.Equal(tags, tc.tags) || len(f.ParseErrors) != tc.errors {
				t.Errorf("statements %q, errors %+v; want %q and %d errors", tags, f.ParseErrors, tc.tags, tc.errors)
			}
		})
	}
}
