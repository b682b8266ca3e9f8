package audit

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"testing"

	"github.com/ddlgate/ddlgate/internal/jsonschema"
)

// TestSchemaIsPublished keeps docs/audit.schema.json equal to Schema(): run
// make docs after changing the report.
func TestSchemaIsPublished(t *testing.T) {
	stale, err := jsonschema.Stale(filepath.Join("..", "..", "docs", "audit.schema.json"), Schema())
	if err != nil {
		t.Fatal(err)
	}
	if stale {
		t.Error("docs/audit.schema.json is stale: run make docs")
	}
}

// TestReportMatchesSchema checks a report against the schema's required
// keys and types, so the two cannot drift apart silently.
func TestReportMatchesSchema(t *testing.T) {
	var b bytes.Buffer
	if err := Write(&b, "json", sampleReport()); err != nil {
		t.Fatal(err)
	}
	var doc any
	if err := json.Unmarshal(b.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	for _, p := range jsonschema.Problems(Schema(), doc) {
		t.Error(p)
	}
}
