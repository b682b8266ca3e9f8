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
