package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ddlgate/ddlgate/internal/report"
)

// sameReports lints dirs in every output format without a cache and with
// one (cold, then warm) and fails on any byte of difference.
func sameReports(t *testing.T, work string, dirs ...string) {
	t.Helper()
	env := map[string]string{"XDG_CACHE_HOME": t.TempDir()}
	for _, format := range report.Names() {
		args := append([]string{"lint", "--format", format}, dirs...)
		want := ddlgate(t, work, "", append(args, "--no-cache")...)
		if want.code == 2 {
			t.Fatalf("%s: exit 2: %s", format, want.stderr)
		}
		for _, run := range []string{"cold", "warm"} {
			got := ddlgateEnv(t, work, env, args...)
			if got.code != want.code || got.stdout != want.stdout || got.stderr != want.stderr {
				t.Fatalf("%s, %s cache: the report differs from an uncached run's (exit %d, want %d)\n%s", format, run, got.code, want.code, firstDifference(got.stdout, want.stdout))
			}
		}
	}
	entries, err := filepath.Glob(filepath.Join(env["XDG_CACHE_HOME"], "ddlgate", "*", "*", "*"))
	if err != nil || len(entries) == 0 {
		t.Fatalf("the runs wrote no cache entry under XDG_CACHE_HOME: %v", err)
	}
}

func firstDifference(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := range min(len(g), len(w)) {
		if g[i] != w[i] {
			return fmt.Sprintf("line %d:\n  cached:   %s\n  uncached: %s", i+1, g[i], w[i])
		}
	}
	return "lengths differ"
}

// TestCachedReportsRuleTestdata: the rules' testdata reports the same,
// byte for byte, in every format, with and without the cache.
func TestCachedReportsRuleTestdata(t *testing.T) {
	dirs, err := filepath.Glob(filepath.Join("..", "..", "policies", "rules", "*", "*", "testdata"))
	if err != nil || len(dirs) < 50 {
		t.Fatalf("rule testdata: %d directories, %v", len(dirs), err)
	}
	for i := range dirs {
		dirs[i], _ = filepath.Abs(dirs[i])
	}
	sameReports(t, t.TempDir(), dirs...)
}

// TestCachedReportsCorpus: the shared corpus reports the same, byte for
// byte, in every format, with and without the cache.
func TestCachedReportsCorpus(t *testing.T) {
	if _, err := os.Stat(corpus); err != nil {
		t.Skipf("corpus not available at %s: %v", corpus, err)
	}
	if testing.Short() {
		t.Skip("-short: the corpus in every format takes a minute")
	}
	sameReports(t, t.TempDir(), corpus)
}

// TestCacheDirFlagConfigAndNoCache: --cache-dir, then cache_dir in the
// config, then the user's directory; --no-cache writes nothing.
func TestCacheDirFlagConfigAndNoCache(t *testing.T) {
	work := t.TempDir()
	write := func(name, content string) {
		t.Helper()
		if err := os.MkdirAll(filepath.Dir(filepath.Join(work, name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(work, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("migrations/0001_users.sql", "CREATE TABLE users (id bigint PRIMARY KEY);\n")
	xdg := t.TempDir()
	env := map[string]string{"XDG_CACHE_HOME": xdg}
	entries := func(dir string) int {
		t.Helper()
		r := ddlgateEnv(t, work, env, "cache", "dir", "--cache-dir", dir)
		if r.code != 0 {
			t.Fatalf("cache dir: exit %d: %s", r.code, r.stderr)
		}
		var path string
		var n int
		var mb float64
		if _, err := fmt.Sscanf(r.stdout, "%s (%d entries, %f MB)", &path, &n, &mb); err != nil {
			t.Fatalf("cache dir printed %q: %v", r.stdout, err)
		}
		return n
	}

	if r := ddlgateEnv(t, work, env, "lint", "--no-cache", "migrations"); r.code != 0 {
		t.Fatalf("lint --no-cache: exit %d: %s", r.code, r.stderr)
	}
	if _, err := os.Stat(filepath.Join(xdg, "ddlgate")); !os.IsNotExist(err) {
		t.Fatalf("--no-cache wrote the cache: %v", err)
	}
	if r := ddlgateEnv(t, work, env, "lint", "migrations"); r.code != 0 {
		t.Fatalf("lint: exit %d: %s", r.code, r.stderr)
	}
	if n := entries(filepath.Join(xdg, "ddlgate")); n == 0 {
		t.Fatal("lint wrote nothing in $XDG_CACHE_HOME/ddlgate")
	}
	flagDir := filepath.Join(work, "flag-cache")
	if r := ddlgateEnv(t, work, env, "lint", "--cache-dir", "flag-cache", "migrations"); r.code != 0 {
		t.Fatalf("lint --cache-dir: exit %d: %s", r.code, r.stderr)
	}
	if entries(flagDir) == 0 {
		t.Fatal("lint --cache-dir wrote nothing there")
	}
	write(".ddlgate.yaml", "cache_dir: .ddlgate-cache\n")
	if r := ddlgateEnv(t, work, env, "lint", "migrations"); r.code != 0 {
		t.Fatalf("lint with cache_dir: exit %d: %s", r.code, r.stderr)
	}
	if entries(filepath.Join(work, ".ddlgate-cache")) == 0 {
		t.Fatal("cache_dir in the config was not used")
	}
	r := ddlgateEnv(t, work, env, "cache", "clean")
	if r.code != 0 || !strings.Contains(r.stdout, ".ddlgate-cache") {
		t.Fatalf("cache clean (the config's directory): exit %d: %s%s", r.code, r.stdout, r.stderr)
	}
	if _, err := os.Stat(filepath.Join(work, ".ddlgate-cache")); !os.IsNotExist(err) {
		t.Fatalf("cache clean left the directory: %v", err)
	}
	if r := ddlgate(t, work, "", "cache", "dir"); r.code != 0 {
		t.Fatalf("cache dir with the config's directory and no environment: exit %d: %s", r.code, r.stderr)
	}
}

// TestCacheWithoutDirectory: without HOME, XDG_CACHE_HOME or a configured
// directory, lint runs uncached and cache commands say why they cannot work.
func TestCacheWithoutDirectory(t *testing.T) {
	work := t.TempDir()
	if err := os.WriteFile(filepath.Join(work, "0001_a.sql"), []byte("SELECT 1;\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if r := ddlgate(t, work, "", "lint", "0001_a.sql"); r.code != 0 {
		t.Fatalf("lint without a cache directory: exit %d: %s", r.code, r.stderr)
	}
	if r := ddlgate(t, work, "", "cache", "dir"); r.code != 2 || !strings.Contains(r.stderr, "no cache directory") {
		t.Fatalf("cache dir without a directory: exit %d: %s", r.code, r.stderr)
	}
}

// TestCICachedReports: ddlgate ci reports the same, byte for byte, cold,
// warm, and after the branch adds a file, as without the cache; the
// base-branch facts (a file sorting before main's) are part of the key.
func TestCICachedReports(t *testing.T) {
	p := branchWithChanges(t)
	env := map[string]string{"XDG_CACHE_HOME": t.TempDir()}
	check := func(when string) {
		t.Helper()
		for _, format := range []string{"json", "sarif", "text"} {
			want := runIn(p.Dir, "", nil, testNow, "ci", "--base", "main", "--format", format, "--no-cache")
			if want.code == 2 {
				t.Fatalf("%s: exit 2: %s", when, want.stderr)
			}
			for _, run := range []string{"first", "second"} {
				got := runIn(p.Dir, "", env, testNow, "ci", "--base", "main", "--format", format)
				if got.code != want.code || got.stdout != want.stdout {
					t.Fatalf("%s, %s %s run: the cached report differs from an uncached one (exit %d, want %d)\n%s",
						when, format, run, got.code, want.code, firstDifference(got.stdout, want.stdout))
				}
			}
		}
	}
	check("branch")
	p.Write("migrations/0005_more.sql", "CREATE INDEX users_email ON users (email);\n")
	check("a file added")
	if r := ddlgateEnv(t, p.Dir, env, "cache", "dir"); !strings.Contains(r.stdout, "entries") || strings.Contains(r.stdout, "(0 entries") {
		t.Fatalf("ci wrote no cache entry: %s%s", r.stdout, r.stderr)
	}
}
