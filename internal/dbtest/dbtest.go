// Package dbtest gives tests a scratch PostgreSQL database of their own on the
// server named by DDLGATE_TEST_DATABASE_URL. Tests skip loudly when no server
// answers, and fail instead when DDLGATE_REQUIRE_DB=1 (as in CI).
package dbtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// DefaultURL is the server tried when DDLGATE_TEST_DATABASE_URL is unset.
const DefaultURL = "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"

// AdminURL returns the URL of the server's maintenance database.
func AdminURL() string {
	if u := os.Getenv("DDLGATE_TEST_DATABASE_URL"); u != "" {
		return u
	}
	return DefaultURL
}

// Scratch creates an empty database with a random name, drops it (forcibly)
// when the test ends, and returns its URL.
func Scratch(t testing.TB) string {
	t.Helper()
	admin := AdminURL()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, admin)
	if err != nil {
		unreachable(t, err)
	}
	defer conn.Close(context.Background())

	var b [6]byte
	_, _ = rand.Read(b[:])
	name := "ddlgate_test_" + hex.EncodeToString(b[:])
	if _, err := conn.Exec(ctx, "CREATE DATABASE "+name); err != nil {
		t.Fatalf("create scratch database: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		c, err := pgx.Connect(ctx, admin)
		if err != nil {
			t.Errorf("drop scratch database %s: %v", name, err)
			return
		}
		defer c.Close(ctx)
		if _, err := c.Exec(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
			t.Errorf("drop scratch database %s: %v", name, err)
		}
	})

	u, err := url.Parse(admin)
	if err != nil {
		t.Fatalf("DDLGATE_TEST_DATABASE_URL must be a URL: %v", err)
	}
	u.Path = "/" + name
	return u.String()
}

// unreachable skips or fails the test when there is no server to test against.
func unreachable(t testing.TB, err error) {
	t.Helper()
	if os.Getenv("DDLGATE_REQUIRE_DB") == "1" {
		t.Fatalf("PostgreSQL required (DDLGATE_REQUIRE_DB=1) but unreachable: %v", err)
	}
	t.Skipf("\n*** SKIPPING DATABASE TEST: PostgreSQL unreachable at DDLGATE_TEST_DATABASE_URL (%v).\n*** Start a server or set DDLGATE_REQUIRE_DB=1 to make this a failure.", err)
}
