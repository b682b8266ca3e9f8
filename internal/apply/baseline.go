package apply

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/ddlgate/ddlgate/internal/dbfacts"
	"github.com/ddlgate/ddlgate/internal/migrations"
)

// Tools whose history tables baseline-db can read.
const (
	FromDrizzle       = "drizzle"
	FromPrisma        = "prisma"
	FromGolangMigrate = "golang-migrate"
	FromGoose         = "goose"
)

// BaselineOptions configure Baseline.
type BaselineOptions struct {
	DatabaseURL string
	Dir         string
	Migrations  []migrations.Migration
	// Version marks every migration up to and including it as applied.
	Version string
	// From reads which migrations are applied from another tool's table
	// (drizzle, prisma, golang-migrate, goose); with Version too, only those
	// up to Version are marked.
	From   string
	Getenv func(string) string
}

// Baseline records migrations as applied without executing them, for a
// database whose schema predates ddlgate. It returns the versions it marked;
// versions already recorded are left alone.
func Baseline(ctx context.Context, o BaselineOptions) ([]string, error) {
	if o.Version == "" && o.From == "" {
		return nil, fmt.Errorf("baseline needs --version or --from")
	}
	if o.Getenv == nil {
		o.Getenv = func(string) string { return "" }
	}
	conn, err := dbfacts.Connect(ctx, o.DatabaseURL)
	if err != nil {
		return nil, err
	}
	defer conn.Close(context.Background())
	if err := lockHistory(ctx, conn, func() {}); err != nil {
		return nil, err
	}
	defer unlockHistory(conn)
	if err := ensureHistory(ctx, conn); err != nil {
		return nil, err
	}
	selected, err := baselineSelection(ctx, conn, o)
	if err != nil {
		return nil, err
	}
	rows, err := readHistory(ctx, conn)
	if err != nil {
		return nil, err
	}
	by := appliedBy(ctx, conn, o.Getenv)
	commit := gitCommit(ctx, o.Dir)
	tx, err := conn.Begin(ctx)
	if err != nil {
		return nil, fmt.Errorf("begin: %w", err)
	}
	defer func() { _ = tx.Rollback(context.Background()) }()
	var marked []string
	for _, m := range selected {
		v := VersionOf(o.Dir, m)
		if _, ok := rows[v]; ok {
			continue
		}
		path, err := migrations.SumPath(o.Dir, m.Path)
		if err != nil {
			path = m.Path
		}
		verdict := fmt.Sprintf(`{"decision": "baseline", "from": %q}`, baselineSource(o.From))
		row := Row{Version: v, Name: m.Name, Path: path, Checksum: migrations.FileHash(m.Src),
			AppliedBy: by, GitCommit: commit, Verdict: []byte(verdict), Waivers: []byte("[]"),
			Success: true, Baseline: true}
		if err := insertRow(ctx, tx, row); err != nil {
			return nil, err
		}
		marked = append(marked, v)
	}
	if err := tx.Commit(ctx); err != nil {
		return nil, fmt.Errorf("commit baseline: %w", err)
	}
	return marked, nil
}

func baselineSource(from string) string {
	if from == "" {
		return "--version"
	}
	return from
}

// baselineSelection returns the migrations to mark, in directory order.
func baselineSelection(ctx context.Context, conn *pgx.Conn, o BaselineOptions) ([]migrations.Migration, error) {
	upTo := len(o.Migrations)
	if o.Version != "" {
		cands := make([]candidate, len(o.Migrations))
		for i, m := range o.Migrations {
			cands[i] = candidateOf(o.Dir, VersionOf(o.Dir, m), m.Path)
		}
		i, err := resolveVersion("--version", o.Version, cands, false)
		if err != nil {
			return nil, err
		}
		upTo = i + 1
	}
	candidates := o.Migrations[:upTo]
	if o.From == "" {
		return candidates, nil
	}
	applied, err := appliedByTool(ctx, conn, o.From)
	if err != nil {
		return nil, err
	}
	var out []migrations.Migration
	for _, m := range candidates {
		if applied(m) {
			out = append(out, m)
		}
	}
	return out, nil
}

// appliedByTool reads another tool's history and returns a predicate telling
// whether it applied a migration.
func appliedByTool(ctx context.Context, conn *pgx.Conn, from string) (func(migrations.Migration) bool, error) {
	switch from {
	case FromDrizzle:
		// drizzle-kit records the sha256 (hex) of each file's content.
		hashes, err := queryStrings(ctx, conn, `SELECT hash FROM drizzle.__drizzle_migrations`, from)
		if err != nil {
			return nil, err
		}
		return func(m migrations.Migration) bool {
			h := sha256.Sum256(m.Src)
			return hashes[hex.EncodeToString(h[:])]
		}, nil
	case FromPrisma:
		names, err := queryStrings(ctx, conn, `SELECT migration_name FROM _prisma_migrations
			WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`, from)
		if err != nil {
			return nil, err
		}
		return func(m migrations.Migration) bool {
			return names[filepath.Base(filepath.Dir(m.Path))]
		}, nil
	case FromGolangMigrate:
		// One row: the current version, every lower version is applied.
		var version int64
		var dirty bool
		err := conn.QueryRow(ctx, `SELECT version, dirty FROM schema_migrations LIMIT 1`).Scan(&version, &dirty)
		if err != nil {
			return nil, fmt.Errorf("read golang-migrate's schema_migrations: %w", err)
		}
		if dirty {
			return nil, &RefusedError{Command: "baseline-db", Reasons: []string{fmt.Sprintf("golang-migrate's schema_migrations is dirty at version %d: fix it with `migrate force` first", version)}}
		}
		return func(m migrations.Migration) bool {
			n, err := strconv.ParseInt(m.Version, 10, 64)
			return err == nil && n <= version
		}, nil
	case FromGoose:
		// The latest row per version tells whether it is applied.
		versions, err := queryStrings(ctx, conn, `
			SELECT version_id::text FROM (
				SELECT DISTINCT ON (version_id) version_id, is_applied
				FROM goose_db_version ORDER BY version_id, id DESC) latest
			WHERE is_applied AND version_id > 0`, from)
		if err != nil {
			return nil, err
		}
		return func(m migrations.Migration) bool {
			n, err := strconv.ParseInt(m.Version, 10, 64)
			return err == nil && versions[strconv.FormatInt(n, 10)]
		}, nil
	}
	return nil, fmt.Errorf("--from %q: want one of %s", from, strings.Join([]string{FromDrizzle, FromPrisma, FromGolangMigrate, FromGoose}, ", "))
}

func queryStrings(ctx context.Context, conn *pgx.Conn, sql, from string) (map[string]bool, error) {
	rows, err := conn.Query(ctx, sql)
	if err != nil {
		return nil, fmt.Errorf("read %s's migration table: %w", from, err)
	}
	set, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, fmt.Errorf("read %s's migration table: %w", from, err)
	}
	out := make(map[string]bool, len(set))
	for _, s := range set {
		out[s] = true
	}
	return out, nil
}
