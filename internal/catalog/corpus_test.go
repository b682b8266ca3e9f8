package catalog

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/ddlgate/ddlgate/parser"
)

// corpusDir is the shared corpus beside the checkout (../shared/corpus).
var corpusDir = filepath.Join("..", "..", "..", "shared", "corpus")

// TestCorpusHistories folds every project of the real corpus in order and
// checks that the history explains the files: the tables that later ALTER
// TABLE statements change are, almost always, known from earlier files.
func TestCorpusHistories(t *testing.T) {
	projects, err := os.ReadDir(corpusDir)
	if err != nil {
		t.Skipf("corpus not available at %s: %v", corpusDir, err)
	}
	for _, p := range projects {
		if !p.IsDir() {
			continue
		}
		t.Run(p.Name(), func(t *testing.T) {
			files := corpusMigrations(t, filepath.Join(corpusDir, p.Name()))
			if len(files) == 0 {
				t.Fatal("no migration files found")
			}
			c := New("public")
			altered, known, oldTypes, typeChanges := 0, 0, 0, 0
			for _, path := range files {
				src, err := os.ReadFile(path)
				if err != nil {
					t.Fatal(err)
				}
				f := parser.Parse(src, parser.Options{Path: path, Sections: upSection(src)})
				c.Annotate(f)
				for _, s := range f.Statements {
					for _, a := range s.Actions {
						if a.Table == nil || a.Table.CreatedInFile {
							continue
						}
						switch a.Type {
						case "add_column", "drop_column", "alter_column_type", "set_not_null", "add_constraint":
							altered++
							if a.Table.Known {
								known++
							}
						}
						if a.Type == "alter_column_type" {
							typeChanges++
							if a.ColumnAction.OldType != nil {
								oldTypes++
							}
						}
					}
				}
			}
			tables := len(c.Snapshot().Tables)
			t.Logf("%d files, %d tables at the end; %d/%d ALTERs on known tables; %d/%d type changes with an old type",
				len(files), tables, known, altered, oldTypes, typeChanges)
			if tables == 0 {
				t.Error("the folded history has no tables")
			}
			if altered > 0 && known*100 < altered*95 {
				t.Errorf("only %d of %d ALTERs hit a table the history knows", known, altered)
			}
		})
	}
}

// corpusMigrations lists a project's up migrations in version order. Every
// corpus format orders by a zero-padded or timestamp prefix of the file or
// directory name, so a path sort is enough for a test.
func corpusMigrations(t *testing.T, root string) []string {
	t.Helper()
	var files []string
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && strings.HasSuffix(path, ".sql") && !strings.HasSuffix(path, ".down.sql") {
			files = append(files, path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(files)
	return files
}

// upSection returns the goose Up part of a file, nil for other formats.
func upSection(src []byte) []parser.Section {
	up := bytes.Index(src, []byte("-- +goose Up"))
	if up < 0 {
		return nil
	}
	end := len(src)
	if down := bytes.Index(src, []byte("-- +goose Down")); down > up {
		end = down
	}
	return []parser.Section{{Start: up, End: end}}
}

// BenchmarkAnnotateCorpus measures folding and annotating already-parsed
// files, one project history per iteration (parsing is not included).
func BenchmarkAnnotateCorpus(b *testing.B) {
	root := filepath.Join(corpusDir, "triggerdotdev__trigger.dev")
	if _, err := os.Stat(root); err != nil {
		b.Skipf("corpus not available: %v", err)
	}
	t := &testing.T{}
	var files []*parser.File
	for _, path := range corpusMigrations(t, root) {
		src, err := os.ReadFile(path)
		if err != nil {
			b.Fatal(err)
		}
		files = append(files, parser.Parse(src, parser.Options{Path: path}))
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		c := New("public")
		for _, f := range files {
			c.Annotate(f)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(files)), "ns/file")
}
