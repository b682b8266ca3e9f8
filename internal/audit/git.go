package audit

import (
	"bytes"
	"context"
	"errors"
	"path/filepath"
	"regexp"
	"strings"
	"sync"

	"github.com/ddlgate/ddlgate/internal/gitdiff"
)

// Commit is a git commit as evidence: who, when, what.
type Commit struct {
	ID      string `json:"id" desc:"full commit id"`
	Author  string `json:"author" desc:"author name"`
	Email   string `json:"email" desc:"author email"`
	Date    string `json:"date" desc:"author date, RFC 3339"`
	Subject string `json:"subject" desc:"first line of the message"`
}

// Short is the abbreviated commit id.
func (c Commit) Short() string {
	if len(c.ID) > 10 {
		return c.ID[:10]
	}
	return c.ID
}

// GitEvidence is what git says of one migration file.
type GitEvidence struct {
	Status string `json:"status" desc:"committed, modified (differs from HEAD in the working tree or index), staged (added but not committed) or untracked"`
	// Added is the commit that added the file (under its current name or,
	// across renames, its first one); nil when it is not committed.
	Added *Commit `json:"added" desc:"the commit that added the file; null when not committed"`
	// Merge is the merge commit that brought Added into the audited branch;
	// nil when Added is on the branch itself (a direct or squash commit).
	Merge       *Commit `json:"merge" desc:"the merge commit that brought the adding commit into the audited branch; null for a commit made on the branch itself (direct or squash-merged)"`
	PullRequest string  `json:"pull_request" desc:"the pull or merge request named by the merge or squash commit message (#12, !34); empty when none"`
	// ChangedBeforeMerge are later commits that came in with the same
	// merge (review fixes); ChangedAfterMerge the others: a migration
	// edited after it was merged (or, without a merge, after it was added).
	ChangedBeforeMerge []Commit `json:"changed_before_merge" desc:"later commits to the file that came in with the same merge (review fixes)"`
	ChangedAfterMerge  []Commit `json:"changed_after_merge" desc:"later commits to the file after it was merged (or added, without a merge): a finding"`
}

// history is the git history of the migration files of a project.
type history struct {
	root string
	// byPath maps a file (slash path relative to root) to its commits,
	// oldest first, following renames.
	byPath map[string][]*logCommit
	// mergedBy maps a commit to the first-parent merge of HEAD that brought
	// it in ("" for commits on the first-parent chain itself).
	mergedBy map[string]string
	commits  map[string]*logCommit
	status   map[string]string
	head     string
	branch   string
	// prefix is root relative to the top of the work tree, as git prints
	// it ("" or ending in "/").
	prefix string
}

type logCommit struct {
	Commit
	body string
}

// errNoGit means the project is not in a git work tree.
var errNoGit = errors.New("not a git work tree")

// readHistory reads the history of the files under dirs (relative to
// root): one git log over the directories, one walk of the commit graph,
// one status.
func readHistory(ctx context.Context, root string, dirs []string) (*history, error) {
	repo, err := gitdiff.Open(ctx, root)
	if err != nil {
		return nil, errNoGit
	}
	h := &history{root: root, byPath: map[string][]*logCommit{}, mergedBy: map[string]string{},
		commits: map[string]*logCommit{}, status: map[string]string{}, prefix: repo.Prefix()}
	if out, err := gitdiff.Run(ctx, root, "rev-parse", "--verify", "--quiet", "HEAD"); err == nil {
		h.head = strings.TrimSpace(string(out))
	}
	if out, err := gitdiff.Run(ctx, root, "rev-parse", "--abbrev-ref", "HEAD"); err == nil {
		h.branch = strings.TrimSpace(string(out))
	}
	if err := h.readStatus(ctx, dirs); err != nil {
		return nil, err
	}
	if h.head == "" || len(dirs) == 0 {
		return h, nil
	}
	if err := h.readLog(ctx, dirs); err != nil {
		return nil, err
	}
	if err := h.readMerges(ctx); err != nil {
		return nil, err
	}
	return h, nil
}

// readStatus records uncommitted files: untracked, staged or modified.
func (h *history) readStatus(ctx context.Context, dirs []string) error {
	if len(dirs) == 0 {
		return nil
	}
	out, err := gitdiff.Run(ctx, h.root, append([]string{"status", "--porcelain=v1", "-z", "--untracked-files=all", "--"}, dirs...)...)
	if err != nil {
		return err
	}
	entries := bytes.Split(out, []byte{0})
	for i := 0; i < len(entries); i++ {
		e := entries[i]
		if len(e) < 4 {
			continue
		}
		x, y, p := e[0], e[1], h.fromTop(string(e[3:]))
		switch {
		case x == '?':
			h.status[p] = "untracked"
		case x == 'A' && y == ' ':
			h.status[p] = "staged"
		default:
			h.status[p] = "modified"
		}
		if x == 'R' || x == 'C' {
			i++ // the original path follows
		}
	}
	return nil
}

// fromTop turns git's top-relative path into one relative to root.
func (h *history) fromTop(p string) string {
	return strings.TrimPrefix(p, h.prefix)
}

const (
	recordSep = "\x1e"
	fieldSep  = "\x1f"
	bodyEnd   = "\x1d"
)

// readLog reads every commit that touched the directories, oldest first,
// with the files it added, modified, renamed or deleted there.
func (h *history) readLog(ctx context.Context, dirs []string) error {
	format := recordSep + strings.Join([]string{"%H", "%an", "%ae", "%aI", "%s", "%b"}, fieldSep) + bodyEnd
	args := append([]string{"log", "--reverse", "--relative", "-M", "--name-status", "--format=" + format, "HEAD", "--"}, dirs...)
	out, err := gitdiff.Run(ctx, h.root, args...)
	if err != nil {
		return err
	}
	for _, rec := range strings.Split(string(out), recordSep) {
		if rec == "" {
			continue
		}
		head, changes, _ := strings.Cut(rec, bodyEnd)
		f := strings.Split(head, fieldSep)
		if len(f) < 6 {
			continue
		}
		c := &logCommit{Commit: Commit{ID: f[0], Author: f[1], Email: f[2], Date: f[3], Subject: f[4]}, body: f[5]}
		h.commits[c.ID] = c
		for _, line := range strings.Split(changes, "\n") {
			parts := strings.Split(line, "\t")
			if len(parts) < 2 || parts[0] == "" {
				continue
			}
			switch kind := parts[0][0]; {
			case kind == 'A':
				h.byPath[filepath.ToSlash(parts[1])] = []*logCommit{c}
			case kind == 'D':
				delete(h.byPath, filepath.ToSlash(parts[1]))
			case (kind == 'R' || kind == 'C') && len(parts) >= 3:
				old, renamed := filepath.ToSlash(parts[1]), filepath.ToSlash(parts[2])
				prev := h.byPath[old]
				if kind == 'R' {
					delete(h.byPath, old)
				}
				h.byPath[renamed] = append(append([]*logCommit(nil), prev...), c)
			default:
				p := filepath.ToSlash(parts[1])
				h.byPath[p] = append(h.byPath[p], c)
			}
		}
	}
	return nil
}

// readMerges walks the commit graph of HEAD once and records, for every
// commit not on HEAD's first-parent chain, the first-parent merge that
// brought it in.
func (h *history) readMerges(ctx context.Context) error {
	out, err := gitdiff.Run(ctx, h.root, "log", "--format=%H %P", "HEAD")
	if err != nil {
		return err
	}
	parents := map[string][]string{}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		f := strings.Fields(line)
		if len(f) > 0 {
			parents[f[0]] = f[1:]
		}
	}
	var mainline []string
	for c := h.head; c != ""; {
		mainline = append(mainline, c)
		if ps := parents[c]; len(ps) > 0 {
			c = ps[0]
		} else {
			c = ""
		}
	}
	seen := map[string]bool{}
	for i := len(mainline) - 1; i >= 0; i-- {
		m := mainline[i]
		seen[m] = true
		h.mergedBy[m] = ""
		stack := append([]string(nil), parents[m][min(1, len(parents[m])):]...)
		for len(stack) > 0 {
			c := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if seen[c] {
				continue
			}
			seen[c] = true
			h.mergedBy[c] = m
			stack = append(stack, parents[c]...)
		}
	}
	return nil
}

// pullRequestPatterns find the pull or merge request a merge or squash
// commit message names: GitHub's merge and squash messages, GitLab's merge
// request trailer, Bitbucket's merge message. Compiled on first use, as
// htmlTemplate.
var pullRequestPatterns = sync.OnceValue(func() []*regexp.Regexp {
	return []*regexp.Regexp{
		regexp.MustCompile(`^Merge pull request (#\d+)`),
		regexp.MustCompile(`See merge request [\w./-]*(![0-9]+)`),
		regexp.MustCompile(`\(pull request (#\d+)\)`),
		regexp.MustCompile(`\((#\d+)\)\s*$`),
	}
})

func pullRequest(c *logCommit) string {
	for _, re := range pullRequestPatterns() {
		for _, text := range []string{c.Subject, c.body} {
			if m := re.FindStringSubmatch(text); m != nil {
				return m[1]
			}
		}
	}
	return ""
}

// evidence returns what git says of the file at p (slash path relative to
// root).
func (h *history) evidence(ctx context.Context, p string) *GitEvidence {
	ev := &GitEvidence{Status: "committed", ChangedBeforeMerge: []Commit{}, ChangedAfterMerge: []Commit{}}
	if s, ok := h.status[p]; ok {
		ev.Status = s
	}
	commits := h.byPath[p]
	if len(commits) == 0 {
		if ev.Status == "committed" {
			ev.Status = "untracked"
		}
		return ev
	}
	added := commits[0]
	ev.Added = &added.Commit
	mergeID := h.mergedBy[added.ID]
	if mergeID != "" {
		if m := h.commit(ctx, mergeID); m != nil {
			ev.Merge = &m.Commit
			ev.PullRequest = pullRequest(m)
		}
	}
	if ev.PullRequest == "" {
		ev.PullRequest = pullRequest(added)
	}
	for _, c := range commits[1:] {
		if mergeID != "" && h.mergedBy[c.ID] == mergeID {
			ev.ChangedBeforeMerge = append(ev.ChangedBeforeMerge, c.Commit)
		} else {
			ev.ChangedAfterMerge = append(ev.ChangedAfterMerge, c.Commit)
		}
	}
	return ev
}

// commit returns a commit by id, reading it from git when the log of the
// directories did not hold it (merge commits).
func (h *history) commit(ctx context.Context, id string) *logCommit {
	if c, ok := h.commits[id]; ok {
		return c
	}
	out, err := gitdiff.Run(ctx, h.root, "show", "-s", "--format="+strings.Join([]string{"%H", "%an", "%ae", "%aI", "%s", "%b"}, fieldSep), id)
	if err != nil {
		return nil
	}
	f := strings.Split(strings.TrimRight(string(out), "\n"), fieldSep)
	if len(f) < 6 {
		return nil
	}
	c := &logCommit{Commit: Commit{ID: f[0], Author: f[1], Email: f[2], Date: f[3], Subject: f[4]}, body: f[5]}
	h.commits[id] = c
	return c
}
