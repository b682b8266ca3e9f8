// Package connstr reads PostgreSQL connection strings, in URL form
// (postgres://user:password@host:5432/db) or keyword/value form
// (host=… user=… password=… dbname=…), with pgx's own parser, and shows them
// without their password. It is the one place that decides what of a
// connection string may be printed: every command names a database through
// Redact and reports a bad string or a failed connection through Parse and
// Scrub, so no output carries any part of a password.
package connstr

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"regexp"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// Mask stands for a password in displayed connection strings.
const Mask = "xxxxx"

// ErrInvalid marks a connection string that cannot be read.
var ErrInvalid = errors.New("invalid connection string")

// encodeHint is what a user with special characters in a URL's password
// needs to know.
const encodeHint = "percent-encode @ : / ? # % and spaces in a URL's user and password (@ is %40), or use the keyword/value form"

// IsURL reports whether s is in URL form, the way pgx decides it.
func IsURL(s string) bool {
	return strings.HasPrefix(s, "postgres://") || strings.HasPrefix(s, "postgresql://")
}

// Parse reads a connection string with pgx's parser. Its error never quotes
// the string: it says what is wrong and matches ErrInvalid.
func Parse(s string) (*pgx.ConnConfig, error) {
	if strings.TrimSpace(s) == "" {
		return nil, fmt.Errorf("%w: empty (pass --database-url or set DATABASE_URL)", ErrInvalid)
	}
	cfg, err := pgx.ParseConfig(s)
	if err != nil {
		return nil, parseError(s, err)
	}
	if err := checkHosts(&cfg.Config); err != nil {
		return nil, err
	}
	return cfg, nil
}

// checkHosts refuses host names that can only come from a misread URL: pgx
// splits postgres://bob:p@ss@host at the first "@", so the rest of the
// password lands in the host name, where every error message would print it.
func checkHosts(cfg *pgconn.Config) error {
	for _, h := range hosts(cfg) {
		if strings.HasPrefix(h.host, "/") {
			continue // a Unix socket directory
		}
		if strings.ContainsAny(h.host, "@ /?#") {
			return fmt.Errorf("%w: the host part holds characters a host name cannot (an unencoded @ in the password?): %s", ErrInvalid, encodeHint)
		}
	}
	return nil
}

// parseError rebuilds pgx's parse error without the connection string it
// quotes (pgx redacts it on a best-effort basis only) and without any quoted
// fragment of it, which can be part of a password.
func parseError(s string, err error) error {
	form := "keyword/value"
	if IsURL(s) {
		form = "URL"
	}
	msg := "cannot read it"
	var pce *pgconn.ParseConfigError
	if errors.As(err, &pce) {
		text := pce.Error()
		inner := errors.Unwrap(pce)
		if inner != nil {
			text = strings.TrimSuffix(text, " ("+inner.Error()+")")
		}
		if i := strings.LastIndex(text, "`: "); i >= 0 {
			text = text[i+3:]
		}
		msg = text
		if inner != nil {
			msg += " (" + inner.Error() + ")"
		}
	}
	msg = scrubCandidates(s, stripQuoted(msg))
	hint := ""
	if form == "URL" && specialUserinfo(s) {
		hint = "; " + encodeHint
	}
	return fmt.Errorf("%w (%s form): %s%s", ErrInvalid, form, msg, hint)
}

// specialUserinfo reports whether the part of a URL before its last "@"
// holds characters that must be percent-encoded there.
func specialUserinfo(s string) bool {
	rest := s[strings.Index(s, "://")+3:]
	at := strings.LastIndex(rest, "@")
	if at < 0 {
		return false
	}
	userinfo := rest[:at]
	return strings.ContainsAny(userinfo, "@/?# ") || strings.Count(userinfo, ":") > 1 ||
		strings.Contains(userinfo, "%") && !validEscapes(userinfo)
}

// validEscapes reports whether every % in s starts a %XX escape.
func validEscapes(s string) bool {
	_, err := url.PathUnescape(s)
	return err == nil
}

// quoted matches the fragments error messages quote: "…", `…` and '…'.
var quoted = regexp.MustCompile("\"(?:[^\"\\\\]|\\\\.)*\"|`[^`]*`|'[^']*'")

// stripQuoted drops quoted fragments from a message.
func stripQuoted(msg string) string {
	msg = quoted.ReplaceAllString(msg, "")
	msg = strings.Join(strings.Fields(msg), " ")
	msg = strings.ReplaceAll(msg, " :", ":")
	msg = strings.ReplaceAll(msg, " )", ")")
	return strings.TrimRight(msg, ": ")
}

// kvPassword finds password values in keyword/value text.
var kvPassword = regexp.MustCompile(`(?i)\bpassword\s*=\s*('(?:[^'\\]|\\.)*'|\S+)`)

// scrubCandidates removes from msg whatever in s could be a password, for
// strings pgx could not read (so it could not say where the password is):
// the userinfo of a URL, password= values, each of their parts.
func scrubCandidates(s, msg string) string {
	var cands []string
	if IsURL(s) {
		rest := s[strings.Index(s, "://")+3:]
		if at := strings.LastIndex(rest, "@"); at >= 0 {
			userinfo := rest[:at]
			if _, pw, ok := strings.Cut(userinfo, ":"); ok {
				cands = append(cands, pw)
				cands = append(cands, strings.FieldsFunc(pw, func(r rune) bool { return strings.ContainsRune("@:/?#%& ", r) })...)
			}
		}
	}
	for _, m := range kvPassword.FindAllStringSubmatch(s, -1) {
		cands = append(cands, strings.Trim(m[1], "'"))
	}
	for _, c := range cands {
		if len(c) >= 2 {
			msg = strings.ReplaceAll(msg, c, Mask)
		}
	}
	return msg
}

// hostPort is one host a configuration connects to.
type hostPort struct {
	host string
	port uint16
}

// hosts lists the distinct hosts of cfg in order (pgx repeats a host per
// TLS attempt in its fallbacks).
func hosts(cfg *pgconn.Config) []hostPort {
	out := []hostPort{{cfg.Host, cfg.Port}}
	for _, f := range cfg.Fallbacks {
		h := hostPort{f.Host, f.Port}
		dup := false
		for _, o := range out {
			dup = dup || o == h
		}
		if !dup {
			out = append(out, h)
		}
	}
	return out
}

// Redact returns the connection string as it may be shown: rebuilt from
// what pgx read (scheme, user, hosts and ports, database), with the
// password, when there is one, as xxxxx, and no parameters. A string pgx
// cannot read shows as "an invalid connection string", never as itself.
func Redact(s string) string {
	cfg, err := Parse(s)
	if err != nil {
		return "an invalid connection string"
	}
	return Display(s, &cfg.Config)
}

// Display renders cfg, read from s, in s's form without its password.
func Display(s string, cfg *pgconn.Config) string {
	hs := hosts(cfg)
	if !IsURL(s) {
		var parts []string
		hostList, portList := make([]string, len(hs)), make([]string, len(hs))
		for i, h := range hs {
			hostList[i], portList[i] = h.host, strconv.Itoa(int(h.port))
		}
		parts = append(parts, "host="+strings.Join(hostList, ","), "port="+strings.Join(portList, ","))
		if cfg.User != "" {
			parts = append(parts, "user="+cfg.User)
		}
		if cfg.Password != "" {
			parts = append(parts, "password="+Mask)
		}
		if cfg.Database != "" {
			parts = append(parts, "dbname="+cfg.Database)
		}
		return strings.Join(parts, " ")
	}
	scheme, _, _ := strings.Cut(s, "://")
	u := url.URL{Scheme: scheme, Path: "/" + cfg.Database}
	if cfg.User != "" {
		if cfg.Password != "" {
			u.User = url.UserPassword(cfg.User, Mask)
		} else {
			u.User = url.User(cfg.User)
		}
	}
	var hostList []string
	socket := ""
	for _, h := range hs {
		if strings.HasPrefix(h.host, "/") {
			socket = h.host
			continue
		}
		hostList = append(hostList, net.JoinHostPort(h.host, strconv.Itoa(int(h.port))))
	}
	u.Host = strings.Join(hostList, ",")
	if socket != "" {
		u.RawQuery = "host=" + url.QueryEscape(socket)
	}
	return u.String()
}

// Scrub returns err as it may be shown for the connection string s: pgx's
// prefix repeating the user and database is dropped, repeated lines (one per
// TLS attempt and address) appear once, and the password, when it is long
// enough to be told apart from the names around it, is masked. errors.As
// still finds the driver's errors beneath.
func Scrub(s string, err error) error {
	if err == nil {
		return nil
	}
	var ce *pgconn.ConnectError
	msg := err.Error()
	if errors.As(err, &ce) && errors.Unwrap(ce) != nil {
		msg = errors.Unwrap(ce).Error()
	}
	var lines []string
	seen := map[string]bool{}
	for _, l := range strings.Split(msg, "\n") {
		l = strings.TrimSpace(l)
		if l == "" || seen[l] {
			continue
		}
		seen[l] = true
		lines = append(lines, l)
	}
	msg = strings.Join(lines, "; ")
	if cfg, perr := pgconn.ParseConfig(s); perr == nil {
		msg = maskPassword(msg, cfg)
	} else {
		msg = scrubCandidates(s, msg)
	}
	return &scrubbed{msg: msg, err: err}
}

// maskPassword masks the password in msg, unless it is too short or is also
// the user, the database, a host or a port: masking it there would garble
// the message ("127.0.0.1" with password "1") and hide nothing, since those
// names are shown anyway.
func maskPassword(msg string, cfg *pgconn.Config) string {
	pw := cfg.Password
	if len(pw) < 4 {
		return msg
	}
	names := []string{cfg.User, cfg.Database}
	for _, h := range hosts(cfg) {
		names = append(names, h.host, strconv.Itoa(int(h.port)))
	}
	for _, n := range names {
		if strings.Contains(n, pw) {
			return msg
		}
	}
	return strings.ReplaceAll(msg, pw, Mask)
}

type scrubbed struct {
	msg string
	err error
}

func (e *scrubbed) Error() string { return e.msg }
func (e *scrubbed) Unwrap() error { return e.err }

// keywords are the libpq connection keywords, to tell host=… user=… from
// NAME=… in `phase status --database-url`.
var keywords = map[string]bool{
	"host": true, "hostaddr": true, "port": true, "dbname": true, "database": true, "user": true,
	"password": true, "passfile": true, "require_auth": true, "channel_binding": true,
	"connect_timeout": true, "client_encoding": true, "options": true, "application_name": true,
	"fallback_application_name": true, "keepalives": true, "keepalives_idle": true,
	"keepalives_interval": true, "keepalives_count": true, "tcp_user_timeout": true,
	"replication": true, "gssencmode": true, "sslmode": true, "requiressl": true,
	"sslnegotiation": true, "sslcompression": true, "sslcert": true, "sslkey": true,
	"sslcertmode": true, "sslpassword": true, "sslrootcert": true, "sslcrl": true,
	"sslcrldir": true, "sslsni": true, "requirepeer": true, "ssl_min_protocol_version": true,
	"ssl_max_protocol_version": true, "krbsrvname": true, "gsslib": true, "gssdelegation": true,
	"service": true, "servicefile": true, "target_session_attrs": true, "load_balance_hosts": true,
	"min_protocol_version": true, "max_protocol_version": true,
}

// namePattern is what a NAME of NAME=CONNECTION looks like.
var namePattern = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_.-]*$`)

// SplitName reads NAME=CONNECTION, where CONNECTION is a URL or a
// keyword/value string, or a bare connection string, which is named after
// its database. "staging=postgres://…" and "staging=host=db user=ci" are
// named; "host=db user=ci dbname=app" is not, whatever its first keyword.
func SplitName(arg string) (name, conn string) {
	if n, rest, ok := strings.Cut(arg, "="); ok && !IsURL(arg) && namePattern.MatchString(n) && !keywords[strings.ToLower(n)] {
		if IsURL(rest) || strings.Contains(rest, "=") {
			return n, rest
		}
	}
	if cfg, err := Parse(arg); err == nil && cfg.Database != "" {
		return cfg.Database, arg
	}
	return "database", arg
}
