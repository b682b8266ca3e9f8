package gitdiff

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// repo is a throwaway git repository with an identity, on branch main.
type repo struct {
	t   *testing.T
	dir string
}

func newRepo(t *testing.T) *repo {
	t.Helper()
	r := &repo{t: t, dir: t.TempDir()}
	r.git("init", "--quiet", "--initial-branch=main")
	r.git("config", "user.name", "Test")
	r.git("config", "user.email", "test@example.com")
	r.git("config", "commit.gpgsign", "false")
	return r
}

func (r *repo) git(args ...string) string {
	r.t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = r.dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		r.t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return strings.TrimSpace(string(out))
}

func (r *repo) write(path, content string) {
	r.t.Helper()
	p := filepath.Join(r.dir, path)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		r.t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		r.t.Fatal(err)
	}
}

func (r *repo) commit(msg string) {
	r.t.Helper()
	r.git("add", "-A")
	r.git("commit", "--quiet", "-m", msg)
}

func TestChangedSinceMergeBase(t *testing.T) {
	r := newRepo(t)
	r.write("migrations/0001_users.sql", "CREATE TABLE users (id bigint PRIMARY KEY);\n")
	r.write("migrations/0002_orders.sql", "CREATE TABLE orders (id bigint PRIMARY KEY);\n")
	r.write("migrations/0003_gone.sql", "SELECT 1;\n")
	r.write("README.md", "hello\n")
	r.commit("initial")
	r.git("checkout", "--quiet", "-b", "feature")
	r.write("migrations/0004_committed.sql", "DROP TABLE orders;\n")
	r.commit("add 0004")
	r.git("checkout", "--quiet", "main")
	r.write("migrations/0009_on_main_only.sql", "SELECT 1;\n")
	r.commit("main moves on")
	r.git("checkout", "--quiet", "feature")
	r.write("migrations/0002_orders.sql", "CREATE TABLE orders (id bigint PRIMARY KEY, note text);\n") // modified, unstaged
	r.write("migrations/0005_staged.sql", "SELECT 2;\n")
	r.git("add", "migrations/0005_staged.sql")
	r.write("migrations/0006_untracked.sql", "SELECT 3;\n")
	r.write("migrations/ignored.sql", "SELECT 4;\n")
	r.write(".gitignore", "migrations/ignored.sql\n")
	r.write("README.md", "changed outside migrations\n")
	if err := os.Remove(filepath.Join(r.dir, "migrations/0003_gone.sql")); err != nil {
		t.Fatal(err)
	}

	ctx := context.Background()
	g, err := Open(ctx, r.dir)
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
	if want := r.git("rev-parse", "feature~1"); base != want {
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
	r := newRepo(t)
	r.write("app/db/migrations/0001_users.sql", "SELECT 1;\n")
	r.commit("initial")
	r.write("app/db/migrations/0002_more.sql", "SELECT 2;\n")
	r.write("other/x.sql", "SELECT 3;\n")

	ctx := context.Background()
	g, err := Open(ctx, filepath.Join(r.dir, "app"))
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
	r := newRepo(t)
	r.write("a.sql", "SELECT 1;\n")
	r.commit("one")
	first := r.git("rev-parse", "HEAD")
	r.git("update-ref", "refs/remotes/origin/main", first)
	r.write("b.sql", "SELECT 2;\n")
	r.commit("two on main, not yet pushed")

	g, err := Open(context.Background(), r.dir)
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

	r := newRepo(t)
	r.write("a.sql", "SELECT 1;\n")
	r.commit("one")
	r.git("branch", "-m", "trunk")
	g, err := Open(ctx, r.dir)
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
