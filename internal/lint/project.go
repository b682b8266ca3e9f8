package lint

import (
	"context"

	"github.com/ddlgate/ddlgate/internal/facts"
)

// project judges the project files of opts.Project (see facts.Project) that
// hold something a rule reads: a schema push, a credential, a migrations
// folder. The others are not evaluated at all, but every file read lands in
// res.Project.
func (l *linter) project(ctx context.Context, res *Result) error {
	files, err := facts.Project(ctx, l.opts.Project, l.opts.Dir, l.opts.target())
	if err != nil {
		return err
	}
	return l.judgeProject(ctx, res, files, func(d *facts.Document) bool {
		p := d.Project
		return len(d.PushCommands) > 0 || len(p.Credentials) > 0 || len(p.MigrationDirs) > 0
	})
}

// judgeProject evaluates the project files judge selects and adds every
// file to res.Project.
func (l *linter) judgeProject(ctx context.Context, res *Result, files *facts.ProjectFiles, judge func(*facts.Document) bool) error {
	for _, d := range files.Documents {
		res.Project = append(res.Project, d.Parsed)
		if !judge(d) {
			continue
		}
		fs, err := l.evaluate(ctx, d)
		if err != nil {
			return err
		}
		if res.ProjectFiles == nil {
			res.ProjectFiles = map[string][]byte{}
		}
		res.ProjectFiles[d.File.Path] = files.Sources[d.File.Path]
		res.Findings = append(res.Findings, fs...)
	}
	return nil
}

// snapshot judges the database snapshot file of opts.DBSnapshot.
func (l *linter) snapshot(ctx context.Context, res *Result) error {
	s := l.opts.DBSnapshot
	d, err := facts.SnapshotDocument(*s, l.opts.target(), nil)
	if err != nil {
		return err
	}
	files := &facts.ProjectFiles{Documents: []*facts.Document{d}, Sources: map[string][]byte{s.Path: s.Src}}
	return l.judgeProject(ctx, res, files, func(*facts.Document) bool { return true })
}
