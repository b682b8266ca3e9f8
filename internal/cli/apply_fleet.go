package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/ddlgate/ddlgate/internal/apply"
	"github.com/ddlgate/ddlgate/internal/connstr"
	"github.com/ddlgate/ddlgate/internal/dbfacts"
	"github.com/ddlgate/ddlgate/internal/notify"
)

// fleetApply is the outcome of apply on one database.
type fleetApply struct {
	database string
	out      bytes.Buffer
	res      *apply.Result
	err      error
}

// runApplyFleet applies to every database the flags name: one database
// exactly as before (progress streamed), several --parallel at a time,
// each with its own report section, then a summary table. One database
// failing does not stop the others; the exit code is the worst of them.
// Every run posts one event per database to the notify webhooks.
func runApplyFleet(cmd *cobra.Command, a *app, f *applyFlags) error {
	urls, err := f.fleet.urls(a)
	if err != nil {
		return err
	}
	cfg, err := loadConfig(a, f.configPath)
	if err != nil {
		return err
	}
	hooks := f.fleet.webhooks(cfg)
	if len(urls) == 1 {
		res, err := runApply(cmd, a, f, urls[0], a.stdout)
		a.sendNotifications(cmd.Context(), hooks, []notify.Event{applyEvent(urls[0], res, err, f.dryRun)})
		return err
	}
	runs := make([]*fleetApply, len(urls))
	dbfacts.Each(cmd.Context(), urls, f.fleet.parallel, func(_ context.Context, i int, url string) {
		r := &fleetApply{database: connstr.Redact(url)}
		r.res, r.err = runApply(cmd, a, f, url, &r.out)
		runs[i] = r
	})
	worst := 0
	var events []notify.Event
	for i, r := range runs {
		fmt.Fprintf(a.stdout, "== %s\n%s", r.database, r.out.String())
		if r.err != nil {
			fmt.Fprintf(a.stdout, "error: %v\n", r.err)
		}
		fmt.Fprintln(a.stdout)
		worst = max(worst, exitCode(applyError(r.err)))
		events = append(events, applyEvent(urls[i], r.res, r.err, f.dryRun))
	}
	writeApplySummary(a, runs)
	a.sendNotifications(cmd.Context(), hooks, events)
	if worst > 0 {
		return &exitError{code: worst}
	}
	return nil
}

// exitCode is the exit code an error of a command ends with.
func exitCode(err error) int {
	var exit *exitError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &exit):
		return exit.code
	}
	return 2
}

func writeApplySummary(a *app, runs []*fleetApply) {
	width := len("database")
	for _, r := range runs {
		width = max(width, len(r.database))
	}
	fmt.Fprintf(a.stdout, "%-*s  %-11s  %s\n", width, "database", "status", "applied")
	for _, r := range runs {
		status, applied := applyStatus(r.res, r.err, false), "-"
		if r.res != nil {
			applied = fmt.Sprint(len(r.res.Applied))
		}
		fmt.Fprintf(a.stdout, "%-*s  %-11s  %s\n", width, r.database, status, applied)
	}
}

// applyStatus names the outcome of one apply: applied, up-to-date,
// planned (dry run), refused, failed or error.
func applyStatus(res *apply.Result, err error, dryRun bool) string {
	var refused *apply.RefusedError
	var failed *apply.MigrationError
	switch {
	case errors.As(err, &refused):
		return "refused"
	case errors.As(err, &failed):
		return "failed"
	case err != nil:
		return "error"
	case res == nil || len(res.Applied) == 0:
		return "up-to-date"
	case dryRun:
		return "planned"
	}
	return "applied"
}

// applyEvent is the notification of one database's apply.
func applyEvent(url string, res *apply.Result, err error, dryRun bool) notify.Event {
	ev := notify.Event{Kind: notify.KindApply, Database: connstr.Redact(url), Verdict: applyStatus(res, err, dryRun)}
	if res != nil {
		ev.Versions = res.Applied
	}
	if err != nil {
		ev.Error = connstr.Scrub(url, err).Error()
	}
	switch ev.Verdict {
	case "applied", "planned":
		ev.Text = fmt.Sprintf("ddlgate apply: %s %s on %s", ev.Verdict, strings.Join(ev.Versions, ", "), ev.Database)
	case "up-to-date":
		ev.Text = fmt.Sprintf("ddlgate apply: %s is up to date", ev.Database)
	default:
		ev.Text = fmt.Sprintf("ddlgate apply: %s on %s: %s", ev.Verdict, ev.Database, ev.Error)
	}
	return ev
}
