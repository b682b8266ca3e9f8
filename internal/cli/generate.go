package cli

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/ddlgate/ddlgate/internal/config"
	"github.com/ddlgate/ddlgate/internal/gate"
)

func (a *app) newGenerateCommand() *cobra.Command {
	var f gateFlags
	cmd := &cobra.Command{
		Use:   "generate [--dir DIR] -- COMMAND [ARG...]",
		Short: "Run a migration generator and lint the files it writes",
		Long: `Run a migration generator (drizzle-kit generate, prisma migrate diff, atlas
migrate diff...) with its input and output passed through, then lint the
migration files it created or changed, with the earlier migrations replayed
for context.

The migrations directory is --dir, else migrations.dir in .ddlgate.yaml, else
the first of migrations/, drizzle/, prisma/migrations/, supabase/migrations/,
db/migrations/, src/db/migrations/, src/main/resources/db/migration/, else the
one folder of a known migration format below the current directory (looked
for again after the generator ran, when it created the directory).

The fail level is gates.generate.fail_level in .ddlgate.yaml, else
fail_level, else error; --fail-level overrides it. With a machine-readable
--format and no --output, the generator's stdout goes to stderr so the report
stays parseable.

Exit codes: 0 nothing at or above the fail level, 1 findings at or above it,
2 usage, config or unreadable path; when the generator itself fails, its own
exit code, and nothing is linted.`,
		Example: `  ddlgate generate -- npx drizzle-kit generate
  ddlgate generate --dir prisma/migrations -- npx prisma migrate dev --create-only --name add_orders
  ddlgate generate --fail-level warning -- atlas migrate diff add_orders --env dev`,
		Args: cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if cmd.ArgsLenAtDash() != 0 || len(args) == 0 {
				return usageErrorf("give the generator command after --, as in: ddlgate generate -- npx drizzle-kit generate")
			}
			return a.generate(cmd, &f, args)
		},
	}
	f.register(cmd, config.GateGenerate)
	return cmd
}

func (a *app) generate(cmd *cobra.Command, f *gateFlags, command []string) error {
	ctx := cmd.Context()
	g, err := a.prepareGate(cmd, f, config.GateGenerate)
	if err != nil {
		return err
	}
	s, format := g.s, g.format
	dir, err := a.migrationsDir(f.dir, s.cfg)
	if err != nil {
		return err
	}
	var before snapshot
	if dir != "" {
		if before, err = takeSnapshot(a.abs(dir)); err != nil {
			return &exitError{code: gate.Broken, err: err}
		}
	}

	gen := exec.CommandContext(ctx, command[0], command[1:]...)
	gen.Dir = a.workDir
	gen.Stdin, gen.Stdout, gen.Stderr = a.stdin, a.stdout, a.stderr
	if format != "text" && f.output == "" {
		gen.Stdout = a.stderr
	}
	if err := gen.Run(); err != nil {
		return generatorError(err)
	}

	if dir == "" {
		// The generator may have created the directory on its first run.
		if dir, err = a.requireMigrationsDir(f.dir, s.cfg); err != nil {
			return err
		}
	}
	after, err := takeSnapshot(a.abs(dir))
	if err != nil {
		return &exitError{code: gate.Broken, err: err}
	}
	written := after.changedSince(before)
	if len(written) == 0 {
		fmt.Fprintf(a.stderr, "ddlgate: the generator wrote no file in %s\n", dir)
		return nil
	}
	for i, p := range written {
		written[i] = filepath.Join(dir, p)
	}
	o := s.opts
	prog := a.newProgress(format, f.output)
	o.Progress = prog.hook()
	rep, err := a.lintChanged(ctx, o, dir, written)
	prog.finish()
	if err != nil {
		return err
	}
	// The generator also writes files that are not migrations (drizzle's
	// journal and snapshots): name only the migrations linted.
	var linted []string
	for _, p := range rep.Paths {
		if slices.Contains(written, p) {
			linted = append(linted, p)
		}
	}
	if len(linted) == 0 {
		fmt.Fprintf(a.stderr, "ddlgate: the generator wrote no migration in %s\n", dir)
		return nil
	}
	fmt.Fprintf(a.stderr, "ddlgate: linting what the generator wrote: %s\n", strings.Join(linted, ", "))
	rep.Quiet = f.quiet
	return a.finishGate(ctx, rep, g.baseline, format, f.output, g.failLevel)
}

// generatorError passes a failing generator's exit code through, so scripts
// see what the generator said; a generator that could not start, or died
// from a signal, is exit 2.
func generatorError(err error) error {
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		if code := exit.ExitCode(); code > 0 {
			return &exitError{code: code, err: fmt.Errorf("generator failed: %v (nothing linted)", exit)}
		}
		return &exitError{code: gate.Broken, err: fmt.Errorf("generator failed: %v (nothing linted)", exit)}
	}
	return &exitError{code: gate.Broken, err: fmt.Errorf("run generator: %w", err)}
}

// snapshot maps each file under a directory, by slash path relative to it,
// to the sha256 of its content.
type snapshot map[string][sha256.Size]byte

// takeSnapshot hashes every regular file under dir; a directory that does
// not exist yet is empty.
func takeSnapshot(dir string) (snapshot, error) {
	snap := snapshot{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			if path == dir && errors.Is(err, fs.ErrNotExist) {
				return fs.SkipAll
			}
			return err
		}
		if !d.Type().IsRegular() {
			return nil
		}
		sum, err := hashFile(path)
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(dir, path)
		if err != nil {
			return err
		}
		snap[filepath.ToSlash(rel)] = sum
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("snapshot %s: %w", dir, err)
	}
	return snap, nil
}

func hashFile(path string) ([sha256.Size]byte, error) {
	var sum [sha256.Size]byte
	f, err := os.Open(path)
	if err != nil {
		return sum, err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return sum, err
	}
	h.Sum(sum[:0])
	return sum, nil
}

// changedSince returns the files of s that are new or differ from before,
// sorted, as native relative paths.
func (s snapshot) changedSince(before snapshot) []string {
	var out []string
	for p, sum := range s {
		if old, ok := before[p]; !ok || old != sum {
			out = append(out, filepath.FromSlash(p))
		}
	}
	slices.Sort(out)
	return out
}
