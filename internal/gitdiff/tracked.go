package gitdiff

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"strings"
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
	blobs, err := r.Blobs(ctx, ref, paths...)
	if err != nil {
		return nil, err
	}
	files := make(map[string]bool, len(blobs))
	for p := range blobs {
		files[p] = true
	}
	return files, nil
}

// Blobs returns the blob id of each file under paths (relative to Dir, or
// absolute) in the tree of commit ref, by path relative to Dir.
func (r *Repo) Blobs(ctx context.Context, ref string, paths ...string) (map[string]string, error) {
	commit, err := r.Resolve(ctx, ref)
	if err != nil {
		return nil, err
	}
	if len(paths) == 0 {
		paths = []string{"."}
	}
	out, err := r.git(ctx, append([]string{"ls-tree", "-r", "-z", "--full-name", commit, "--"}, paths...)...)
	if err != nil {
		return nil, fmt.Errorf("list files of %s: %w", ref, err)
	}
	blobs := map[string]string{}
	for entry := range bytes.SplitSeq(out, []byte{0}) {
		// <mode> SP <type> SP <object> TAB <file>
		meta, name, ok := bytes.Cut(entry, []byte{'\t'})
		fields := bytes.Fields(meta)
		if !ok || len(fields) != 3 || string(fields[1]) != "blob" {
			continue
		}
		blobs[filepath.ToSlash(r.fromTop(string(name)))] = string(fields[2])
	}
	return blobs, nil
}

// HashFiles returns the blob id git would store for each file (relative to
// Dir, or absolute), with the path's clean filters applied, in order.
func (r *Repo) HashFiles(ctx context.Context, paths ...string) ([]string, error) {
	if len(paths) == 0 {
		return nil, nil
	}
	out, err := r.git(ctx, append([]string{"hash-object", "--"}, paths...)...)
	if err != nil {
		return nil, fmt.Errorf("hash files: %w", err)
	}
	ids := strings.Fields(string(out))
	if len(ids) != len(paths) {
		return nil, fmt.Errorf("hash files: %d ids for %d files", len(ids), len(paths))
	}
	return ids, nil
}
