package gitdiff

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
)

// Tracked returns the files under paths (relative to Dir, or absolute) that
// git tracks (committed or staged), relative to Dir. No paths means all of
// Dir.
func (r *Repo) Tracked(ctx context.Context, paths ...string) (map[string]bool, error) {
	if len(paths) == 0 {
		paths = []string{"."}
	}
	out, err := r.git(ctx, append([]string{"ls-files", "-z", "--full-name", "--"}, paths...)...)
	if err != nil {
		return nil, fmt.Errorf("list tracked files: %w", err)
	}
	tracked := map[string]bool{}
	for name := range bytes.SplitSeq(out, []byte{0}) {
		if len(name) > 0 {
			tracked[filepath.ToSlash(r.fromTop(string(name)))] = true
		}
	}
	return tracked, nil
}

// FilesAt returns the files under paths (relative to Dir, or absolute) in
// the tree of commit ref, relative to Dir.
func (r *Repo) FilesAt(ctx context.Context, ref string, paths ...string) (map[string]bool, error) {
	commit, err := r.Resolve(ctx, ref)
	if err != nil {
		return nil, err
	}
	if len(paths) == 0 {
		paths = []string{"."}
	}
	out, err := r.git(ctx, append([]string{"ls-tree", "-r", "-z", "--name-only", "--full-name", commit, "--"}, paths...)...)
	if err != nil {
		return nil, fmt.Errorf("list files of %s: %w", ref, err)
	}
	files := map[string]bool{}
	for name := range bytes.SplitSeq(out, []byte{0}) {
		if len(name) > 0 {
			files[filepath.ToSlash(r.fromTop(string(name)))] = true
		}
	}
	return files, nil
}
