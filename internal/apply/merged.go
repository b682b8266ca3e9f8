package apply

import (
	"context"
	"fmt"
	"path/filepath"

	"github.com/ddlgate/ddlgate/internal/gitdiff"
)

// requireMerged checks that every pending file is committed, with the
// content about to run, on the branch ref (tried as given, then as
// origin/<ref>, for CI checkouts without local branches), and returns the
// commit of ref, which the audit rows record as the commit applied from.
// Reasons name each file that is not: uncommitted, modified in the working
// tree, or committed only on another branch.
func requireMerged(ctx context.Context, dir, ref string, pending []Entry) (commit string, reasons []string, err error) {
	absDir, err := filepath.Abs(dir)
	if err != nil {
		return "", nil, fmt.Errorf("require merged: %w", err)
	}
	repo, err := gitdiff.Open(ctx, absDir)
	if err != nil {
		return "", nil, fmt.Errorf("require merged on %s: %w", ref, err)
	}
	branch := ref
	if commit, err = repo.Resolve(ctx, branch); err != nil {
		branch = "origin/" + ref
		if commit, err = repo.Resolve(ctx, branch); err != nil {
			return "", nil, fmt.Errorf("require merged on %s: no branch %s or origin/%s here (fetch it)", ref, ref, ref)
		}
	}
	rel := make([]string, len(pending))
	for i, e := range pending {
		p, err := filepath.Abs(e.Path)
		if err == nil {
			p, err = filepath.Rel(absDir, p)
		}
		if err != nil {
			return "", nil, fmt.Errorf("require merged: %w", err)
		}
		rel[i] = filepath.ToSlash(p)
	}
	onBranch, err := repo.Blobs(ctx, commit, rel...)
	if err != nil {
		return "", nil, err
	}
	atHead := map[string]string{}
	if _, err := repo.Resolve(ctx, "HEAD"); err == nil {
		if atHead, err = repo.Blobs(ctx, "HEAD", rel...); err != nil {
			return "", nil, err
		}
	}
	worktree, err := repo.HashFiles(ctx, rel...)
	if err != nil {
		return "", nil, err
	}
	for i, e := range pending {
		p, now := rel[i], worktree[i]
		merged, head := onBranch[p], atHead[p]
		switch {
		case merged == now:
			continue
		case head == "":
			reasons = append(reasons, fmt.Sprintf("%s: not committed; commit it and merge it into %s before applying", e.Path, ref))
		case head != now:
			reasons = append(reasons, fmt.Sprintf("%s: modified in the working tree; what would run is not what %s holds", e.Path, branch))
		case merged == "":
			reasons = append(reasons, fmt.Sprintf("%s: committed on this branch but not on %s; merge it first", e.Path, branch))
		default:
			reasons = append(reasons, fmt.Sprintf("%s: differs from its version on %s; merge this change first", e.Path, branch))
		}
	}
	return commit, reasons, nil
}
