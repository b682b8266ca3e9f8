// Package gencheck answers "do the ORM schema and the migrations agree?"
// the way drizzle-kit check does for drizzle alone, for any generator: it
// runs the generator on a scratch copy of the project and reports the
// migration files it would write or change. The real working tree is never
// touched.
package gencheck

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"

	"github.com/ddlgate/ddlgate/internal/gitdiff"
	"github.com/ddlgate/ddlgate/parser"
)

// Options configure Check.
type Options struct {
	// WorkDir is the directory the generator runs in (the project).
	WorkDir string
	// Dir is the migrations directory, relative to WorkDir; "" when it does
	// not exist yet, in which case Candidates are looked for after the run.
	Dir        string
	Candidates []string
	// Command is the generator and its arguments.
	Command []string
	// Stdout and Stderr receive the generator's output; nil discards it.
	Stdout, Stderr io.Writer
	// Env is the generator's environment; nil is the process's.
	Env []string
}

// File is a migration file the generator would write or change.
type File struct {
	// Path is relative to WorkDir, slash-separated.
	Path string `json:"path"`
	// Status is new or changed.
	Status string `json:"status"`
	// Statements are the SQL statements of a .sql file, as written: the
	// schema change no migration captures.
	Statements []string `json:"statements"`
}

// Result is what the generator would have written.
type Result struct {
	// Dir is the migrations directory looked at, relative to WorkDir.
	Dir   string `json:"dir"`
	Files []File `json:"files"`
}

// GeneratorError is a generator that ran and failed; ExitCode is its own.
type GeneratorError struct {
	ExitCode int
	Err      error
}

func (e *GeneratorError) Error() string { return fmt.Sprintf("generator failed: %v", e.Err) }
func (e *GeneratorError) Unwrap() error { return e.Err }

// Check copies the project to a scratch directory, runs the generator there
// and returns what it wrote in the migrations directory. The scratch copy
// is removed afterwards.
func Check(ctx context.Context, o Options) (*Result, error) {
	if len(o.Command) == 0 {
		return nil, errors.New("check: no generator command")
	}
	work, err := filepath.Abs(o.WorkDir)
	if err != nil {
		return nil, fmt.Errorf("check: %w", err)
	}
	root := projectRoot(ctx, work)
	scratch, err := os.MkdirTemp("", "ddlgate-generate-check-")
	if err != nil {
		return nil, fmt.Errorf("make scratch copy: %w", err)
	}
	defer os.RemoveAll(scratch)
	rel, err := filepath.Rel(root, work)
	if err != nil {
		return nil, fmt.Errorf("make scratch copy: %w", err)
	}
	keep := []string{filepath.Join(rel, o.Dir)}
	for _, c := range o.Candidates {
		keep = append(keep, filepath.Join(rel, c))
	}
	if err := copyProject(ctx, root, scratch, keep); err != nil {
		return nil, err
	}
	scratchWork := filepath.Join(scratch, rel)
	dir := o.Dir
	var before Snapshot
	if dir != "" {
		if before, err = TakeSnapshot(filepath.Join(scratchWork, dir)); err != nil {
			return nil, err
		}
	}
	var realBefore Snapshot
	if dir != "" {
		if realBefore, err = TakeSnapshot(filepath.Join(work, dir)); err != nil {
			return nil, err
		}
	}

	gen := exec.CommandContext(ctx, o.Command[0], o.Command[1:]...)
	gen.Dir = scratchWork
	gen.Env = o.Env
	gen.Stdout, gen.Stderr = orDiscard(o.Stdout), orDiscard(o.Stderr)
	if err := gen.Run(); err != nil {
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			return nil, &GeneratorError{ExitCode: exit.ExitCode(), Err: exit}
		}
		return nil, fmt.Errorf("run generator: %w", err)
	}

	if dir == "" {
		for _, c := range o.Candidates {
			if fi, err := os.Stat(filepath.Join(scratchWork, c)); err == nil && fi.IsDir() {
				dir = c
				break
			}
		}
	}
	res := &Result{Dir: filepath.ToSlash(dir), Files: []File{}}
	if dir == "" {
		return res, nil
	}
	after, err := TakeSnapshot(filepath.Join(scratchWork, dir))
	if err != nil {
		return nil, err
	}
	for _, p := range after.ChangedSince(before) {
		f := File{Path: filepath.ToSlash(filepath.Join(dir, p)), Status: "changed", Statements: []string{}}
		if _, ok := before[filepath.ToSlash(p)]; !ok {
			f.Status = "new"
		}
		if strings.HasSuffix(p, ".sql") {
			src, err := os.ReadFile(filepath.Join(scratchWork, dir, p))
			if err != nil {
				return nil, fmt.Errorf("read what the generator wrote: %w", err)
			}
			for _, s := range parser.Parse(src, parser.Options{Path: p}).Statements {
				f.Statements = append(f.Statements, s.Text)
			}
		}
		res.Files = append(res.Files, f)
	}
	// The copy shares ignored directories with the real tree through
	// symbolic links; prove nothing leaked through them.
	if o.Dir != "" {
		realAfter, err := TakeSnapshot(filepath.Join(work, o.Dir))
		if err != nil {
			return nil, err
		}
		if changed := realAfter.ChangedSince(realBefore); len(changed) > 0 || len(realAfter) != len(realBefore) {
			return nil, fmt.Errorf("check: the generator changed the real %s through a link of the scratch copy (%s)", o.Dir, strings.Join(changed, ", "))
		}
	}
	return res, nil
}

func orDiscard(w io.Writer) io.Writer {
	if w == nil {
		return io.Discard
	}
	return w
}

// projectRoot is the top of the git work tree holding dir, or dir itself:
// the generator may read files above its directory (a monorepo's shared
// configuration).
func projectRoot(ctx context.Context, dir string) string {
	out, err := gitdiff.Run(ctx, dir, "rev-parse", "--show-toplevel")
	if err != nil {
		return dir
	}
	top := strings.TrimSpace(string(out))
	if top == "" {
		return dir
	}
	// Resolve symbolic links on both sides so Rel works (macOS /private).
	if real, err := filepath.EvalSymlinks(top); err == nil {
		top = real
	}
	if real, err := filepath.EvalSymlinks(dir); err == nil && strings.HasPrefix(real, top) {
		return top
	}
	return dir
}

// copyProject copies the project at root into dst: in a git work tree, the
// files git tracks or would track (ignored ones excluded); elsewhere,
// everything but .git. Ignored directories (node_modules...) and files
// (.env) are linked rather than copied, so the generator still finds its
// dependencies and settings without copying gigabytes, except those on the
// way to a migrations directory in keep, which are copied so the generator
// cannot write through a link into the real tree.
func copyProject(ctx context.Context, root, dst string, keep []string) error {
	files, ignored, err := listProject(ctx, root)
	if err != nil {
		return err
	}
	for _, rel := range files {
		if err := copyEntry(filepath.Join(root, rel), filepath.Join(dst, rel)); err != nil {
			return err
		}
	}
	for _, rel := range ignored {
		src, target := filepath.Join(root, rel), filepath.Join(dst, rel)
		if onTheWay(rel, keep) {
			if err := copyTree(src, target); err != nil {
				return err
			}
			continue
		}
		if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
			return fmt.Errorf("make scratch copy: %w", err)
		}
		if err := os.Symlink(src, target); err != nil && !errors.Is(err, fs.ErrExist) {
			return fmt.Errorf("make scratch copy: %w", err)
		}
	}
	return nil
}

// onTheWay reports whether rel is, holds or lies in one of keep.
func onTheWay(rel string, keep []string) bool {
	rel = filepath.Clean(rel)
	for _, k := range keep {
		k = filepath.Clean(k)
		if rel == k || strings.HasPrefix(k, rel+string(filepath.Separator)) || strings.HasPrefix(rel, k+string(filepath.Separator)) {
			return true
		}
	}
	return false
}

// listProject lists the files to copy and the ignored entries to link,
// relative to root.
func listProject(ctx context.Context, root string) (files, ignored []string, err error) {
	if out, err := gitdiff.Run(ctx, root, "ls-files", "-z", "--cached", "--others", "--exclude-standard"); err == nil {
		for name := range bytes.SplitSeq(out, []byte{0}) {
			if len(name) > 0 {
				files = append(files, filepath.FromSlash(string(name)))
			}
		}
		out, err := gitdiff.Run(ctx, root, "ls-files", "-z", "--others", "--ignored", "--exclude-standard", "--directory")
		if err != nil {
			return nil, nil, fmt.Errorf("list ignored files: %w", err)
		}
		for name := range bytes.SplitSeq(out, []byte{0}) {
			if len(name) > 0 {
				ignored = append(ignored, filepath.FromSlash(strings.TrimSuffix(string(name), "/")))
			}
		}
		return slices.Compact(files), ignored, nil
	}
	err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		switch {
		case rel == ".":
			return nil
		case d.IsDir() && d.Name() == ".git":
			return fs.SkipDir
		case d.IsDir() && d.Name() == "node_modules":
			ignored = append(ignored, rel)
			return fs.SkipDir
		case !d.IsDir():
			files = append(files, rel)
		}
		return nil
	})
	if err != nil {
		return nil, nil, fmt.Errorf("list project files: %w", err)
	}
	return files, ignored, nil
}

// copyEntry copies one file (or recreates one symbolic link), keeping its
// mode; a file listed but gone from the working tree is skipped.
func copyEntry(src, dst string) error {
	fi, err := os.Lstat(src)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("make scratch copy: %w", err)
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return fmt.Errorf("make scratch copy: %w", err)
	}
	switch {
	case fi.Mode()&fs.ModeSymlink != 0:
		target, err := os.Readlink(src)
		if err != nil {
			return fmt.Errorf("make scratch copy: %w", err)
		}
		return os.Symlink(target, dst)
	case fi.IsDir():
		return copyTree(src, dst) // a submodule or nested repository
	case !fi.Mode().IsRegular():
		return nil
	}
	in, err := os.Open(src)
	if err != nil {
		return fmt.Errorf("make scratch copy: %w", err)
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, fi.Mode().Perm())
	if err != nil {
		return fmt.Errorf("make scratch copy: %w", err)
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return fmt.Errorf("make scratch copy: %w", err)
	}
	return out.Close()
}

func copyTree(src, dst string) error {
	return filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		return copyEntry(p, filepath.Join(dst, rel))
	})
}

// Snapshot maps each file under a directory, by slash path relative to it,
// to the sha256 of its content.
type Snapshot map[string][sha256.Size]byte

// TakeSnapshot hashes every regular file under dir; a directory that does
// not exist yet is empty.
func TakeSnapshot(dir string) (Snapshot, error) {
	snap := Snapshot{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == dir && errors.Is(err, fs.ErrNotExist) {
				return fs.SkipAll
			}
			return err
		}
		if !d.Type().IsRegular() {
			return nil
		}
		src, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		snap[filepath.ToSlash(rel)] = sha256.Sum256(src)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("snapshot %s: %w", dir, err)
	}
	return snap, nil
}

// ChangedSince returns the files of s that are new or differ from before,
// sorted, as native relative paths.
func (s Snapshot) ChangedSince(before Snapshot) []string {
	var out []string
	for p, sum := range s {
		if old, ok := before[p]; !ok || old != sum {
			out = append(out, filepath.FromSlash(p))
		}
	}
	slices.Sort(out)
	return out
}
