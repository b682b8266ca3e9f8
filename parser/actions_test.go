package parser

import (
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestActionTypesAreClosed parses every SQL file of the repository (parser
// goldens, rule testdata, examples, server cases) and the shared corpus when
// present, and expects each action's type, and each type the catalog may add
// after it, in ActionTypes: the enum the facts schema
// publishes must hold every type policies can meet.
func TestActionTypesAreClosed(t *testing.T) {
	known := ActionTypes()
	roots := []string{"testdata", filepath.Join("..", "policies"), filepath.Join("..", "testdata")}
	if _, err := os.Stat(filepath.Join("..", "..", "shared", "corpus")); err == nil {
		roots = append(roots, filepath.Join("..", "..", "shared", "corpus"))
	} else {
		t.Log("corpus not available: checking the repository's SQL only")
	}
	files, unknown := 0, map[string]string{}
	for _, root := range roots {
		err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(p, ".sql") {
				return err
			}
			src, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			files++
			for _, s := range Parse(src, Options{Path: p}).Statements {
				for _, a := range s.Actions {
					// The types the catalog may add (Action.Implies) too.
					for _, typ := range append([]string{a.Type}, a.Implies()...) {
						if _, found := slices.BinarySearch(known, typ); !found {
							unknown[typ] = p
						}
					}
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if files < 100 {
		t.Fatalf("only %d SQL files found", files)
	}
	for typ, p := range unknown {
		t.Errorf("%s: action type %q is not in ActionTypes (parser/actions.go)", p, typ)
	}
	for _, typ := range []string{ActionCreateTable, "drop_materialized_view", "rename_constraint", "drop_domain_constraint"} {
		if _, found := slices.BinarySearch(known, typ); !found {
			t.Errorf("ActionTypes lacks %s", typ)
		}
	}
}
