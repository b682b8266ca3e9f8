package audit

import (
	"context"
	"testing"

	"github.com/ddlgate/ddlgate/internal/gittest"
)

func TestGitEvidenceOfMergeStyles(t *testing.T) {
	r := gittest.New(t)
	r.Write("db/0001_init.sql", "CREATE TABLE a (id bigint PRIMARY KEY);\n")
	r.Commit("Initial schema") // directly on main

	// A squash merge: one commit on main naming the pull request.
	r.Write("db/0002_b.sql", "CREATE TABLE b (id bigint PRIMARY KEY);\n")
	r.Commit("Add table b (#34)")

	// A GitLab merge: the request is named in the merge commit's body, and a
	// review fix came in with it.
	r.Git("checkout", "--quiet", "-b", "c")
	r.Write("db/0003_c.sql", "CREATE TABLE c (id int PRIMARY KEY);\n")
	r.Commit("Add table c")
	r.Write("db/0003_c.sql", "CREATE TABLE c (id bigint PRIMARY KEY);\n")
	r.Commit("Review: bigint")
	r.Git("checkout", "--quiet", "main")
	r.Git("merge", "--quiet", "--no-ff", "-m", "Merge branch 'c' into 'main'\n\nAdd table c\n\nSee merge request acme/shop!56", "c")

	// Then someone edits the squashed migration on main, and renames the first.
	r.Write("db/0002_b.sql", "CREATE TABLE b (id bigint PRIMARY KEY, note text);\n")
	r.Commit("Fix b")
	r.Git("mv", "db/0001_init.sql", "db/0001_a.sql")
	r.Commit("Rename")
	r.Write("db/0004_d.sql", "CREATE TABLE d (id bigint PRIMARY KEY);\n")

	h, err := readHistory(context.Background(), r.Dir, []string{"db"})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	a := h.evidence(ctx, "db/0001_a.sql")
	if a.Added == nil || a.Added.Subject != "Initial schema" || a.Merge != nil || a.PullRequest != "" || len(a.ChangedAfterMerge) != 1 || a.ChangedAfterMerge[0].Subject != "Rename" {
		t.Errorf("0001 (direct, renamed) = %+v", a)
	}
	b := h.evidence(ctx, "db/0002_b.sql")
	if b.PullRequest != "#34" || b.Merge != nil || len(b.ChangedAfterMerge) != 1 || b.ChangedAfterMerge[0].Subject != "Fix b" {
		t.Errorf("0002 (squash, edited) = %+v", b)
	}
	c := h.evidence(ctx, "db/0003_c.sql")
	if c.Added == nil || c.Added.Subject != "Add table c" || c.Merge == nil || c.PullRequest != "!56" ||
		len(c.ChangedBeforeMerge) != 1 || len(c.ChangedAfterMerge) != 0 {
		t.Errorf("0003 (GitLab merge with a review fix) = %+v", c)
	}
	if d := h.evidence(ctx, "db/0004_d.sql"); d.Status != "untracked" || d.Added != nil {
		t.Errorf("0004 (untracked) = %+v", d)
	}
}
