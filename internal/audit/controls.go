package audit

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/ddlgate/ddlgate/internal/apply"
	"github.com/ddlgate/ddlgate/internal/finding"
	"github.com/ddlgate/ddlgate/parser"
)

// Control ids, in the order the report lists them.
const (
	ControlWorkflow    = "workflow"
	ControlVersioned   = "versioned"
	ControlReviewed    = "reviewed"
	ControlGated       = "gated"
	ControlPipeline    = "applied-through-pipeline"
	ControlNoDrift     = "no-drift"
	ControlWaivers     = "no-expired-waiver"
	ControlCredentials = "no-committed-credentials"
)

// controls judges each control on the report's evidence.
func (a *auditor) controls(rep *Report) []Control {
	return []Control{
		a.workflowControl(rep),
		a.versionedControl(rep),
		a.reviewedControl(rep),
		a.gatedControl(rep),
		a.pipelineControl(rep),
		a.driftControl(rep),
		a.ruleControl(rep, ControlWaivers, "No expired waiver", "ban-expired-waiver",
			"every waiver (ddlgate:ignore) is within its until date",
			"Renew each waiver with a reason and a new until= date, or fix the finding it hides and remove it."),
		a.ruleControl(rep, ControlCredentials, "No database password in the repository", "ban-committed-credentials",
			"no committed file holds a database password",
			"Remove each password, rotate it (git history keeps it), and read the URL from the environment or a CI secret."),
	}
}

// judge fills a control's status from its failures.
func judge(c Control, failures []string, reasonPass, reasonFail, remedy string) Control {
	c.Failures = failures
	if c.Failures == nil {
		c.Failures = []string{}
	}
	if c.Evidence == nil {
		c.Evidence = []string{}
	}
	if len(failures) == 0 {
		c.Status, c.Reason = Pass, reasonPass
		return c
	}
	c.Status, c.Reason, c.Remedy = Fail, reasonFail, remedy
	return c
}

// issueLine shows a finding as one line with its help.
func issueLine(i Issue) string {
	s := fmt.Sprintf("%s:%d: %s", i.File, i.Line, i.Message)
	if i.Help != "" {
		s += " — " + i.Help
	}
	return s
}

// projectIssues are the workflow issues of rule, of the given severity
// ("" for any).
func (a *auditor) projectIssues(rep *Report, rule, severity string) []Issue {
	var out []Issue
	for _, i := range rep.Workflow.Issues {
		if i.Rule == rule && (severity == "" || i.Severity == severity) {
			out = append(out, i)
		}
	}
	return out
}

// workflowControl: schema changes are made only through versioned
// migrations. The ban-push-workflow findings (error) say where not.
func (a *auditor) workflowControl(rep *Report) Control {
	c := Control{ID: ControlWorkflow, Title: "Schema changes go through migrations"}
	var failures, remedies []string
	for _, i := range a.projectIssues(rep, "ban-push-workflow", "error") {
		failures = append(failures, fmt.Sprintf("%s:%d: %s", i.File, i.Line, i.Message))
		remedies = append(remedies, fmt.Sprintf("%s:%d: %s", i.File, i.Line, i.Help))
	}
	for _, i := range a.projectIssues(rep, "ban-push-workflow", "info") {
		c.Evidence = append(c.Evidence, fmt.Sprintf("development only: %s:%d: %s", i.File, i.Line, i.Message))
	}
	dirs := 0
	for _, d := range rep.Workflow.MigrationDirs {
		if d.Exists {
			dirs++
			c.Evidence = append(c.Evidence, fmt.Sprintf("migrations in %s (%d files, %s, named by %s)", d.Path, d.Files, d.Format, d.NamedBy))
		}
	}
	if dirs == 0 && len(failures) == 0 {
		failures = append(failures, "no migrations directory found")
		remedies = append(remedies, "Generate the migrations of the current schema with your ORM (drizzle-kit generate, prisma migrate dev), commit them, and pass --dir or set migrations.dir in .ddlgate.yaml.")
	}
	for _, cmd := range rep.Workflow.Commands {
		if cmd.Effect == parser.EffectApply || cmd.Effect == parser.EffectGate {
			c.Evidence = append(c.Evidence, fmt.Sprintf("%s:%d runs %s", cmd.File, cmd.Line, cmd.Text))
		}
	}
	return judge(c, failures, "every schema change is a migration file: nothing pushes the schema from CI or a deploy hook",
		"the schema is changed without migrations", strings.Join(remedies, "\n"))
}

// versionedControl: every migration is committed, unchanged, and matches
// ddlgate.sum when there is one.
func (a *auditor) versionedControl(rep *Report) Control {
	c := Control{ID: ControlVersioned, Title: "Every migration is versioned"}
	var failures, remedies []string
	if a.git == nil {
		return judge(c, []string{"the project is not in a git work tree"}, "", "there is no version control",
			"Keep the project, its migrations included, in git.")
	}
	uncommitted := false
	for _, m := range rep.Migrations {
		if m.Git != nil && m.Git.Status != "committed" {
			failures = append(failures, fmt.Sprintf("%s: %s", m.Path, m.Git.Status))
			uncommitted = true
		}
	}
	if uncommitted {
		remedies = append(remedies, "Commit every migration (git add, git commit) and never edit one in place after it is committed.")
	}
	for _, s := range rep.Workflow.Sums {
		if s.Present {
			c.Evidence = append(c.Evidence, fmt.Sprintf("%s/ddlgate.sum present, current: %t", s.Dir, s.Current))
		} else {
			c.Evidence = append(c.Evidence, fmt.Sprintf("%s has no ddlgate.sum (recommended: ddlgate hash --dir %s)", s.Dir, s.Dir))
		}
		failures = append(failures, s.Problems...)
		if len(s.Problems) > 0 {
			remedies = append(remedies, fmt.Sprintf("Review the changes, then run `ddlgate hash --dir %s` and commit ddlgate.sum.", s.Dir))
		}
	}
	for _, i := range a.projectIssues(rep, "require-journal-consistency", "") {
		failures = append(failures, fmt.Sprintf("%s:%d: %s", i.File, i.Line, i.Message))
		remedies = append(remedies, fmt.Sprintf("%s:%d: %s", i.File, i.Line, i.Help))
	}
	for _, m := range rep.Migrations {
		for _, i := range m.Verdict.Findings {
			if i.Rule == "require-journal-consistency" {
				failures = append(failures, fmt.Sprintf("%s:%d: %s", i.File, i.Line, i.Message))
				remedies = appendOnce(remedies, i.Help)
			}
		}
	}
	c.Evidence = append(c.Evidence, fmt.Sprintf("%d migration(s) in the period, audited at %s %s", len(rep.Migrations), rep.Project.Branch, short(rep.Project.Commit)))
	return judge(c, failures, "every migration is committed and unchanged", "some migrations are not versioned as they run",
		strings.Join(remedies, "\n"))
}

func appendOnce(list []string, s string) []string {
	if s == "" || slices.Contains(list, s) {
		return list
	}
	return append(list, s)
}

func short(id string) string {
	if len(id) > 10 {
		return id[:10]
	}
	return id
}

// reviewedControl: every migration reached the branch through a reviewed
// pull or merge request, and none changed after it was merged.
func (a *auditor) reviewedControl(rep *Report) Control {
	c := Control{ID: ControlReviewed, Title: "Every migration is reviewed"}
	if a.git == nil {
		return judge(c, []string{"the project is not in a git work tree"}, "", "there is no review trail", "Keep the project in git and merge changes through pull requests.")
	}
	var failures []string
	unreviewed, edited := false, false
	for _, m := range rep.Migrations {
		g := m.Git
		if g == nil || g.Added == nil {
			failures = append(failures, fmt.Sprintf("%s: not committed, so not reviewed", m.Path))
			unreviewed = true
			continue
		}
		switch {
		case g.PullRequest != "":
			c.Evidence = append(c.Evidence, fmt.Sprintf("%s: added in %s by %s, merged in %s", m.Path, short(g.Added.ID), g.Added.Author, g.PullRequest))
		case g.Merge != nil:
			c.Evidence = append(c.Evidence, fmt.Sprintf("%s: added in %s by %s, merged by %s", m.Path, short(g.Added.ID), g.Added.Author, short(g.Merge.ID)))
		default:
			failures = append(failures, fmt.Sprintf("%s: added by commit %s (%s, %s) directly on %s, through no pull request", m.Path, short(g.Added.ID), g.Added.Author, g.Added.Date, rep.Project.Branch))
			unreviewed = true
		}
		for _, ch := range g.ChangedAfterMerge {
			failures = append(failures, fmt.Sprintf("%s: changed after it was merged, by commit %s (%s, %s): %s", m.Path, short(ch.ID), ch.Author, ch.Date, ch.Subject))
			edited = true
		}
	}
	var remedies []string
	if unreviewed {
		remedies = append(remedies, "Merge every migration through a pull request (protect the branch: require a reviewed pull request before merging).")
	}
	if edited {
		remedies = append(remedies, "Never edit a merged migration: revert the edit and put the change in a new migration (databases that applied the old content will not run the new one).")
	}
	return judge(c, failures, "every migration was merged through a pull or merge request and not changed since",
		"some migrations reached the branch without review, or changed after it", strings.Join(remedies, "\n"))
}

// gatedControl: CI runs ddlgate, and every migration passes today's policy.
func (a *auditor) gatedControl(rep *Report) Control {
	c := Control{ID: ControlGated, Title: "Every migration passes the policy gate"}
	var failures, remedies []string
	gate := false
	for _, cmd := range rep.Workflow.Commands {
		if cmd.Tool == "ddlgate" && (cmd.Effect == parser.EffectGate || cmd.Effect == parser.EffectApply) {
			gate = true
			c.Evidence = append(c.Evidence, fmt.Sprintf("%s:%d runs %s", cmd.File, cmd.Line, cmd.Text))
		}
	}
	if !gate {
		failures = append(failures, "no CI workflow runs ddlgate (ddlgate ci, ddlgate lint, ddlgate apply or the ddlgate action)")
		remedies = append(remedies, "Add `ddlgate ci` to the pull-request workflow and apply with `ddlgate apply` (see docs/ci.md).")
	}
	failing := false
	for _, m := range rep.Migrations {
		if m.Verdict.Decision != Fail {
			continue
		}
		for _, i := range m.Verdict.Findings {
			if sev, _ := finding.ParseSeverity(i.Severity); sev >= a.o.FailLevel {
				failures = append(failures, fmt.Sprintf("%s:%d: %s[%s] %s", i.File, i.Line, i.Severity, i.Rule, i.Message))
			}
		}
		failing = true
	}
	if failing {
		remedies = append(remedies, "Fix each finding (the rule's help says how), or waive it with a reason and an owner: -- ddlgate:ignore <rule> reason=\"...\" until=YYYY-MM-DD.")
	}
	c.Evidence = append(c.Evidence, fmt.Sprintf("fail level: %s", a.o.FailLevel))
	return judge(c, failures, "CI runs ddlgate and every migration passes the policies today",
		"migrations are not gated, or fail the policies today", strings.Join(remedies, "\n"))
}

// pipelineControl: a pipeline applies the migrations, and each database's
// history shows ddlgate apply ran them from CI.
func (a *auditor) pipelineControl(rep *Report) Control {
	c := Control{ID: ControlPipeline, Title: "Migrations are applied by the pipeline"}
	var failures, remedies []string
	applies := false
	for _, cmd := range rep.Workflow.Commands {
		if cmd.Effect == parser.EffectApply {
			applies = true
			c.Evidence = append(c.Evidence, fmt.Sprintf("%s:%d applies migrations: %s", cmd.File, cmd.Line, cmd.Text))
		}
	}
	if !applies {
		failures = append(failures, "no CI workflow or compose file applies the migrations")
		dir := a.dir0()
		for _, d := range rep.Workflow.MigrationDirs {
			dir = cmp.Or(dir, d.Path)
		}
		remedies = append(remedies, fmt.Sprintf("Add a deploy step that runs `ddlgate apply --dir %s --require-merged main` with DATABASE_URL from a CI secret.", cmp.Or(dir, "<migrations directory>")))
	}
	sinceApplied := func(at string) bool { return a.o.Since.IsZero() || after(at, a.o.Since) }
	for _, db := range rep.Databases {
		if !db.HistoryTable {
			failures = append(failures, fmt.Sprintf("%s: no ddlgate.migrations table: nothing records what was applied, by whom, from which commit", db.Name))
			remedies = appendOnce(remedies, "Apply with `ddlgate apply`, which records every migration in ddlgate.migrations; record what a database already has with `ddlgate baseline-db`.")
			continue
		}
		outside := 0
		for _, r := range db.Rows {
			if r.Baseline || !sinceApplied(r.AppliedAt) {
				continue
			}
			if !r.CI {
				failures = append(failures, fmt.Sprintf("%s: %s applied outside CI, by %s at %s", db.Name, r.Version, r.AppliedBy, r.AppliedAt))
				outside++
			}
		}
		if outside > 0 {
			remedies = appendOnce(remedies, "Apply only from the CI/CD pipeline: ddlgate records the CI identity (GITHUB_ACTOR, GITLAB_USER_LOGIN, BUILDKITE_BUILD_CREATOR, CIRCLE_USERNAME, or CI=true); revoke direct DDL rights of people on this database.")
		}
		c.Evidence = append(c.Evidence, fmt.Sprintf("%s: %d row(s) in ddlgate.migrations", db.Name, len(db.Rows)))
	}
	return judge(c, failures, "a pipeline applies the migrations, and every database records ddlgate apply running them from CI",
		"migrations are applied outside the pipeline, or nothing records how", strings.Join(remedies, "\n"))
}

// driftControl: each database applied exactly the repository's files.
func (a *auditor) driftControl(rep *Report) Control {
	c := Control{ID: ControlNoDrift, Title: "Applied history matches the repository"}
	c.Failures, c.Evidence = []string{}, []string{}
	if len(rep.Databases) == 0 {
		c.Status, c.Reason = Skip, "no database given (--database-url)"
		return c
	}
	var failures, remedies []string
	for j, db := range rep.Databases {
		entries := a.entries[j]
		for _, v := range slices.Sorted(maps.Keys(entries)) {
			e := entries[v]
			switch e.State {
			case apply.StateMissing:
				failures = append(failures, fmt.Sprintf("%s: %s (%s) is applied but missing from the repository", db.Name, v, e.Path))
				remedies = appendOnce(remedies, "Restore each missing migration file from git history (or from the database's record) and commit it.")
			case apply.StateModified:
				failures = append(failures, fmt.Sprintf("%s: %s was modified after it was applied (checksum %s, now %s)", db.Name, e.Path, e.Row.Checksum, e.Checksum))
				remedies = appendOnce(remedies, "Restore each modified migration to the content that was applied (git log -p) and put the change in a new migration.")
			case apply.StateDirty:
				failures = append(failures, fmt.Sprintf("%s: %s is dirty: a non-transactional migration failed or was interrupted", db.Name, e.Path))
				remedies = appendOnce(remedies, "Fix the database by hand, then run `ddlgate repair --version <version>`.")
			}
		}
		c.Evidence = append(c.Evidence, fmt.Sprintf("%s: %d applied, %d pending", db.Name, db.Counts[string(apply.StateApplied)], db.Counts[string(apply.StatePending)]+db.Counts[string(apply.StateOutOfOrder)]))
	}
	return judge(c, failures, "every database applied exactly the files of the repository (pending ones aside)",
		"databases and repository disagree", strings.Join(remedies, "\n"))
}

// ruleControl is a control that one rule's findings decide.
func (a *auditor) ruleControl(rep *Report, id, title, rule, pass, remedy string) Control {
	c := Control{ID: id, Title: title, Evidence: []string{"findings of rule " + rule}}
	var failures, remedies []string
	for _, i := range rep.Workflow.Issues {
		if i.Rule == rule {
			failures = append(failures, issueLine(i))
		}
	}
	for _, m := range rep.Migrations {
		for _, i := range m.Verdict.Findings {
			if i.Rule == rule {
				failures = append(failures, issueLine(i))
			}
		}
	}
	if len(failures) > 0 {
		remedies = append(remedies, remedy)
	}
	return judge(c, failures, pass, fmt.Sprintf("%d finding(s) of %s", len(failures), rule), strings.Join(remedies, "\n"))
}
