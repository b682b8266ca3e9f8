package lint

import (
	"path/filepath"
	"strings"
)

// relativeTo shows p relative to dir (or the working directory) when it lies
// inside it.
func relativeTo(dir, p string) string {
	base := dir
	if base == "" {
		base = "."
	}
	if abs, err := filepath.Abs(base); err == nil {
		if rel, err := filepath.Rel(abs, p); err == nil && !strings.HasPrefix(rel, "..") {
			return filepath.ToSlash(rel)
		}
	}
	return p
}
