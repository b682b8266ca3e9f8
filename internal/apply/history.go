package apply

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/ddlgate/ddlgate/internal/connstr"
	"github.com/ddlgate/ddlgate/internal/dbfacts"
	"github.com/ddlgate/ddlgate/internal/migrations"
	"github.com/ddlgate/ddlgate/internal/phase"
	"github.com/ddlgate/ddlgate/parser"
)

// LockKey is the pg_advisory_lock key every ddlgate applier takes before it
// reads or writes the history, so concurrent appliers serialise: the ASCII
// bytes "ddlgate\0" read as a big-endian int64 (7234315350145168640). Pick
// nothing else that collides with it in your own advisory locks.
const LockKey int64 = 0x6464_6c67_6174_6500

// historyDDL creates the audit table. Columns beyond the list: path
// (the file as applied), baseline (marked by baseline-db, never executed),
// repaired_by/repaired_at (who cleared a dirty flag and when).
const historyDDL = `
CREATE SCHEMA IF NOT EXISTS ddlgate;
CREATE TABLE IF NOT EXISTS ddlgate.migrations (
	version     text PRIMARY KEY,
	name        text NOT NULL DEFAULT '',
	path        text NOT NULL DEFAULT '',
	checksum    text NOT NULL,
	phase       text,
	change      text,
	applied_at  timestamptz NOT NULL DEFAULT now(),
	applied_by  text NOT NULL,
	git_commit  text,
	duration_ms bigint NOT NULL DEFAULT 0,
	verdict     jsonb,
	waivers     jsonb,
	success     boolean NOT NULL,
	dirty       boolean NOT NULL DEFAULT false,
	baseline    boolean NOT NULL DEFAULT false,
	repaired_by text,
	repaired_at timestamptz
);
COMMENT ON TABLE ddlgate.migrations IS 'ddlgate apply audit trail: one row per applied migration file';`

// Row is one record of ddlgate.migrations.
type Row struct {
	Version    string          `json:"version"`
	Name       string          `json:"name"`
	Path       string          `json:"path"`
	Checksum   string          `json:"checksum"`
	Phase      *string         `json:"phase"`
	Change     *string         `json:"change"`
	AppliedAt  time.Time       `json:"applied_at"`
	AppliedBy  string          `json:"applied_by"`
	GitCommit  *string         `json:"git_commit"`
	DurationMS int64           `json:"duration_ms"`
	Verdict    json.RawMessage `json:"verdict"`
	Waivers    json.RawMessage `json:"waivers"`
	Success    bool            `json:"success"`
	Dirty      bool            `json:"dirty"`
	Baseline   bool            `json:"baseline"`
	RepairedBy *string         `json:"repaired_by"`
	RepairedAt *time.Time      `json:"repaired_at"`
}

func ensureHistory(ctx context.Context, conn *pgx.Conn) error {
	if _, err := conn.Exec(ctx, historyDDL); err != nil {
		return fmt.Errorf("create ddlgate.migrations: %w", err)
	}
	return nil
}

// readHistory returns the recorded rows by version; an absent table is an
// empty history (status and dry-run never create it). It is the one reader
// of ddlgate.migrations: status, apply, repair and the phase history all go
// through it.
func readHistory(ctx context.Context, conn *pgx.Conn) (map[string]Row, error) {
	// Looked up in the catalogs, which every role reads, rather than with
	// to_regclass, which fails on a schema the role may not use.
	var exists, readable bool
	var role string
	if err := conn.QueryRow(ctx, `
		SELECT c.oid IS NOT NULL,
		       coalesce(has_schema_privilege(n.oid, 'USAGE') AND has_table_privilege(c.oid, 'SELECT'), false),
		       current_user
		FROM (SELECT) AS one
		LEFT JOIN pg_namespace n ON n.nspname = 'ddlgate'
		LEFT JOIN pg_class c ON c.relnamespace = n.oid AND c.relname = 'migrations'`).Scan(&exists, &readable, &role); err != nil {
		return nil, fmt.Errorf("read ddlgate.migrations: %w", err)
	}
	rows := map[string]Row{}
	if !exists {
		return rows, nil
	}
	if !readable {
		return nil, fmt.Errorf("read ddlgate.migrations: %w: role %s needs USAGE on schema ddlgate and SELECT on ddlgate.migrations", ErrHistoryUnreadable, role)
	}
	q, err := conn.Query(ctx, `
		SELECT version, name, path, checksum, phase, change, applied_at, applied_by, git_commit,
		       duration_ms, verdict, waivers, success, dirty, baseline, repaired_by, repaired_at
		FROM ddlgate.migrations`)
	if err != nil {
		return nil, fmt.Errorf("read ddlgate.migrations: %w", err)
	}
	defer q.Close()
	for q.Next() {
		var r Row
		var verdict, waivers []byte
		if err := q.Scan(&r.Version, &r.Name, &r.Path, &r.Checksum, &r.Phase, &r.Change, &r.AppliedAt,
			&r.AppliedBy, &r.GitCommit, &r.DurationMS, &verdict, &waivers, &r.Success, &r.Dirty,
			&r.Baseline, &r.RepairedBy, &r.RepairedAt); err != nil {
			return nil, fmt.Errorf("read ddlgate.migrations: %w", err)
		}
		r.Verdict, r.Waivers = verdict, waivers
		rows[r.Version] = r
	}
	if err := q.Err(); err != nil {
		return nil, fmt.Errorf("read ddlgate.migrations: %w", err)
	}
	return rows, nil
}

// execer is what both a connection and a transaction offer.
type execer interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
}

// insertRow records a migration; a second row for a version is a primary key
// violation, the last line of defence against applying a file twice.
func insertRow(ctx context.Context, db execer, r Row) error {
	_, err := db.Exec(ctx, `
		INSERT INTO ddlgate.migrations (version, name, path, checksum, phase, change, applied_at, applied_by,
			git_commit, duration_ms, verdict, waivers, success, dirty, baseline)
		VALUES ($1, $2, $3, $4, $5, $6, now(), $7, $8, $9, $10, $11, $12, $13, $14)`,
		r.Version, r.Name, r.Path, r.Checksum, r.Phase, r.Change, r.AppliedBy, r.GitCommit,
		r.DurationMS, nullJSON(r.Verdict), nullJSON(r.Waivers), r.Success, r.Dirty, r.Baseline)
	if err != nil {
		return fmt.Errorf("record %s in ddlgate.migrations: %w", r.Version, err)
	}
	return nil
}

// markClean completes the row of a non-transactional file that finished.
func markClean(ctx context.Context, db execer, version string, durationMS int64) error {
	_, err := db.Exec(ctx, `
		UPDATE ddlgate.migrations SET dirty = false, success = true, duration_ms = $2, applied_at = now()
		WHERE version = $1`, version, durationMS)
	if err != nil {
		return fmt.Errorf("mark %s clean in ddlgate.migrations: %w", version, err)
	}
	return nil
}

func nullJSON(b json.RawMessage) any {
	if len(b) == 0 {
		return nil
	}
	return string(b)
}

// lockPollInterval is how often a waiting applier retries the lock.
const lockPollInterval = 200 * time.Millisecond

// lockHistory takes the advisory lock, telling the user when it has to wait
// for another applier. It polls pg_try_advisory_lock instead of blocking in
// pg_advisory_lock: a session blocked in a statement holds a snapshot, and the
// other applier's CREATE INDEX CONCURRENTLY waits for every such snapshot to
// end, which would deadlock the two.
func lockHistory(ctx context.Context, conn *pgx.Conn, waiting func()) error {
	for attempt := 0; ; attempt++ {
		var got bool
		if err := conn.QueryRow(ctx, `SELECT pg_try_advisory_lock($1)`, LockKey).Scan(&got); err != nil {
			return fmt.Errorf("take advisory lock: %w", err)
		}
		if got {
			return nil
		}
		if attempt == 0 {
			waiting()
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("wait for advisory lock: %w", ctx.Err())
		case <-time.After(lockPollInterval):
		}
	}
}

func unlockHistory(conn *pgx.Conn) {
	// A fresh context: the lock must be released even when ctx was cancelled;
	// closing the connection releases it anyway.
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_, _ = conn.Exec(ctx, `SELECT pg_advisory_unlock($1)`, LockKey)
}

// isLockTimeout reports a lock_timeout expiry (SQLSTATE 55P03).
func isLockTimeout(err error) bool {
	var pgErr *pgconn.PgError
	return errors.As(err, &pgErr) && pgErr.Code == "55P03"
}

// ReadApplied reads, in one pass over ddlgate.migrations of the database at
// url, what it applied: the successful, clean rows, for the phase history
// of lint --database-url and phase status, and the same rows as landed
// migrations, which a new file must not sort before
// (require-linear-history). A database without the table has applied
// nothing.
func ReadApplied(ctx context.Context, url string) (*phase.Applied, []parser.Landed, error) {
	rows, err := readHistoryAt(ctx, url)
	if err != nil {
		return nil, nil, err
	}
	name := connstr.Redact(url)
	return appliedOf("", name, rows), landedOf(name, rows), nil
}

// ErrHistoryUnreadable marks a ddlgate.migrations that exists but that the
// connected role may not read (a read-only role without USAGE on schema
// ddlgate or SELECT on the table).
var ErrHistoryUnreadable = errors.New("the role may not read it")

// AppliedRows reads on conn the migrations the database applied: the
// successful, clean rows of ddlgate.migrations (baselined ones included),
// in version order; none when the table does not exist. An error matching
// ErrHistoryUnreadable says the role may not read the table.
func AppliedRows(ctx context.Context, conn *pgx.Conn) ([]Row, error) {
	byVersion, err := readHistory(ctx, conn)
	if err != nil {
		return nil, err
	}
	versions := make([]string, 0, len(byVersion))
	for v, r := range byVersion {
		if r.Success && !r.Dirty {
			versions = append(versions, v)
		}
	}
	sortVersions(versions)
	rows := make([]Row, len(versions))
	for i, v := range versions {
		rows[i] = byVersion[v]
	}
	return rows, nil
}

// AppliedRecord is what lint reads of the rows a database (named database in
// messages) applied, as ReadApplied returns it: the phase record and the
// landed migrations. Rows that did not succeed or are dirty are left out.
func AppliedRecord(database string, rows []Row) (*phase.Applied, []parser.Landed) {
	byVersion := make(map[string]Row, len(rows))
	for _, r := range rows {
		byVersion[r.Version] = r
	}
	return appliedOf("", database, byVersion), landedOf(database, byVersion)
}

// landedOf lists the successful, clean rows in version order as landed
// migrations of the database named name.
func landedOf(name string, rows map[string]Row) []parser.Landed {
	versions := make([]string, 0, len(rows))
	for v := range rows {
		versions = append(versions, v)
	}
	sortVersions(versions)
	var landed []parser.Landed
	for _, v := range versions {
		r := rows[v]
		if !r.Success || r.Dirty {
			continue
		}
		key := r.Version
		if strings.HasSuffix(key, ".sql") {
			// A plain file, recorded by its path: ordered by its name.
			key = migrations.OrderKey(migrations.Migration{Path: r.Path, Format: migrations.FormatPlain})
		}
		landed = append(landed, parser.Landed{Version: key, Path: r.Path, Where: "database", Ref: name})
	}
	return landed
}

// readHistoryAt connects to the database at url and reads its history.
func readHistoryAt(ctx context.Context, url string) (map[string]Row, error) {
	conn, err := dbfacts.Connect(ctx, url)
	if err != nil {
		return nil, err
	}
	defer conn.Close(context.Background())
	return readHistory(ctx, conn)
}

// appliedOf is the phase record of history rows: when each migration that
// succeeded and is clean was applied. Baselined rows were never executed by
// ddlgate but their schema is there, so they count as applied. Rows are
// found by version, and by path (relative to dir, and joined with it) for
// migrations without one.
func appliedOf(dir, database string, rows map[string]Row) *phase.Applied {
	a := phase.NewApplied(database)
	for _, r := range rows {
		if !r.Success || r.Dirty {
			continue
		}
		a.Add(r.Version, r.Path, r.AppliedAt)
		if dir != "" && r.Path != "" && !filepath.IsAbs(r.Path) {
			a.Add("", filepath.Join(dir, r.Path), r.AppliedAt)
		}
	}
	return a
}
