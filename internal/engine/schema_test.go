package engine

import (
	"context"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/open-policy-agent/opa/v1/rego"

	"github.com/ddlgate/ddlgate/internal/facts"
	"github.com/ddlgate/ddlgate/parser"
)

// TestFactsMatchSchema validates real facts documents against FactsSchema
// with OPA's JSON Schema validator: the schema policies are compiled against
// must describe what the parser produces (arrays, for one, are never null).
func TestFactsMatchSchema(t *testing.T) {
	schema, err := json.Marshal(FactsSchema())
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	query, err := rego.New(rego.Query("[ok, errors] := json.match_schema(input, " + string(schema) + ")")).PrepareForEval(ctx)
	if err != nil {
		t.Fatal(err)
	}
	docs := map[string]*facts.Document{"realistic migration": realisticFacts(t)}
	if _, err := os.Stat(corpusDir); err == nil {
		// One corpus file in four: the validator compiles the schema on
		// every call, and the sample covers every statement kind seen.
		seen := 0
		err := filepath.WalkDir(corpusDir, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(path, ".sql") {
				return err
			}
			if seen++; seen%4 != 0 {
				return nil
			}
			src, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			docs[path] = document(parser.Parse(src, parser.Options{Path: path}))
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	failures := 0
	for _, name := range sortedKeys(docs) {
		input, err := inputValue(docs[name])
		if err != nil {
			t.Fatal(err)
		}
		rs, err := query.Eval(ctx, rego.EvalParsedInput(input))
		if err != nil {
			t.Fatal(err)
		}
		if ok, _ := rs[0].Bindings["ok"].(bool); !ok {
			if failures++; failures <= 5 {
				t.Errorf("%s: facts do not match the schema: %v", name, rs[0].Bindings["errors"])
			}
		}
	}
	if failures > 5 {
		t.Errorf("... %d documents in all do not match", failures)
	}
}
