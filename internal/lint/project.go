package lint

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/ddlgate/ddlgate/internal/facts"
	"github.com/ddlgate/ddlgate/internal/migrations"
)

// projectPatterns are the project files where a schema push hides: package
// scripts (of a monorepo's packages too) and CI workflows.
var projectPatterns = []string{
	"package.json", "*/package.json", "*/*/package.json",
	".github/workflows/*.yml", ".github/workflows/*.yaml", ".gitlab-ci.yml",
}

// project judges the project files of opts.Project that mention a schema
// push; files that do not are not evaluated at all.
func (l *linter) project(ctx context.Context, res *Result) error {
	root := resolve(l.opts.Dir, l.opts.Project)
	for _, pattern := range projectPatterns {
		paths, err := filepath.Glob(filepath.Join(root, pattern))
		if err != nil {
			return fmt.Errorf("find project files: %w", err)
		}
		for _, p := range paths {
			src, err := os.ReadFile(p)
			if err != nil {
				return fmt.Errorf("read project file %s: %w", p, err)
			}
			if !bytes.Contains(src, []byte("push")) {
				continue
			}
			shown := migrations.Shown(l.opts.Dir, p)
			f, err := facts.ProjectDocument(shown, src, l.opts.target())
			if err != nil {
				return err
			}
			if len(f.PushCommands) == 0 {
				continue
			}
			fs, err := l.evaluate(ctx, f)
			if err != nil {
				return err
			}
			if res.ProjectFiles == nil {
				res.ProjectFiles = map[string][]byte{}
			}
			res.ProjectFiles[shown] = src
			res.Findings = append(res.Findings, fs...)
		}
	}
	return nil
}
