package engine

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/ddlgate/ddlgate/internal/facts"
	"github.com/ddlgate/ddlgate/internal/finding"
)

// TestIRAgreesWithTopdown evaluates every rule testdata file and the corpus
// with topdown and with the IR evaluator: the findings (rule, message, help,
// span, plan, fingerprint) must be the same.
func TestIRAgreesWithTopdown(t *testing.T) {
	p, td := everyRuleEnabled(t)
	ir, err := p.PrepareIR(context.Background(), everyRuleConfig(p))
	if err != nil {
		t.Fatal(err)
	}
	files, err := filepath.Glob(filepath.Join(rulesDir, "*", "*", "testdata", "*.sql"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no rule testdata: %v", err)
	}
	var docs []*facts.Document
	for _, file := range files {
		src, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		rel, _ := filepath.Rel(filepath.Join("..", ".."), file)
		f, err := parseWithHeader(string(src), filepath.ToSlash(rel))
		if err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		docs = append(docs, f)
	}
	n := compareEngines(t, td, ir, docs)
	t.Logf("%d testdata files, %d findings agree", len(docs), n)
	if _, err := os.Stat(corpusDir); err != nil {
		t.Logf("corpus not available at %s: compared the rule testdata only", corpusDir)
		return
	}
	n = compareEngines(t, td, ir, builtCorpus(t))
	t.Logf("corpus: %d findings agree", n)
}

func compareEngines(t *testing.T, td, ir *Engine, docs []*facts.Document) int {
	t.Helper()
	total := 0
	for _, d := range docs {
		want, err := td.Eval(context.Background(), d)
		if err != nil {
			t.Fatal(err)
		}
		got, err := ir.Eval(context.Background(), d)
		if err != nil {
			t.Errorf("%s: %v", d.File.Path, err)
			continue
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: IR findings differ from topdown's:\nIR:\n%s\ntopdown:\n%s", d.File.Path, describeFull(got), describeFull(want))
		}
		total += len(want)
	}
	return total
}

func describeFull(fs []finding.Finding) string {
	s := ""
	for _, f := range fs {
		s += "  " + f.Rule + " " + f.Message + " | " + f.Help + "\n"
	}
	return s
}

// BenchmarkEvalCorpusIR is BenchmarkEvalCorpus with the IR evaluator.
func BenchmarkEvalCorpusIR(b *testing.B) {
	files := corpusFacts(b)
	p, err := Load(context.Background(), nil)
	if err != nil {
		b.Fatal(err)
	}
	e, err := p.PrepareIR(context.Background(), nil)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if _, err := e.Eval(context.Background(), files[i%len(files)]); err != nil {
			b.Fatal(err)
		}
		i++
	}
}
