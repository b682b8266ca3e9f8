package apply

import (
	"bytes"
	"context"
	"net/url"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/ddlgate/ddlgate/internal/dbtest"
)

// TestApplyHelperProcess is the applier that TestKilledApplierIsRecovered
// starts and kills; it does nothing in a normal test run.
func TestApplyHelperProcess(t *testing.T) {
	dir := os.Getenv("DDLGATE_APPLY_HELPER_DIR")
	if dir == "" {
		return
	}
	var out bytes.Buffer
	_, err := Apply(context.Background(), testOptions(t, os.Getenv("DDLGATE_APPLY_HELPER_URL"), dir, &out))
	t.Fatalf("helper applier was not killed: %v\n%s", err, out.String())
}

func TestKilledApplierIsRecovered(t *testing.T) {
	dbURL := dbtest.Scratch(t)
	dir := t.TempDir()
	writeFile(t, dir, "0001_users.sql", "CREATE TABLE users (id bigint PRIMARY KEY);\n")
	// The helper's session sets ddlgate.test_sleep, so it sleeps in the middle
	// of the file; the recovery run does not.
	writeFile(t, dir, "0002_half.sql", `CREATE TABLE half_done (id bigint PRIMARY KEY);
SELECT pg_sleep(coalesce(nullif(current_setting('ddlgate.test_sleep', true), ''), '0')::float8);
ALTER TABLE users ADD COLUMN email text;
`)
	u, err := url.Parse(dbURL)
	if err != nil {
		t.Fatal(err)
	}
	// pgx does not decode "+" as a space: spell it %20.
	u.RawQuery = strings.TrimPrefix(u.RawQuery+"&options=-c%20ddlgate.test_sleep%3D60", "&")

	cmd := exec.Command(os.Args[0], "-test.run=^TestApplyHelperProcess$", "-test.timeout=90s")
	cmd.Env = append(os.Environ(), "DDLGATE_APPLY_HELPER_DIR="+dir, "DDLGATE_APPLY_HELPER_URL="+u.String())
	var helperOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &helperOut, &helperOut
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { _ = cmd.Process.Kill() }()

	conn := connect(t, dbURL)
	exited := make(chan struct{})
	go func() { _ = cmd.Wait(); close(exited) }()
	deadline := time.Now().Add(30 * time.Second)
	for queryInt(t, conn, `SELECT count(*)::int FROM pg_stat_activity
		WHERE datname = current_database() AND query LIKE '%pg_sleep%' AND pid <> pg_backend_pid()`) == 0 {
		select {
		case <-exited:
			t.Fatalf("helper exited before reaching the middle of 0002_half.sql:\n%s", helperOut.String())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("helper never reached the middle of 0002_half.sql:\n%s", helperOut.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	<-exited

	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var out bytes.Buffer
	res, err := Apply(ctx, testOptions(t, dbURL, dir, &out))
	if err != nil {
		t.Fatalf("apply after kill -9: %v\n%s", err, out.String())
	}
	if strings.Join(res.Applied, ",") != "0002_half.sql" {
		t.Errorf("recovery applied %v, want only 0002_half.sql", res.Applied)
	}
	if got := historyVersions(t, conn); strings.Join(got, ",") != "0001_users.sql,0002_half.sql" {
		t.Errorf("history %v, want both files once", got)
	}
	if !columnExists(t, conn, "users", "email") || queryInt(t, conn, `SELECT count(*)::int FROM pg_tables WHERE tablename = 'half_done'`) != 1 {
		t.Error("the interrupted file was not completed by the next apply")
	}
}
