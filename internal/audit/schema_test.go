package audit

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// TestSchemaIsPublished keeps docs/audit.schema.json equal to Schema(): run
// make docs after changing the report.
func TestSchemaIsPublished(t *testing.T) {
	var want bytes.Buffer
	enc := json.NewEncoder(&want)
	enc.SetIndent("", "  ")
	if err := enc.Encode(Schema()); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(filepath.Join("..", "..", "docs", "audit.schema.json"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want.Bytes()) {
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
	check(t, "report", Schema(), doc)
}

func check(t *testing.T, where string, schema map[string]any, v any) {
	t.Helper()
	if alts, ok := schema["anyOf"].([]any); ok {
		if v == nil {
			return
		}
		check(t, where, alts[0].(map[string]any), v)
		return
	}
	switch schema["type"] {
	case "object":
		obj, ok := v.(map[string]any)
		if !ok {
			t.Errorf("%s: %T, want an object", where, v)
			return
		}
		if props, ok := schema["properties"].(map[string]any); ok {
			for _, k := range schema["required"].([]string) {
				if _, ok := obj[k]; !ok {
					t.Errorf("%s: no %q", where, k)
				}
			}
			for k, val := range obj {
				p, ok := props[k]
				if !ok {
					t.Errorf("%s: %q is not in the schema", where, k)
					continue
				}
				check(t, where+"."+k, p.(map[string]any), val)
			}
		} else if add, ok := schema["additionalProperties"].(map[string]any); ok {
			for k, val := range obj {
				check(t, where+"."+k, add, val)
			}
		}
	case "array":
		arr, ok := v.([]any)
		if !ok {
			t.Errorf("%s: %T, want an array (never null)", where, v)
			return
		}
		for _, e := range arr {
			check(t, where+"[]", schema["items"].(map[string]any), e)
		}
	case "string":
		if _, ok := v.(string); !ok {
			t.Errorf("%s: %T, want a string", where, v)
		}
	case "integer":
		if _, ok := v.(float64); !ok {
			t.Errorf("%s: %T, want a number", where, v)
		}
	case "boolean":
		if _, ok := v.(bool); !ok {
			t.Errorf("%s: %T, want a boolean", where, v)
		}
	}
}
