package cli

import (
	"net/url"
	"strings"
	"testing"

	"github.com/ddlgate/ddlgate/internal/dbtest"
)

// secretPassword holds the characters URLs treat specially between
// fragments distinctive enough that any of them in output is a leak.
const secretPassword = "Zq7@Xw9:Pk3/Mn5?Rt8#Vb2%Ly6"

// databaseCommandLines are every command that takes a connection string.
var databaseCommandLines = [][]string{
	{"apply"},
	{"apply", "--dry-run"},
	{"status"},
	{"repair", "--version", "0001"},
	{"baseline-db", "--version", "0001"},
	{"lint", "migrations", "--database-url"},
	{"phase", "status", "--database-url"},
}

// withURL completes a command line with the connection string: as the value
// of a trailing --database-url, else as --database-url.
func withURL(line []string, conn string) []string {
	args := append([]string(nil), line...)
	if args[len(args)-1] != "--database-url" {
		args = append(args, "--database-url")
	}
	return append(args, conn)
}

// TestNoCommandPrintsAnyPartOfAPassword runs every database command against
// a closed port, the real server with a role that does not exist (an
// authentication failure) and unreadable strings, with the password written
// in URL and keyword/value forms; no output may hold any part of it.
func TestNoCommandPrintsAnyPartOfAPassword(t *testing.T) {
	dir := applyProject(t)
	admin, err := url.Parse(dbtest.AdminURL())
	if err != nil {
		t.Fatal(err)
	}
	host, port := admin.Hostname(), admin.Port()
	if port == "" {
		port = "5432"
	}
	pw := secretPassword
	conns := map[string]string{
		"refused url":          "postgres://bob:" + url.QueryEscape(pw) + "@127.0.0.1:1/shop?connect_timeout=2",
		"refused keyword":      "host=127.0.0.1 port=1 user=bob password='" + pw + "' dbname=shop connect_timeout=2",
		"auth failure url":     (&url.URL{Scheme: "postgres", User: url.UserPassword("ddlgate_no_such_role", pw), Host: host + ":" + port, Path: "/postgres", RawQuery: "sslmode=disable"}).String(),
		"auth failure keyword": "host=" + host + " port=" + port + " user=ddlgate_no_such_role password='" + pw + "' dbname=postgres sslmode=disable",
		"unencoded url":        "postgres://bob:" + pw + "@127.0.0.1:5999/shop",
		"unencoded at":         "postgres://bob:p@ss-TOPSECRET@127.0.0.1:5999/shop",
		"bad port":             "postgres://bob:" + url.QueryEscape(pw) + "@127.0.0.1:59x9/shop",
	}
	for name, conn := range conns {
		for _, line := range databaseCommandLines {
			t.Run(name+"/"+strings.Join(line[:min(2, len(line))], " "), func(t *testing.T) {
				r := ddlgateEnv(t, dir, nil, withURL(line, conn)...)
				r.expect(t, 2)
				out := r.stdout + r.stderr
				for _, f := range append(strings.FieldsFunc(pw, func(c rune) bool { return strings.ContainsRune("@:/?#%", c) }), "TOPSECRET", url.QueryEscape(pw)) {
					if strings.Contains(out, f) {
						t.Errorf("output leaks %q of the password:\n%s", f, out)
					}
				}
				if !strings.Contains(r.stderr, "ddlgate: ") {
					t.Errorf("no error message:\n%s", out)
				}
			})
		}
		// The same string in DATABASE_URL.
		t.Run(name+"/DATABASE_URL", func(t *testing.T) {
			r := ddlgateEnv(t, dir, map[string]string{"DATABASE_URL": conn}, "status")
			r.expect(t, 2)
			if strings.Contains(r.stderr, "Xw9") || strings.Contains(r.stderr, "TOPSECRET") {
				t.Errorf("output leaks the password:\n%s", r.stderr)
			}
		})
	}
}

// TestConnectionErrorsAreReadable: a password equal to the user or part of
// the host no longer garbles them, and one failure is said once.
func TestConnectionErrorsAreReadable(t *testing.T) {
	dir := applyProject(t)
	tests := []struct{ conn, want string }{
		{"postgres://bob:1@127.0.0.1:1/shop?connect_timeout=2", "connect to postgres://bob:xxxxx@127.0.0.1:1/shop: "},
		{"postgres://postgres:postgres@127.0.0.1:1/postgres?connect_timeout=2", "connect to postgres://postgres:xxxxx@127.0.0.1:1/postgres: "},
		{"host=127.0.0.1 port=1 user=shop password=shop dbname=shop", "connect to host=127.0.0.1 port=1 user=shop password=xxxxx dbname=shop: "},
	}
	for _, tt := range tests {
		r := ddlgateEnv(t, dir, nil, "status", "--database-url", tt.conn)
		r.expect(t, 2)
		if !strings.Contains(r.stderr, tt.want) || !strings.Contains(r.stderr, "dial tcp 127.0.0.1:1") {
			t.Errorf("stderr should say %q and name 127.0.0.1:1:\n%s", tt.want, r.stderr)
		}
		if n := strings.Count(r.stderr, "connection refused"); n != 1 {
			t.Errorf("the error is said %d times, want once:\n%s", n, r.stderr)
		}
	}
}

// keywordValue turns a test database URL into the keyword/value form.
func keywordValue(t *testing.T, u string) string {
	t.Helper()
	p, err := url.Parse(u)
	if err != nil {
		t.Fatal(err)
	}
	port := p.Port()
	if port == "" {
		port = "5432"
	}
	kv := "host=" + p.Hostname() + " port=" + port + " user=" + p.User.Username() + " dbname=" + strings.TrimPrefix(p.Path, "/")
	if pw, ok := p.User.Password(); ok {
		kv += " password='" + pw + "'"
	}
	if mode := p.Query().Get("sslmode"); mode != "" {
		kv += " sslmode=" + mode
	}
	return kv
}

// TestEveryCommandAcceptsKeywordValueStrings: what works with a URL works
// with host=… user=… dbname=…, in --database-url and in DATABASE_URL.
func TestEveryCommandAcceptsKeywordValueStrings(t *testing.T) {
	u := dbtest.Scratch(t)
	kv := keywordValue(t, u)
	dir := applyProject(t)
	env := map[string]string{"DATABASE_URL": kv}
	ddlgateEnv(t, dir, env, "apply", "--to", "0002_add_email.sql").expect(t, 0)
	steps := []struct {
		args []string
		env  map[string]string
		want string
	}{
		{[]string{"status"}, env, "2 applied, 1 pending"},
		{[]string{"status", "--database-url", kv}, nil, "2 applied, 1 pending"},
		{[]string{"apply", "--dry-run", "--database-url", kv}, nil, "dry run: 1 migration(s)"},
		{[]string{"lint", "migrations", "--database-url", kv}, nil, "3 files"},
		{[]string{"phase", "status", "--database-url", kv}, nil, "no expand/contract changes"},
		{[]string{"phase", "status", "--database-url", "staging=" + kv}, nil, ""},
		{[]string{"baseline-db", "--version", "0003_index_email.sql", "--database-url", kv}, nil, "marked 1 migration(s)"},
		{[]string{"status", "--database-url", kv}, nil, "3 applied"},
	}
	for _, s := range steps {
		r := ddlgateEnv(t, dir, s.env, s.args...)
		if r.code != 0 {
			t.Fatalf("%v: exit %d\n%s%s", s.args, r.code, r.stdout, r.stderr)
		}
		if !strings.Contains(r.stdout, s.want) {
			t.Errorf("%v: stdout should contain %q:\n%s", s.args, s.want, r.stdout)
		}
	}
}

// TestPhaseStatusTitlesKeywordValueDatabases: a keyword/value string is one
// database titled by its name, not NAME=URL pairs.
func TestPhaseStatusTitlesKeywordValueDatabases(t *testing.T) {
	u := dbtest.Scratch(t)
	kv := keywordValue(t, u)
	dir := t.TempDir()
	writeFile(t, dir+"/migrations/0001_expand.sql", []byte("-- ddlgate:phase expand change=c1\nALTER TABLE users ADD COLUMN email_new text;\n"))
	r := ddlgateEnv(t, dir, nil, "phase", "status", "--format", "json", "--database-url", kv, "--database-url", "prod="+kv)
	r.expect(t, 0)
	db := strings.TrimPrefix(u[strings.LastIndex(u, "/"):], "/")
	db, _, _ = strings.Cut(db, "?")
	if !strings.Contains(r.stdout, `"databases": [
    "`+db+`",
    "prod"
  ]`) {
		t.Errorf("databases should be titled %s and prod:\n%s", db, r.stdout)
	}
}
