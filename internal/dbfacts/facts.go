package dbfacts

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
)

// Facts is what a live database tells policies, published to them as
// input.db. JSON keys are snake_case and never omitted.
type Facts struct {
	ServerVersion    string `json:"server_version"`
	ServerVersionNum int    `json:"server_version_num"`
	// Tables is keyed "schema.table".
	Tables map[string]Table `json:"tables"`
}

// Table holds a table's planner statistics and shape.
type Table struct {
	Schema string `json:"schema"`
	Name   string `json:"name"`
	// EstimatedRows is pg_class.reltuples, 0 when the table was never
	// vacuumed or analyzed (Analyzed is then false and Relpages/SizeBytes are
	// the better guide).
	EstimatedRows int64 `json:"estimated_rows"`
	Analyzed      bool  `json:"analyzed"`
	Relpages      int64 `json:"relpages"`
	// SizeBytes estimates the total size (heap, TOAST and indexes) from
	// relpages, as of the last VACUUM/ANALYZE. pg_total_relation_size would be
	// exact but waits for a lock, so an ACCESS EXCLUSIVE lock held by another
	// session would hang the whole gate.
	SizeBytes   int64    `json:"size_bytes"`
	Partitioned bool     `json:"partitioned"`
	Columns     []Column `json:"columns"`
	Indexes     []Index  `json:"indexes"`
}

// Column is a live column.
type Column struct {
	Name    string `json:"name"`
	Type    string `json:"type"` // format_type, e.g. "character varying(255)"
	NotNull bool   `json:"not_null"`
}

// Index is a live index. Columns holds "" for expression keys.
type Index struct {
	Name    string   `json:"name"`
	Columns []string `json:"columns"`
	Unique  bool     `json:"unique"`
	Primary bool     `json:"primary"`
	// Valid is false for an index left behind by a failed CREATE INDEX
	// CONCURRENTLY.
	Valid bool `json:"valid"`
}

// systemSchemas are never reported: they are not the application's tables,
// and the ddlgate schema holds the apply history.
const systemSchemaFilter = `n.nspname NOT IN ('pg_catalog', 'information_schema', 'ddlgate')
	AND n.nspname NOT LIKE 'pg\_toast%' AND n.nspname NOT LIKE 'pg\_temp\_%'`

// Load reads the server version and every user table with its columns and
// indexes, in three catalog queries.
func Load(ctx context.Context, conn *pgx.Conn) (*Facts, error) {
	version, num, err := ServerVersion(ctx, conn)
	if err != nil {
		return nil, err
	}
	f := &Facts{ServerVersion: version, ServerVersionNum: num, Tables: map[string]Table{}}
	if err := loadTables(ctx, conn, f); err != nil {
		return nil, err
	}
	if err := loadColumns(ctx, conn, f); err != nil {
		return nil, err
	}
	if err := loadIndexes(ctx, conn, f); err != nil {
		return nil, err
	}
	return f, nil
}

func loadTables(ctx context.Context, conn *pgx.Conn, f *Facts) error {
	rows, err := conn.Query(ctx, `
		SELECT n.nspname, c.relname, c.reltuples::float8, c.relpages::int8,
		       (c.relpages::int8
		        + coalesce((SELECT t.relpages FROM pg_class t WHERE t.oid = c.reltoastrelid), 0)
		        + coalesce((SELECT sum(i.relpages) FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
		                    WHERE x.indrelid = c.oid), 0)::int8
		       ) * current_setting('block_size')::int8,
		       c.relkind = 'p'
		FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE c.relkind IN ('r', 'p', 'm') AND `+systemSchemaFilter)
	if err != nil {
		return fmt.Errorf("read tables: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var t Table
		var reltuples float64
		if err := rows.Scan(&t.Schema, &t.Name, &reltuples, &t.Relpages, &t.SizeBytes, &t.Partitioned); err != nil {
			return fmt.Errorf("read tables: %w", err)
		}
		// reltuples is -1 (PostgreSQL 14+) or 0 with relpages 0 (older) until
		// the first VACUUM or ANALYZE.
		t.Analyzed = reltuples >= 0 && (reltuples > 0 || t.Relpages > 0)
		if reltuples > 0 {
			t.EstimatedRows = int64(reltuples)
		}
		t.Columns = []Column{}
		t.Indexes = []Index{}
		f.Tables[t.Schema+"."+t.Name] = t
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read tables: %w", err)
	}
	return nil
}

func loadColumns(ctx context.Context, conn *pgx.Conn, f *Facts) error {
	rows, err := conn.Query(ctx, `
		SELECT n.nspname, c.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull
		FROM pg_attribute a
		JOIN pg_class c ON c.oid = a.attrelid
		JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE c.relkind IN ('r', 'p', 'm') AND a.attnum > 0 AND NOT a.attisdropped AND `+systemSchemaFilter+`
		ORDER BY n.nspname, c.relname, a.attnum`)
	if err != nil {
		return fmt.Errorf("read columns: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var schema, table string
		var col Column
		if err := rows.Scan(&schema, &table, &col.Name, &col.Type, &col.NotNull); err != nil {
			return fmt.Errorf("read columns: %w", err)
		}
		key := schema + "." + table
		if t, ok := f.Tables[key]; ok {
			t.Columns = append(t.Columns, col)
			f.Tables[key] = t
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read columns: %w", err)
	}
	return nil
}

func loadIndexes(ctx context.Context, conn *pgx.Conn, f *Facts) error {
	rows, err := conn.Query(ctx, `
		SELECT n.nspname, t.relname, i.relname, x.indisunique, x.indisprimary, x.indisvalid,
		       ARRAY(SELECT coalesce(a.attname, '')
		             FROM unnest(x.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
		             LEFT JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k.attnum
		             WHERE k.ord <= x.indnkeyatts
		             ORDER BY k.ord)
		FROM pg_index x
		JOIN pg_class i ON i.oid = x.indexrelid
		JOIN pg_class t ON t.oid = x.indrelid
		JOIN pg_namespace n ON n.oid = t.relnamespace
		WHERE `+systemSchemaFilter+`
		ORDER BY n.nspname, t.relname, i.relname`)
	if err != nil {
		return fmt.Errorf("read indexes: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var schema, table string
		var idx Index
		if err := rows.Scan(&schema, &table, &idx.Name, &idx.Unique, &idx.Primary, &idx.Valid, &idx.Columns); err != nil {
			return fmt.Errorf("read indexes: %w", err)
		}
		key := schema + "." + table
		if t, ok := f.Tables[key]; ok {
			t.Indexes = append(t.Indexes, idx)
			f.Tables[key] = t
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read indexes: %w", err)
	}
	return nil
}
