// Package gitdiff answers the questions the ci gate asks git: which commit a
// branch forked from, and which files changed since then. It runs the git
// binary rather than reading the object store, so it sees exactly what the
// user's git sees (worktrees, sparse checkouts, shallow clones, config).
package gitdiff

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
)

// DefaultBaseRefs are tried in order when no base is given: the first that
// exists decides the merge base. Remote refs come first because CI checkouts
// often have no local main branch.
var DefaultBaseRefs = []string{"origin/main", "main", "origin/master", "master"}

// Repo is a git working tree seen from one of its directories.
type Repo struct {
	// Dir is the directory git runs in; paths are reported relative to it.
	Dir string
	// prefix is Dir relative to the top of the working tree ("" at the top,
	// else ending in "/"), as git prints it: comparing it with git's own
	// paths avoids symlink mismatches between Dir and the toplevel.
	prefix string
}

// Open returns the repository that contains dir, or an error saying dir is
// not inside a git working tree.
func Open(ctx context.Context, dir string) (*Repo, error) {
	r := &Repo{Dir: dir}
	out, err := r.git(ctx, "rev-parse", "--show-prefix")
	if err != nil {
		return nil, fmt.Errorf("open git repository at %s: %w", dir, err)
	}
	r.prefix = strings.TrimSpace(string(out))
	return r, nil
}

// Prefix returns Dir relative to the top of the working tree as a slash
// path: "" at the top, else ending in "/".
func (r *Repo) Prefix() string { return r.prefix }

// Toplevel returns the absolute path of the top of the working tree.
func (r *Repo) Toplevel(ctx context.Context) (string, error) {
	out, err := r.git(ctx, "rev-parse", "--show-toplevel")
	if err != nil {
		return "", fmt.Errorf("find the top of the git working tree: %w", err)
	}
	return strings.TrimSpace(string(out)), nil
}

// Resolve returns the commit id a ref names, or an error naming the ref.
func (r *Repo) Resolve(ctx context.Context, ref string) (string, error) {
	if strings.HasPrefix(ref, "-") {
		return "", fmt.Errorf("resolve %q: not a git ref", ref)
	}
	out, err := r.git(ctx, "rev-parse", "--verify", "--quiet", "--end-of-options", ref+"^{commit}")
	if err != nil {
		return "", fmt.Errorf("resolve %q: unknown revision (fetch it, or check the name)", ref)
	}
	return strings.TrimSpace(string(out)), nil
}

// MergeBase returns the best common ancestor of HEAD and ref.
func (r *Repo) MergeBase(ctx context.Context, ref string) (string, error) {
	commit, err := r.Resolve(ctx, ref)
	if err != nil {
		return "", err
	}
	out, err := r.git(ctx, "merge-base", "HEAD", commit)
	if err != nil {
		return "", fmt.Errorf("find merge base of HEAD and %s: %w (in a shallow clone, fetch more history)", ref, err)
	}
	return strings.TrimSpace(string(out)), nil
}

// DefaultBase returns the merge base of HEAD with the first of
// DefaultBaseRefs that exists, and that ref's name.
func (r *Repo) DefaultBase(ctx context.Context) (commit, ref string, err error) {
	for _, ref := range DefaultBaseRefs {
		if _, err := r.Resolve(ctx, ref); err != nil {
			continue
		}
		commit, err := r.MergeBase(ctx, ref)
		if err != nil {
			return "", "", err
		}
		return commit, ref, nil
	}
	return "", "", fmt.Errorf("find base: none of %s exists (pass a base ref)", strings.Join(DefaultBaseRefs, ", "))
}

// Changed returns the files under paths (relative to Dir, or absolute) that
// differ from commit base: committed since, staged, modified in the working
// tree, or untracked and not ignored. No paths means all of Dir. Deleted
// files are left out: there is nothing left to lint. Paths come back relative to Dir, sorted, without
// duplicates.
func (r *Repo) Changed(ctx context.Context, base string, paths ...string) ([]string, error) {
	commit, err := r.Resolve(ctx, base)
	if err != nil {
		return nil, err
	}
	if len(paths) == 0 {
		// git diff would list the whole tree but ls-files only Dir: agree on Dir.
		paths = []string{"."}
	}
	diffArgs := append([]string{"diff", "--name-only", "-z", "--no-renames", "--diff-filter=d", commit, "--"}, paths...)
	tracked, err := r.git(ctx, diffArgs...)
	if err != nil {
		return nil, fmt.Errorf("list files changed since %s: %w", base, err)
	}
	untrackedArgs := append([]string{"ls-files", "--others", "--exclude-standard", "--full-name", "-z", "--"}, paths...)
	untracked, err := r.git(ctx, untrackedArgs...)
	if err != nil {
		return nil, fmt.Errorf("list untracked files: %w", err)
	}
	seen := map[string]bool{}
	var out []string
	for _, list := range [][]byte{tracked, untracked} {
		for name := range bytes.SplitSeq(list, []byte{0}) {
			if len(name) == 0 {
				continue
			}
			p := r.fromTop(string(name))
			if !seen[p] {
				seen[p] = true
				out = append(out, p)
			}
		}
	}
	slices.Sort(out)
	return out, nil
}

// fromTop turns a path relative to the top of the working tree (git's
// --name-only and --full-name output) into one relative to Dir.
func (r *Repo) fromTop(p string) string {
	if rest, ok := strings.CutPrefix(p, r.prefix); ok {
		return filepath.FromSlash(rest)
	}
	rel, err := filepath.Rel(filepath.FromSlash(r.prefix), filepath.FromSlash(p))
	if err != nil {
		return filepath.FromSlash(p)
	}
	return rel
}

// git runs one git command in Dir and returns its stdout; a failure carries
// git's own message.
func (r *Repo) git(ctx context.Context, args ...string) ([]byte, error) {
	return Run(ctx, r.Dir, args...)
}

// Run runs one git command in dir and returns its stdout; a failure carries
// the first line of git's own message. Paths are not quoted, messages are
// untranslated, and no optional lock races the user's own git in the tree.
func Run(ctx context.Context, dir string, args ...string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, "git", append([]string{"-c", "core.quotepath=off"}, args...)...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "LC_ALL=C", "GIT_OPTIONAL_LOCKS=0")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			if msg := strings.TrimSpace(stderr.String()); msg != "" {
				return nil, fmt.Errorf("git %s: %s", args[0], firstLine(msg))
			}
		}
		return nil, fmt.Errorf("git %s: %w", args[0], err)
	}
	return out, nil
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}
