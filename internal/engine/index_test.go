package engine

import (
	"bytes"
	"context"
	"os"
	"reflect"
	"testing"
)

// TestRuleIndexIsFresh fails when a rule's METADATA, triggers or modules
// changed without make docs.
func TestRuleIndexIsFresh(t *testing.T) {
	index, err := RuleIndex(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	committed, err := os.ReadFile("builtin_index.go")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(index, committed) {
		t.Fatal("internal/engine/builtin_index.go is stale: run make docs (or go generate ./internal/engine)")
	}
}

// TestOpenReadsTheIndex: the registry Open reads from the index, without
// parsing a module, is the one Load reads from the METADATA, unexported
// fields (triggers, modules, pins) included, and the hash it checks the
// index with is the plan's.
func TestOpenReadsTheIndex(t *testing.T) {
	parsed, err := Load(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	opened, err := Open(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if opened.bundle != nil {
		t.Fatal("Open parsed the policies")
	}
	if !reflect.DeepEqual(opened.rules, parsed.rules) {
		for i := range parsed.rules {
			if i < len(opened.rules) && !reflect.DeepEqual(opened.rules[i], parsed.rules[i]) {
				t.Errorf("rule %s: the indexed rule differs from the parsed one", parsed.rules[i].ID)
			}
		}
		t.Fatalf("the indexed registry (%d rules) differs from the parsed one (%d)", len(opened.rules), len(parsed.rules))
	}
	if got, want := embeddedHash(), parsed.builtinHash(); got != want {
		t.Fatalf("hash of the embedded sources %s, of the parsed bundle %s", got, want)
	}
	if opened.Hash() != parsed.Hash() {
		t.Fatal("the indexed and the parsed policies hash differently")
	}
}

// TestOpenPreparesWithoutParsing: the built-in rules of indexed policies
// evaluate from the plan, and a prepare for topdown parses the sources then.
func TestOpenPreparesWithoutParsing(t *testing.T) {
	opened, err := Open(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	e, err := opened.Prepare(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if opened.source() != nil {
		t.Fatal("preparing with the plan parsed the policies")
	}
	if got := findingsOf(lint(t, e, "x.sql", "TRUNCATE users;"), "ban-truncate"); len(got) != 1 {
		t.Fatalf("ban-truncate from the plan: %v, want one finding", got)
	}
	td, err := opened.topdown().Prepare(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if td.query == nil || td.ir != nil {
		t.Fatal("the topdown engine does not run on topdown")
	}
	if got := findingsOf(lint(t, td, "x.sql", "TRUNCATE users;"), "ban-truncate"); len(got) != 1 {
		t.Fatalf("ban-truncate on topdown: %v, want one finding", got)
	}
}
