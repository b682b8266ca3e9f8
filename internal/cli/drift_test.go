package cli

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/ddlgate/ddlgate/internal/connstr"
	"github.com/ddlgate/ddlgate/internal/dbtest"
	"github.com/ddlgate/ddlgate/internal/notify"
)

// hookServer is a local webhook receiver that records the events posted.
type hookServer struct {
	*httptest.Server
	mu     sync.Mutex
	events []notify.Event
}

func newHookServer(t *testing.T) *hookServer {
	h := &hookServer{}
	h.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		var ev notify.Event
		if err := json.Unmarshal(body, &ev); err != nil {
			t.Errorf("webhook body %s: %v", body, err)
		}
		h.mu.Lock()
		h.events = append(h.events, ev)
		h.mu.Unlock()
	}))
	t.Cleanup(h.Close)
	return h
}

func execSQL(t *testing.T, url, sql string) {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, sql); err != nil {
		t.Fatal(err)
	}
}

// TestDriftOverThreeDatabases applies the migrations to three databases in
// one apply, alters one of them by hand, and expects drift to report exactly
// that one, in text, JSON and Markdown, and to notify a local webhook.
func TestDriftOverThreeDatabases(t *testing.T) {
	dbs := []string{dbtest.Scratch(t), dbtest.Scratch(t), dbtest.Scratch(t)}
	dir := applyProject(t)
	hooks := newHookServer(t)
	env := map[string]string{"USER": "alice"}

	args := []string{"apply", "--parallel", "2", "--notify", hooks.URL}
	for _, u := range dbs {
		args = append(args, "--database-url", u)
	}
	r := ddlgateEnv(t, dir, env, args...)
	r.expect(t, 0)
	if strings.Count(r.stdout, "applied 3 migration(s)") != 3 || !strings.Contains(r.stdout, "database") || !strings.Contains(r.stdout, "applied      3") {
		t.Errorf("apply to three databases:\n%s", r.stdout)
	}
	if len(hooks.events) != 3 || hooks.events[0].Kind != "apply" || hooks.events[0].Verdict != "applied" || len(hooks.events[0].Versions) != 3 {
		t.Errorf("apply events = %+v", hooks.events)
	}
	hooks.events = nil

	execSQL(t, dbs[1], `ALTER TABLE users ADD COLUMN hand_note text`)
	admin := dbtest.AdminURL()
	drift := []string{"drift", "--dev-url", admin, "--notify", hooks.URL}
	for _, u := range dbs {
		drift = append(drift, "--database-url", u)
	}
	r = ddlgateEnv(t, dir, env, drift...)
	r.expect(t, 1)
	name := func(i int) string { return connstr.Redact(dbs[i]) }
	for _, want := range []string{
		name(1) + ": 1 difference from the migrations",
		"  table public.users\n    column public.users.hand_note: in database, not in migrations\n        database:   hand_note text\n",
		name(0) + ": no drift",
		name(2) + ": no drift",
	} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("drift text lacks %q:\n%s", want, r.stdout)
		}
	}
	if got := strings.Count(r.stdout, "  drift   1\n"); got != 1 { // one summary row says "drift"
		t.Errorf("summary should list one drifted database:\n%s", r.stdout)
	}
	if len(hooks.events) != 3 {
		t.Fatalf("drift events = %+v", hooks.events)
	}
	verdicts := map[string]string{}
	for _, ev := range hooks.events {
		verdicts[ev.Database] = ev.Verdict
	}
	if verdicts[name(1)] != "drift" || verdicts[name(0)] != "no-drift" || verdicts[name(2)] != "no-drift" {
		t.Errorf("verdicts = %v", verdicts)
	}

	r = ddlgateEnv(t, dir, env, append(drift, "--format", "json")...)
	r.expect(t, 1)
	var rep struct {
		Databases []struct {
			Database string `json:"database"`
			Changes  []struct {
				Kind, Name, Status string
			} `json:"changes"`
		} `json:"databases"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
		t.Fatalf("%v\n%s", err, r.stdout)
	}
	if len(rep.Databases) != 3 || len(rep.Databases[1].Changes) != 1 || rep.Databases[1].Changes[0].Name != "public.users.hand_note" ||
		len(rep.Databases[0].Changes) != 0 || len(rep.Databases[2].Changes) != 0 {
		t.Errorf("json report: %s", r.stdout)
	}

	r = ddlgateEnv(t, dir, env, append(drift, "--format", "markdown")...)
	r.expect(t, 1)
	for _, want := range []string{"## Schema drift", "1 database drifted", "| " + name(1), "- column public.users.hand_note: in database, not in migrations", "```sql"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("markdown lacks %q:\n%s", want, r.stdout)
		}
	}
}

func TestDriftReportsAnUnreachableDatabaseAndGoesOn(t *testing.T) {
	good := dbtest.Scratch(t)
	dir := applyProject(t)
	env := map[string]string{"USER": "alice"}
	ddlgateEnv(t, dir, env, "apply", "--database-url", good).expect(t, 0)
	snapshot := filepath.Join(dir, "canonical-schema.sql")
	ddlgateEnv(t, dir, env, "schema", "dump", "--database-url", good, "--output", snapshot).expect(t, 0)

	list := filepath.Join(dir, "dbs.txt")
	gone := "postgres://app:s3cr3t@127.0.0.1:1/gone?connect_timeout=2"
	writeFile(t, list, []byte("# shards\n"+good+"\n\n"+gone+"\n"))
	r := ddlgateEnv(t, dir, env, "drift", "--databases", list, "--schema-file", snapshot)
	r.expect(t, 2)
	if strings.Contains(r.stdout+r.stderr, "s3cr3t") {
		t.Errorf("a password is printed:\n%s%s", r.stdout, r.stderr)
	}
	if !strings.Contains(r.stdout, connstr.Redact(good)+": no drift from schema file canonical-schema.sql") ||
		!strings.Contains(r.stdout, connstr.Redact(gone)+": could not compare") {
		t.Errorf("drift with one unreachable database:\n%s", r.stdout)
	}
}

func TestSchemaDumpAndBuildAgree(t *testing.T) {
	db := dbtest.Scratch(t)
	dir := applyProject(t)
	env := map[string]string{"USER": "alice"}
	ddlgateEnv(t, dir, env, "apply", "--database-url", db).expect(t, 0)
	dump := ddlgateEnv(t, dir, env, "schema", "dump", "--database-url", db)
	dump.expect(t, 0)
	build := ddlgateEnv(t, dir, env, "schema", "build", "--dev-url", dbtest.AdminURL())
	build.expect(t, 0)
	if dump.stdout != build.stdout || !strings.Contains(dump.stdout, "-- index: public.users_email_idx") {
		t.Errorf("dump of the applied database and build of the migrations differ:\n%s\n----\n%s", dump.stdout, build.stdout)
	}

	if err := os.WriteFile(filepath.Join(dir, "migrations", "0004_broken.sql"), []byte("ALTER TABLE users\n  ADD COLUMN x int REFERENCES nowhere (id);\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	r := ddlgateEnv(t, dir, env, "schema", "build", "--dev-url", dbtest.AdminURL())
	r.expect(t, 1)
	if !strings.Contains(r.stderr, filepath.Join("migrations", "0004_broken.sql")+":1:1:") || !strings.Contains(r.stderr, `relation "nowhere" does not exist`) {
		t.Errorf("replay failure should name file:line and the server's error:\n%s", r.stderr)
	}
}

// TestCIFailsOnAStaleSchemaFile commits a snapshot, then adds a migration
// without regenerating it: ci fails and says what the snapshot lacks.
func TestCIFailsOnAStaleSchemaFile(t *testing.T) {
	dev := dbtest.AdminURL()
	dbtest.Scratch(t) // skips without a server
	p := newGitProject(t)
	p.Write("migrations/0001_t.sql", "CREATE TABLE t (id bigint PRIMARY KEY);\n")
	build := p.ddlgate("schema", "build", "--dev-url", dev, "--output", "canonical-schema.sql")
	build.expect(t, 0)
	p.Commit("init")

	r := p.ddlgate("ci", "--schema-file", "canonical-schema.sql", "--dev-url", dev)
	r.expect(t, 0)
	if !strings.Contains(r.stderr, "canonical-schema.sql matches") {
		t.Errorf("fresh snapshot:\n%s", r.stderr)
	}

	p.Write("migrations/0002_note.sql", "ALTER TABLE t ADD COLUMN note text;\n")
	r = p.ddlgate("ci", "--schema-file", "canonical-schema.sql", "--dev-url", dev)
	r.expect(t, 1)
	if !strings.Contains(r.stderr, "canonical-schema.sql is stale") ||
		!strings.Contains(r.stderr, "column public.t.note: built by the migrations, not in the snapshot") {
		t.Errorf("stale snapshot:\n%s", r.stderr)
	}
}
