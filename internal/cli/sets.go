package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/ddlgate/ddlgate/internal/config"
	"github.com/ddlgate/ddlgate/internal/gate"
	"github.com/ddlgate/ddlgate/internal/lint"
	"github.com/ddlgate/ddlgate/internal/migrations"
)

// lintRuns turns lint's arguments into lint runs, one per migration set:
// each set is one sequence of migrations applied to its own database, so
// the catalog of one must not leak into another. A directory that is a set
// is one run; a directory that is not (the project root, apps/web, prisma)
// is searched for sets (migrations.FindSets), each its own run, and its
// package scripts and CI workflows are judged for schema pushes. Files,
// globs and stdin are linted together in one run with the configured
// history, as before. Without arguments the configured migrations.dir, else
// the working directory, is what is linted. explicitHistory keeps --history
// for every run; otherwise a whole set needs no history but its own.
func (a *app) lintRuns(base lint.Options, cfg *config.Config, args []string, explicitHistory bool) ([]lint.Options, error) {
	setRun := func(dir, project string) lint.Options {
		o := base
		o.Paths = []string{a.display(dir)}
		o.Project = project
		if !explicitHistory {
			o.History = nil
		}
		return o
	}
	if len(args) == 0 {
		if cfg.MigrationsDir != "" {
			o := base
			o.Paths = []string{a.display(cfg.MigrationsDir)}
			o.Project = a.workDir
			return []lint.Options{o}, nil
		}
		return a.searchRuns(a.workDir, ".", setRun)
	}
	var runs []lint.Options
	loose := -1
	for _, arg := range args {
		fi, err := os.Stat(a.abs(arg))
		if arg == lint.StdinPath || err != nil || !fi.IsDir() {
			// Files, globs and stdin, or a path lint reports as unreadable.
			if loose < 0 {
				loose = len(runs)
				o := base
				o.Paths = nil
				runs = append(runs, o)
			}
			runs[loose].Paths = append(runs[loose].Paths, arg)
			continue
		}
		dir := a.abs(arg)
		isSet, err := migrations.IsSet(dir)
		if err != nil {
			return nil, &exitError{code: gate.Broken, err: err}
		}
		if isSet {
			runs = append(runs, setRun(dir, ""))
			continue
		}
		found, err := a.searchRuns(dir, arg, setRun)
		if err != nil && (migrations.HasSQL(dir) || base.AllowEmpty) {
			// SQL files in a folder of no known layout: lint them as plain
			// migrations, as given (and an empty folder is empty).
			runs = append(runs, setRun(dir, ""))
			continue
		}
		if err != nil {
			return nil, err
		}
		runs = append(runs, found...)
	}
	return runs, nil
}

// searchRuns is one run per migration set found under dir (named shown in
// errors); the first also judges dir's project files.
func (a *app) searchRuns(dir, shown string, setRun func(dir, project string) lint.Options) ([]lint.Options, error) {
	sets, err := migrations.FindSets(dir)
	if err != nil {
		return nil, &exitError{code: gate.Broken, err: err}
	}
	if len(sets) == 0 {
		return nil, noMigrationsDir(shown)
	}
	runs := make([]lint.Options, len(sets))
	for i, set := range sets {
		project := ""
		if i == 0 {
			project = dir
		}
		runs[i] = setRun(set, project)
	}
	return runs, nil
}

// migrationsOnlyRuns keeps, of the files given, those that are migrations
// of the configured or discovered migrations directories, and lints them
// per directory with the whole directory replayed for context. The others
// (sqlc queries, schema dumps, seeds) are named on stderr and left alone.
func (a *app) migrationsOnlyRuns(base lint.Options, cfg *config.Config, args []string, explicitHistory bool) ([]lint.Options, error) {
	sets, err := migrations.FindSets(a.workDir)
	if err != nil {
		return nil, &exitError{code: gate.Broken, err: err}
	}
	if cfg.MigrationsDir != "" {
		sets = append([]string{cfg.MigrationsDir}, sets...)
	}
	// Which set each migration file belongs to, as discovered: a file in a
	// set's folder that its format does not run (a README.sql, a down file)
	// is not a migration of it.
	member := map[string]string{}
	for _, set := range sets {
		ms, err := migrations.Discover([]string{set}, migrations.Options{Format: base.Format, IncludeDown: base.IncludeDown})
		if err != nil {
			return nil, &exitError{code: gate.Broken, err: err}
		}
		for _, m := range ms {
			if _, taken := member[m.Path]; !taken {
				member[m.Path] = set
			}
		}
	}
	var runs []lint.Options
	index := map[string]int{}
	var skipped []string
	for _, arg := range args {
		set, ok := member[filepath.Clean(a.abs(arg))]
		if !ok {
			skipped = append(skipped, arg)
			continue
		}
		i, seen := index[set]
		if !seen {
			i = len(runs)
			index[set] = i
			o := base
			o.Paths = nil
			if !explicitHistory {
				o.History = []string{a.display(set)}
			}
			runs = append(runs, o)
		}
		runs[i].Paths = append(runs[i].Paths, arg)
	}
	if len(skipped) > 0 {
		fmt.Fprintf(a.stderr, "ddlgate: not a migration of %s, not linted: %s\n", setNames(a, sets), strings.Join(skipped, ", "))
	}
	return runs, nil
}

// setNames shows the migrations directories for a message.
func setNames(a *app, sets []string) string {
	if len(sets) == 0 {
		return "any migrations directory (none found; set migrations.dir in " + config.FileName + ")"
	}
	shown := make([]string, len(sets))
	for i, s := range sets {
		shown[i] = a.display(s) + "/"
	}
	return strings.Join(shown, ", ")
}

// mergeResults joins the results of lint runs over different sets, in
// order; their rules are the same.
func mergeResults(results []*lint.Result) *lint.Result {
	if len(results) == 1 {
		return results[0]
	}
	out := &lint.Result{Rules: results[0].Rules}
	for _, r := range results {
		out.Files = append(out.Files, r.Files...)
		out.Migrations = append(out.Migrations, r.Migrations...)
		out.Findings = append(out.Findings, r.Findings...)
		out.Statements += r.Statements
		for p, src := range r.ProjectFiles {
			if out.ProjectFiles == nil {
				out.ProjectFiles = map[string][]byte{}
			}
			out.ProjectFiles[p] = src
		}
	}
	return out
}
