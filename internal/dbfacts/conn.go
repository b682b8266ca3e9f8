// Package dbfacts connects to PostgreSQL and reads what policies and the apply
// gate need from a live database: the server version and, per table, its size
// statistics, columns and indexes. Connection strings are redacted in every
// error it returns (see internal/connstr), so a password never reaches output
// or logs.
package dbfacts

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgconn/ctxwatch"

	"github.com/ddlgate/ddlgate/internal/connstr"
)

// ErrConnect marks errors that mean the database could not be reached or the
// connection string could not be read: the tool could not do its job (exit 2).
var ErrConnect = errors.New("cannot connect to database")

// connectError is a connection failure: it matches ErrConnect and unwraps to
// the scrubbed driver error.
type connectError struct {
	target string
	err    error
}

func (e *connectError) Error() string {
	return fmt.Sprintf("connect to %s: %v", e.target, e.err)
}
func (e *connectError) Unwrap() []error { return []error{ErrConnect, e.err} }

// ParseConfig reads a connection string (URL or keyword/value) with
// connstr.Parse. Errors never quote it and match ErrConnect.
func ParseConfig(connString string) (*pgx.ConnConfig, error) {
	cfg, err := connstr.Parse(connString)
	if err != nil {
		return nil, &connectError{target: "database", err: err}
	}
	return cfg, nil
}

// cancelGrace is how long a cancelled query may take to stop before the
// connection is dropped.
const cancelGrace = 5 * time.Second

// Connect opens one connection. Errors name the database with its password
// masked (connstr.Redact) and match ErrConnect.
func Connect(ctx context.Context, connString string) (*pgx.Conn, error) {
	cfg, err := ParseConfig(connString)
	if err != nil {
		return nil, err
	}
	// Cancelled (Ctrl-C), a query is cancelled on the server at once, and
	// the connection stays usable to roll back and release locks, instead
	// of being dropped while the server runs the statement on.
	cfg.BuildContextWatcherHandler = func(c *pgconn.PgConn) ctxwatch.Handler {
		return &pgconn.CancelRequestContextWatcherHandler{Conn: c, DeadlineDelay: cancelGrace}
	}
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return nil, &connectError{target: connstr.Display(connString, &cfg.Config), err: connstr.Scrub(connString, err)}
	}
	return conn, nil
}

// ServerVersion returns the server's version string (e.g. "16.4") and number
// (160004).
func ServerVersion(ctx context.Context, conn *pgx.Conn) (string, int, error) {
	var version string
	var num int
	err := conn.QueryRow(ctx,
		`SELECT current_setting('server_version'), current_setting('server_version_num')::int`).Scan(&version, &num)
	if err != nil {
		return "", 0, fmt.Errorf("read server version: %w", err)
	}
	if i := strings.IndexByte(version, ' '); i > 0 {
		version = version[:i] // "15.20 (Debian 15.20-0+deb12u1)" -> "15.20"
	}
	return version, num, nil
}
