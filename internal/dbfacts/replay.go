package dbfacts

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/ddlgate/ddlgate/internal/connstr"
	"github.com/ddlgate/ddlgate/internal/migrations"
	"github.com/ddlgate/ddlgate/parser"
)

// Scratch is a throwaway database on a development server, created for one
// replay and dropped afterwards.
type Scratch struct {
	// Name is the database's name, ddlgate_<purpose>_<random>.
	Name  string
	admin string
	cfg   *pgx.ConnConfig
}

// NewScratch creates an empty database on the server devURL points to
// (connecting to devURL's own database to do it). Errors are redacted.
func NewScratch(ctx context.Context, devURL, purpose string) (*Scratch, error) {
	cfg, err := ParseConfig(devURL)
	if err != nil {
		return nil, err
	}
	conn, err := Connect(ctx, devURL)
	if err != nil {
		return nil, err
	}
	defer conn.Close(context.Background())
	var b [6]byte
	_, _ = rand.Read(b[:])
	name := "ddlgate_" + purpose + "_" + hex.EncodeToString(b[:])
	if _, err := conn.Exec(ctx, "CREATE DATABASE "+name); err != nil {
		return nil, fmt.Errorf("create scratch database on %s: %w", connstr.Redact(devURL), connstr.Scrub(devURL, err))
	}
	cfg.Database = name
	return &Scratch{Name: name, admin: devURL, cfg: cfg}, nil
}

// Connect opens a connection to the scratch database.
func (s *Scratch) Connect(ctx context.Context) (*pgx.Conn, error) {
	conn, err := pgx.ConnectConfig(ctx, s.cfg.Copy())
	if err != nil {
		return nil, &connectError{target: "scratch database " + s.Name, err: connstr.Scrub(s.admin, err)}
	}
	return conn, nil
}

// Drop drops the scratch database, ending its sessions; it uses its own
// context so that it also runs after an interrupt.
func (s *Scratch) Drop() error {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, err := Connect(ctx, s.admin)
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, "DROP DATABASE IF EXISTS "+s.Name+" WITH (FORCE)"); err != nil {
		return fmt.Errorf("drop scratch database %s: %w", s.Name, connstr.Scrub(s.admin, err))
	}
	return nil
}

// ReplayError is a migration that failed to replay: Path:Line:Col locate the
// statement (refined by the server's error position when it gives one).
type ReplayError struct {
	Path      string
	Line, Col int
	Err       error
}

func (e *ReplayError) Error() string {
	return fmt.Sprintf("%s:%d:%d: %v", e.Path, e.Line, e.Col, e.Err)
}

func (e *ReplayError) Unwrap() error { return e.Err }

// ReplayOptions say which migrations a replay applies.
type ReplayOptions struct {
	// Migrations are the up migrations in order.
	Migrations []migrations.Migration
	// To stops after the migration of this version ("" applies all).
	To string
	// Schema is the default schema statements are parsed with ("" is public).
	Schema string
}

// Replay applies migrations to conn in order, as their format's runner
// would: each file in one transaction unless it opts out (or its runner
// autocommits), then statement by statement in autocommit. It returns the
// number of migrations applied; a failure is a *ReplayError.
func Replay(ctx context.Context, conn *pgx.Conn, o ReplayOptions) (int, error) {
	n := 0
	for i := range o.Migrations {
		m := &o.Migrations[i]
		f, err := ParseMigration(m, o.Schema)
		if err != nil {
			return n, err
		}
		if len(f.ParseErrors) > 0 {
			pe := f.ParseErrors[0]
			return n, &ReplayError{Path: m.Path, Line: int(pe.Span.Line), Col: int(pe.Span.Col), Err: errors.New(pe.Message)}
		}
		if err := runFile(ctx, conn, m.Path, f); err != nil {
			return n, err
		}
		n++
		if o.To != "" && IsVersion(m, o.To) {
			return n, nil
		}
	}
	if o.To != "" {
		return n, fmt.Errorf("no migration has version %q", o.To)
	}
	return n, nil
}

// IsVersion reports whether m is the migration a --to flag names: by its
// version, or for plain files by its name ("0002" or "0002_add_users").
func IsVersion(m *migrations.Migration, v string) bool {
	base := strings.TrimSuffix(filepath.Base(m.Path), ".sql")
	return m.Version == v || base == v || strings.HasPrefix(base, v+"_")
}

// ParseMigration parses a migration as its format's runner executes it (its
// sections, its transaction mode).
func ParseMigration(m *migrations.Migration, schema string) (*parser.File, error) {
	p, err := migrations.ProfileFor(migrations.DefaultRunner(m.Format))
	if err != nil {
		return nil, err
	}
	o := parser.Options{Path: m.Path, Runner: p.Runner, TransactionMode: p.ModeFor(*m), Format: m.Format,
		Version: m.Version, Name: m.Name, Direction: m.Direction, DefaultSchema: schema}
	o.FlywayDetect, o.FlywayMixed = p.FlywayDetection(*m)
	if o.DefaultSchema == "" {
		o.DefaultSchema = parser.DefaultSchema
	}
	if m.Sections != nil {
		o.Sections = make([]parser.Section, len(m.Sections))
		for i, s := range m.Sections {
			o.Sections[i] = parser.Section{Start: s.Start, End: s.End}
		}
	}
	return parser.Parse(m.Src, o), nil
}

// runFile executes a parsed file: in one transaction when its runner wraps
// it, else each statement on its own (explicit BEGIN/COMMIT in the file run
// as written).
func runFile(ctx context.Context, conn *pgx.Conn, path string, f *parser.File) error {
	wrapped := f.File.TransactionMode != migrations.ModeNone
	if wrapped {
		if _, err := conn.Exec(ctx, "BEGIN"); err != nil {
			return fmt.Errorf("%s: begin: %w", path, err)
		}
	}
	for i := range f.Statements {
		s := &f.Statements[i]
		if _, err := conn.Exec(ctx, s.Text); err != nil {
			if conn.PgConn().TxStatus() != 'I' {
				_, _ = conn.Exec(context.Background(), "ROLLBACK")
			}
			line, col := ErrorPosition(s.Text, int(s.Span.Line), int(s.Span.Col), err)
			return &ReplayError{Path: path, Line: line, Col: col, Err: err}
		}
	}
	if wrapped && conn.PgConn().TxStatus() != 'I' {
		if _, err := conn.Exec(ctx, "COMMIT"); err != nil {
			return &ReplayError{Path: path, Line: 1, Col: 1, Err: fmt.Errorf("commit: %w", err)}
		}
	}
	return nil
}

// ErrorPosition locates a server error in a file: the statement's start
// (line, col), refined by the error's cursor position (1-based, in
// characters of the statement text) when the server gives one.
func ErrorPosition(text string, line, col int, err error) (int, int) {
	var pgErr *pgconn.PgError
	if !errors.As(err, &pgErr) || pgErr.Position <= 0 {
		return line, col
	}
	chars := 0
	for _, r := range text {
		chars++
		if chars >= int(pgErr.Position) {
			break
		}
		if r == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
	}
	return line, col
}

// BuildOptions configure Build.
type BuildOptions struct {
	ReplayOptions
	// DevURL is the development server the scratch database is created on.
	DevURL string
	Dump   DumpOptions
	// Purpose names the scratch database, ddlgate_<purpose>_<random>;
	// "" is "build".
	Purpose string
}

// Build replays the migrations into a scratch database on the development
// server, dumps its schema and drops it (also when the replay fails or the
// context is cancelled).
func Build(ctx context.Context, o BuildOptions) (_ *Snapshot, err error) {
	purpose := o.Purpose
	if purpose == "" {
		purpose = "build"
	}
	s, err := NewScratch(ctx, o.DevURL, purpose)
	if err != nil {
		return nil, err
	}
	defer func() {
		if derr := s.Drop(); derr != nil && err == nil {
			err = derr
		}
	}()
	conn, err := s.Connect(ctx)
	if err != nil {
		return nil, err
	}
	defer conn.Close(context.Background())
	if _, err := Replay(ctx, conn, o.ReplayOptions); err != nil {
		return nil, err
	}
	return Dump(ctx, conn, o.Dump)
}
