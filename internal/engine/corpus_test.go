package engine

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ddlgate/ddlgate/parser"
)

// corpusDir is a real migration corpus (prisma, golang-migrate, goose,
// drizzle) kept outside the repository.
// corpusDir is the shared corpus beside the checkout (../shared/corpus).
var corpusDir = filepath.Join("..", "..", "..", "shared", "corpus")

// TestEvalCorpus evaluates every rule on every corpus migration: no policy may
// fail at evaluation time (a conflict between rules, a type error only real
// facts reveal) and every finding must decode with a position.
func TestEvalCorpus(t *testing.T) {
	if _, err := os.Stat(corpusDir); err != nil {
		t.Skipf("corpus not available at %s", corpusDir)
	}
	_, e := everyRuleEnabled(t)
	files := 0
	err := filepath.WalkDir(corpusDir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".sql") {
			return err
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		files++
		got, err := e.Eval(context.Background(), document(parser.Parse(src, parser.Options{Path: path})))
		if err != nil {
			t.Errorf("%s: %v", path, err)
			return nil
		}
		for _, f := range got {
			if f.Line < 1 || f.Column < 1 || f.Fingerprint == "" {
				t.Errorf("%s: finding without position or fingerprint: %+v", path, f)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if files < 1000 {
		t.Errorf("evaluated %d corpus files, want the whole corpus (1,881)", files)
	}
}
