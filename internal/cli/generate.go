package cli

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/ddlgate/ddlgate/internal/config"
	"github.com/ddlgate/ddlgate/internal/gate"
	"github.com/ddlgate/ddlgate/internal/gencheck"
	"github.com/ddlgate/ddlgate/internal/migrations"
)

func (a *app) newGenerateCommand() *cobra.Command {
	var f gateFlags
	var check bool
	cmd := &cobra.Command{
		Use:   "generate [--dir DIR] [--check] -- COMMAND [ARG...]",
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

With --check, the generator runs on a scratch copy of the project (the files
git tracks or would track; ignored directories such as node_modules are
linked) and nothing in the working tree changes. If it would write or change
a migration, the ORM schema has a change no committed migration captures:
the command names the files and their SQL and exits 1. Run it in CI so a
pull request cannot change the schema without its migration.

Exit codes: 0 nothing at or above the fail level (--check: schema and
migrations agree), 1 findings at or above it (--check: a migration is
missing), 2 usage, config or unreadable path; when the generator itself
fails, its own exit code, and nothing is linted.`,
		Example: `  ddlgate generate -- npx drizzle-kit generate
  ddlgate generate --check -- npx drizzle-kit generate
  ddlgate generate --dir prisma/migrations -- npx prisma migrate dev --create-only --name add_orders
  ddlgate generate --fail-level warning -- atlas migrate diff add_orders --env dev`,
		Args: cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if cmd.ArgsLenAtDash() != 0 || len(args) == 0 {
				return usageErrorf("give the generator command after --, as in: ddlgate generate -- npx drizzle-kit generate")
			}
			if check {
				return a.generateCheck(cmd, &f, args)
			}
			return a.generate(cmd, &f, args)
		},
	}
	f.register(cmd, config.GateGenerate)
	cmd.Flags().BoolVar(&check, "check", false, "run the generator on a scratch copy and exit 1 if it would write a migration (the schema has an uncaptured change); the working tree is never changed")
	return cmd
}

// generateCheck runs the generator on a scratch copy of the project and
// fails when it would write a migration.
func (a *app) generateCheck(cmd *cobra.Command, f *gateFlags, command []string) error {
	if f.format != "" && f.format != "text" && f.format != "json" {
		return usageErrorf("--check: --format must be text or json, got %q", f.format)
	}
	cfg, err := loadConfig(a, f.configPath)
	if err != nil {
		return err
	}
	dir, err := a.migrationsDir(f.dir, cfg)
	if err != nil {
		return err
	}
	o := gencheck.Options{WorkDir: a.workDir, Dir: dir, Command: command,
		Stdout: a.stderr, Stderr: a.stderr}
	if o.Dir == "" {
		for _, d := range migrations.DefaultDirs {
			o.Candidates = append(o.Candidates, filepath.FromSlash(d))
		}
	}
	res, err := gencheck.Check(cmd.Context(), o)
	var genErr *gencheck.GeneratorError
	if errors.As(err, &genErr) {
		return generatorError(genErr.Err)
	}
	if err != nil {
		return &exitError{code: gate.Broken, err: err}
	}
	if err := a.writeCheck(f, command, res); err != nil {
		return err
	}
	if len(res.Files) > 0 {
		return failed()
	}
	return nil
}

// writeCheck reports the outcome of generate --check.
func (a *app) writeCheck(f *gateFlags, command []string, res *gencheck.Result) error {
	w := a.stdout
	if f.output != "" {
		file, err := os.Create(a.abs(f.output))
		if err != nil {
			return &exitError{code: gate.Broken, err: fmt.Errorf("write report: %w", err)}
		}
		defer file.Close()
		w = file
	}
	if f.format == "json" {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(struct {
			Version int  `json:"version"`
			Agree   bool `json:"agree"`
			*gencheck.Result
		}{1, len(res.Files) == 0, res})
	}
	if len(res.Files) == 0 {
		where := res.Dir
		if where == "" {
			where = "any migrations directory"
		}
		_, err := fmt.Fprintf(w, "ddlgate: the ORM schema and the migrations agree: the generator wrote nothing in %s\n", where)
		return err
	}
	var b strings.Builder
	fmt.Fprintf(&b, "ddlgate: the ORM schema has changes no migration captures; the generator would write:\n")
	for _, file := range res.Files {
		fmt.Fprintf(&b, "  %s (%s)\n", filepath.FromSlash(file.Path), file.Status)
		for _, s := range file.Statements {
			fmt.Fprintf(&b, "    %s;\n", strings.ReplaceAll(s, "\n", "\n    "))
		}
	}
	fmt.Fprintf(&b, "Run the generator (ddlgate generate -- %s), review the migration and commit it with the schema change.\n", strings.Join(command, " "))
	b.WriteString("Nothing in the working tree was changed.\n")
	_, err := io.WriteString(w, b.String())
	return err
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
	var before gencheck.Snapshot
	if dir != "" {
		if before, err = gencheck.TakeSnapshot(a.abs(dir)); err != nil {
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
	after, err := gencheck.TakeSnapshot(a.abs(dir))
	if err != nil {
		return &exitError{code: gate.Broken, err: err}
	}
	written := after.ChangedSince(before)
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
	// journal and snapshots; the journal is judged too, for
	// require-journal-consistency): name only the migrations linted.
	var linted []string
	for _, p := range rep.Paths {
		if slices.Contains(written, p) && strings.HasSuffix(p, ".sql") {
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
