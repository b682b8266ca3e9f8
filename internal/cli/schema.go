package cli

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/ddlgate/ddlgate/internal/config"
	"github.com/ddlgate/ddlgate/internal/connstr"
	"github.com/ddlgate/ddlgate/internal/dbfacts"
	"github.com/ddlgate/ddlgate/internal/gate"
	"github.com/ddlgate/ddlgate/internal/migrations"
)

// schemaFlags are the flags of the schema commands.
type schemaFlags struct {
	dbFlags
	devURL  string
	to      string
	schemas []string
	format  string
	output  string
}

func newSchemaCommand(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "schema",
		Short: "Dump a database's schema, or the schema the migrations build, as a canonical snapshot",
		Long: `A schema snapshot is canonical: objects in a stable order, definitions as the
server's own deparsers print them, no OIDs, so two databases built by the same
migrations give byte-identical output. Commit one (canonical-schema.sql) and
let ddlgate drift and ddlgate ci --schema-file keep it honest.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
	}
	cmd.AddCommand(newSchemaDumpCommand(a), newSchemaBuildCommand(a))
	return cmd
}

func (f *schemaFlags) registerOutput(cmd *cobra.Command) {
	fl := cmd.Flags()
	fl.StringSliceVar(&f.schemas, "schema", nil, "schemas to dump, comma-separated (default: all but the system ones)")
	fl.StringVar(&f.format, "format", "sql", "output format: sql or json")
	fl.StringVar(&f.output, "output", "", "write the snapshot to this file instead of stdout")
}

func newSchemaDumpCommand(a *app) *cobra.Command {
	var f schemaFlags
	cmd := &cobra.Command{
		Use:   "dump",
		Short: "Write the canonical schema snapshot of a live database",
		Long: `Introspect the database's catalogs: extensions, schemas, enums and domains,
sequences, functions, tables and columns (types, defaults, identity,
generated, NOT NULL), constraints with their NOT VALID state, indexes,
views and materialized views, triggers, row-level security and policies,
comments. Reads only; a role that can read the catalogs suffices.

Exit codes: 0 written, 2 bad URL, unreachable server or usage error.`,
		Example: `  ddlgate schema dump --database-url postgres://app@localhost:5432/app > canonical-schema.sql
  ddlgate schema dump --schema public,billing --format json --output schema.json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			url, err := f.url(a)
			if err != nil {
				return err
			}
			if err := checkSnapshotFormat(f.format); err != nil {
				return err
			}
			s, err := dbfacts.DumpURL(cmd.Context(), url, dbfacts.DumpOptions{Schemas: f.schemas})
			if err != nil {
				return &exitError{code: gate.Broken, err: err}
			}
			return a.writeSnapshot(s, f.format, f.output)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.databaseURL, "database-url", "", "PostgreSQL URL of the database to dump (default: $DATABASE_URL)")
	f.registerOutput(cmd)
	return cmd
}

func newSchemaBuildCommand(a *app) *cobra.Command {
	var f schemaFlags
	cmd := &cobra.Command{
		Use:   "build",
		Short: "Replay the migrations into a scratch database and write its schema snapshot",
		Long: `Create a scratch database on the development server, apply the migrations in
order as their runner would (each file in a transaction unless it opts out),
dump the schema, and drop the scratch database, also when a migration fails
or the command is interrupted. A migration that fails is reported as
file:line with the server's error.

The development server needs a role that may CREATE DATABASE.

Exit codes: 0 written, 1 a migration failed to replay, 2 bad URL,
unreachable server or usage error.`,
		Example: `  ddlgate schema build --dev-url postgres://postgres@localhost:5432/postgres > canonical-schema.sql
  ddlgate schema build --dev-url "$DEV_URL" --dir db/migrations --to 0042`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := checkSnapshotFormat(f.format); err != nil {
				return err
			}
			s, err := a.buildSchema(cmd, &f)
			if err != nil {
				return err
			}
			return a.writeSnapshot(s, f.format, f.output)
		},
	}
	f.registerBuild(cmd)
	f.registerOutput(cmd)
	return cmd
}

// registerBuild adds the flags that say how to build the migrations' schema.
func (f *schemaFlags) registerBuild(cmd *cobra.Command) {
	fl := cmd.Flags()
	fl.StringVar(&f.devURL, "dev-url", "", "development server to build a scratch database on (default: $DDLGATE_DEV_URL)")
	fl.StringVar(&f.dir, "dir", "", "migrations directory (default: migrations.dir from .ddlgate.yaml, else migrations/, drizzle/, ...)")
	fl.StringVar(&f.migrationFormat, "migration-format", "", "migration format, overriding detection")
	fl.StringVar(&f.to, "to", "", "replay up to and including this version")
	fl.StringVar(&f.configPath, "config", "", "config file (default: .ddlgate.yaml found from the current directory upwards)")
}

// devServer returns flag (--dev-url), else $DDLGATE_DEV_URL.
func (a *app) devServer(flag string) (string, error) {
	if flag != "" {
		return flag, nil
	}
	if u := a.getenv("DDLGATE_DEV_URL"); u != "" {
		return u, nil
	}
	return "", usageErrorf("no development server: pass --dev-url or set DDLGATE_DEV_URL")
}

// buildSchema replays the migrations of the flags' directory on a scratch
// database and dumps it.
func (a *app) buildSchema(cmd *cobra.Command, f *schemaFlags) (*dbfacts.Snapshot, error) {
	dev, err := a.devServer(f.devURL)
	if err != nil {
		return nil, err
	}
	cfg, _, ms, err := f.project(cmd, a)
	if err != nil {
		return nil, err
	}
	return a.build(cmd, dev, cfg, ms, f.to, f.schemas)
}

func (a *app) build(cmd *cobra.Command, dev string, cfg *config.Config, ms []migrations.Migration, to string, schemas []string) (*dbfacts.Snapshot, error) {
	for i := range ms {
		ms[i].Path = a.display(ms[i].Path)
	}
	s, err := dbfacts.Build(cmd.Context(), dbfacts.BuildOptions{
		DevURL:        dev,
		ReplayOptions: dbfacts.ReplayOptions{Migrations: ms, To: to, Schema: cfg.DefaultSchema},
		Dump:          dbfacts.DumpOptions{Schemas: schemas},
	})
	var re *dbfacts.ReplayError
	switch {
	case errors.As(err, &re):
		return nil, &exitError{code: gate.Fail, err: fmt.Errorf("replay migrations: %w", connstr.Scrub(dev, err))}
	case err != nil:
		return nil, &exitError{code: gate.Broken, err: connstr.Scrub(dev, err)}
	}
	return s, nil
}

func checkSnapshotFormat(format string) error {
	if format != "sql" && format != "json" {
		return usageErrorf("--format: want sql or json, got %q", format)
	}
	return nil
}

// writeSnapshot writes s to stdout or to output.
func (a *app) writeSnapshot(s *dbfacts.Snapshot, format, output string) error {
	write := func(w io.Writer) error {
		if format == "json" {
			return s.WriteJSON(w)
		}
		return s.WriteSQL(w)
	}
	if output == "" {
		return write(a.stdout)
	}
	file, err := os.Create(a.abs(output))
	if err != nil {
		return &exitError{code: gate.Broken, err: fmt.Errorf("write snapshot: %w", err)}
	}
	err = write(file)
	if cerr := file.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return &exitError{code: gate.Broken, err: fmt.Errorf("write snapshot %s: %w", output, err)}
	}
	return nil
}

// readSnapshotFile reads a committed snapshot (--schema-file).
func (a *app) readSnapshotFile(path string) (*dbfacts.Snapshot, error) {
	src, err := os.ReadFile(a.abs(path))
	if err != nil {
		return nil, &exitError{code: gate.Broken, err: fmt.Errorf("read schema file: %w", err)}
	}
	s, err := dbfacts.ReadSnapshot(path, src)
	if err != nil {
		return nil, &exitError{code: gate.Broken, err: err}
	}
	return s, nil
}

// describeChanges lists changes one per line, indented.
func describeChanges(changes []dbfacts.Change) string {
	var b strings.Builder
	for _, c := range changes {
		b.WriteString("  " + c.Describe() + "\n")
	}
	return b.String()
}

// diffSnapshots compares a committed snapshot with the schema the
// migrations build; "database" in the changes is the committed file.
func diffSnapshots(committed, built *dbfacts.Snapshot) []dbfacts.Change {
	return dbfacts.Diff(committed, built)
}

// describeSnapshotChanges says the changes between a committed snapshot
// and the migrations, one per line.
func describeSnapshotChanges(changes []dbfacts.Change) string {
	out := describeChanges(changes)
	return strings.NewReplacer("in database, not in migrations", "in the snapshot, not built by the migrations",
		"in migrations, not in database", "built by the migrations, not in the snapshot").Replace(out)
}
