package engine

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestRegoPolicies runs every *_test.rego of the embedded policies, one Go
// subtest per Rego test, so `go test` covers the policies.
func TestRegoPolicies(t *testing.T) {
	results, err := Tests(context.Background(), nil, true)
	if err != nil {
		t.Fatal(err)
	}
	if len(results) == 0 {
		t.Fatal("no Rego tests found in the embedded policies")
	}
	for _, r := range results {
		t.Run(r.Name, func(t *testing.T) {
			if !r.Passed {
				t.Errorf("%s: %s", r.Location, r.Detail)
			}
		})
	}
}

func TestRunTestsCountsAndReportsFailures(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "acme_test.rego"), `package ddlgate.custom.rules.acme["no-truncate_test"]

test_parses_sql if {
	f := ddlgate.parse_sql("SELECT 1;", {"pg_version": 12})
	f.target.pg_version == 12
}

test_always_fails if {
	1 == 2
}
`)
	// The embedded policies' own results are the baseline: this test is
	// about counting and reporting, not about their rules.
	basePassed, baseFailed, err := RunTests(context.Background(), nil, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	passed, failed, err := RunTests(context.Background(), []string{dir}, &out)
	if err != nil {
		t.Fatal(err)
	}
	if passed-basePassed != 1 || failed-baseFailed != 1 {
		t.Errorf("user tests: %d passed, %d failed, want 1 and 1\n%s", passed-basePassed, failed-baseFailed, out.String())
	}
	if !strings.Contains(out.String(), `FAIL ddlgate.custom.rules.acme["no-truncate_test"].test_always_fails`) {
		t.Errorf("output does not name the failing test:\n%s", out.String())
	}
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}
