package facts

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/ddlgate/ddlgate/internal/gitdiff"
	"github.com/ddlgate/ddlgate/internal/migrations"
	"github.com/ddlgate/ddlgate/parser"
)

// projectPatterns are the project files judged besides the migrations:
// package scripts (of a monorepo's packages too) and CI workflows, where a
// schema push hides; ORM configurations, which name the migrations folder;
// and the files a migration workflow reads its database URL from, where a
// committed password hides.
var projectPatterns = []string{
	"package.json", "*/package.json", "*/*/package.json",
	".github/workflows/*.yml", ".github/workflows/*.yaml", ".gitlab-ci.yml",
	"drizzle.config.*", "*/drizzle.config.*", "*/*/drizzle.config.*",
	"schema.prisma", "prisma/schema.prisma", "*/prisma/schema.prisma", "*/*/prisma/schema.prisma",
	".env", ".env.*", "*/.env", "*/.env.*",
	"docker-compose*.yml", "docker-compose*.yaml", "compose.yml", "compose.yaml",
	"atlas.hcl", "*/atlas.hcl", ".ddlgate.yaml",
}

// ProjectFiles are the documents of files that are not migrations: a
// project's package.json, CI workflows, ORM configurations, or a migration
// directory's journal and lock file.
type ProjectFiles struct {
	// Documents are the files read, in the order they were found.
	Documents []*Document
	// Sources holds each file's bytes by its path as shown (File.Path).
	Sources map[string][]byte
}

func (p *ProjectFiles) add(d *Document, src []byte) {
	p.Documents = append(p.Documents, d)
	if p.Sources == nil {
		p.Sources = map[string][]byte{}
	}
	p.Sources[d.File.Path] = src
}

// ProjectStated are the facts of a project file a ddlgate.parse_sql test
// states instead of reading them from the disk, git and the other files.
type ProjectStated struct {
	// Exists lists the migrations folders and journal-named files on disk.
	Exists []string
	// Committed is what git says of the file and of its migrations folders
	// (nil: not in a git work tree).
	Committed *bool
	// RunBy are the workflow steps that run the file's package scripts.
	RunBy []parser.ScriptCaller
}

// ProjectDocument is the document of a project file (package.json, a CI
// workflow, a journal) judged on its own: its push commands, credentials,
// migrations folders, no statements, no catalog. stated, when not nil,
// gives the facts that need the disk, git or other files.
func ProjectDocument(path string, src []byte, t Target, stated *ProjectStated) (*Document, error) {
	t, err := t.resolve()
	if err != nil {
		return nil, err
	}
	d := projectDocument(path, src, t)
	if stated != nil {
		stated.apply(d.Parsed)
	}
	return d, nil
}

// projectDocument is the document of a project file as parsed, for a
// resolved target.
func projectDocument(path string, src []byte, t Target) *Document {
	f := parser.ProjectFile(path, src, parser.Options{PGVersion: t.PGVersion, PGVersionNum: t.PGVersionNum, DefaultSchema: t.DefaultSchema, Runner: t.Runner})
	return &Document{Parsed: f}
}

func (s *ProjectStated) apply(f *parser.File) {
	p := f.Project
	if p == nil {
		return
	}
	p.Committed = s.Committed
	for i := range p.MigrationDirs {
		d := &p.MigrationDirs[i]
		d.Exists = slices.Contains(s.Exists, d.Dir)
		d.Committed = s.Committed
	}
	for i := range p.JournalEntries {
		e := &p.JournalEntries[i]
		e.FileExists = slices.Contains(s.Exists, filepath.ToSlash(e.File))
	}
	for i := range f.PushCommands {
		pc := &f.PushCommands[i]
		if pc.Script == "" {
			continue
		}
		for _, c := range s.RunBy {
			c.Text = "npm run " + pc.Script
			pc.RunBy = append(pc.RunBy, c)
		}
	}
}

// Project reads the project files under root (resolved against dir, the
// directory shown paths are relative to) and completes the facts that need
// more than one file: who runs a package script, what git tracks, whether a
// configured migrations folder exists.
func Project(ctx context.Context, root, dir string, t Target) (*ProjectFiles, error) {
	t, err := t.resolve()
	if err != nil {
		return nil, err
	}
	root = resolve(dir, root)
	out := &ProjectFiles{}
	seen := map[string]bool{}
	for _, pattern := range projectPatterns {
		paths, err := filepath.Glob(filepath.Join(root, pattern))
		if err != nil {
			return nil, fmt.Errorf("find project files: %w", err)
		}
		for _, p := range paths {
			if seen[p] || strings.Contains(filepath.ToSlash(p), "/node_modules/") {
				continue
			}
			seen[p] = true
			if fi, err := os.Stat(p); err != nil || !fi.Mode().IsRegular() {
				continue
			}
			src, err := os.ReadFile(p)
			if err != nil {
				return nil, fmt.Errorf("read project file %s: %w", p, err)
			}
			out.add(projectDocument(migrations.Shown(dir, p), src, t), src)
		}
	}
	resolveScripts(out)
	if err := projectGitFacts(ctx, root, dir, out.Documents); err != nil {
		return nil, err
	}
	return out, nil
}

// MigrationDirFiles reads the files of the migrations' directories that are
// not migrations: drizzle's meta/_journal.json (each entry says whether its
// SQL file exists) and prisma's migration_lock.toml.
func MigrationDirFiles(ms []migrations.Migration, dir string, t Target) (*ProjectFiles, error) {
	t, err := t.resolve()
	if err != nil {
		return nil, err
	}
	out := &ProjectFiles{}
	seen := map[string]bool{}
	for i := range ms {
		m := &ms[i]
		root := migrationDir(m.Format, absolute(dir, m.Path))
		var p string
		switch m.Format {
		case migrations.FormatDrizzle:
			p = filepath.Join(root, "meta", "_journal.json")
		case migrations.FormatPrisma:
			p = filepath.Join(root, "migration_lock.toml")
		default:
			continue
		}
		if seen[p] {
			continue
		}
		seen[p] = true
		src, err := os.ReadFile(p)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", p, err)
		}
		d := projectDocument(migrations.Shown(dir, p), src, t)
		for j := range d.Project.JournalEntries {
			e := &d.Project.JournalEntries[j]
			_, err := os.Stat(absolute(dir, e.File))
			e.FileExists = err == nil
		}
		out.add(d, src)
	}
	return out, nil
}

// projectGitFacts fills what git and the disk say about the project files:
// whether each is committed, and whether the migrations folders they name
// exist and are committed. Outside a git work tree Committed stays null.
func projectGitFacts(ctx context.Context, root, dir string, docs []*Document) error {
	rootShown := migrations.Shown(dir, root)
	var tracked map[string]bool
	if repo, err := gitdiff.Open(ctx, root); err == nil {
		paths := []string{}
		for _, f := range docs {
			paths = append(paths, absolute(dir, f.File.Path))
			for _, d := range f.Project.MigrationDirs {
				paths = append(paths, filepath.Join(root, fromShown(rootShown, d.Dir)))
			}
		}
		if tracked, err = repo.Tracked(ctx, paths...); err != nil {
			return err
		}
	}
	// tracked holds paths relative to root.
	rel := func(p string) string {
		r, err := filepath.Rel(root, absolute(dir, p))
		if err != nil {
			return filepath.ToSlash(p)
		}
		return filepath.ToSlash(r)
	}
	for _, f := range docs {
		p := f.Project
		if tracked != nil {
			c := tracked[rel(f.File.Path)]
			p.Committed = &c
		}
		for i := range p.MigrationDirs {
			d := &p.MigrationDirs[i]
			onDisk := filepath.Join(root, fromShown(rootShown, d.Dir))
			fi, err := os.Stat(onDisk)
			d.Exists = err == nil && fi.IsDir()
			if tracked != nil {
				prefix := rel(onDisk) + "/"
				c := false
				for t := range tracked {
					if strings.HasPrefix(t, prefix) {
						c = true
						break
					}
				}
				d.Committed = &c
			}
		}
	}
	return nil
}

// fromShown turns a migrations folder written relative to the shown
// project file paths back into a path relative to the project root.
func fromShown(rootShown, d string) string {
	d = filepath.FromSlash(d)
	if rootShown == "." || rootShown == "" {
		return d
	}
	if r, err := filepath.Rel(filepath.FromSlash(rootShown), d); err == nil && !strings.HasPrefix(r, "..") {
		return r
	}
	return d
}

// scriptDef is a package.json script and what it runs.
type scriptDef struct {
	path  string
	name  string
	doc   *parser.File
	calls []parser.ScriptCall
	// tools are the migration-tool commands written in the script itself.
	tools []parser.ToolCommand
}

// toolRef is a tool command and the file it is written in.
type toolRef struct {
	cmd  parser.ToolCommand
	path string
}

// resolveScripts follows package scripts: a command that runs a script
// (npm run db:push) gets the tool commands that script runs, transitively,
// as commands of its own with Via set (and as push commands when they push);
// and the push commands of a script get RunBy, the CI workflow steps and
// compose services that run the script, directly or through other scripts.
func resolveScripts(files *ProjectFiles) {
	docs, srcs := files.Documents, files.Sources
	defs := map[string][]*scriptDef{}
	for _, f := range docs {
		if f.Project.Kind != parser.ProjectPackageJSON {
			continue
		}
		src := srcs[f.File.Path]
		calls := parser.ScriptCalls(src)
		for _, s := range parser.PackageScripts(src) {
			d := &scriptDef{path: f.File.Path, name: s.Name, doc: f.Parsed}
			for _, c := range calls {
				if c.Span.Start >= s.Span.Start && c.Span.Start < s.Span.End {
					d.calls = append(d.calls, c)
				}
			}
			for _, c := range f.Project.Commands {
				if c.Script == s.Name && c.Via == nil {
					d.tools = append(d.tools, c)
				}
			}
			defs[s.Name] = append(defs[s.Name], d)
		}
	}
	if len(defs) == 0 {
		return
	}
	var runs func(name string, seen map[string]bool) []toolRef
	runs = func(name string, seen map[string]bool) []toolRef {
		if seen[name] {
			return nil
		}
		seen[name] = true
		var out []toolRef
		for _, d := range defs[name] {
			for _, c := range d.tools {
				out = append(out, toolRef{c, d.path})
			}
			for _, c := range d.calls {
				out = append(out, runs(c.Script, seen)...)
			}
		}
		return out
	}
	// reached lists the scripts a script runs, itself included.
	var reached func(name string, seen map[string]bool)
	reached = func(name string, seen map[string]bool) {
		if seen[name] {
			return
		}
		seen[name] = true
		for _, d := range defs[name] {
			for _, c := range d.calls {
				reached(c.Script, seen)
			}
		}
	}
	callers := map[string][]parser.ScriptCaller{}
	addVia := func(f *parser.File, c parser.ScriptCall, script string) {
		for _, ref := range runs(c.Script, map[string]bool{}) {
			via := &parser.ScriptRef{Script: c.Script, Command: ref.cmd.Text, Path: ref.path, Line: int(ref.cmd.Span.Line)}
			f.Project.Commands = append(f.Project.Commands, parser.ToolCommand{Tool: ref.cmd.Tool, Effect: ref.cmd.Effect,
				Text: c.Text, Span: c.Span, Script: script, Via: via})
			if ref.cmd.Effect == parser.EffectPush && ref.cmd.Tool != "atlas" {
				f.PushCommands = append(f.PushCommands, parser.PushCommand{Text: c.Text, Span: c.Span, Script: script,
					Via: via, RunBy: []parser.ScriptCaller{}})
			}
		}
	}
	for _, f := range docs {
		switch f.Project.Kind {
		case parser.ProjectWorkflow, parser.ProjectCompose:
			for _, c := range parser.ScriptCalls(srcs[f.File.Path]) {
				if _, ok := defs[c.Script]; !ok {
					continue
				}
				addVia(f.Parsed, c, "")
				seen := map[string]bool{}
				reached(c.Script, seen)
				caller := parser.ScriptCaller{Path: f.File.Path, Line: int(c.Span.Line), Text: c.Text}
				for name := range seen {
					callers[name] = append(callers[name], caller)
				}
			}
		}
	}
	for _, ds := range defs {
		for _, d := range ds {
			for _, c := range d.calls {
				if _, ok := defs[c.Script]; ok && c.Script != d.name {
					addVia(d.doc, c, d.name)
				}
			}
		}
	}
	for _, f := range docs {
		sortByStart(f.Parsed)
		if f.Project.Kind != parser.ProjectPackageJSON {
			continue
		}
		for i := range f.PushCommands {
			pc := &f.PushCommands[i]
			if pc.Script != "" {
				pc.RunBy = append([]parser.ScriptCaller{}, callers[pc.Script]...)
				slices.SortFunc(pc.RunBy, func(a, b parser.ScriptCaller) int {
					return strings.Compare(fmt.Sprintf("%s:%09d", a.Path, a.Line), fmt.Sprintf("%s:%09d", b.Path, b.Line))
				})
			}
		}
	}
}

// sortByStart keeps a document's commands in file order after resolution
// added some.
func sortByStart(f *parser.File) {
	slices.SortStableFunc(f.PushCommands, func(a, b parser.PushCommand) int { return int(a.Span.Start - b.Span.Start) })
	slices.SortStableFunc(f.Project.Commands, func(a, b parser.ToolCommand) int { return int(a.Span.Start - b.Span.Start) })
}
