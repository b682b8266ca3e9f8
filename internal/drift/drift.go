// Package drift compares the live schema of one or more databases with the
// schema their migrations build (or a committed canonical snapshot), and
// reports the differences per database as text, JSON or Markdown.
package drift

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/ddlgate/ddlgate/internal/connstr"
	"github.com/ddlgate/ddlgate/internal/dbfacts"
	"github.com/ddlgate/ddlgate/internal/notify"
)

// Options configure Run.
type Options struct {
	// Databases are connection strings; passwords never reach the report.
	Databases []string
	// Expected is the schema the migrations build.
	Expected *dbfacts.Snapshot
	// ExpectedFrom says where Expected comes from, for the report
	// ("migrations in db/migrations, built on the dev server").
	ExpectedFrom string
	Dump         dbfacts.DumpOptions
	// Parallel bounds the databases read at once (default
	// dbfacts.DefaultParallel).
	Parallel int
}

// Result is the drift of one database.
type Result struct {
	// Database is the connection string without its password.
	Database string `json:"database"`
	// Error is why the database could not be compared ("" when it was).
	Error   string           `json:"error"`
	Changes []dbfacts.Change `json:"changes"`
}

// The statuses of a Result, as the text and Markdown summaries show them.
const (
	StatusOK    = "ok"
	StatusDrift = "drift"
	StatusError = "error"
)

// Status is StatusOK, StatusDrift or StatusError.
func (r Result) Status() string {
	switch {
	case r.Error != "":
		return StatusError
	case len(r.Changes) > 0:
		return StatusDrift
	}
	return StatusOK
}

// Report is the drift of every database, in the order given.
type Report struct {
	ExpectedFrom string   `json:"expected_from"`
	Results      []Result `json:"databases"`
}

// Run dumps every database (at most Parallel at once) and compares each
// with Expected. A database that cannot be reached is a failed result, not
// an error of the run.
func Run(ctx context.Context, o Options) *Report {
	rep := &Report{ExpectedFrom: o.ExpectedFrom, Results: make([]Result, len(o.Databases))}
	parallel := o.Parallel
	if parallel <= 0 {
		parallel = dbfacts.DefaultParallel
	}
	dbfacts.Each(ctx, o.Databases, parallel, func(ctx context.Context, i int, url string) {
		r := Result{Database: connstr.Redact(url), Changes: []dbfacts.Change{}}
		live, err := dbfacts.DumpURL(ctx, url, o.Dump)
		if err != nil {
			r.Error = connstr.Scrub(url, err).Error()
		} else {
			r.Changes = dbfacts.Diff(live, o.Expected)
		}
		rep.Results[i] = r
	})
	return rep
}

// Counts returns how many databases drifted and how many failed.
func (r *Report) Counts() (drifted, failed int) {
	for _, res := range r.Results {
		switch res.Status() {
		case StatusDrift:
			drifted++
		case StatusError:
			failed++
		}
	}
	return drifted, failed
}

// WriteJSON writes the report as one JSON object.
func (r *Report) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

// WriteText writes the differences per database, grouped by table, and a
// summary table when there is more than one database.
func (r *Report) WriteText(w io.Writer) error {
	var b strings.Builder
	for _, res := range r.Results {
		switch res.Status() {
		case StatusError:
			fmt.Fprintf(&b, "%s: could not compare: %s\n", res.Database, res.Error)
			continue
		case StatusOK:
			fmt.Fprintf(&b, "%s: no drift from %s\n", res.Database, r.ExpectedFrom)
			continue
		}
		fmt.Fprintf(&b, "%s: %s from %s\n", res.Database, plural(len(res.Changes), "difference"), r.ExpectedFrom)
		group := ""
		for _, c := range res.Changes {
			if c.Group() != group {
				group = c.Group()
				fmt.Fprintf(&b, "  %s\n", group)
			}
			fmt.Fprintf(&b, "    %s\n", c.Describe())
			if c.Database != "" {
				fmt.Fprintf(&b, "        database:   %s\n", indent(c.Database, "                    "))
			}
			if c.Migrations != "" {
				fmt.Fprintf(&b, "        migrations: %s\n", indent(c.Migrations, "                    "))
			}
		}
	}
	if len(r.Results) > 1 {
		b.WriteString("\n")
		r.summary(&b, "", "")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// WriteMarkdown writes a report fit for an issue body: a summary table,
// then the differences per database.
func (r *Report) WriteMarkdown(w io.Writer) error {
	var b strings.Builder
	drifted, failed := r.Counts()
	fmt.Fprintf(&b, "## Schema drift\n\nCompared with %s: %s drifted, %s could not be compared.\n\n",
		r.ExpectedFrom, plural(drifted, "database"), plural(failed, "database"))
	r.summary(&b, "| ", " |")
	for _, res := range r.Results {
		if res.Status() == StatusOK {
			continue
		}
		fmt.Fprintf(&b, "\n### `%s`\n\n", res.Database)
		if res.Error != "" {
			fmt.Fprintf(&b, "Could not compare: `%s`\n", res.Error)
			continue
		}
		group := ""
		for _, c := range res.Changes {
			if c.Group() != group {
				group = c.Group()
				fmt.Fprintf(&b, "\n**%s**\n\n", group)
			}
			fmt.Fprintf(&b, "- %s\n", c.Describe())
			if c.Database != "" {
				fmt.Fprintf(&b, "  - database:\n    ```sql\n    %s\n    ```\n", indent(c.Database, "    "))
			}
			if c.Migrations != "" {
				fmt.Fprintf(&b, "  - migrations:\n    ```sql\n    %s\n    ```\n", indent(c.Migrations, "    "))
			}
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// summary writes one row per database; with a prefix and suffix it is a
// Markdown table.
func (r *Report) summary(b *strings.Builder, pre, post string) {
	width := len("database")
	for _, res := range r.Results {
		width = max(width, len(res.Database))
	}
	sep := "  "
	if pre != "" {
		sep = " | "
	}
	row := func(db, status, n string) {
		fmt.Fprintf(b, "%s%-*s%s%-6s%s%s%s\n", pre, width, db, sep, status, sep, n, post)
	}
	row("database", "status", "differences")
	if pre != "" {
		row(strings.Repeat("-", width), "------", "-----------")
	}
	for _, res := range r.Results {
		n := fmt.Sprint(len(res.Changes))
		if res.Error != "" {
			n = "-"
		}
		row(res.Database, res.Status(), n)
	}
}

// Event is the notification of one database's result.
func (r *Report) Event(res Result) notify.Event {
	ev := notify.Event{Kind: notify.KindDrift, Database: res.Database, Error: res.Error}
	switch res.Status() {
	case StatusError:
		ev.Verdict = "error"
		ev.Text = fmt.Sprintf("ddlgate drift: %s could not be compared: %s", res.Database, res.Error)
	case StatusOK:
		ev.Verdict = "no-drift"
		ev.Text = fmt.Sprintf("ddlgate drift: %s matches %s", res.Database, r.ExpectedFrom)
	default:
		ev.Verdict = "drift"
		ev.Text = fmt.Sprintf("ddlgate drift: %s has %s from %s", res.Database, plural(len(res.Changes), "difference"), r.ExpectedFrom)
	}
	d := &notify.Drift{Differences: len(res.Changes), Objects: []string{}}
	for _, c := range res.Changes {
		d.Objects = append(d.Objects, c.Describe())
	}
	ev.Drift = d
	return ev
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}

func indent(s, prefix string) string {
	return strings.ReplaceAll(s, "\n", "\n"+prefix)
}
