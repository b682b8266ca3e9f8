package engine

import (
	"io/fs"
	"slices"
	"strings"
	"testing"

	"github.com/ddlgate/ddlgate/policies"
)

// TestLibFilesHaveTests checks that every shared helper file,
// policies/lib/<name>.rego, has its tests beside it in <name>_test.rego:
// helpers many rules rely on are tested where they are defined, not through
// one rule's tests.
func TestLibFilesHaveTests(t *testing.T) {
	files, err := fs.Glob(policies.FS, "lib/*.rego")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no policies/lib/*.rego in the embedded policies")
	}
	for _, f := range files {
		if isTestFile(f) {
			continue
		}
		test := strings.TrimSuffix(f, ".rego") + "_test.rego"
		if !slices.Contains(files, test) {
			t.Errorf("policies/%s has no policies/%s beside it", f, test)
		}
	}
}
