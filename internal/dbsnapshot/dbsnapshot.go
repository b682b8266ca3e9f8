// Package dbsnapshot reads what lint judges migrations against from a
// target database: the server version, each table's estimated rows, size,
// columns and indexes, and the migrations ddlgate apply recorded there. It
// reads them live (lint --database-url) or from a snapshot file taken
// earlier (ddlgate db snapshot, then lint --db-snapshot), and both go
// through the same Snapshot, so a CI job without production credentials
// judges exactly as a run against the database would.
//
// A snapshot holds the schema's shape and sizes, never rows of data and
// never a password: the database is named as ddlgate prints connection
// strings (password masked), and reading it needs only a role that may
// connect (the catalogs are readable by every role; ddlgate.migrations
// needs SELECT, else the snapshot says the history is unknown).
package dbsnapshot

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/ddlgate/ddlgate/internal/apply"
	"github.com/ddlgate/ddlgate/internal/connstr"
	"github.com/ddlgate/ddlgate/internal/dbfacts"
	"github.com/ddlgate/ddlgate/internal/jsonschema"
	"github.com/ddlgate/ddlgate/internal/phase"
	"github.com/ddlgate/ddlgate/parser"
)

// Format names the file format in its "format" key; Version is the version
// of it this ddlgate writes and reads.
const (
	Format  = "ddlgate-db-snapshot"
	Version = 1
)

// Snapshot is what lint reads of a target database, as written to a
// snapshot file (JSON, docs/db-snapshot.schema.json).
type Snapshot struct {
	Format   string        `json:"format" desc:"always ddlgate-db-snapshot"`
	Version  int           `json:"version" desc:"the version of this format; a ddlgate refuses a version newer than it reads"`
	TakenAt  time.Time     `json:"taken_at" desc:"when the database was read (UTC)"`
	TookMS   int64         `json:"took_ms" desc:"how long reading it took, in milliseconds"`
	Database string        `json:"database" desc:"the database read, as ddlgate prints a connection string: password masked"`
	Role     string        `json:"role" desc:"the role that read it (current_user)"`
	DB       dbfacts.Facts `json:"db" desc:"what lint reads of the database as input.db: the server version, and per table (keyed schema.table) its estimated rows, whether it was ever analyzed, its pages and size in bytes, whether it is partitioned, its columns and indexes (see docs/facts.md)"`
	// AppliedKnown is false when the role may not read ddlgate.migrations:
	// Applied is then empty, and lint judges the phases from the files.
	AppliedKnown bool      `json:"applied_known" desc:"whether the role could read ddlgate.migrations; when false, applied is empty and the expand/contract rules judge the phases from the files alone"`
	Applied      []Applied `json:"applied" desc:"the migrations ddlgate apply recorded in ddlgate.migrations as applied (successful and clean, baselined included), in version order; empty when the database has no such table"`
	// Warnings say what the snapshot could not read; they are printed
	// when it is taken, not written.
	Warnings []string `json:"-"`
}

// Applied is one migration the database applied.
type Applied struct {
	Version   string    `json:"version" desc:"the migration's version, as in ddlgate.migrations"`
	Path      string    `json:"path" desc:"the file as applied, relative to its migrations directory"`
	AppliedAt time.Time `json:"applied_at" desc:"when it was applied"`
}

// Take reads the database at url in one read-only, repeatable-read
// transaction (nothing is written, and every table is read as of the same
// moment). Errors match dbfacts.ErrConnect when the server cannot be
// reached.
func Take(ctx context.Context, url string) (*Snapshot, error) {
	start := time.Now()
	conn, err := dbfacts.Connect(ctx, url)
	if err != nil {
		return nil, err
	}
	defer conn.Close(context.Background())
	name := connstr.Redact(url)
	tx, err := conn.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly})
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	defer func() { _ = tx.Rollback(context.Background()) }()
	s := &Snapshot{Format: Format, Version: Version, TakenAt: start.UTC().Truncate(time.Second), Database: name, Applied: []Applied{}}
	if err := tx.QueryRow(ctx, `SELECT current_user`).Scan(&s.Role); err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	facts, err := dbfacts.Load(ctx, conn)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	s.DB = *facts
	rows, err := apply.AppliedRows(ctx, conn)
	switch {
	case errors.Is(err, apply.ErrHistoryUnreadable):
		s.Warnings = append(s.Warnings, fmt.Sprintf("%v: the applied history is unknown, so the expand/contract rules judge the phases from the files alone", err))
	case err != nil:
		return nil, fmt.Errorf("read %s: %w", name, err)
	default:
		s.AppliedKnown = true
		s.Applied = make([]Applied, len(rows))
		for i, r := range rows {
			s.Applied[i] = Applied{Version: r.Version, Path: r.Path, AppliedAt: r.AppliedAt.UTC()}
		}
	}
	s.TookMS = time.Since(start).Milliseconds()
	return s, nil
}

// Target is what lint takes from a snapshot: the database's facts (input.db,
// and which tables exist there), and, when the history could be read, the
// phase record and the migrations landed there.
func (s *Snapshot) Target() (db *dbfacts.Facts, applied *phase.Applied, landed []parser.Landed) {
	db = &s.DB
	if !s.AppliedKnown {
		return db, nil, nil
	}
	rows := make([]apply.Row, len(s.Applied))
	for i, a := range s.Applied {
		rows[i] = apply.Row{Version: a.Version, Path: a.Path, AppliedAt: a.AppliedAt, Success: true}
	}
	applied, landed = apply.AppliedRecord(s.Database, rows)
	return db, applied, landed
}

// Write writes s as indented JSON: tables in key order, so two snapshots of
// the same database differ only where it changed.
func (s *Snapshot) Write(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(s)
}

// Read decodes a snapshot: a file of another format, of a newer version, or
// with a key this version does not know (a hand edit gone wrong) is an
// error, with the line of a syntax error.
func Read(src []byte) (*Snapshot, error) {
	var head struct {
		Format  string `json:"format"`
		Version int    `json:"version"`
	}
	if err := json.Unmarshal(src, &head); err != nil {
		return nil, jsonError(src, err)
	}
	if head.Format != Format {
		return nil, fmt.Errorf("not a ddlgate db snapshot: format is %q, want %q (written by ddlgate db snapshot)", head.Format, Format)
	}
	if head.Version > Version || head.Version < 1 {
		return nil, fmt.Errorf("snapshot version %d: this ddlgate reads version %d (upgrade ddlgate to read newer snapshots)", head.Version, Version)
	}
	dec := json.NewDecoder(bytes.NewReader(src))
	dec.DisallowUnknownFields()
	var s Snapshot
	if err := dec.Decode(&s); err != nil {
		return nil, jsonError(src, err)
	}
	if s.TakenAt.IsZero() {
		return nil, errors.New("taken_at is missing: the age of the snapshot is unknown")
	}
	if s.DB.Tables == nil {
		return nil, errors.New("db.tables is missing")
	}
	if s.Applied == nil {
		s.Applied = []Applied{}
	}
	return &s, nil
}

// jsonError says where in src a decoding error is.
func jsonError(src []byte, err error) error {
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syntax):
		return fmt.Errorf("line %d: %w", 1+bytes.Count(src[:min(int(syntax.Offset), len(src))], []byte("\n")), err)
	case errors.As(err, &typ):
		return fmt.Errorf("line %d: %w", 1+bytes.Count(src[:min(int(typ.Offset), len(src))], []byte("\n")), err)
	}
	return err
}

// Schema returns the JSON Schema of a snapshot file, derived from Snapshot;
// docs/db-snapshot.schema.json is this schema (a test keeps it current).
func Schema() map[string]any {
	return jsonschema.Published(reflect.TypeFor[Snapshot](), "db-snapshot.schema.json", "ddlgate database snapshot",
		"A target database's schema shape and table sizes, without data or passwords, for ddlgate lint --db-snapshot (written by ddlgate db snapshot).")
}
