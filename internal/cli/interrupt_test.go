package cli

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/ddlgate/ddlgate/internal/dbtest"
)

// interruptApply runs ddlgate apply in dir and cancels its context, as
// Ctrl-C does, once the server runs the migration's pg_sleep.
func interruptApply(t *testing.T, dir, url string) (result, *pgx.Conn) {
	t.Helper()
	conn, err := pgx.Connect(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close(context.Background()) })
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	a, out, errOut := testApp(dir, "", map[string]string{"DATABASE_URL": url})
	done := make(chan int, 1)
	go func() { done <- a.run(ctx, []string{"apply"}) }()
	deadline := time.Now().Add(30 * time.Second)
	for {
		var n int
		if err := conn.QueryRow(context.Background(), `SELECT count(*)::int FROM pg_stat_activity
			WHERE datname = current_database() AND query LIKE '%pg_sleep(30)%' AND pid <> pg_backend_pid()`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n > 0 {
			break
		}
		select {
		case code := <-done:
			t.Fatalf("apply ended (exit %d) before it could be interrupted:\n%s%s", code, out.String(), errOut.String())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("the migration never started:\n%s%s", out.String(), errOut.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
	cancel()
	select {
	case code := <-done:
		return result{code: code, stdout: out.String(), stderr: errOut.String()}, conn
	case <-time.After(20 * time.Second):
		t.Fatal("apply did not stop after the interrupt")
	}
	return result{}, nil
}

func count(t *testing.T, conn *pgx.Conn, sql string) int {
	t.Helper()
	var n int
	if err := conn.QueryRow(context.Background(), sql).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestInterruptedApplyRollsBackAndExits130: Ctrl-C in the middle of a file
// rolls its transaction back at once, says so, and exits 130.
func TestInterruptedApplyRollsBackAndExits130(t *testing.T) {
	url := dbtest.Scratch(t)
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "migrations", "0001_users.sql"), []byte("CREATE TABLE users (id bigint PRIMARY KEY);\n"))
	writeFile(t, filepath.Join(dir, "migrations", "0002_slow.sql"), []byte("CREATE TABLE slow (id bigint PRIMARY KEY);\nSELECT pg_sleep(30);\n"))
	r, conn := interruptApply(t, dir, url)
	r.expect(t, 130)
	if !strings.Contains(r.stderr, "interrupted while applying 0002_slow.sql: its transaction was rolled back, nothing of it was applied") ||
		strings.Contains(r.stderr, "context canceled") {
		t.Errorf("stderr should say the file was rolled back:\n%s", r.stderr)
	}
	if n := count(t, conn, `SELECT count(*)::int FROM pg_tables WHERE tablename = 'slow'`); n != 0 {
		t.Error("the interrupted file's table was kept")
	}
	if n := count(t, conn, `SELECT count(*)::int FROM ddlgate.migrations`); n != 1 {
		t.Errorf("%d history rows, want only 0001", n)
	}
	// The advisory lock was released: the next apply does not wait.
	if n := count(t, conn, `SELECT count(*)::int FROM pg_locks WHERE locktype = 'advisory'`); n != 0 {
		t.Error("the advisory lock is still held")
	}
}

// TestInterruptedNoTransactionFileIsLeftDirty: a file outside a transaction
// keeps what ran; it is left dirty and the message says how to repair.
func TestInterruptedNoTransactionFileIsLeftDirty(t *testing.T) {
	url := dbtest.Scratch(t)
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "migrations", "0001_slow.sql"), []byte("-- ddlgate:no-transaction\nCREATE TABLE slow (id bigint PRIMARY KEY);\nSELECT pg_sleep(30);\n"))
	r, conn := interruptApply(t, dir, url)
	r.expect(t, 130)
	if !strings.Contains(r.stderr, "interrupted while applying 0001_slow.sql: it ran outside a transaction and is left dirty") ||
		!strings.Contains(r.stderr, "ddlgate repair --version 0001_slow.sql") {
		t.Errorf("stderr should say the file is dirty:\n%s", r.stderr)
	}
	if n := count(t, conn, `SELECT count(*)::int FROM ddlgate.migrations WHERE dirty`); n != 1 {
		t.Errorf("%d dirty rows, want 1", n)
	}
}

// TestInterruptedLintExits130: any command stopped by Ctrl-C says so and
// exits 130, not 2 with "context canceled".
func TestInterruptedLintExits130(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "migrations", "0001_a.sql"), []byte("SELECT 1;\n"))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	a, _, errOut := testApp(dir, "", nil)
	if code := a.run(ctx, []string{"lint", "migrations"}); code != 130 || errOut.String() != "ddlgate: interrupted\n" {
		t.Errorf("exit %d, stderr %q; want 130 and ddlgate: interrupted", code, errOut.String())
	}
}
