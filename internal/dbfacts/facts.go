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
	// vacuumed or analyzed (Analyzed is then false and the size unknown).
	// A partitioned table's is the sum of its partitions'.
	EstimatedRows int64 `json:"estimated_rows"`
	// Analyzed tells whether the statistics were ever computed (by VACUUM,
	// ANALYZE or CREATE INDEX): on PostgreSQL 14+ reltuples is -1 until
	// then. Before 14 a table never vacuumed and an empty one both read 0
	// rows and 0 pages, and count as not analyzed. A partitioned table is
	// analyzed when every partition is.
	Analyzed bool  `json:"analyzed"`
	Relpages int64 `json:"relpages"`
	// SizeBytes estimates the total size (heap, TOAST and indexes) from
	// relpages, as of the last VACUUM/ANALYZE; a partitioned table's is
	// the sum of its partitions'. pg_total_relation_size would be exact
	// but waits for a lock, so an ACCESS EXCLUSIVE lock held by another
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

// reltuplesUnknownSince is the first server_version_num whose reltuples
// says -1, not 0, for a table never vacuumed or analyzed.
const reltuplesUnknownSince = 140000

func loadTables(ctx context.Context, conn *pgx.Conn, f *Facts) error {
	// relpages is -1 for a partitioned table (no storage) and may be for
	// a partitioned index: clamped to 0, and the table's size is its
	// partitions' (below).
	rows, err := conn.Query(ctx, `
		SELECT c.oid::int8, n.nspname, c.relname, c.reltuples::float8, greatest(c.relpages, 0)::int8,
		       (greatest(c.relpages, 0)::int8
		        + coalesce((SELECT greatest(t.relpages, 0) FROM pg_class t WHERE t.oid = c.reltoastrelid), 0)
		        + coalesce((SELECT sum(greatest(i.relpages, 0)) FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
		                    WHERE x.indrelid = c.oid), 0)::int8
		       ) * current_setting('block_size')::int8,
		       c.relkind = 'p',
		       (SELECT i.inhparent::int8 FROM pg_inherits i WHERE i.inhrelid = c.oid AND c.relispartition)
		FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE c.relkind IN ('r', 'p', 'm') AND `+systemSchemaFilter)
	if err != nil {
		return fmt.Errorf("read tables: %w", err)
	}
	defer rows.Close()
	byOID := map[int64]string{}
	parentOf := map[string]int64{}
	for rows.Next() {
		var t Table
		var oid int64
		var parent *int64
		var reltuples float64
		if err := rows.Scan(&oid, &t.Schema, &t.Name, &reltuples, &t.Relpages, &t.SizeBytes, &t.Partitioned, &parent); err != nil {
			return fmt.Errorf("read tables: %w", err)
		}
		if f.ServerVersionNum >= reltuplesUnknownSince {
			t.Analyzed = reltuples >= 0
		} else {
			t.Analyzed = reltuples > 0 || t.Relpages > 0
		}
		if reltuples > 0 {
			t.EstimatedRows = int64(reltuples)
		}
		t.Columns = []Column{}
		t.Indexes = []Index{}
		key := t.Schema + "." + t.Name
		f.Tables[key] = t
		byOID[oid] = key
		if parent != nil {
			parentOf[key] = *parent
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read tables: %w", err)
	}
	sumPartitions(f, byOID, parentOf)
	return nil
}

// sumPartitions gives each partitioned table the sum of its leaf
// partitions' rows and sizes: the parent has no storage, and its own
// reltuples is only set by a manual ANALYZE of it (autovacuum never
// analyzes it).
func sumPartitions(f *Facts, byOID map[int64]string, parentOf map[string]int64) {
	children := map[string][]string{}
	for child, parent := range parentOf {
		if p, ok := byOID[parent]; ok {
			children[p] = append(children[p], child)
		}
	}
	var leaves func(key string, visit func(Table))
	leaves = func(key string, visit func(Table)) {
		for _, c := range children[key] {
			if t := f.Tables[c]; t.Partitioned {
				leaves(c, visit)
			} else {
				visit(t)
			}
		}
	}
	for key, t := range f.Tables {
		if !t.Partitioned {
			continue
		}
		t.EstimatedRows, t.SizeBytes, t.Relpages, t.Analyzed = 0, 0, 0, true
		leaves(key, func(leaf Table) {
			t.EstimatedRows += leaf.EstimatedRows
			t.SizeBytes += leaf.SizeBytes
			t.Relpages += leaf.Relpages
			t.Analyzed = t.Analyzed && leaf.Analyzed
		})
		f.Tables[key] = t
	}
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
