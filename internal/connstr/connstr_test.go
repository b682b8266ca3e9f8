package connstr

import (
	"context"
	"errors"
	"net/url"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
)

// secret is a password made of the characters URLs treat specially, between
// fragments distinctive enough that finding one in output means a leak.
const secret = "Zq7@Xw9:Pk3/Mn5?Rt8#Vb2%Ly6"

// fragments are the parts of a password between its special characters;
// those of three characters or more must not appear in any output.
func fragments(pw string) []string {
	return strings.FieldsFunc(pw, func(r rune) bool { return strings.ContainsRune("@:/?#% '", r) })
}

// assertNoSecret fails when text holds the password or any fragment of it.
func assertNoSecret(t *testing.T, what, text, pw string) {
	t.Helper()
	for _, f := range append([]string{pw}, fragments(pw)...) {
		if len(f) >= 3 && strings.Contains(text, f) {
			t.Errorf("%s leaks %q of the password %q:\n%s", what, f, pw, text)
		}
	}
}

// leakyStrings are connection strings carrying secret, as users write them:
// unencoded and encoded URLs, a password parameter, keyword/value strings.
func leakyStrings(pw string) map[string]string {
	return map[string]string{
		"url unencoded":      "postgres://bob:" + pw + "@127.0.0.1:1/shop?connect_timeout=2",
		"url encoded":        (&url.URL{Scheme: "postgres", User: url.UserPassword("bob", pw), Host: "127.0.0.1:1", Path: "/shop", RawQuery: "connect_timeout=2"}).String(),
		"url password param": "postgresql://bob@127.0.0.1:1/shop?connect_timeout=2&password=" + url.QueryEscape(pw),
		"keyword/value":      "host=127.0.0.1 port=1 user=bob password='" + pw + "' dbname=shop connect_timeout=2",
		"keyword/value bare": "host=127.0.0.1 port=1 user=bob dbname=shop connect_timeout=2 password=" + strings.ReplaceAll(pw, " ", ""),
		"url bad port":       "postgres://bob:" + pw + "@127.0.0.1:59x9/shop",
		"url spaces":         "postgres://bob:" + pw + " and more@127.0.0.1/shop",
	}
}

func TestNoOutputHoldsAnyPartOfThePassword(t *testing.T) {
	for _, pw := range []string{secret, "s3cr3t", "p@ss-TOPSECRET", "aqz%2Fbqz/cqz?dqz#eqz"} {
		for name, s := range leakyStrings(pw) {
			t.Run(name+"/"+pw, func(t *testing.T) {
				assertNoSecret(t, "Redact", Redact(s), pw)
				cfg, err := Parse(s)
				if err != nil {
					if !errors.Is(err, ErrInvalid) {
						t.Errorf("Parse error does not match ErrInvalid: %v", err)
					}
					assertNoSecret(t, "Parse error", err.Error(), pw)
					return
				}
				// Connection refused: nothing listens on port 1.
				_, err = pgx.ConnectConfig(context.Background(), cfg)
				if err == nil {
					t.Fatal("connected to port 1")
				}
				assertNoSecret(t, "connect error", Scrub(s, err).Error(), pw)
			})
		}
	}
}

func TestRedactMasksOnlyThePassword(t *testing.T) {
	tests := []struct{ in, want string }{
		{"postgres://user:s3cr3t@host/db", "postgres://user:xxxxx@host:5432/db"},
		{"postgresql://user:p%40ss:word@host:5433/db?sslmode=require", "postgresql://user:xxxxx@host:5433/db"},
		{"postgres://user@host/db?password=s3cr3t&sslmode=disable", "postgres://user:xxxxx@host:5432/db"},
		{"postgres://user@host/db", "postgres://user@host:5432/db"},
		{"postgres://u@h1:5432,h2:5433/db", "postgres://u@h1:5432,h2:5433/db"},
		{"host=localhost user=app password=s3cr3t dbname=x", "host=localhost port=5432 user=app password=xxxxx dbname=x"},
		{"host=localhost user=app password='s3 cr3t' dbname=x", "host=localhost port=5432 user=app password=xxxxx dbname=x"},
		// A password equal to the user, the host or the database leaves them
		// readable: only the password field is masked.
		{"postgres://postgres:postgres@127.0.0.1:5999/postgres", "postgres://postgres:xxxxx@127.0.0.1:5999/postgres"},
		{"postgres://bob:1@127.0.0.1:5999/shop", "postgres://bob:xxxxx@127.0.0.1:5999/shop"},
		{"postgres://bob:127.0.0.1@127.0.0.1:5999/shop", "postgres://bob:xxxxx@127.0.0.1:5999/shop"},
		{"postgres://bob:shop@127.0.0.1:5999/shop", "postgres://bob:xxxxx@127.0.0.1:5999/shop"},
		{"host=127.0.0.1 user=shop password=shop dbname=shop", "host=127.0.0.1 port=5432 user=shop password=xxxxx dbname=shop"},
		// An unencoded @ in the password: pgx would read the rest as the host.
		{"postgres://bob:p@ss-TOPSECRET@127.0.0.1:5999/shop", "an invalid connection string"},
	}
	for _, tt := range tests {
		if got := Redact(tt.in); got != tt.want {
			t.Errorf("Redact(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestScrubKeepsNamesEqualToThePasswordAndSaysItOnce(t *testing.T) {
	for _, s := range []string{
		"postgres://bob:1@localhost:1/shop",
		"postgres://postgres:postgres@127.0.0.1:1/postgres",
		"postgres://bob:127.0.0.1@127.0.0.1:1/shop",
	} {
		cfg, err := Parse(s)
		if err != nil {
			t.Fatal(err)
		}
		_, err = pgx.ConnectConfig(context.Background(), cfg)
		msg := Scrub(s, err).Error()
		if strings.Contains(msg, Mask) || !strings.Contains(msg, "127.0.0.1:1") {
			t.Errorf("%s: message garbled: %s", s, msg)
		}
		if n := strings.Count(msg, "connection refused"); n != 1 {
			t.Errorf("%s: %d copies of the error, want 1: %s", s, n, msg)
		}
	}
}

func TestSplitName(t *testing.T) {
	tests := []struct{ arg, name, conn string }{
		{"postgres://ci@staging:5432/app", "app", "postgres://ci@staging:5432/app"},
		{"staging=postgres://ci@staging/app", "staging", "postgres://ci@staging/app"},
		{"host=127.0.0.1 user=ci dbname=shop", "shop", "host=127.0.0.1 user=ci dbname=shop"},
		{"production=host=db user=ci dbname=app", "production", "host=db user=ci dbname=app"},
		{"postgres://u:pw@host", "database", "postgres://u:pw@host"},
	}
	for _, tt := range tests {
		if name, conn := SplitName(tt.arg); name != tt.name || conn != tt.conn {
			t.Errorf("SplitName(%q) = %q, %q; want %q, %q", tt.arg, name, conn, tt.name, tt.conn)
		}
	}
}
