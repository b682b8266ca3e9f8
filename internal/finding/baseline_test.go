package finding

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// legacy are the findings of an old project adopting ddlgate.
func legacy() []Finding {
	return []Finding{
		{Rule: "ban-truncate", File: "migrations/0002_reset.sql", Line: 4, Message: "TRUNCATE audit_log", Fingerprint: Fingerprint("ban-truncate", "migrations/0002_reset.sql", "truncate audit_log", 0)},
		{Rule: "ban-drop-table", File: "migrations/0001_init.sql", Line: 9, Message: "DROP TABLE users", Fingerprint: Fingerprint("ban-drop-table", "migrations/0001_init.sql", "drop table users", 0)},
	}
}

func TestBaselineRoundTripFiltersAcceptedFindings(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ddlgate-baseline.json")
	if err := WriteBaselineFile(path, legacy()); err != nil {
		t.Fatal(err)
	}
	b, err := ReadBaseline(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := []string{b.Findings[0].File, b.Findings[1].File}; !slices.Equal(got, []string{"migrations/0001_init.sql", "migrations/0002_reset.sql"}) {
		t.Errorf("baseline entries ordered %q, want by file", got)
	}

	// The old DROP TABLE moved down two lines: same fingerprint, still accepted.
	moved := legacy()[1]
	moved.Line = 11
	fresh := Finding{Rule: "ban-drop-table", File: "migrations/0003_more.sql", Line: 1, Message: "DROP TABLE orders",
		Fingerprint: Fingerprint("ban-drop-table", "migrations/0003_more.sql", "drop table orders", 0)}
	in := []Finding{moved, fresh, legacy()[0]}
	kept, baselined := b.Filter(in)
	if baselined != 2 || len(kept) != 1 || kept[0].Message != "DROP TABLE orders" {
		t.Errorf("kept %v (%d baselined), want only the new DROP TABLE orders and 2 baselined", rulesOf(kept), baselined)
	}
	if in[0].Line != 11 || in[1].Message != "DROP TABLE orders" {
		t.Error("Filter modified its input")
	}
}

func TestBaselineFileIsReadable(t *testing.T) {
	var buf bytes.Buffer
	if err := NewBaseline(legacy()[:1]).Write(&buf); err != nil {
		t.Fatal(err)
	}
	want := `{
  "version": 1,
  "findings": [
    {
      "fingerprint": "` + legacy()[0].Fingerprint + `",
      "rule": "ban-truncate",
      "file": "migrations/0002_reset.sql",
      "line": 4,
      "message": "TRUNCATE audit_log"
    }
  ]
}
`
	if buf.String() != want {
		t.Errorf("baseline file\n%s\nwant\n%s", buf.String(), want)
	}
}

func TestEmptyBaselineWritesAnEmptyList(t *testing.T) {
	var buf bytes.Buffer
	if err := NewBaseline(nil).Write(&buf); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), `"findings": []`) {
		t.Errorf("empty baseline %s, want an empty findings list (not null)", buf.String())
	}
}

func TestReadBaselineRejectsWhatIsNotABaseline(t *testing.T) {
	dir := t.TempDir()
	tests := map[string]string{
		"not json":           `DROP TABLE users;`,
		"unknown version":    `{"version": 2, "findings": []}`,
		"a lint report":      `{"summary": {}, "findings": []}`,
		"entry without hash": `{"version": 1, "findings": [{"rule": "ban-drop-table"}]}`,
	}
	for name, content := range tests {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(dir, strings.ReplaceAll(name, " ", "_")+".json")
			if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
				t.Fatal(err)
			}
			if _, err := ReadBaseline(path); err == nil || !strings.Contains(err.Error(), path) {
				t.Errorf("ReadBaseline = %v, want an error naming %s", err, path)
			}
		})
	}
	if _, err := ReadBaseline(filepath.Join(dir, "missing.json")); err == nil || !strings.Contains(err.Error(), "missing.json") {
		t.Errorf("missing file: %v, want an error naming it", err)
	}
}
