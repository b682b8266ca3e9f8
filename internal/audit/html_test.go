package audit

import (
	"bytes"
	"context"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// sampleReport is a failing report with two databases, built by hand so
// the rendering tests need neither git nor a server.
func sampleReport() *Report {
	merge := &Commit{ID: "8f3c1e2a9b7d6c5e4f3a2b1c0d9e8f7a6b5c4d3e", Author: "GitHub", Date: "2026-10-02T10:00:00Z", Subject: "Merge pull request #12 from acme/orders"}
	added := &Commit{ID: "1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b", Author: "Bob", Email: "bob@example.com", Date: "2026-10-01T09:00:00Z", Subject: "Add orders"}
	ev := &GitEvidence{Status: "committed", Added: added, Merge: merge, PullRequest: "#12", ChangedBeforeMerge: []Commit{}, ChangedAfterMerge: []Commit{}}
	staging, prod := "postgres://app:xxxxx@staging.internal/shop", "postgres://app:xxxxx@prod.internal/shop"
	return &Report{
		SchemaVersion: SchemaVersion, Tool: "ddlgate test", GeneratedAt: "2026-11-22T09:00:00Z",
		Project: Project{Root: "/src/shop", Git: true, Branch: "main", Commit: merge.ID},
		Controls: []Control{
			{ID: ControlWorkflow, Title: "Schema changes go through migrations", Status: Fail, Reason: "the schema is changed without migrations",
				Failures: []string{".github/workflows/deploy.yml:14: npm run db:push <runs> drizzle-kit push"},
				Remedy:   "Replace `npm run db:push` in .github/workflows/deploy.yml line 14 with `ddlgate apply`.", Evidence: []string{}},
			{ID: ControlVersioned, Title: "Every migration is versioned", Status: Pass, Reason: "every migration is committed and unchanged", Failures: []string{}, Evidence: []string{}},
			{ID: ControlNoDrift, Title: "Applied history matches the repository", Status: Skip, Reason: "no database given", Failures: []string{}, Evidence: []string{}},
		},
		Workflow: Workflow{Generators: []string{"drizzle-kit"}, Runners: []string{"ddlgate"},
			MigrationDirs: []MigrationDir{{Path: "src/db/migrations", Format: "drizzle", Files: 2, Exists: true, NamedBy: "drizzle.config.ts:5"}},
			Sums:          []Sum{{Dir: "src/db/migrations", Problems: []string{}}},
			Commands:      []Command{{File: ".github/workflows/deploy.yml", Line: 15, Text: "ddlgate apply", Tool: "ddlgate", Effect: "apply"}},
			Issues:        []Issue{}},
		Migrations: []Migration{
			{Path: "src/db/migrations/0000_init.sql", Version: "0000", Name: "init", Format: "drizzle", Checksum: "h1:dWCjAvUrmCTVabc=", Git: ev,
				Verdict: Verdict{Decision: Pass, Findings: []Issue{}}, Waivers: []Waiver{},
				Applied: []Applied{{Database: staging, State: "applied", AppliedAt: "2026-10-02T11:00:00Z"}, {Database: prod, State: "applied", AppliedAt: "2026-10-03T08:00:00Z"}}},
			{Path: "src/db/migrations/0001_orders.sql", Version: "0001", Name: "orders", Format: "drizzle", Checksum: "h1:SkYB1Z1ZGTilabc=", Git: ev,
				Verdict: Verdict{Decision: Pass, Warnings: 1, Findings: []Issue{{Rule: "require-lock-timeout", Severity: "warning", Line: 1, Message: "no lock_timeout"}}},
				Waivers: []Waiver{{Rules: []string{"require-concurrent-index-creation"}, Reason: "empty table", Owner: "@db", Until: "2027-06-30", Line: 9}},
				Applied: []Applied{{Database: staging, State: "applied", AppliedAt: "2026-10-02T11:00:01Z"}, {Database: prod, State: "pending"}}},
		},
		Databases: []Database{
			{Name: staging, HistoryTable: true, Counts: map[string]int{"applied": 2}, Rows: []HistoryRow{
				{Version: "0000", State: "applied", AppliedAt: "2026-10-02T11:00:00Z", AppliedBy: "migrator (ci: github:deploy-bot run 41)", CI: true, GitCommit: merge.ID, Verdict: "pass"},
				{Version: "0001", State: "applied", AppliedAt: "2026-10-02T11:00:01Z", AppliedBy: "migrator (ci: github:deploy-bot run 41)", CI: true, GitCommit: merge.ID, Verdict: "pass", Waivers: 1}}},
			{Name: prod, HistoryTable: true, Counts: map[string]int{"applied": 1, "pending": 1}, Rows: []HistoryRow{
				{Version: "0000", State: "applied", AppliedAt: "2026-10-03T08:00:00Z", AppliedBy: "migrator (ci: github:deploy-bot run 44)", CI: true, GitCommit: merge.ID, Verdict: "pass"}}},
		},
		Timeline: []TimelineRow{
			{Version: "0000", Path: "src/db/migrations/0000_init.sql", Cells: []TimelineCell{{State: "applied", AppliedAt: "2026-10-02T11:00:00Z"}, {State: "applied", AppliedAt: "2026-10-03T08:00:00Z"}}},
			{Version: "0001", Path: "src/db/migrations/0001_orders.sql", Cells: []TimelineCell{{State: "applied", AppliedAt: "2026-10-02T11:00:01Z"}, {State: "pending"}}},
		},
	}
}

func TestHTMLIsSelfContained(t *testing.T) {
	var b bytes.Buffer
	if err := Write(&b, "html", sampleReport()); err != nil {
		t.Fatal(err)
	}
	page := b.String()
	for _, banned := range []*regexp.Regexp{
		regexp.MustCompile(`(?i)<script`), regexp.MustCompile(`(?i)<link`), regexp.MustCompile(`(?i)<img`),
		regexp.MustCompile(`(?i)(src|href)\s*=\s*["']?(https?:)?//`), regexp.MustCompile(`(?i)url\(`), regexp.MustCompile(`@import`),
	} {
		if banned.MatchString(page) {
			t.Errorf("the page loads something from elsewhere (%s)", banned)
		}
	}
	for _, want := range []string{"@page { size: A4", `id="control-workflow"`, "&lt;runs&gt;", "Timeline per environment"} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %q", want)
		}
	}
}

// chromium finds Debian's chromium, or another Chrome on PATH. CI installs
// it and sets DDLGATE_REQUIRE_BROWSER=1, which turns a missing browser into
// a failure instead of a skip.
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("DDLGATE_REQUIRE_BROWSER") == "1" {
		t.Fatal("headless Chromium required (DDLGATE_REQUIRE_BROWSER=1) but not found: apt-get install chromium")
	}
	t.Skip("\n*** SKIPPING BROWSER TEST: no chromium on PATH (apt-get install chromium).\n*** Set DDLGATE_REQUIRE_BROWSER=1 to make this a failure.")
	return ""
}

// headless runs one headless Chromium command on the page, offline, with a
// fresh profile.
func headless(t *testing.T, browser string, args ...string) []byte {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	base := []string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--user-data-dir=" + t.TempDir(), "--host-resolver-rules=MAP * ~NOTFOUND", "--hide-scrollbars"}
	cmd := exec.CommandContext(ctx, browser, append(base, args...)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", browser, strings.Join(args, " "), err, stderr.String())
	}
	return out
}

func TestHTMLRendersInChromium(t *testing.T) {
	browser := chromium(t)
	dir := t.TempDir()
	page := filepath.Join(dir, "audit.html")
	var b bytes.Buffer
	if err := Write(&b, "html", sampleReport()); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(page, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	url := "file://" + page

	dom := string(headless(t, browser, "--dump-dom", url))
	for _, want := range []string{
		`<tr id="control-workflow"><td>Schema changes go through migrations</td><td class="status fail">FAIL</td>`,
		`<tr id="control-versioned"><td>Every migration is versioned</td><td class="status pass">PASS</td>`,
		`<section id="timeline">`,
		`<h3>postgres://app:xxxxx@staging.internal/shop</h3>`,
		`<h3>postgres://app:xxxxx@prod.internal/shop</h3>`,
		`<td class="state-pending">pending</td>`,
	} {
		if !strings.Contains(dom, want) {
			t.Errorf("the rendered page lacks %s", want)
		}
	}

	shot := filepath.Join(dir, "audit.png")
	headless(t, browser, "--screenshot="+shot, "--window-size=1240,1754", url)
	data, err := os.ReadFile(shot)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	if b := img.Bounds(); b.Dx() != 1240 || b.Dy() != 1754 {
		t.Errorf("screenshot is %dx%d, want the 1240x1754 window", b.Dx(), b.Dy())
	}
	if len(data) < 30<<10 || len(data) > 8<<20 {
		t.Errorf("screenshot is %d bytes: a blank or broken page?", len(data))
	}
	if n := colours(img); n < 8 {
		t.Errorf("screenshot has %d colours: nothing rendered", n)
	}

	pdf := filepath.Join(dir, "audit.pdf")
	headless(t, browser, "--print-to-pdf="+pdf, "--no-pdf-header-footer", url)
	doc, err := os.ReadFile(pdf)
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`/MediaBox\s*\[\s*0 0 ([0-9.]+) ([0-9.]+)\s*\]`).FindSubmatch(doc)
	if m == nil {
		t.Fatal("the PDF has no page size")
	}
	w, _ := strconv.ParseFloat(string(m[1]), 64)
	h, _ := strconv.ParseFloat(string(m[2]), 64)
	if w < 593 || w > 597 || h < 840 || h > 844 {
		t.Errorf("printed page is %.1fx%.1f pt, want A4 (595x842)", w, h)
	}
}

// colours counts the distinct colours of a sample of the image's pixels.
func colours(img image.Image) int {
	seen := map[[4]uint32]bool{}
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y += 7 {
		for x := b.Min.X; x < b.Max.X; x += 7 {
			r, g, bl, a := img.At(x, y).RGBA()
			seen[[4]uint32{r, g, bl, a}] = true
		}
	}
	return len(seen)
}
