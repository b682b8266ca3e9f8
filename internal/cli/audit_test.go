package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ddlgate/ddlgate/internal/audit"
	"github.com/ddlgate/ddlgate/internal/dbtest"
)

// classicProject is testdata/audit/classic/before committed on main: the
// drizzle config names ./src/db/migrations, the folder is absent, and the
// deploy workflow runs npm run db:push.
func classicProject(t *testing.T) *gitProject {
	t.Helper()
	p := newGitProject(t)
	if err := os.CopyFS(p.Dir, os.DirFS(filepath.Join("..", "..", "testdata", "audit", "classic", "before"))); err != nil {
		t.Fatal(err)
	}
	p.Commit("Initial app")
	return p
}

// fixClassicProject merges testdata/audit/classic/after through a pull
// request: the migrations generated and committed, the workflows running
// ddlgate ci and ddlgate apply.
func fixClassicProject(t *testing.T, p *gitProject) {
	t.Helper()
	p.Git("checkout", "--quiet", "-b", "generate-migrations")
	after := filepath.Join("..", "..", "testdata", "audit", "classic", "after")
	err := filepath.WalkDir(after, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(after, path)
		if err != nil {
			return err
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		p.Write(filepath.ToSlash(rel), string(src)) // overwrites, unlike os.CopyFS
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	p.Git("add", "-A")
	p.Git("-c", "user.name=Bob", "-c", "user.email=bob@example.com", "commit", "--quiet", "-m", "Generate migrations and apply them with ddlgate")
	p.Git("checkout", "--quiet", "main")
	p.Git("merge", "--quiet", "--no-ff", "-m", "Merge pull request #12 from acme/generate-migrations", "generate-migrations")
}

func controlStatus(rep *audit.Report) map[string]string {
	out := map[string]string{}
	for _, c := range rep.Controls {
		out[c.ID] = c.Status
	}
	return out
}

func TestAuditClassicFindingAndItsFix(t *testing.T) {
	p := classicProject(t)
	r := p.ddlgate("audit")
	r.expect(t, 1)
	deploy := ".github/workflows/deploy.yml"
	for _, want := range []string{
		"| Schema changes go through migrations | ❌ fail |",
		"- " + deploy + ":14: npm run db:push in " + deploy + " runs drizzle-kit push (package.json:7, script db:push), which changes the schema without a migration",
		"- drizzle.config.ts:5: drizzle.config.ts: out names ./src/db/migrations as the migrations folder, but src/db/migrations does not exist",
		"- " + deploy + ":14: Replace `npm run db:push` in " + deploy + " line 14 with a step that applies the committed migrations, e.g. `ddlgate apply --database-url \"$DATABASE_URL\"`",
		"- drizzle.config.ts:5: Generate the migrations into src/db/migrations (`npx drizzle-kit generate`",
		"Add a deploy step that runs `ddlgate apply --dir src/db/migrations --require-merged main`",
	} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("the audit does not say %q:\n%s", want, r.stdout)
		}
	}

	fixClassicProject(t, p)
	url := dbtest.Scratch(t)
	ci := map[string]string{"DATABASE_URL": url, "GITHUB_ACTOR": "deploy-bot", "GITHUB_RUN_ID": "42"}
	ddlgateEnv(t, p.Dir, ci, "apply", "--dir", "src/db/migrations", "--require-merged", "main").expect(t, 0)

	r = p.ddlgate("audit", "--database-url", url, "--format", "json")
	r.expect(t, 0)
	var rep audit.Report
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
		t.Fatalf("json: %v\n%s", err, r.stdout)
	}
	for id, status := range controlStatus(&rep) {
		if status != audit.Pass {
			t.Errorf("control %s = %s after the fix", id, status)
		}
	}
	mainCommit := p.Git("rev-parse", "main")
	merged := p.Git("rev-parse", "generate-migrations")
	if len(rep.Migrations) != 2 {
		t.Fatalf("migrations = %+v", rep.Migrations)
	}
	for _, m := range rep.Migrations {
		g := m.Git
		if g == nil || g.Status != "committed" || g.Added == nil || g.Added.ID != merged || g.Added.Author != "Bob" ||
			g.Merge == nil || g.Merge.ID != mainCommit || g.PullRequest != "#12" || len(g.ChangedAfterMerge) != 0 {
			t.Errorf("%s git evidence = %+v", m.Path, g)
		}
		if !strings.HasPrefix(m.Checksum, "h1:") || m.Verdict.Decision != audit.Pass {
			t.Errorf("%s checksum %q verdict %+v", m.Path, m.Checksum, m.Verdict)
		}
		if len(m.Applied) != 1 || m.Applied[0].State != "applied" || m.Applied[0].GitCommit != mainCommit {
			t.Errorf("%s applied = %+v", m.Path, m.Applied)
		}
	}
	if w := rep.Migrations[1].Waivers; len(w) != 1 || w[0].Rules[0] != "require-concurrent-index-creation" || w[0].Owner != "@db-team" || w[0].Expired {
		t.Errorf("waivers of 0001 = %+v", w)
	}
	if len(rep.Databases) != 1 || len(rep.Databases[0].Rows) != 2 || !rep.Databases[0].Rows[0].CI ||
		!strings.Contains(rep.Databases[0].Rows[0].AppliedBy, "ci: github:deploy-bot run 42") || strings.Contains(rep.Databases[0].Name, "password") {
		t.Errorf("database = %+v", rep.Databases)
	}
	if len(rep.Timeline) != 2 || rep.Timeline[1].Cells[0].State != "applied" {
		t.Errorf("timeline = %+v", rep.Timeline)
	}
}

func TestAuditFindsChangesAfterMergeAndDrift(t *testing.T) {
	p := classicProject(t)
	fixClassicProject(t, p)
	url := dbtest.Scratch(t)
	ddlgateEnv(t, p.Dir, map[string]string{"DATABASE_URL": url, "USER": "alice"}, "apply", "--dir", "src/db/migrations").expect(t, 0)
	// Someone edits a merged migration on main, directly.
	p.Write("src/db/migrations/0000_init.sql", "CREATE TABLE \"users\" (\n\t\"id\" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY,\n\t\"email\" text NOT NULL,\n\t\"name\" text\n);\n")
	p.Commit("Add users.name")

	r := p.ddlgate("audit", "--database-url", url, "--format", "json")
	r.expect(t, 1)
	var rep audit.Report
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
		t.Fatal(err)
	}
	status := controlStatus(&rep)
	for id, want := range map[string]string{audit.ControlReviewed: audit.Fail, audit.ControlNoDrift: audit.Fail,
		audit.ControlPipeline: audit.Fail, audit.ControlWorkflow: audit.Pass, audit.ControlGated: audit.Pass} {
		if status[id] != want {
			t.Errorf("control %s = %s, want %s", id, status[id], want)
		}
	}
	var failures []string
	for _, c := range rep.Controls {
		failures = append(failures, c.Failures...)
	}
	all := strings.Join(failures, "\n")
	for _, want := range []string{
		"src/db/migrations/0000_init.sql: changed after it was merged, by commit",
		"0000_init.sql was modified after it was applied",
		"0000 applied outside CI, by postgres (os: alice)",
	} {
		if !strings.Contains(all, want) {
			t.Errorf("failures lack %q:\n%s", want, all)
		}
	}
	if g := rep.Migrations[0].Git; len(g.ChangedAfterMerge) != 1 || g.ChangedAfterMerge[0].Subject != "Add users.name" {
		t.Errorf("0000 evidence = %+v", g)
	}

	// A period that starts after every commit and apply lists nothing.
	r = p.ddlgate("audit", "--since", "2999-01-01", "--format", "json")
	var later audit.Report
	if err := json.Unmarshal([]byte(r.stdout), &later); err != nil {
		t.Fatal(err)
	}
	if len(later.Migrations) != 0 || later.Earlier != 2 || later.Since != "2999-01-01" {
		t.Errorf("--since: %d migrations, %d earlier, since %q", len(later.Migrations), later.Earlier, later.Since)
	}
}

func TestAuditUsage(t *testing.T) {
	p := classicProject(t)
	r := p.ddlgate("audit", "--format", "pdf")
	r.expect(t, 2)
	r = p.ddlgate("audit", "--since", "last week")
	r.expect(t, 2)
	if !strings.Contains(r.stderr, "--since: want a date like 2026-01-31") {
		t.Errorf("stderr = %s", r.stderr)
	}
	r = p.ddlgate("audit", "--format", "html", "--output", "audit.html")
	r.expect(t, 1)
	if !strings.HasPrefix(r.stdout, "html audit report written to audit.html: FAIL: 3 of 8 controls fail") {
		t.Errorf("stdout = %q", r.stdout)
	}
	if b, err := os.ReadFile(filepath.Join(p.Dir, "audit.html")); err != nil || !strings.Contains(string(b), `id="control-workflow"`) {
		t.Errorf("audit.html: %v", err)
	}
}
