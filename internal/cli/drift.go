package cli

import (
	"context"
	"fmt"
	"io"
	"net/http"

	"github.com/spf13/cobra"

	"github.com/ddlgate/ddlgate/internal/config"
	"github.com/ddlgate/ddlgate/internal/dbfacts"
	"github.com/ddlgate/ddlgate/internal/drift"
	"github.com/ddlgate/ddlgate/internal/gate"
	"github.com/ddlgate/ddlgate/internal/notify"
)

// fleetFlags name one or many databases, for the commands that work on a
// fleet of databases sharing one schema (drift, apply).
type fleetFlags struct {
	databaseURLs  []string
	databasesFile string
	parallel      int
	notify        []string
}

func (f *fleetFlags) register(cmd *cobra.Command, what string) {
	fl := cmd.Flags()
	fl.StringArrayVar(&f.databaseURLs, "database-url", nil, "PostgreSQL URL of a database to "+what+" (repeatable; default: $DATABASE_URL)")
	fl.StringVar(&f.databasesFile, "databases", "", "file listing one database URL per line (# comments allowed); passwords from PGPASSWORD or ~/.pgpass")
	fl.IntVar(&f.parallel, "parallel", dbfacts.DefaultParallel, "databases worked on at once")
	fl.StringArrayVar(&f.notify, "notify", nil, "webhook URL to POST a JSON event to after the run (repeatable; added to notify: in the config)")
}

// urls returns every database named by --database-url, --databases, else
// $DATABASE_URL.
func (f *fleetFlags) urls(a *app) ([]string, error) {
	urls := append([]string(nil), f.databaseURLs...)
	if f.databasesFile != "" {
		more, err := dbfacts.ReadDatabases(a.abs(f.databasesFile))
		if err != nil {
			return nil, usageErrorf("--databases: %v", err)
		}
		urls = append(urls, more...)
	}
	if len(urls) == 0 {
		if u := a.getenv("DATABASE_URL"); u != "" {
			return []string{u}, nil
		}
		return nil, usageErrorf("no database: pass --database-url or set DATABASE_URL (several: --database-url more than once, or --databases FILE)")
	}
	if f.parallel < 1 {
		return nil, usageErrorf("--parallel must be at least 1, got %d", f.parallel)
	}
	return urls, nil
}

// webhooks are --notify and the config's notify: URLs.
func (f *fleetFlags) webhooks(cfg *config.Config) []string {
	return append(append([]string(nil), cfg.Notify...), f.notify...)
}

// sendNotifications posts the events; a failure is a warning on stderr,
// never a change of the exit code.
func (a *app) sendNotifications(ctx context.Context, hooks []string, events []notify.Event) {
	if len(hooks) == 0 {
		return
	}
	client := &http.Client{Timeout: notify.Timeout}
	for _, ev := range events {
		for _, w := range notify.Send(ctx, client, hooks, ev) {
			fmt.Fprintf(a.stderr, "ddlgate: warning: %v\n", w)
		}
	}
}

type driftFlags struct {
	schemaFlags
	fleetFlags
	schemaFile string
}

func newDriftCommand(a *app) *cobra.Command {
	var f driftFlags
	cmd := &cobra.Command{
		Use:   "drift",
		Short: "Detect schema changes made by hand: compare live databases with the migrations",
		Long: `Compare the live schema of one or more databases with the schema the migrations
build (replayed into a scratch database on --dev-url) or with a committed
canonical snapshot (--schema-file, written by ddlgate schema dump or build).
The report groups the differences by table:

  column public.orders.note: in database, not in migrations
  index public.users_email_idx: definition differs

Many databases (tenants, shards, regions) are read --parallel at a time; each
gets its report, then a summary table. One unreachable database is reported
and the others are still compared. Passwords never appear in the output:
give them with PGPASSWORD or ~/.pgpass rather than in the URLs.

--format markdown writes a report fit for an issue body (see docs/drift.md
for a nightly workflow that opens one). --notify posts a JSON event per
database to a webhook after the run; a failed notification is a warning.

Exit codes: 0 no drift, 1 drift in at least one database (or the migrations
failed to replay), 2 a database could not be compared, bad URL or usage error.`,
		Example: `  # against the migrations, built on a development server
  ddlgate drift --database-url "$PROD_URL" --dev-url postgres://postgres@localhost:5432/postgres

  # against the committed snapshot, for every shard, as Markdown
  ddlgate drift --databases shards.txt --schema-file canonical-schema.sql --format markdown`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.drift(cmd, &f)
		},
	}
	f.fleetFlags.register(cmd, "compare")
	f.registerBuild(cmd)
	fl := cmd.Flags()
	fl.StringVar(&f.schemaFile, "schema-file", "", "compare with this canonical snapshot instead of building the migrations")
	fl.StringSliceVar(&f.schemas, "schema", nil, "schemas to compare, comma-separated (default: all but the system ones)")
	fl.StringVar(&f.format, "format", "text", "output format: text, json or markdown")
	fl.StringVar(&f.output, "output", "", "write the report to this file instead of stdout")
	return cmd
}

func (a *app) drift(cmd *cobra.Command, f *driftFlags) error {
	switch f.format {
	case "text", "json", "markdown":
	default:
		return usageErrorf("--format: want text, json or markdown, got %q", f.format)
	}
	urls, err := f.urls(a)
	if err != nil {
		return err
	}
	if f.schemaFile != "" && f.devURL != "" {
		return usageErrorf("give --schema-file or --dev-url, not both")
	}
	if f.schemaFile == "" && f.devURL == "" && a.getenv("DDLGATE_DEV_URL") == "" {
		return usageErrorf("nothing to compare with: pass --dev-url (or set DDLGATE_DEV_URL) to build the migrations, or --schema-file")
	}
	cfg, err := loadConfig(a, f.configPath)
	if err != nil {
		return err
	}
	var expected *dbfacts.Snapshot
	var from string
	if f.schemaFile != "" {
		if expected, err = a.readSnapshotFile(f.schemaFile); err != nil {
			return err
		}
		from = "schema file " + a.display(a.abs(f.schemaFile))
	} else {
		if expected, err = a.buildSchema(cmd, &f.schemaFlags); err != nil {
			return err
		}
		from = "the migrations"
	}
	rep := drift.Run(cmd.Context(), drift.Options{Databases: urls, Expected: expected, ExpectedFrom: from,
		Dump: dbfacts.DumpOptions{Schemas: f.schemas}, Parallel: f.parallel})
	if err := a.writeDrift(rep, f.format, f.output); err != nil {
		return err
	}
	var events []notify.Event
	for _, res := range rep.Results {
		events = append(events, rep.Event(res))
	}
	a.sendNotifications(cmd.Context(), f.webhooks(cfg), events)
	switch drifted, unreachable := rep.Counts(); {
	case unreachable > 0:
		return &exitError{code: gate.Broken}
	case drifted > 0:
		return failed()
	}
	return nil
}

func (a *app) writeDrift(rep *drift.Report, format, output string) error {
	err := a.writeOutput(output, func(w io.Writer) error {
		switch format {
		case "json":
			return rep.WriteJSON(w)
		case "markdown":
			return rep.WriteMarkdown(w)
		}
		return rep.WriteText(w)
	})
	if err != nil {
		return &exitError{code: gate.Broken, err: fmt.Errorf("write drift report: %w", err)}
	}
	return nil
}
