// Package audit builds the evidence an auditor reads for change management
// of the database schema (SOC 2 CC8.1, ISO 27002 8.32, PCI DSS 6.4): how
// schema changes are made and applied (the workflow), every migration with
// its git evidence, checksum, today's policy verdict and waivers, every
// database's applied history side by side, and a table of controls that
// pass or fail with the reason and the remedy.
//
// It judges nothing itself that a rule judges: the policy verdicts, the
// push workflows, committed credentials, ddlgate.sum and expired waivers
// are the findings of the lint pipeline, read as they are.
package audit

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/ddlgate/ddlgate/internal/apply"
	"github.com/ddlgate/ddlgate/internal/connstr"
	"github.com/ddlgate/ddlgate/internal/finding"
	"github.com/ddlgate/ddlgate/internal/lint"
	"github.com/ddlgate/ddlgate/internal/migrations"
	"github.com/ddlgate/ddlgate/parser"
)

// SchemaVersion is the version of the JSON report layout (docs/audit.schema.json).
const SchemaVersion = 1

// Options configure Run.
type Options struct {
	// Root is the project: where git, the workflows and the ORM
	// configuration are read. Report paths are relative to it.
	Root string
	// Dirs are the migrations directories, relative to Root; none when the
	// project has none yet (itself a failed control).
	Dirs []string
	// DatabaseURLs are the databases whose applied history is read, in the
	// order shown (staging before production, say).
	DatabaseURLs []string
	// Since limits the migrations judged to those added or applied on or
	// after it; zero judges them all.
	Since time.Time
	// Now is the time of the report; zero is time.Now.
	Now time.Time
	// Lint are the settings of the lint run (rules, policies, format,
	// runner, target); Dir, Paths, Project and AllowEmpty are set by Run.
	Lint lint.Options
	// FailLevel is the severity at which a policy verdict fails (the ci
	// gate's); zero is error.
	FailLevel finding.Severity
	// Tool names the tool and its version in the report.
	Tool string
}

// Report is the audit evidence. Its JSON form is published as
// docs/audit.schema.json.
type Report struct {
	SchemaVersion int           `json:"schema_version" desc:"version of this layout"`
	Tool          string        `json:"tool" desc:"the tool and version that produced the report"`
	GeneratedAt   string        `json:"generated_at" desc:"when the report was produced, RFC 3339"`
	Since         string        `json:"since" desc:"the start of the audited period (YYYY-MM-DD); empty for the whole history"`
	Passed        bool          `json:"passed" desc:"true when no control fails"`
	Project       Project       `json:"project"`
	Controls      []Control     `json:"controls" desc:"the controls, each pass, fail or skip"`
	Workflow      Workflow      `json:"workflow"`
	Migrations    []Migration   `json:"migrations" desc:"every migration of the period, in the order the runner applies them"`
	Earlier       int           `json:"earlier_migrations" desc:"migrations added and applied before the period, not listed"`
	Databases     []Database    `json:"databases" desc:"the databases given, in the order given"`
	Timeline      []TimelineRow `json:"timeline" desc:"every migration of the period with its state in each database, side by side"`
}

// Project identifies what was audited.
type Project struct {
	Root   string `json:"root" desc:"the project directory"`
	Git    bool   `json:"git" desc:"whether the project is in a git work tree"`
	Branch string `json:"branch" desc:"the branch audited (HEAD)"`
	Commit string `json:"commit" desc:"the commit audited (HEAD)"`
}

// Control statuses.
const (
	Pass = "pass"
	Fail = "fail"
	Skip = "skip"
)

// Control is one control of change management, judged on the evidence.
type Control struct {
	ID     string `json:"id" desc:"stable identifier: workflow, versioned, reviewed, gated, applied-through-pipeline, no-drift, no-expired-waiver, no-committed-credentials"`
	Title  string `json:"title"`
	Status string `json:"status" desc:"pass, fail or skip (no evidence to judge, e.g. no database given)"`
	Reason string `json:"reason" desc:"why it passes, fails or is skipped"`
	// Failures are the items that fail it, each with its place.
	Failures []string `json:"failures" desc:"each item that fails the control, with its file and line"`
	Remedy   string   `json:"remedy" desc:"what to change to pass; empty when it passes"`
	Evidence []string `json:"evidence" desc:"what the verdict rests on"`
}

// Workflow is how schema changes are made and applied in the project.
type Workflow struct {
	Generators    []string       `json:"generators" desc:"the migration generators detected (drizzle-kit, prisma...)"`
	Runners       []string       `json:"runners" desc:"the tools that apply the migrations"`
	MigrationDirs []MigrationDir `json:"migration_dirs"`
	Sums          []Sum          `json:"sums" desc:"ddlgate.sum of each migrations directory"`
	// Commands are the migration-tool commands CI workflows and compose
	// files run, directly or through package scripts.
	Commands []Command `json:"commands" desc:"migration-tool commands that CI workflows and compose files run"`
	Issues   []Issue   `json:"issues" desc:"findings of the project files: schema pushes, missing migration folders, credentials, journals"`
}

// MigrationDir is a migrations directory, audited or named by an ORM config.
type MigrationDir struct {
	Path      string `json:"path" desc:"relative to the project"`
	Format    string `json:"format"`
	Files     int    `json:"files" desc:"up migrations in it"`
	Exists    bool   `json:"exists"`
	Committed *bool  `json:"committed" desc:"whether git tracks a file in it; null outside git"`
	NamedBy   string `json:"named_by" desc:"what names it: the ORM config (file:line), the ddlgate config or --dir"`
}

// Sum is the state of a directory's ddlgate.sum.
type Sum struct {
	Dir      string   `json:"dir"`
	Present  bool     `json:"present"`
	Current  bool     `json:"current" desc:"every migration matches it"`
	Problems []string `json:"problems" desc:"the require-migration-checksum findings"`
}

// Command is a migration-tool command a workflow runs.
type Command struct {
	File   string `json:"file"`
	Line   int    `json:"line"`
	Text   string `json:"text"`
	Tool   string `json:"tool"`
	Effect string `json:"effect" desc:"apply, push, generate, gate or other"`
	Via    string `json:"via" desc:"the package script it runs through (file:line), empty when direct"`
}

// Issue is a finding, as the report shows it.
type Issue struct {
	Rule     string `json:"rule"`
	Severity string `json:"severity"`
	File     string `json:"file"`
	Line     int    `json:"line"`
	Message  string `json:"message"`
	Help     string `json:"help"`
}

// Migration is one migration and its evidence.
type Migration struct {
	Path     string       `json:"path"`
	Version  string       `json:"version"`
	Name     string       `json:"name"`
	Format   string       `json:"format"`
	Checksum string       `json:"checksum" desc:"h1: base64 SHA-256 of the file, as in ddlgate.sum and ddlgate.migrations"`
	Git      *GitEvidence `json:"git" desc:"null outside git"`
	Verdict  Verdict      `json:"verdict" desc:"the policy verdict today"`
	Waivers  []Waiver     `json:"waivers"`
	Applied  []Applied    `json:"applied" desc:"its state in each database given, in the order of databases"`
}

// Verdict is what today's policies say of a migration.
type Verdict struct {
	Decision string  `json:"decision" desc:"pass, or fail when a finding is at or above the fail level"`
	Errors   int     `json:"errors"`
	Warnings int     `json:"warnings"`
	Infos    int     `json:"infos"`
	Findings []Issue `json:"findings"`
}

// Waiver is an ignore directive of a migration.
type Waiver struct {
	Rules   []string `json:"rules"`
	Reason  string   `json:"reason"`
	Owner   string   `json:"owner"`
	Until   string   `json:"until"`
	Line    int      `json:"line"`
	Expired bool     `json:"expired" desc:"ban-expired-waiver reports it"`
}

// Applied is a migration's state in one database.
type Applied struct {
	Database  string `json:"database"`
	State     string `json:"state" desc:"applied, pending, modified, dirty, out-of-order"`
	AppliedAt string `json:"applied_at"`
	AppliedBy string `json:"applied_by"`
	GitCommit string `json:"git_commit"`
}

// Database is the applied history of one database.
type Database struct {
	Name         string         `json:"name" desc:"the URL, password masked"`
	HistoryTable bool           `json:"history_table" desc:"whether ddlgate.migrations exists"`
	Rows         []HistoryRow   `json:"rows" desc:"ddlgate.migrations, in order of application"`
	Counts       map[string]int `json:"counts" desc:"migrations by state"`
}

// HistoryRow is one row of ddlgate.migrations with its state against the
// repository.
type HistoryRow struct {
	Version   string `json:"version"`
	Path      string `json:"path"`
	State     string `json:"state" desc:"applied, modified (the file changed since), missing (no file), dirty"`
	AppliedAt string `json:"applied_at"`
	AppliedBy string `json:"applied_by"`
	CI        bool   `json:"ci" desc:"applied_by names a CI identity"`
	GitCommit string `json:"git_commit"`
	Verdict   string `json:"verdict" desc:"the decision recorded at apply time"`
	Waivers   int    `json:"waivers" desc:"waivers recorded at apply time"`
	Baseline  bool   `json:"baseline"`
	Dirty     bool   `json:"dirty"`
}

// TimelineRow is one migration across the databases.
type TimelineRow struct {
	Version string         `json:"version"`
	Path    string         `json:"path"`
	Cells   []TimelineCell `json:"cells" desc:"one per database, in the order of databases"`
}

// TimelineCell is a migration's state in one database.
type TimelineCell struct {
	State     string `json:"state" desc:"applied, pending, modified, missing, dirty, out-of-order"`
	AppliedAt string `json:"applied_at"`
}

// Run audits the project.
func Run(ctx context.Context, o Options) (*Report, error) {
	if o.Now.IsZero() {
		o.Now = time.Now()
	}
	if o.FailLevel == 0 {
		o.FailLevel = finding.Error
	}
	lo := o.Lint
	lo.Dir, lo.Paths, lo.Project, lo.AllowEmpty, lo.Now = o.Root, o.Dirs, o.Root, true, o.Now
	res, err := lint.Run(ctx, lo)
	if err != nil {
		return nil, err
	}
	a := &auditor{o: o, res: res, byFile: map[string][]finding.Finding{}}
	for _, f := range res.Findings {
		a.byFile[f.File] = append(a.byFile[f.File], f)
	}
	rep := &Report{SchemaVersion: SchemaVersion, Tool: o.Tool, GeneratedAt: o.Now.UTC().Format(time.RFC3339),
		Project: Project{Root: o.Root}, Controls: []Control{}, Migrations: []Migration{}, Databases: []Database{}, Timeline: []TimelineRow{}}
	if !o.Since.IsZero() {
		rep.Since = o.Since.Format(time.DateOnly)
	}
	var existing []string
	for _, d := range o.Dirs {
		if fi, err := os.Stat(filepath.Join(o.Root, d)); err == nil && fi.IsDir() {
			existing = append(existing, d)
		}
	}
	a.git, err = readHistory(ctx, o.Root, existing)
	switch {
	case errors.Is(err, errNoGit):
		a.git = nil
	case err != nil:
		return nil, err
	default:
		rep.Project.Git, rep.Project.Branch, rep.Project.Commit = true, a.git.branch, a.git.head
	}
	rep.Workflow = a.workflow()
	for _, url := range o.DatabaseURLs {
		db, entries, err := a.database(ctx, url)
		if err != nil {
			return nil, err
		}
		rep.Databases = append(rep.Databases, db)
		a.entries = append(a.entries, entries)
	}
	all := a.migrations(ctx)
	for _, m := range all {
		if a.inPeriod(m) {
			rep.Migrations = append(rep.Migrations, m)
		} else {
			rep.Earlier++
		}
	}
	rep.Timeline = a.timeline(rep.Migrations)
	rep.Controls = a.controls(rep)
	rep.Passed = true
	for _, c := range rep.Controls {
		if c.Status == Fail {
			rep.Passed = false
		}
	}
	return rep, nil
}

// auditor holds what the parts of a report share.
type auditor struct {
	o      Options
	res    *lint.Result
	byFile map[string][]finding.Finding
	git    *history
	// entries are each database's states by version, in database order.
	entries []map[string]apply.Entry
}

func issue(f finding.Finding) Issue {
	return Issue{Rule: f.Rule, Severity: f.Severity.String(), File: filepath.ToSlash(f.File), Line: f.Line, Message: f.Message, Help: f.Help}
}

// isMigration reports whether a finding is about a migration file rather
// than a project file.
func (a *auditor) isMigration(path string) bool {
	for i := range a.res.Migrations {
		if a.res.Migrations[i].Path == path {
			return true
		}
	}
	return false
}

// generators names the generator of each migration format.
var generators = map[string]string{
	migrations.FormatDrizzle: "drizzle-kit", migrations.FormatPrisma: "prisma", migrations.FormatGolangMigrate: "golang-migrate",
	migrations.FormatGoose: "goose", migrations.FormatDbmate: "dbmate", migrations.FormatFlyway: "flyway",
	migrations.FormatDiesel: "diesel", migrations.FormatSupabase: "supabase", migrations.FormatAtlas: "atlas",
}

func (a *auditor) workflow() Workflow {
	w := Workflow{Generators: []string{}, Runners: []string{}, MigrationDirs: []MigrationDir{}, Sums: []Sum{}, Commands: []Command{}, Issues: []Issue{}}
	add := func(list *[]string, v string) {
		if v != "" && !slices.Contains(*list, v) {
			*list = append(*list, v)
		}
	}
	for _, d := range a.o.Dirs {
		md := MigrationDir{Path: filepath.ToSlash(d), NamedBy: "migrations directory"}
		fi, err := os.Stat(filepath.Join(a.o.Root, d))
		md.Exists = err == nil && fi.IsDir()
		for i := range a.res.Migrations {
			m := &a.res.Migrations[i]
			if m.Direction == migrations.DirectionUp && inDir(m.Path, d) {
				md.Files++
				md.Format = m.Format
			}
		}
		if a.git != nil {
			c := md.Files > 0
			for i := range a.res.Migrations {
				if inDir(a.res.Migrations[i].Path, d) && a.git.status[filepath.ToSlash(a.res.Migrations[i].Path)] == "untracked" {
					c = false
				}
			}
			md.Committed = &c
		}
		add(&w.Generators, generators[md.Format])
		runner := a.o.Lint.Runner
		if runner == "" && md.Format != "" {
			runner = migrations.DefaultRunner(md.Format)
		}
		add(&w.Runners, runner)
		w.MigrationDirs = append(w.MigrationDirs, md)
		_, serr := os.Stat(filepath.Join(a.o.Root, d, migrations.SumFileName))
		sum := Sum{Dir: filepath.ToSlash(d), Present: serr == nil, Problems: []string{}}
		for _, f := range a.res.Findings {
			if f.Rule == "require-migration-checksum" && inDir(f.File, d) {
				sum.Problems = append(sum.Problems, fmt.Sprintf("%s:%d: %s", filepath.ToSlash(f.File), f.Line, f.Message))
			}
		}
		sum.Current = sum.Present && len(sum.Problems) == 0
		w.Sums = append(w.Sums, sum)
	}
	for _, f := range a.res.Project {
		p := f.Project
		switch p.Kind {
		case parser.ProjectDrizzleConfig:
			add(&w.Generators, "drizzle-kit")
		case parser.ProjectPrismaSchema:
			add(&w.Generators, "prisma")
		}
		for _, d := range p.MigrationDirs {
			if slices.ContainsFunc(w.MigrationDirs, func(m MigrationDir) bool { return m.Path == d.Dir }) {
				for i := range w.MigrationDirs {
					if w.MigrationDirs[i].Path == d.Dir {
						w.MigrationDirs[i].NamedBy = fmt.Sprintf("%s:%d", f.File.Path, d.Span.Line)
					}
				}
				continue
			}
			w.MigrationDirs = append(w.MigrationDirs, MigrationDir{Path: d.Dir, Format: d.Tool, Exists: d.Exists,
				Committed: d.Committed, NamedBy: fmt.Sprintf("%s:%d", f.File.Path, d.Span.Line)})
		}
		if p.Kind != parser.ProjectWorkflow && p.Kind != parser.ProjectCompose {
			continue
		}
		for _, c := range p.Commands {
			cmd := Command{File: filepath.ToSlash(f.File.Path), Line: int(c.Span.Line), Text: c.Text, Tool: c.Tool, Effect: c.Effect}
			if c.Via != nil {
				cmd.Via = fmt.Sprintf("%s:%d (%s: %s)", c.Via.Path, c.Via.Line, c.Via.Script, c.Via.Command)
			}
			if c.Effect == parser.EffectApply {
				add(&w.Runners, c.Tool)
			}
			w.Commands = append(w.Commands, cmd)
		}
	}
	for _, f := range a.res.Findings {
		if !a.isMigration(f.File) {
			w.Issues = append(w.Issues, issue(f))
		}
	}
	return w
}

// inDir reports whether path lies in dir (both relative to the project).
func inDir(path, dir string) bool {
	rel, err := filepath.Rel(dir, path)
	return err == nil && !strings.HasPrefix(rel, "..")
}

func (a *auditor) migrations(ctx context.Context) []Migration {
	var out []Migration
	for i := range a.res.Migrations {
		m := &a.res.Migrations[i]
		if m.Direction != migrations.DirectionUp {
			continue
		}
		mig := Migration{Path: filepath.ToSlash(m.Path), Version: m.Version, Name: m.Name, Format: m.Format,
			Checksum: m.Checksum(), Waivers: []Waiver{}, Applied: []Applied{}}
		if a.git != nil {
			mig.Git = a.git.evidence(ctx, mig.Path)
		}
		mig.Verdict = Verdict{Decision: Pass, Findings: []Issue{}}
		expired := map[int]bool{}
		for _, f := range a.byFile[m.Path] {
			switch f.Severity {
			case finding.Error:
				mig.Verdict.Errors++
			case finding.Warning:
				mig.Verdict.Warnings++
			default:
				mig.Verdict.Infos++
			}
			if f.Severity >= a.o.FailLevel {
				mig.Verdict.Decision = Fail
			}
			if f.Rule == "ban-expired-waiver" {
				expired[f.Line] = true
			}
			mig.Verdict.Findings = append(mig.Verdict.Findings, issue(f))
		}
		if f := a.res.Files[i]; f != nil {
			for _, d := range f.Directives {
				if d.Kind == "ignore" || d.Kind == "ignore-file" {
					mig.Waivers = append(mig.Waivers, Waiver{Rules: d.Rules, Reason: d.Reason, Owner: d.Owner,
						Until: d.Until, Line: int(d.Span.Line), Expired: expired[int(d.Span.Line)]})
				}
			}
		}
		for j, entries := range a.entries {
			ap := Applied{Database: connstr.Redact(a.o.DatabaseURLs[j]), State: string(apply.StatePending)}
			if e, ok := entries[apply.VersionOf(a.dir0(), *m)]; ok {
				ap.State = string(e.State)
				if e.Row != nil {
					ap.AppliedAt = e.Row.AppliedAt.UTC().Format(time.RFC3339)
					ap.AppliedBy = e.Row.AppliedBy
					ap.GitCommit = deref(e.Row.GitCommit)
				}
			}
			mig.Applied = append(mig.Applied, ap)
		}
		out = append(out, mig)
	}
	return out
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// dir0 is the migrations directory databases are compared with.
func (a *auditor) dir0() string {
	if len(a.o.Dirs) == 0 {
		return ""
	}
	return a.o.Dirs[0]
}

// inPeriod reports whether a migration belongs to the audited period: added
// (or still uncommitted) or applied somewhere on or after Since.
func (a *auditor) inPeriod(m Migration) bool {
	if a.o.Since.IsZero() || m.Git == nil || m.Git.Added == nil {
		return true
	}
	if after(m.Git.Added.Date, a.o.Since) {
		return true
	}
	for _, ap := range m.Applied {
		if ap.AppliedAt != "" && after(ap.AppliedAt, a.o.Since) {
			return true
		}
	}
	return false
}

func after(rfc3339 string, since time.Time) bool {
	t, err := time.Parse(time.RFC3339, rfc3339)
	return err != nil || !t.Before(since)
}

// database reads one database's history and compares it with the first
// migrations directory.
func (a *auditor) database(ctx context.Context, url string) (Database, map[string]apply.Entry, error) {
	db := Database{Name: connstr.Redact(url), Rows: []HistoryRow{}, Counts: map[string]int{}}
	_, exists, err := apply.History(ctx, url)
	if err != nil {
		return db, nil, err
	}
	db.HistoryTable = exists
	var ms []migrations.Migration
	for i := range a.res.Migrations {
		m := a.res.Migrations[i]
		if m.Direction == migrations.DirectionUp && (a.dir0() == "" || inDir(m.Path, a.dir0())) {
			ms = append(ms, m)
		}
	}
	// The lint run may have left files its cache served unread.
	if err := migrations.LoadAll(ms); err != nil {
		return db, nil, err
	}
	st, err := apply.Status(ctx, url, a.dir0(), ms)
	if err != nil {
		return db, nil, err
	}
	for s, n := range st.Counts {
		db.Counts[string(s)] = n
	}
	entries := map[string]apply.Entry{}
	for _, e := range st.Entries {
		entries[e.Version] = e
		if e.Row == nil {
			continue
		}
		r := e.Row
		db.Rows = append(db.Rows, HistoryRow{Version: r.Version, Path: r.Path, State: string(e.State),
			AppliedAt: r.AppliedAt.UTC().Format(time.RFC3339), AppliedBy: r.AppliedBy, CI: strings.Contains(r.AppliedBy, "ci: "),
			GitCommit: deref(r.GitCommit), Verdict: decision(r.Verdict), Waivers: count(r.Waivers), Baseline: r.Baseline, Dirty: r.Dirty})
	}
	slices.SortStableFunc(db.Rows, func(x, y HistoryRow) int { return strings.Compare(x.AppliedAt, y.AppliedAt) })
	return db, entries, nil
}

func decision(verdict json.RawMessage) string {
	var v struct {
		Decision string `json:"decision"`
	}
	if json.Unmarshal(verdict, &v) != nil {
		return ""
	}
	return v.Decision
}

func count(list json.RawMessage) int {
	var v []json.RawMessage
	if json.Unmarshal(list, &v) != nil {
		return 0
	}
	return len(v)
}

// timeline lines up the period's migrations, then the rows of files gone
// from the repository, across the databases.
func (a *auditor) timeline(ms []Migration) []TimelineRow {
	rows := []TimelineRow{}
	if len(a.entries) == 0 {
		return rows
	}
	for _, m := range ms {
		row := TimelineRow{Version: m.Version, Path: m.Path, Cells: []TimelineCell{}}
		if row.Version == "" {
			row.Version = m.Name
		}
		for _, ap := range m.Applied {
			row.Cells = append(row.Cells, TimelineCell{State: ap.State, AppliedAt: ap.AppliedAt})
		}
		rows = append(rows, row)
	}
	var missing []string
	for _, entries := range a.entries {
		for v, e := range entries {
			if e.State == apply.StateMissing && !slices.Contains(missing, v) {
				missing = append(missing, v)
			}
		}
	}
	slices.Sort(missing)
	for _, v := range missing {
		row := TimelineRow{Version: v, Cells: []TimelineCell{}}
		for _, entries := range a.entries {
			cell := TimelineCell{State: "-"}
			if e, ok := entries[v]; ok {
				cell.State = string(e.State)
				row.Path = e.Path
				if e.Row != nil {
					cell.AppliedAt = e.Row.AppliedAt.UTC().Format(time.RFC3339)
				}
			}
			row.Cells = append(row.Cells, cell)
		}
		rows = append(rows, row)
	}
	return rows
}
