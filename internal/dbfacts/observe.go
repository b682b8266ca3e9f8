package dbfacts

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/ddlgate/ddlgate/parser"
)

// A Tracer runs statements on a database and observes what each did: the
// relation locks its backend took, the relations it gave a new file node
// (rewrites), the tables it scanned, and its error.
//
// How each is observed:
//   - locks: pg_locks of the executing backend, relation locks only, joined
//     to pg_class, catalogs left out. Inside a transaction they are read on
//     the executing connection after the statement (locks are held until the
//     transaction ends); a statement's locks are the (relation, mode) pairs
//     new since the previous statement. A statement that cannot run in a
//     transaction block (CONCURRENTLY, VACUUM) is watched from a second
//     connection while it runs: that connection first opens a transaction
//     holding ROW EXCLUSIVE on every user table, so the statement stops at
//     its first wait for other transactions (CREATE INDEX CONCURRENTLY waits
//     for writers, VACUUM FULL for its lock) and its locks can be read while
//     it waits; then the watcher lets it go and keeps polling until it ends.
//   - rewrites: pg_class.relfilenode of every user relation before and after
//     the statement. A TRUNCATE's new (empty) file is not counted.
//   - scans: pg_stat_xact_user_tables.seq_scan before and after the statement
//     inside a transaction; for autocommit statements pg_stat_user_tables
//     after pg_stat_force_next_flush() (PostgreSQL 15 and later). A table the
//     statement rewrote is not counted as scanned: a rewrite reads it anyway.
type Tracer struct {
	conn     *pgx.Conn
	watch    *pgx.Conn
	pgNum    int
	baseline map[uint32]bool
}

// NewTracer opens the two connections of a tracer on url. Errors are
// redacted and match ErrConnect.
func NewTracer(ctx context.Context, url string) (*Tracer, error) {
	return NewTracerWith(ctx, func(ctx context.Context) (*pgx.Conn, error) { return Connect(ctx, url) })
}

// NewTracerWith opens the two connections of a tracer with connect.
func NewTracerWith(ctx context.Context, connect func(context.Context) (*pgx.Conn, error)) (*Tracer, error) {
	conn, err := connect(ctx)
	if err != nil {
		return nil, err
	}
	watch, err := connect(ctx)
	if err != nil {
		conn.Close(ctx)
		return nil, err
	}
	_, num, err := ServerVersion(ctx, conn)
	if err != nil {
		conn.Close(ctx)
		watch.Close(ctx)
		return nil, err
	}
	return &Tracer{conn: conn, watch: watch, pgNum: num}, nil
}

// Close closes both connections.
func (t *Tracer) Close(ctx context.Context) {
	t.conn.Close(ctx)
	t.watch.Close(ctx)
}

// Conn is the connection statements run on.
func (t *Tracer) Conn() *pgx.Conn { return t.conn }

// MarkBaseline records the relations that exist now: observations name
// them exists_before (and the others created_in_file). Call it before the
// statements of a file run.
func (t *Tracer) MarkBaseline(ctx context.Context) error {
	snap, err := relations(ctx, t.watch)
	if err != nil {
		return err
	}
	t.baseline = make(map[uint32]bool, len(snap))
	for oid := range snap {
		t.baseline[oid] = true
	}
	return nil
}

// Mode says how a group of statements runs.
type Mode int

const (
	// InTransaction runs the statements in one transaction, ended by
	// ROLLBACK unless Commit is set.
	InTransaction Mode = iota
	// Autocommit runs each statement on its own, watched from the second
	// connection while it runs.
	Autocommit
)

// Run executes stmts and returns one observation per statement run. In a
// transaction, the first failure ends the run (the transaction is aborted):
// the failing statement's observation carries the error and the statements
// after it are not run, so the result is shorter than stmts. In autocommit,
// likewise. An error is returned only when observing itself failed.
func (t *Tracer) Run(ctx context.Context, stmts []string, mode Mode, commit bool) ([]*parser.Observed, error) {
	if mode == Autocommit {
		return t.runAutocommit(ctx, stmts)
	}
	return t.runTransaction(ctx, stmts, commit)
}

// CannotRunInTransaction reports whether obs failed because its statement
// cannot run inside a transaction block (SQLSTATE 25001).
func CannotRunInTransaction(obs *parser.Observed) bool {
	return obs != nil && obs.Error != nil && obs.Error.Code == "25001"
}

func (t *Tracer) runTransaction(ctx context.Context, stmts []string, commit bool) (_ []*parser.Observed, err error) {
	if _, err := t.conn.Exec(ctx, "BEGIN"); err != nil {
		return nil, fmt.Errorf("begin: %w", err)
	}
	defer func() {
		end := "ROLLBACK"
		if commit && err == nil && t.conn.PgConn().TxStatus() == 'T' {
			end = "COMMIT"
		}
		if _, cerr := t.conn.Exec(context.Background(), end); cerr != nil && err == nil {
			err = fmt.Errorf("%s: %w", strings.ToLower(end), cerr)
		}
	}()
	var out []*parser.Observed
	held, err := heldLocks(ctx, t.conn)
	if err != nil {
		return nil, err
	}
	for _, sql := range stmts {
		before, err := relations(ctx, t.conn)
		if err != nil {
			return nil, err
		}
		scans, err := scanCounts(ctx, t.conn, true)
		if err != nil {
			return nil, err
		}
		tag, execErr := t.conn.Exec(ctx, sql)
		if execErr != nil {
			out = append(out, failed(execErr))
			return out, nil
		}
		obs := &parser.Observed{}
		after, err := relations(ctx, t.conn)
		if err != nil {
			return nil, err
		}
		now, err := heldLocks(ctx, t.conn)
		if err != nil {
			return nil, err
		}
		t.locksOf(obs, now, held, before, after)
		held = now
		t.rewritesOf(obs, tag, before, after)
		scansAfter, err := scanCounts(ctx, t.conn, true)
		if err != nil {
			return nil, err
		}
		t.scansOf(obs, tag, scans, scansAfter, before, after)
		out = append(out, obs)
	}
	return out, nil
}

func (t *Tracer) runAutocommit(ctx context.Context, stmts []string) ([]*parser.Observed, error) {
	var out []*parser.Observed
	for _, sql := range stmts {
		obs, err := t.watchOne(ctx, sql)
		if err != nil {
			return nil, err
		}
		out = append(out, obs)
		if obs.Error != nil {
			break
		}
	}
	return out, nil
}

// watchOne runs one autocommit statement while the watcher connection
// polls its locks. In rounds, the watcher opens a transaction that holds
// ROW EXCLUSIVE on every user table and ACCESS SHARE on every index (by
// planning a query on each table); the statement stops at its next wait
// for other transactions (CREATE INDEX CONCURRENTLY waits for writers) or
// for a lock the watcher holds (VACUUM FULL's ACCESS EXCLUSIVE, DROP INDEX
// CONCURRENTLY's on the index), its locks are read, and the round ends to
// let it go on. A round whose locks cannot be had within a few milliseconds
// (the statement holds a conflicting one) is skipped.
func (t *Tracer) watchOne(ctx context.Context, sql string) (*parser.Observed, error) {
	flush := t.pgNum >= 150000
	if flush {
		// Stats of earlier statements must be in shared memory before the
		// baseline is read.
		if _, err := t.conn.Exec(ctx, "SELECT pg_stat_force_next_flush()"); err != nil {
			return nil, fmt.Errorf("flush statistics: %w", err)
		}
	}
	before, err := relations(ctx, t.watch)
	if err != nil {
		return nil, err
	}
	var scans map[uint32]int64
	if flush {
		if scans, err = scanCounts(ctx, t.watch, false); err != nil {
			return nil, err
		}
	}
	w := &watcher{conn: t.watch, rels: before}
	defer w.end()
	// The first round must hold its locks before the statement starts.
	if err := w.begin(ctx); err != nil {
		return nil, err
	}

	pid := t.conn.PgConn().PID()
	type result struct {
		tag pgconn.CommandTag
		err error
	}
	done := make(chan result, 1)
	go func() {
		tag, err := t.conn.Exec(ctx, sql)
		done <- result{tag, err}
	}()
	seen := map[lockKey]bool{}
	var res result
	watcherPID := t.watch.PgConn().PID()
poll:
	for {
		select {
		case res = <-done:
			break poll
		default:
		}
		locks, blocked, err := pidLocks(ctx, t.watch, pid, watcherPID)
		if err != nil {
			// Let the statement finish before reporting, so that the
			// connection is usable afterwards.
			w.end()
			<-done
			return nil, err
		}
		for _, l := range locks {
			seen[l] = true
		}
		switch {
		case blocked:
			// The statement waits for the watcher: its locks up to here
			// are recorded; let it go on.
			w.end()
		case !w.open:
			if err := w.begin(ctx); err != nil {
				<-done
				return nil, err
			}
		default:
			time.Sleep(200 * time.Microsecond)
		}
	}
	w.end()
	if res.err != nil {
		obs := failed(res.err)
		obs.Watched = true
		return obs, nil
	}
	obs := &parser.Observed{Watched: true}
	after, err := relations(ctx, t.watch)
	if err != nil {
		return nil, err
	}
	t.locksOf(obs, seen, nil, before, after)
	t.rewritesOf(obs, res.tag, before, after)
	if flush {
		if _, err := t.conn.Exec(ctx, "SELECT pg_stat_force_next_flush()"); err != nil {
			return nil, fmt.Errorf("flush statistics: %w", err)
		}
		scansAfter, err := scanCounts(ctx, t.watch, false)
		if err != nil {
			return nil, err
		}
		t.scansOf(obs, res.tag, scans, scansAfter, before, after)
	}
	return obs, nil
}

// watcher is the second connection's side of watchOne.
type watcher struct {
	conn *pgx.Conn
	rels map[uint32]rel
	open bool
}

// begin opens a round: a transaction holding ROW EXCLUSIVE on every user
// table and ACCESS SHARE on their indexes. When a lock cannot be had within
// the lock timeout, the round is given up (open stays false) and the
// statement runs unhindered until the next one.
func (w *watcher) begin(ctx context.Context) error {
	var tables []string
	for _, r := range w.rels {
		if r.kind == "r" || r.kind == "p" || r.kind == "m" {
			tables = append(tables, pgx.Identifier{r.schema, r.name}.Sanitize())
		}
	}
	slices.Sort(tables)
	if _, err := w.conn.Exec(ctx, "BEGIN; SET LOCAL lock_timeout = '20ms'"); err != nil {
		return fmt.Errorf("begin watcher: %w", err)
	}
	w.open = true
	var locks []string
	for _, name := range tables {
		// Planning a query opens every index of the table (ACCESS SHARE,
		// held to the end of the transaction); LOCK TABLE cannot name an
		// index.
		locks = append(locks, "EXPLAIN SELECT 1 FROM "+name)
	}
	if len(tables) > 0 {
		locks = append([]string{"LOCK TABLE " + strings.Join(tables, ", ") + " IN ROW EXCLUSIVE MODE"}, locks...)
	}
	for _, q := range locks {
		if _, err := w.conn.Exec(ctx, q); err != nil {
			var pgErr *pgconn.PgError
			if errors.As(err, &pgErr) && (pgErr.Code == "55P03" || pgErr.Code == "40P01" || pgErr.Code == "42809") {
				// lock_not_available, a deadlock with the statement, or a
				// materialized view LOCK TABLE refuses: skip this round.
				w.end()
				return nil
			}
			w.end()
			return fmt.Errorf("watcher lock: %w", err)
		}
	}
	return nil
}

// end closes the round's transaction, if one is open.
func (w *watcher) end() {
	if w.open {
		w.open = false
		_, _ = w.conn.Exec(context.Background(), "ROLLBACK")
	}
}

func failed(err error) *parser.Observed {
	e := &parser.ObservedError{Message: err.Error()}
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		e.Code, e.Message = pgErr.Code, pgErr.Message
	}
	return &parser.Observed{Error: e}
}

// rel is a user relation as pg_class holds it.
type rel struct {
	schema, name, kind string
	filenode           uint32
	// root is the partitioned table at the root of a partition's tree.
	root string
}

// relations reads every user relation (not catalogs, not another session's
// temporary tables) without taking a lock on any of them.
func relations(ctx context.Context, conn *pgx.Conn) (map[uint32]rel, error) {
	// The session's own temporary tables are named in schema pg_temp.
	rows, err := conn.Query(ctx, `
		SELECT c.oid, CASE WHEN n.oid = pg_my_temp_schema() THEN 'pg_temp' ELSE n.nspname END,
		       c.relname, c.relkind::text, c.relfilenode,
		       coalesce((SELECT rn.nspname || '.' || r.relname FROM pg_class r JOIN pg_namespace rn ON rn.oid = r.relnamespace
		                 WHERE c.relispartition AND r.oid = pg_partition_root(c.oid)), '')
		FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')
		  AND (n.nspname NOT LIKE 'pg\_temp\_%' OR n.oid = pg_my_temp_schema())
		  AND n.nspname NOT LIKE 'pg\_toast\_temp\_%'`)
	if err != nil {
		return nil, fmt.Errorf("read relations: %w", err)
	}
	out := map[uint32]rel{}
	for rows.Next() {
		var oid uint32
		var r rel
		if err := rows.Scan(&oid, &r.schema, &r.name, &r.kind, &r.filenode, &r.root); err != nil {
			rows.Close()
			return nil, fmt.Errorf("read relations: %w", err)
		}
		out[oid] = r
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read relations: %w", err)
	}
	return out, nil
}

// relationKinds names pg_class.relkind.
var relationKinds = map[string]string{
	"r": "table", "p": "partitioned_table", "i": "index", "I": "partitioned_index",
	"S": "sequence", "v": "view", "m": "materialized_view", "t": "toast", "f": "foreign_table",
	"c": "composite_type",
}

// lockKey is one relation lock of a backend.
type lockKey struct {
	oid     uint32
	mode    string
	granted bool
}

// heldLocks reads the relation locks of the connection's own backend in
// the current database.
func heldLocks(ctx context.Context, conn *pgx.Conn) (map[lockKey]bool, error) {
	rows, err := conn.Query(ctx, `
		SELECT l.relation, l.mode, l.granted FROM pg_locks l
		WHERE l.pid = pg_backend_pid() AND l.locktype = 'relation'
		  AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())`)
	if err != nil {
		return nil, fmt.Errorf("read locks: %w", err)
	}
	out := map[lockKey]bool{}
	for rows.Next() {
		var k lockKey
		if err := rows.Scan(&k.oid, &k.mode, &k.granted); err != nil {
			rows.Close()
			return nil, fmt.Errorf("read locks: %w", err)
		}
		out[k] = true
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read locks: %w", err)
	}
	return out, nil
}

// pidLocks reads the relation locks of another backend, and whether it
// waits for the watcher's backend.
func pidLocks(ctx context.Context, conn *pgx.Conn, pid, watcher uint32) ([]lockKey, bool, error) {
	rows, err := conn.Query(ctx, `
		SELECT l.relation, l.mode, l.granted, $2::int = ANY (pg_blocking_pids($1::int)) FROM pg_locks l
		WHERE l.pid = $1::int AND l.locktype = 'relation'
		  AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
		UNION ALL SELECT NULL, NULL, NULL, $2::int = ANY (pg_blocking_pids($1::int))`, pid, watcher)
	if err != nil {
		return nil, false, fmt.Errorf("watch locks: %w", err)
	}
	var out []lockKey
	blocked := false
	for rows.Next() {
		var oid *uint32
		var mode *string
		var granted *bool
		var b bool
		if err := rows.Scan(&oid, &mode, &granted, &b); err != nil {
			rows.Close()
			return nil, false, fmt.Errorf("watch locks: %w", err)
		}
		blocked = blocked || b
		if oid != nil {
			out = append(out, lockKey{oid: *oid, mode: *mode, granted: *granted})
		}
	}
	if err := rows.Err(); err != nil {
		return nil, false, fmt.Errorf("watch locks: %w", err)
	}
	return out, blocked, nil
}

// scanCounts reads seq_scan per user table: of the current transaction
// (pg_stat_xact_user_tables), or as flushed to shared statistics.
func scanCounts(ctx context.Context, conn *pgx.Conn, xact bool) (map[uint32]int64, error) {
	q := `SELECT relid, seq_scan FROM pg_stat_xact_user_tables`
	if !xact {
		if _, err := conn.Exec(ctx, "SELECT pg_stat_clear_snapshot()"); err != nil {
			return nil, fmt.Errorf("read scans: %w", err)
		}
		q = `SELECT relid, seq_scan FROM pg_stat_user_tables`
	}
	rows, err := conn.Query(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("read scans: %w", err)
	}
	out := map[uint32]int64{}
	for rows.Next() {
		var oid uint32
		var n *int64
		if err := rows.Scan(&oid, &n); err != nil {
			rows.Close()
			return nil, fmt.Errorf("read scans: %w", err)
		}
		if n != nil {
			out[oid] = *n
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read scans: %w", err)
	}
	return out, nil
}

// relation names oid from the snapshots: by its name before the statement
// (the name the statement used, for a rename; a dropped relation is only
// there), else after it (a relation the statement created); ok is false for
// a catalog.
func (t *Tracer) relation(oid uint32, before, after map[uint32]rel) (parser.Relation, string, bool) {
	r, kind, _, ok := t.relationRoot(oid, before, after)
	return r, kind, ok
}

// relationRoot is relation with the partition root's name.
func (t *Tracer) relationRoot(oid uint32, before, after map[uint32]rel) (parser.Relation, string, string, bool) {
	r, ok := before[oid]
	if !ok {
		r, ok = after[oid]
	}
	if !ok {
		return parser.Relation{}, "", "", false
	}
	existed := t.baseline[oid]
	if t.baseline == nil {
		_, existed = before[oid]
	}
	kind := relationKinds[r.kind]
	if kind == "" {
		kind = r.kind
	}
	return parser.Relation{Schema: r.schema, Name: r.name, Qualified: true, ExistsBefore: existed,
		CreatedInFile: !existed, Known: true}, kind, r.root, true
}

// locksOf records the locks held now; New marks those not in held (taken
// by this statement rather than by an earlier one of its transaction).
func (t *Tracer) locksOf(obs *parser.Observed, now, held map[lockKey]bool, before, after map[uint32]rel) {
	obs.Locks = []parser.ObservedLock{}
	for k := range now {
		r, kind, root, ok := t.relationRoot(k.oid, before, after)
		if !ok {
			continue
		}
		obs.Locks = append(obs.Locks, parser.ObservedLock{Relation: r, Kind: kind, Mode: LockModeName(k.mode),
			Granted: k.granted, PartitionOf: root, New: !held[k] && !held[lockKey{k.oid, k.mode, true}]})
	}
	// Sorted by relation, then mode, granted first, so that a lock first
	// seen waiting and then granted counts once.
	slices.SortFunc(obs.Locks, func(a, b parser.ObservedLock) int {
		if c := strings.Compare(a.Relation.QualifiedName(), b.Relation.QualifiedName()); c != 0 {
			return c
		}
		if c := LockStrength(a.Mode) - LockStrength(b.Mode); c != 0 {
			return c
		}
		if a.Granted == b.Granted {
			return 0
		}
		if a.Granted {
			return -1
		}
		return 1
	})
	obs.Locks = slices.CompactFunc(obs.Locks, func(a, b parser.ObservedLock) bool {
		// REINDEX CONCURRENTLY swaps an old and a new index under one name.
		return a.Relation.QualifiedName() == b.Relation.QualifiedName() && a.Mode == b.Mode
	})
}

func (t *Tracer) rewritesOf(obs *parser.Observed, tag pgconn.CommandTag, before, after map[uint32]rel) {
	obs.Rewrites = []parser.ObservedRelation{}
	if tag.String() == "TRUNCATE TABLE" {
		return
	}
	for oid, b := range before {
		a, ok := after[oid]
		if !ok || a.filenode == b.filenode || b.filenode == 0 {
			continue
		}
		r, kind, _ := t.relation(oid, before, after)
		obs.Rewrites = append(obs.Rewrites, parser.ObservedRelation{Relation: r, Kind: kind})
	}
	sortRelations(obs.Rewrites)
}

// queryTags are the command tags of queries and DML: what they read is
// their query's doing, not a scan of the statement's own (a validation, an
// index build), whatever lock an earlier statement of the transaction holds.
var queryTags = map[string]bool{"SELECT": true, "INSERT": true, "UPDATE": true, "DELETE": true,
	"MERGE": true, "COPY": true, "FETCH": true, "MOVE": true}

// scansOf records the tables the statement read in full: a sequential scan
// counted on a table that existed before it, that it did not rewrite, and on
// which it holds SHARE UPDATE EXCLUSIVE or stronger. The lock tells a scan
// of the statement's own work (validation, index build, NOT NULL check) from
// the reads of a query it runs (a materialized view's query runs under a
// weaker lock; DML and queries are known by their command tag). A TRUNCATE
// rebuilds its indexes over the new, empty file: nothing is read.
func (t *Tracer) scansOf(obs *parser.Observed, tag pgconn.CommandTag, before, after map[uint32]int64, relsBefore, relsAfter map[uint32]rel) {
	obs.Scans = []parser.ObservedRelation{}
	if tag.String() == "TRUNCATE TABLE" || queryTags[strings.Fields(tag.String() + " x")[0]] {
		return
	}
	rewritten := map[parser.Relation]bool{}
	for _, r := range obs.Rewrites {
		rewritten[r.Relation] = true
	}
	locked := map[parser.Relation]bool{}
	for _, l := range obs.Locks {
		if LockStrength(l.Mode) >= LockStrength("SHARE UPDATE EXCLUSIVE") {
			locked[l.Relation] = true
		}
	}
	for oid, n := range after {
		if n <= before[oid] {
			continue
		}
		if _, existed := relsBefore[oid]; !existed {
			continue // created by the statement: nothing to read
		}
		r, kind, ok := t.relation(oid, relsBefore, relsAfter)
		if !ok || rewritten[r] || !locked[r] {
			continue
		}
		obs.Scans = append(obs.Scans, parser.ObservedRelation{Relation: r, Kind: kind})
	}
	sortRelations(obs.Scans)
}

func sortRelations(rs []parser.ObservedRelation) {
	slices.SortFunc(rs, func(a, b parser.ObservedRelation) int {
		return strings.Compare(a.Relation.QualifiedName(), b.Relation.QualifiedName())
	})
}

// LockModeName turns pg_locks' mode ("ShareUpdateExclusiveLock") into the
// lock table's ("SHARE UPDATE EXCLUSIVE").
func LockModeName(mode string) string {
	mode = strings.TrimSuffix(mode, "Lock")
	var b strings.Builder
	for i, r := range mode {
		if i > 0 && r >= 'A' && r <= 'Z' {
			b.WriteByte(' ')
		}
		b.WriteRune(r)
	}
	return strings.ToUpper(b.String())
}

// lockModes are PostgreSQL's table lock modes, weakest first.
var lockModes = []string{"ACCESS SHARE", "ROW SHARE", "ROW EXCLUSIVE", "SHARE UPDATE EXCLUSIVE",
	"SHARE", "SHARE ROW EXCLUSIVE", "EXCLUSIVE", "ACCESS EXCLUSIVE"}

// LockStrength orders lock modes: 1 for ACCESS SHARE to 8 for ACCESS
// EXCLUSIVE, 0 for anything else.
func LockStrength(mode string) int {
	return slices.Index(lockModes, mode) + 1
}
