// Package dbfacts connects to PostgreSQL and reads what policies and the apply
// gate need from a live database: the server version and, per table, its size
// statistics, columns and indexes. Connection strings are redacted in every
// error it returns, so a password never reaches output or logs.
package dbfacts

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/jackc/pgx/v5"
)

// ErrConnect marks errors that mean the database could not be reached or the
// connection string could not be read: the tool could not do its job (exit 2).
var ErrConnect = errors.New("cannot connect to database")

const redacted = "xxxxx"

var (
	urlPassword = regexp.MustCompile(`(://[^:/@?#\s]*):([^@\s]*)@`)
	kvPassword  = regexp.MustCompile(`(?i)(password\s*=\s*)('(?:[^'\\]|\\.)*'|[^\s&]*)`)
)

// Redact returns the connection string with its password replaced by xxxxx,
// in URL form (postgres://user:xxxxx@host/db), in a password= query parameter
// and in keyword/value form.
func Redact(connString string) string {
	s := urlPassword.ReplaceAllString(connString, "$1:"+redacted+"@")
	return kvPassword.ReplaceAllString(s, "${1}"+redacted)
}

// passwords extracts the literal passwords a connection string carries, so
// they can be scrubbed from driver messages that quote them.
func passwords(connString string) []string {
	var out []string
	for _, m := range urlPassword.FindAllStringSubmatch(connString, -1) {
		if m[2] != "" {
			out = append(out, m[2])
		}
	}
	for _, m := range kvPassword.FindAllStringSubmatch(connString, -1) {
		if p := strings.Trim(m[2], "'"); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// scrubbedError carries a driver error whose message has had every password
// removed; Unwrap keeps errors.As working for *pgconn.PgError and friends.
type scrubbedError struct {
	msg string
	err error
}

func (e *scrubbedError) Error() string { return e.msg }
func (e *scrubbedError) Unwrap() error { return e.err }

// Scrub returns err with every password of connString removed from its
// message; nil stays nil.
func Scrub(connString string, err error) error {
	if err == nil {
		return nil
	}
	msg := err.Error()
	clean := Redact(msg)
	for _, p := range passwords(connString) {
		clean = strings.ReplaceAll(clean, p, redacted)
	}
	if clean == msg {
		return err
	}
	return &scrubbedError{msg: clean, err: err}
}

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

// ParseConfig reads a connection string (URL or keyword/value). Errors name
// the redacted string and match ErrConnect.
func ParseConfig(connString string) (*pgx.ConnConfig, error) {
	if strings.TrimSpace(connString) == "" {
		return nil, &connectError{target: "database", err: errors.New("no database URL given (use --database-url or DATABASE_URL)")}
	}
	cfg, err := pgx.ParseConfig(connString)
	if err != nil {
		return nil, &connectError{target: Redact(connString), err: Scrub(connString, unwrapParse(err))}
	}
	return cfg, nil
}

// unwrapParse drops pgx's own "cannot parse `...`" prefix, which quotes the
// connection string with best-effort redaction only; ours is applied instead.
func unwrapParse(err error) error {
	if inner := errors.Unwrap(err); inner != nil {
		return fmt.Errorf("invalid connection string: %w", inner)
	}
	return errors.New("invalid connection string")
}

// Connect opens one connection. Errors are redacted and match ErrConnect.
func Connect(ctx context.Context, connString string) (*pgx.Conn, error) {
	cfg, err := ParseConfig(connString)
	if err != nil {
		return nil, err
	}
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return nil, &connectError{target: Redact(connString), err: Scrub(connString, err)}
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
