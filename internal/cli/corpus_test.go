package cli

import (
	"os"
	"path/filepath"
	"testing"
)

// corpus is the shared corpus beside the checkout (../shared/corpus).
var corpus, _ = filepath.Abs(filepath.Join("..", "..", "..", "shared", "corpus"))

// TestLintCorpus lints every project of the real migration corpus end to
// end: the tool must always do its job (exit 0 or 1, never 2) and every
// finding must point inside a file that was linted.
func TestLintCorpus(t *testing.T) {
	if _, err := os.Stat(corpus); err != nil {
		t.Skipf("corpus not available at %s: %v", corpus, err)
	}
	projects := []struct{ dir, format string }{
		{"triggerdotdev__trigger.dev/internal-packages/database/prisma/migrations", "prisma"},
		{"openmeterio__openmeter/tools/migrate/migrations", "golang-migrate"},
		{"hatchet-dev__hatchet/cmd/hatchet-migrate/migrate/migrations", "goose"},
		{"simstudioai__sim/packages/db/migrations", "drizzle"},
	}
	for _, p := range projects {
		t.Run(p.format, func(t *testing.T) {
			dir := filepath.Join(corpus, p.dir)
			r := ddlgate(t, t.TempDir(), "", "lint", "--format", "json", dir)
			if r.code == 2 {
				t.Fatalf("exit 2 on %s:\n%s", dir, r.stderr)
			}
			rep := decodeReport(t, r)
			if rep.Summary.Files < 50 || rep.Summary.Statements < rep.Summary.Files {
				t.Errorf("summary %+v: too few files or statements for %s", rep.Summary, p.dir)
			}
			for _, f := range rep.Findings {
				if f.Line < 1 || f.Column < 1 {
					t.Errorf("finding without a position: %+v", f)
				}
				if _, err := os.Stat(f.File); err != nil {
					t.Errorf("finding in a file that does not exist: %+v", f)
				}
			}
			t.Logf("%s: %+v", p.format, rep.Summary)
		})
	}
}
