// Package dbtest gives tests a scratch PostgreSQL database of their own on the
// server named by DDLGATE_TEST_DATABASE_URL. Tests skip loudly when no server
// answers, and fail instead when DDLGATE_REQUIRE_DB=1 (as in CI).
package dbtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"strings"
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

// ConnectOnlyRole creates a login role that may do nothing but connect to
// the database at dbURL (CONNECT is revoked from PUBLIC there and granted to
// it), for proving that a command needs no more. It returns dbURL as that
// role, and grant, which runs SQL on the database as the server's
// superuser with %[1]s standing for the role. The role is dropped when the
// test ends, before the scratch database.
func ConnectOnlyRole(t testing.TB, dbURL string) (roleURL string, grant func(sqlFormat string)) {
	t.Helper()
	u, err := url.Parse(dbURL)
	if err != nil {
		t.Fatalf("database URL: %v", err)
	}
	db := strings.TrimPrefix(u.Path, "/")
	var b [4]byte
	_, _ = rand.Read(b[:])
	role := "ddlgate_ro_" + hex.EncodeToString(b[:])
	exec := func(target, sql string) error {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		conn, err := pgx.Connect(ctx, target)
		if err != nil {
			return err
		}
		defer conn.Close(ctx)
		_, err = conn.Exec(ctx, sql)
		return err
	}
	grant = func(sqlFormat string) {
		t.Helper()
		sql := fmt.Sprintf(sqlFormat, role)
		if err := exec(dbURL, sql); err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
	}
	grant("CREATE ROLE %[1]s LOGIN PASSWORD 'ro-secret'")
	t.Cleanup(func() {
		// What the role was granted in the database goes first, or the
		// role cannot be dropped.
		if err := exec(dbURL, fmt.Sprintf("REVOKE ALL ON DATABASE %s FROM %[2]s; DROP OWNED BY %[2]s", db, role)); err != nil {
			t.Errorf("revoke from role %s: %v", role, err)
		}
		if err := exec(AdminURL(), "DROP ROLE "+role); err != nil {
			t.Errorf("drop role %s: %v", role, err)
		}
	})
	grant(fmt.Sprintf("REVOKE CONNECT ON DATABASE %s FROM PUBLIC; GRANT CONNECT ON DATABASE %s TO %%[1]s", db, db))
	u.User = url.UserPassword(role, "ro-secret")
	return u.String(), grant
}
