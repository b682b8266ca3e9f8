// Command squawkcompare measures ddlgate against squawk-cli 2.66.0 side by
// side, on the same machine in one run, for the targets of
// docs/performance.md: the shared corpus cold (empty cache) and warm, one
// new file added to an 800-file directory (linted with the directory as
// history, its state cached), one small file cold and warm, and the peak
// memory of a corpus run. Each figure is the best of -n runs (wall time,
// with the CPU time and peak resident memory of that run); the machine is
// shared and noisy, so compare ratios, not absolute times: ddlgate's and
// squawk's runs alternate.
//
//	go run ./tools/squawkcompare            # builds ddlgate, installs squawk
//	go run ./tools/squawkcompare -squawk /tmp/squawk/node_modules/@squawk-cli/linux-x64/bin/squawk -n 8
//
// Without -squawk (or $SQUAWK), squawk-cli is installed with npm into a
// temporary directory and its native binary is run directly: the node
// wrapper's start-up would be measured otherwise. Nothing is added to the
// repository; the corpus is read in place (a copy of 800 of its files is
// made in a temporary directory for the new-file measure).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"time"
)

// squawkVersion is the version compared against.
const squawkVersion = "2.66.0"

func main() {
	var (
		ddlgate = flag.String("ddlgate", "", "ddlgate binary (default: built from ./cmd/ddlgate)")
		squawk  = flag.String("squawk", os.Getenv("SQUAWK"), "squawk binary (default: $SQUAWK, else npm install squawk-cli@"+squawkVersion+" into a temporary directory)")
		corpus  = flag.String("corpus", filepath.Join("..", "shared", "corpus"), "migration corpus")
		runs    = flag.Int("n", 5, "runs per measure (the best is kept)")
	)
	flag.Parse()
	if err := run(*ddlgate, *squawk, *corpus, *runs); err != nil {
		fmt.Fprintln(os.Stderr, "squawkcompare:", err)
		os.Exit(1)
	}
}

func run(ddlgate, squawk, corpus string, runs int) error {
	tmp, err := os.MkdirTemp("", "squawkcompare-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	if ddlgate == "" {
		ddlgate = filepath.Join(tmp, "ddlgate")
		if err := command("go", "build", "-o", ddlgate, "./cmd/ddlgate").Run(); err != nil {
			return fmt.Errorf("build ddlgate: %w", err)
		}
	}
	if squawk == "" {
		if squawk, err = installSquawk(tmp); err != nil {
			return err
		}
	}
	if corpus, err = filepath.Abs(corpus); err != nil {
		return err
	}
	sqls, err := sqlFiles(corpus)
	if err != nil || len(sqls) == 0 {
		return fmt.Errorf("corpus %s: %d .sql files: %v", corpus, len(sqls), err)
	}
	small, err := smallFile(sqls)
	if err != nil {
		return err
	}
	dir800, body, err := directory800(tmp, corpus)
	if err != nil {
		return err
	}
	cacheDir := filepath.Join(tmp, "cache")
	emptyCache := func() { os.RemoveAll(cacheDir) }
	lint := func(args ...string) []string {
		return append([]string{ddlgate, "lint", "--format", "json", "--cache-dir", cacheDir}, args...)
	}
	sq := func(files ...string) []string { return append([]string{squawk, "--reporter", "json"}, files...) }

	var rows []row
	// Each measure alternates ddlgate's runs with squawk's, so that both
	// see the same moments of a shared machine; a squawk command measured
	// for several rows keeps its best over all of them.
	squawkBest := map[string]result{}
	measure := func(name, target string, d func(i int) []string, s func(i int) []string) result {
		var rd, rs result
		for i := range runs {
			keep(&rd, d(i))
			if s != nil {
				keep(&rs, s(i))
			}
		}
		if s != nil {
			k := strings.Join(s(0), " ")
			if b, ok := squawkBest[k]; ok && b.wall < rs.wall {
				rs = b
			}
			squawkBest[k] = rs
		}
		rows = append(rows, row{name, target, rd, rs})
		fmt.Fprintf(os.Stderr, "%s: ddlgate %s, squawk %s\n", name, rd, rs)
		return rd
	}
	same := func(args []string) func(int) []string { return func(int) []string { return args } }
	fresh := func(args []string) func(int) []string {
		return func(int) []string { emptyCache(); return args }
	}
	fmt.Fprintf(os.Stderr, "%d corpus files; small file %s; %d runs each\n", len(sqls), small, runs)
	cold := measure("cold corpus run (empty cache), wall", "≤ 1.5x", fresh(lint(corpus)), same(sq(sqls...)))
	measure("cold corpus run without the cache (--no-cache), wall", "", same(lint("--no-cache", corpus)), same(sq(sqls...)))
	measure("warm corpus run (nothing changed), wall", "≤ 0.2x", same(lint(corpus)), same(sq(sqls...)))
	// One new file in an 800-file directory: the directory was linted
	// (its state is cached), the new file is linted with the directory as
	// history, as pre-commit and editors do; each run adds another file.
	emptyCache()
	if err := quiet(lint(dir800)); err != nil {
		return err
	}
	newFile := func(i int) string {
		return filepath.Join(dir800, fmt.Sprintf("2999010100%04d_new", i), "migration.sql")
	}
	for i := range runs {
		p := newFile(i)
		os.MkdirAll(filepath.Dir(p), 0o755)
		os.WriteFile(p, fmt.Appendf(nil, "-- new migration %d\n%s", i, body), 0o644)
	}
	alone := func(i int) []string { return lint("--history", dir800, newFile(i)) }
	measure("one new file added to an 800-file directory (its history cached)", "≤ 20 ms", alone, func(i int) []string { return sq(newFile(i)) })
	measure("the same file again (warm)", "", alone, func(i int) []string { return sq(newFile(i)) })
	for i := range runs {
		os.RemoveAll(filepath.Dir(newFile(i)))
	}
	measure("one small file, cold (empty cache)", "≤ 15 ms", fresh(lint(small)), same(sq(small)))
	measure("one small file, warm", "≤ 8 ms", same(lint(small)), same(sq(small)))
	coldMemory := row{d: cold, s: squawkBest[strings.Join(sq(sqls...), " ")]}

	fmt.Printf("Measured %s on %s (%d CPUs), ddlgate %s against squawk %s, best of %d runs.\n\n",
		time.Now().UTC().Format(time.DateOnly), machine(), runtime.NumCPU(), version(ddlgate), squawkVersion, runs)
	fmt.Println("| measure | ddlgate | squawk | ddlgate/squawk | target |")
	fmt.Println("|---|---|---|---|---|")
	for _, r := range rows {
		fmt.Printf("| %s | %s | %s | %s | %s |\n", r.name, r.d.wallCPU(), r.s.wallCPU(), ratio(r.d.wall, r.s.wall), r.target)
	}
	fmt.Printf("| peak memory, cold corpus run | %d MB | %d MB | %s | ≤ 100 MB |\n",
		coldMemory.d.maxRSS>>10, coldMemory.s.maxRSS>>10, ratio(time.Duration(coldMemory.d.maxRSS), time.Duration(coldMemory.s.maxRSS)))
	return nil
}

type row struct {
	name, target string
	d, s         result
}

// result is one run of a command: wall and CPU time, peak resident memory
// in KB.
type result struct {
	wall, cpu time.Duration
	maxRSS    int64
}

func (r result) String() string {
	return fmt.Sprintf("%s (cpu %s, %d MB)", ms(r.wall), ms(r.cpu), r.maxRSS>>10)
}

func (r result) wallCPU() string {
	if r.wall == 0 {
		return "–"
	}
	return fmt.Sprintf("%s (cpu %s)", ms(r.wall), ms(r.cpu))
}

func ms(d time.Duration) string {
	if d < 100*time.Millisecond {
		return fmt.Sprintf("%.1f ms", float64(d)/float64(time.Millisecond))
	}
	return fmt.Sprintf("%.0f ms", float64(d)/float64(time.Millisecond))
}

func ratio(a, b time.Duration) string {
	if b == 0 {
		return "–"
	}
	return fmt.Sprintf("%.2fx", float64(a)/float64(b))
}

// keep runs args once and keeps the run in best when it is faster.
func keep(best *result, args []string) {
	r, err := once(args)
	if err != nil {
		fmt.Fprintln(os.Stderr, "squawkcompare:", err)
		return
	}
	if best.wall == 0 || r.wall < best.wall {
		*best = r
	}
}

// once runs a command line, its output discarded; exit 1 (findings) is a
// result, not an error.
func once(args []string) (result, error) {
	cmd := command(args[0], args[1:]...)
	cmd.Stdout = io.Discard
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start)
	var exit *exec.ExitError
	if err != nil && !(errors.As(err, &exit) && exit.ExitCode() == 1) {
		return result{}, fmt.Errorf("%s: %w", strings.Join(args[:min(len(args), 6)], " "), err)
	}
	ru, _ := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	r := result{wall: wall}
	if ru != nil {
		r.cpu = time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
		r.maxRSS = ru.Maxrss
	}
	return r, nil
}

func quiet(args []string) error {
	_, err := once(args)
	return err
}

func command(name string, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(context.Background(), name, args...)
	cmd.Stderr = os.Stderr
	return cmd
}

// installSquawk installs squawk-cli into dir with npm and returns its
// native binary.
func installSquawk(dir string) (string, error) {
	npm := command("npm", "install", "--no-save", "--no-audit", "--no-fund", "--prefix", dir, "squawk-cli@"+squawkVersion)
	npm.Stdout = os.Stderr
	if err := npm.Run(); err != nil {
		return "", fmt.Errorf("install squawk-cli@%s: %w (pass -squawk)", squawkVersion, err)
	}
	found, _ := filepath.Glob(filepath.Join(dir, "node_modules", "@squawk-cli", "*", "bin", "squawk"))
	if len(found) == 0 {
		return "", fmt.Errorf("no squawk binary under %s/node_modules/@squawk-cli (pass -squawk)", dir)
	}
	return found[0], nil
}

func sqlFiles(root string) ([]string, error) {
	var out []string
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".sql") {
			out = append(out, p)
		}
		return err
	})
	return out, err
}

// smallFile is a corpus file of 1 to 2 KB: a typical small migration.
func smallFile(files []string) (string, error) {
	for _, f := range files {
		if fi, err := os.Stat(f); err == nil && fi.Size() >= 1024 && fi.Size() <= 2048 {
			return f, nil
		}
	}
	return "", errors.New("no corpus file of 1 to 2 KB")
}

// directory800 copies the first 800 migrations of the corpus's largest
// prisma directory into dir, and returns it with the SQL of the 801st, the
// new file's body.
func directory800(tmp, corpus string) (string, []byte, error) {
	src := filepath.Join(corpus, "triggerdotdev__trigger.dev", "internal-packages", "database", "prisma", "migrations")
	entries, err := os.ReadDir(src)
	if err != nil {
		return "", nil, err
	}
	var migs []string
	for _, e := range entries {
		if e.IsDir() {
			migs = append(migs, e.Name())
		}
	}
	slices.Sort(migs)
	if len(migs) < 801 {
		return "", nil, fmt.Errorf("%s: %d migrations, want 801", src, len(migs))
	}
	dst := filepath.Join(tmp, "prisma", "migrations")
	for _, m := range migs[:800] {
		b, err := os.ReadFile(filepath.Join(src, m, "migration.sql"))
		if err != nil {
			return "", nil, err
		}
		if err := os.MkdirAll(filepath.Join(dst, m), 0o755); err != nil {
			return "", nil, err
		}
		if err := os.WriteFile(filepath.Join(dst, m, "migration.sql"), b, 0o644); err != nil {
			return "", nil, err
		}
	}
	fresh, err := os.ReadFile(filepath.Join(src, migs[800], "migration.sql"))
	return dst, fresh, err
}

func machine() string {
	b, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		return "unknown CPU"
	}
	for _, line := range strings.Split(string(b), "\n") {
		if name, ok := strings.CutPrefix(line, "model name"); ok {
			return strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(name), ":"))
		}
	}
	return "unknown CPU"
}

func version(ddlgate string) string {
	out, err := exec.Command(ddlgate, "version").Output()
	if err != nil {
		return "?"
	}
	return strings.TrimSpace(strings.TrimPrefix(string(out), "ddlgate "))
}
