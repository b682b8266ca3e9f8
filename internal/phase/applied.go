package phase

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/ddlgate/ddlgate/internal/connstr"
	"github.com/ddlgate/ddlgate/internal/dbfacts"
)

// Applied is what one database has applied: when each migration ran, by
// version (and by path for files without a version).
type Applied struct {
	// Database names the database (its URL without password).
	Database  string
	byVersion map[string]time.Time
	byPath    map[string]time.Time
}

// NewApplied returns an empty record for the named database; Add fills it.
func NewApplied(database string) *Applied {
	return &Applied{Database: database, byVersion: map[string]time.Time{}, byPath: map[string]time.Time{}}
}

// Add records that the migration with version and path was applied at at.
func (a *Applied) Add(version, path string, at time.Time) {
	if version != "" {
		a.byVersion[version] = at
	}
	if path != "" {
		a.byPath[path] = at
	}
}

// At returns when the file was applied and whether it was.
func (a *Applied) At(f *File) (time.Time, bool) {
	if a == nil {
		return time.Time{}, false
	}
	if f.Version != "" {
		t, ok := a.byVersion[f.Version]
		return t, ok
	}
	t, ok := a.byPath[f.Path]
	return t, ok
}

// ReadApplied reads the successful, clean rows of ddlgate.migrations of the
// database at url; a database without the table has applied nothing.
func ReadApplied(ctx context.Context, url string) (*Applied, error) {
	conn, err := dbfacts.Connect(ctx, url)
	if err != nil {
		return nil, err
	}
	defer conn.Close(context.Background())
	return readApplied(ctx, conn, connstr.Redact(url))
}

func readApplied(ctx context.Context, conn *pgx.Conn, name string) (*Applied, error) {
	a := NewApplied(name)
	var exists bool
	if err := conn.QueryRow(ctx, `SELECT to_regclass('ddlgate.migrations') IS NOT NULL`).Scan(&exists); err != nil {
		return nil, fmt.Errorf("read applied migrations of %s: %w", name, err)
	}
	if !exists {
		return a, nil
	}
	// Baselined rows were never executed by ddlgate but their schema is
	// there, so they count as applied.
	rows, err := conn.Query(ctx, `SELECT version, path, applied_at FROM ddlgate.migrations WHERE success AND NOT dirty`)
	if err != nil {
		return nil, fmt.Errorf("read applied migrations of %s: %w", name, err)
	}
	defer rows.Close()
	for rows.Next() {
		var version, path string
		var at time.Time
		if err := rows.Scan(&version, &path, &at); err != nil {
			return nil, fmt.Errorf("read applied migrations of %s: %w", name, err)
		}
		a.Add(version, path, at)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read applied migrations of %s: %w", name, err)
	}
	return a, nil
}
