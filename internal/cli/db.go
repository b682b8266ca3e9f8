package cli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/ddlgate/ddlgate/internal/dbsnapshot"
	"github.com/ddlgate/ddlgate/internal/facts"
	"github.com/ddlgate/ddlgate/internal/gate"
	"github.com/ddlgate/ddlgate/internal/jsonschema"
	"github.com/ddlgate/ddlgate/internal/lint"
	"github.com/ddlgate/ddlgate/parser"
)

func (a *app) newDBCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "db",
		Short: "Read what lint judges against from a database, for offline use",
		Long: `Commands that read a target database's table sizes, shape and applied
migrations, so that a CI job without its credentials judges the migrations
as lint --database-url would.`,
	}
	cmd.AddCommand(a.newDBSnapshotCommand())
	return cmd
}

type dbSnapshotFlags struct {
	dbFlags
	output string
	schema bool
}

func (a *app) newDBSnapshotCommand() *cobra.Command {
	var f dbSnapshotFlags
	cmd := &cobra.Command{
		Use:   "snapshot [--database-url URL] [--output FILE]",
		Short: "Write a snapshot of a database's table sizes for lint --db-snapshot",
		Long: `Read the database in one read-only transaction and write what lint judges
migrations against: the server version, each table's estimated rows and size
(from the planner statistics ANALYZE and autovacuum keep), columns and
indexes, and the migrations ddlgate apply recorded in ddlgate.migrations.
No row of data and no password is written: the database is named with its
password masked. The snapshot is versioned JSON (docs/db-snapshot.schema.json,
printed by --schema).

A role that may only connect suffices: the catalogs are readable by every
role. ddlgate.migrations needs SELECT on it (and USAGE on schema ddlgate);
without it the snapshot says the applied history is unknown, and the
expand/contract rules judge the phases from the files alone.

Then, where the database cannot be reached (CI), lint --db-snapshot FILE (or
db_snapshot: in .ddlgate.yaml) judges exactly as lint --database-url would;
require-fresh-db-snapshot reports a snapshot older than its max_age (30d).

Exit codes: 0 written, 2 bad URL, unreachable server or usage error.`,
		Example: `  # nightly, with a read-only role, next to the database
  ddlgate db snapshot --database-url "$PROD_READONLY_URL" --output prod.dbsnap.json

  # in CI, without credentials
  ddlgate lint --db-snapshot prod.dbsnap.json migrations/`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if f.schema {
				return jsonschema.Write(a.stdout, dbsnapshot.Schema())
			}
			url, err := f.url(a)
			if err != nil {
				return err
			}
			return a.dbSnapshot(cmd.Context(), url, f.output)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.databaseURL, "database-url", "", "connection string of the database to read: a URL or keyword/value string (default: $DATABASE_URL); a read-only role suffices")
	fl.StringVar(&f.output, "output", "", "write the snapshot to this file (default: stdout)")
	fl.BoolVar(&f.schema, "schema", false, "print the JSON Schema of the snapshot and exit")
	return cmd
}

// dbSnapshot takes the snapshot of the database at url and writes it to
// output (stdout when ""), through a temporary file so that a failure
// leaves no half-written snapshot behind.
func (a *app) dbSnapshot(ctx context.Context, url, output string) error {
	s, err := dbsnapshot.Take(ctx, url)
	if err != nil {
		return &exitError{code: gate.Broken, err: err}
	}
	for _, w := range s.Warnings {
		fmt.Fprintf(a.stderr, "ddlgate: warning: %s\n", w)
	}
	if output == "" {
		return s.Write(a.stdout)
	}
	path := a.abs(output)
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return &exitError{code: gate.Broken, err: fmt.Errorf("write db snapshot: %w", err)}
	}
	defer os.Remove(tmp.Name())
	err = s.Write(tmp)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		return &exitError{code: gate.Broken, err: fmt.Errorf("write db snapshot %s: %w", output, err)}
	}
	history := "applied history unknown"
	if s.AppliedKnown {
		history = fmt.Sprintf("%d applied migrations", len(s.Applied))
	}
	fmt.Fprintf(a.stderr, "ddlgate: wrote %s: %s, PostgreSQL %s, %d tables, %s, read in %d ms as %s\n",
		output, s.Database, s.DB.ServerVersion, len(s.DB.Tables), history, s.TookMS, s.Role)
	return nil
}

// judgeAgainst fills o with what lint reads of the target database: live
// from url, else from the snapshot file at snapshot (as given, or
// resolved by the config), else nothing. Both go through one
// dbsnapshot.Snapshot, so they judge alike. The database's server version
// is the target's when neither --pg-version nor the config sets one.
func (a *app) judgeAgainst(ctx context.Context, o *lint.Options, url, snapshot string) error {
	var s *dbsnapshot.Snapshot
	switch {
	case url != "":
		var err error
		if s, err = dbsnapshot.Take(ctx, url); err != nil {
			return &exitError{code: gate.Broken, err: err}
		}
		for _, w := range s.Warnings {
			fmt.Fprintf(a.stderr, "ddlgate: warning: %s\n", w)
		}
	case snapshot != "":
		shown := a.display(a.abs(snapshot))
		src, err := os.ReadFile(a.abs(snapshot))
		if err != nil {
			return &exitError{code: gate.Broken, err: fmt.Errorf("read db snapshot: %w", err)}
		}
		if s, err = dbsnapshot.Read(src); err != nil {
			return &exitError{code: gate.Broken, err: fmt.Errorf("read db snapshot %s: %w", shown, err)}
		}
		o.DBSnapshot = &facts.SnapshotFile{Path: shown, Src: src, Database: s.Database, TakenAt: s.TakenAt, DB: &s.DB}
	default:
		return nil
	}
	var landed []parser.Landed
	o.DB, o.PhaseApplied, landed = s.Target()
	o.Landed = append(o.Landed, landed...)
	if num := s.DB.ServerVersionNum; o.PGVersion == 0 && num > 0 {
		o.PGVersion, o.PGVersionNum = parser.ClampPGVersion(num/10000), num
	}
	return nil
}
