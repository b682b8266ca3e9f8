package gitdiff

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/ddlgate/ddlgate/internal/gittest"
)

func TestChangedSinceMergeBase(t *testing.T) {
	r := gittest.New(t)
	r.Write("migrations/0001_users.sql", "CREATE TABLE users (id bigint PRIMARY KEY);\n")
	r.Write("migrations/0002_orders.sql", "CREATE TABLE orders (id bigint PRIMARY KEY);\n")
	r.Write("migrations/0003_gone.sql", "SELECT 1;\n")
	r.Write("README.md", "hello\n")
	r.Commit("initial")
	r.Git("checkout", "--quiet", "-b", "feature")
	r.Write("migrations/0004_committed.sql", "DROP TABLE orders;\n")
	r.Commit("add 0004")
	r.Git("checkout", "--quiet", "main")
	r.Write("migrations/0009_on_main_only.sql", "SELECT 1;\n")
	r.Commit("main moves on")
	r.Git("checkout", "--quiet", "feature")
	r.Write("migrations/0002_orders.sql", "CREATE TABLE orders (id bigint PRIMARY KEY, note text);\n") // modified, unstaged
	r.Write("migrations/0005_staged.sql", "SELECT 2;\n")
	r.Git("add", "migrations/0005_staged.sql")
	r.Write("migrations/0006_untracked.sql", "SELECT 3;\n")
	r.Write("migrations/ignored.sql", "SELECT 4;\n")
	r.Write(".gitignore", "migrations/ignored.sql\n")
	r.Write("README.md", "changed outside migrations\n")
	if err := os.Remove(filepath.Join(r.Dir, "migrations/0003_gone.sql")); err != nil {
		t.Fatal(err)
	}

	ctx := context.Background()
	g, err := Open(ctx, r.Dir)
	if err != nil {
		t.Fatal(err)
	}
	base, ref, err := g.DefaultBase(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if ref != "main" {
		t.Errorf("default base ref %q, want main (no origin remote)", ref)
	}
	if want := r.Git("rev-parse", "feature~1"); base != want {
		t.Errorf("merge base %s, want the fork point %s", base, want)
	}
	got, err := g.Changed(ctx, base, "migrations")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		filepath.Join("migrations", "0002_orders.sql"),
		filepath.Join("migrations", "0004_committed.sql"),
		filepath.Join("migrations", "0005_staged.sql"),
		filepath.Join("migrations", "0006_untracked.sql"),
	}
	if !slices.Equal(got, want) {
		t.Errorf("changed\n got %q\nwant %q", got, want)
	}
}

func TestChangedFromASubdirectoryIsRelativeToIt(t *testing.T) {
	r := gittest.New(t)
	r.Write("app/db/migrations/0001_users.sql", "SELECT 1;\n")
	r.Commit("initial")
	r.Write("app/db/migrations/0002_more.sql", "SELECT 2;\n")
	r.Write("other/x.sql", "SELECT 3;\n")

	ctx := context.Background()
	g, err := Open(ctx, filepath.Join(r.Dir, "app"))
	if err != nil {
		t.Fatal(err)
	}
	got, err := g.Changed(ctx, "HEAD")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{filepath.Join("db", "migrations", "0002_more.sql")}
	if !slices.Equal(got, want) {
		t.Errorf("changed under app/\n got %q\nwant %q", got, want)
	}
	got, err = g.Changed(ctx, "HEAD", filepath.Join("..", "other"))
	if err != nil {
		t.Fatal(err)
	}
	want = []string{filepath.Join("..", "other", "x.sql")}
	if !slices.Equal(got, want) {
		t.Errorf("changed under ../other\n got %q\nwant %q", got, want)
	}
}

func TestDefaultBasePrefersOriginMain(t *testing.T) {
	r := gittest.New(t)
	r.Write("a.sql", "SELECT 1;\n")
	r.Commit("one")
	first := r.Git("rev-parse", "HEAD")
	r.Git("update-ref", "refs/remotes/origin/main", first)
	r.Write("b.sql", "SELECT 2;\n")
	r.Commit("two on main, not yet pushed")

	g, err := Open(context.Background(), r.Dir)
	if err != nil {
		t.Fatal(err)
	}
	base, ref, err := g.DefaultBase(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if ref != "origin/main" || base != first {
		t.Errorf("base %s (%s), want %s (origin/main)", base, ref, first)
	}
}

func TestErrorsNameTheProblem(t *testing.T) {
	ctx := context.Background()
	if _, err := Open(ctx, t.TempDir()); err == nil || !strings.Contains(err.Error(), "not a git repository") {
		t.Errorf("open outside a repository: %v, want git's 'not a git repository'", err)
	}

	r := gittest.New(t)
	r.Write("a.sql", "SELECT 1;\n")
	r.Commit("one")
	r.Git("branch", "-m", "trunk")
	g, err := Open(ctx, r.Dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := g.Changed(ctx, "no-such-branch"); err == nil || !strings.Contains(err.Error(), `"no-such-branch"`) {
		t.Errorf("unknown base: %v, want an error naming it", err)
	}
	if _, err := g.Changed(ctx, "--output=/tmp/x"); err == nil {
		t.Error("a base that looks like an option was accepted")
	}
	if _, _, err := g.DefaultBase(ctx); err == nil || !strings.Contains(err.Error(), "origin/main") {
		t.Errorf("no main or master: %v, want an error listing the refs tried", err)
	}
}
