package engine

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/bundle"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/storage"
	"github.com/open-policy-agent/opa/v1/storage/inmem"

	"github.com/ddlgate/ddlgate/internal/catalog"
	"github.com/ddlgate/ddlgate/internal/finding"
	"github.com/ddlgate/ddlgate/parser"
)

// RuleConfig is the user's configuration of one rule; nil and empty fields
// keep the METADATA defaults.
type RuleConfig struct {
	Enabled  *bool
	Severity *finding.Severity
	// Params override METADATA custom.params key by key; a key the rule does
	// not declare is an error.
	Params map[string]any
}

// Engine evaluates the enabled rules of a configuration. It is safe for
// concurrent use.
type Engine struct {
	query rego.PreparedEvalQuery
	// rules holds the effective (configured) rule of every id.
	rules map[string]Rule
	// tables caches the OPA value of catalog tables by pointer: catalog
	// snapshots share unchanged tables and never modify them, so on a long
	// history each table version is converted once instead of once per file.
	tables sync.Map // *catalog.Table -> *ast.Term
}

// entryPoint is the query every file is evaluated with.
const entryPoint = "data.ddlgate.main.findings"

// Prepare compiles the policies once for cfg (rule id -> configuration),
// sandboxed: no http.send, network lookups or opa.runtime. Only enabled rules
// are evaluated; unknown rule ids or parameters in cfg are errors.
func (p *Policies) Prepare(ctx context.Context, cfg map[string]RuleConfig) (*Engine, error) {
	rules, params, err := p.configure(cfg)
	if err != nil {
		return nil, err
	}
	enabled := []any{}
	for _, r := range p.rules {
		r = rules[r.ID]
		if !r.Enabled || r.Computed {
			continue
		}
		enabled = append(enabled, map[string]any{
			"id": r.ID, "category": r.Category, "custom": r.Custom, "min_pg_version": r.MinPGVersion,
		})
	}
	config := &bundle.Bundle{
		Manifest: bundle.Manifest{Roots: &[]string{"config"}},
		Data:     map[string]any{"config": map[string]any{"enabled": enabled, "params": params}},
	}
	// The store returns AST values: otherwise every evaluation converts
	// data.config from Go values again.
	store := inmem.NewWithOpts(inmem.OptReturnASTValuesOnRead(true))
	txn, err := store.NewTransaction(ctx, storage.WriteParams)
	if err != nil {
		return nil, fmt.Errorf("compile policies: %w", err)
	}
	query, err := rego.New(
		rego.Query(entryPoint),
		rego.ParsedBundle("ddlgate", p.bundle),
		rego.ParsedBundle("config", config),
		rego.Store(store),
		rego.Transaction(txn),
		rego.Capabilities(capabilities()),
		rego.Schemas(schemaSet()),
		// Findings are read straight from the OPA value: converting the
		// result set to Go maps first would only add allocations.
		rego.GenerateJSON(func(t *ast.Term, _ *rego.EvalContext) (any, error) { return t, nil }),
	).PrepareForEval(ctx)
	if err != nil {
		store.Abort(ctx, txn)
		return nil, fmt.Errorf("compile policies: %w", explainCompileError(err))
	}
	if err := store.Commit(ctx, txn); err != nil {
		return nil, fmt.Errorf("compile policies: %w", err)
	}
	return &Engine{query: query, rules: rules}, nil
}

// configure applies cfg to the registry: the effective rule of every id, and
// the parameter overrides (data.config.params) the library merges over the
// METADATA defaults.
func (p *Policies) configure(cfg map[string]RuleConfig) (map[string]Rule, map[string]any, error) {
	rules := make(map[string]Rule, len(p.rules))
	for _, r := range p.rules {
		rules[r.ID] = r
	}
	params := map[string]any{}
	for _, id := range sortedKeys(cfg) {
		rule, ok := rules[id]
		if !ok {
			return nil, nil, fmt.Errorf("configure rule %s: unknown rule%s", id, suggestion(id, p.rules))
		}
		c := cfg[id]
		if c.Enabled != nil {
			rule.Enabled = *c.Enabled
		}
		if c.Severity != nil {
			rule.Severity = *c.Severity
		}
		if len(c.Params) > 0 {
			for _, k := range sortedKeys(c.Params) {
				if _, declared := rule.Params[k]; !declared {
					return nil, nil, fmt.Errorf("configure rule %s: unknown parameter %q (known: %s)", id, k, strings.Join(sortedKeys(rule.Params), ", "))
				}
			}
			params[id] = c.Params
			merged := maps.Clone(rule.Params)
			maps.Copy(merged, c.Params)
			rule.Params = merged
		}
		rules[id] = rule
	}
	return rules, params, nil
}

// RuleSeverity returns a rule's severity after configuration and whether it
// is enabled, for rules computed outside Rego (unused-ignore).
func (e *Engine) RuleSeverity(id string) (finding.Severity, bool) {
	r, ok := e.rules[id]
	return r.Severity, ok && r.Enabled
}

// Eval evaluates one file's facts and returns its findings, unsuppressed and
// unsorted, with severities after configuration.
func (e *Engine) Eval(ctx context.Context, f *parser.File) ([]finding.Finding, error) {
	input, err := e.input(f)
	if err != nil {
		return nil, fmt.Errorf("evaluate %s: %w", f.File.Path, err)
	}
	rs, err := e.query.Eval(ctx, rego.EvalParsedInput(input))
	if err != nil {
		return nil, fmt.Errorf("evaluate %s: %w", f.File.Path, err)
	}
	if len(rs) == 0 || len(rs[0].Expressions) == 0 {
		return nil, nil
	}
	term, ok := rs[0].Expressions[0].Value.(*ast.Term)
	if !ok {
		return nil, fmt.Errorf("evaluate %s: unexpected result %T", f.File.Path, rs[0].Expressions[0].Value)
	}
	set, ok := term.Value.(ast.Set)
	if !ok || set.Len() == 0 {
		return nil, nil
	}
	findings := make([]finding.Finding, 0, set.Len())
	var decodeErr error
	set.Foreach(func(t *ast.Term) {
		if decodeErr != nil {
			return
		}
		fd, err := e.decode(f, t)
		if err != nil {
			decodeErr = fmt.Errorf("evaluate %s: %w", f.File.Path, err)
			return
		}
		findings = append(findings, fd)
	})
	if decodeErr != nil {
		return nil, decodeErr
	}
	fingerprint(f.File.Path, f, findings)
	return findings, nil
}

// input converts f to the document policies read, adding actions_by_type:
// for each action type, the {statement, action} pairs of the file. Rules look
// up the few actions they judge there instead of scanning every action of
// every statement, which is what made evaluation cost grow with the number of
// rules times the number of actions. The index shares the terms of
// input.statements, so it costs no conversion.
func (e *Engine) input(f *parser.File) (ast.Value, error) {
	return inputValue(f, &e.tables)
}

// inputValue is Engine.input with the table cache passed in; a nil cache
// converts every table.
func inputValue(f *parser.File, tables *sync.Map) (ast.Value, error) {
	shallow := *f
	shallow.Catalog = nil
	v, err := factsValue(&shallow)
	if err != nil {
		return nil, err
	}
	doc, ok := v.(ast.Object)
	if !ok {
		return nil, fmt.Errorf("facts are not an object: %T", v)
	}
	if f.Catalog != nil {
		cat, err := catalogValue(f.Catalog, tables)
		if err != nil {
			return nil, err
		}
		doc.Insert(catalogKey, cat)
	}
	doc.Insert(actionsByTypeKey, actionsByType(doc))
	return doc, nil
}

var (
	catalogKey       = ast.InternedTerm("catalog")
	actionsByTypeKey = ast.InternedTerm("actions_by_type")
	statementsKey    = ast.InternedTerm("statements")
	actionsKey       = ast.InternedTerm("actions")
	typeKey          = ast.InternedTerm("type")
	statementKey     = ast.InternedTerm("statement")
	actionKey        = ast.InternedTerm("action")
)

// actionsByType indexes the actions of doc's statements by their type.
func actionsByType(doc ast.Object) *ast.Term {
	byType := map[string][]*ast.Term{}
	var order []string
	if stmts, ok := doc.Get(statementsKey).Value.(*ast.Array); ok {
		stmts.Foreach(func(stmt *ast.Term) {
			so, ok := stmt.Value.(ast.Object)
			if !ok {
				return
			}
			actions, ok := so.Get(actionsKey).Value.(*ast.Array)
			if !ok {
				return
			}
			actions.Foreach(func(action *ast.Term) {
				ao, ok := action.Value.(ast.Object)
				if !ok {
					return
				}
				typ, ok := ao.Get(typeKey).Value.(ast.String)
				if !ok {
					return
				}
				if _, seen := byType[string(typ)]; !seen {
					order = append(order, string(typ))
				}
				byType[string(typ)] = append(byType[string(typ)],
					ast.ObjectTerm(ast.Item(statementKey, stmt), ast.Item(actionKey, action)))
			})
		})
	}
	items := make([][2]*ast.Term, len(order))
	for i, typ := range order {
		items[i] = ast.Item(ast.StringTerm(typ), ast.ArrayTerm(byType[typ]...))
	}
	return ast.NewTerm(ast.NewObject(items...))
}

// catalogValue converts a catalog snapshot, reusing the cached value of every
// table already converted for an earlier file.
func catalogValue(c any, cache *sync.Map) (*ast.Term, error) {
	snap, ok := c.(catalog.Snapshot)
	if !ok {
		v, err := factsValue(c)
		if err != nil {
			return nil, err
		}
		return ast.NewTerm(v), nil
	}
	tables := make([][2]*ast.Term, 0, len(snap.Tables))
	for key, t := range snap.Tables {
		var term *ast.Term
		if cached, ok := cache.Load(t); ok {
			term = cached.(*ast.Term)
		} else {
			v, err := factsValue(t)
			if err != nil {
				return nil, err
			}
			term = ast.NewTerm(v)
			cache.Store(t, term)
		}
		tables = append(tables, ast.Item(ast.StringTerm(key), term))
	}
	enums, err := factsValue(snap.Enums)
	if err != nil {
		return nil, err
	}
	views, err := factsValue(snap.Views)
	if err != nil {
		return nil, err
	}
	return ast.ObjectTerm(
		ast.Item(ast.StringTerm("tables"), ast.NewTerm(ast.NewObject(tables...))),
		ast.Item(ast.StringTerm("enums"), ast.NewTerm(enums)),
		ast.Item(ast.StringTerm("views"), ast.NewTerm(views)),
	), nil
}

// decode turns one finding object built by ddlgate.lib.result into a Finding.
func (e *Engine) decode(f *parser.File, t *ast.Term) (finding.Finding, error) {
	obj, ok := t.Value.(ast.Object)
	if !ok {
		return finding.Finding{}, fmt.Errorf("finding %v is not an object (build findings with data.ddlgate.lib.result)", t)
	}
	fd := finding.Finding{
		Rule:           str(obj, "rule"),
		Category:       str(obj, "category"),
		Message:        str(obj, "message"),
		Help:           str(obj, "help"),
		File:           f.File.Path,
		StatementIndex: num(obj, "statement", -1),
	}
	rule, ok := e.rules[fd.Rule]
	if !ok {
		return finding.Finding{}, fmt.Errorf("finding of unknown rule %q: %v", fd.Rule, t)
	}
	fd.Severity, fd.Title = rule.Severity, rule.Title
	if fd.Help == "" {
		fd.Help = rule.Help
	}
	fd.Docs = rule.Docs()
	if i := fd.StatementIndex; i >= 0 && i < len(f.Statements) {
		fd.Statement = f.Statements[i].Text
	} else {
		fd.StatementIndex = -1
	}
	var span ast.Object
	if st := obj.Get(ast.InternedTerm("span")); st != nil {
		span, _ = st.Value.(ast.Object)
	}
	switch {
	case span != nil:
		fd.Start, fd.End = num(span, "start", 0), num(span, "end", 0)
		fd.Line, fd.Column = num(span, "line", 0), num(span, "col", 0)
		fd.EndLine, fd.EndColumn = num(span, "end_line", 0), num(span, "end_col", 0)
	case fd.StatementIndex >= 0:
		// A rule passed a missing span (an action without one): point at
		// the whole statement rather than nowhere.
		sp := f.Statements[fd.StatementIndex].Span
		fd.Start, fd.End, fd.Line, fd.Column, fd.EndLine, fd.EndColumn = sp.Start, sp.End, sp.Line, sp.Col, sp.EndLine, sp.EndCol
	default:
		return finding.Finding{}, fmt.Errorf("finding of rule %s has no span: %v", fd.Rule, t)
	}
	return fd, nil
}

func str(obj ast.Object, key string) string {
	if t := obj.Get(ast.InternedTerm(key)); t != nil {
		if s, ok := t.Value.(ast.String); ok {
			return string(s)
		}
	}
	return ""
}

func num(obj ast.Object, key string, missing int) int {
	if t := obj.Get(ast.InternedTerm(key)); t != nil {
		if n, ok := t.Value.(ast.Number); ok {
			if i, ok := n.Int(); ok {
				return i
			}
		}
	}
	return missing
}

// fingerprint sets each finding's fingerprint: a hash of the rule, the file
// path, the statement's fingerprint (whitespace and comments do not matter)
// and the occurrence number of that (rule, statement) pair, so that moving a
// statement to another line keeps its fingerprint and two identical
// statements still get distinct ones.
func fingerprint(path string, f *parser.File, findings []finding.Finding) {
	// Occurrences are numbered in file order, independent of OPA's set order.
	sort.SliceStable(findings, func(i, j int) bool {
		a, b := &findings[i], &findings[j]
		return cmp.Or(
			cmp.Compare(a.Rule, b.Rule),
			cmp.Compare(a.Start, b.Start),
			cmp.Compare(a.End, b.End),
			cmp.Compare(a.Message, b.Message),
		) < 0
	})
	type pair struct{ rule, stmt string }
	seen := map[pair]int{}
	for i := range findings {
		fd := &findings[i]
		stmt := ""
		if fd.StatementIndex >= 0 {
			stmt = f.Statements[fd.StatementIndex].Fingerprint
		}
		k := pair{fd.Rule, stmt}
		n := seen[k]
		seen[k] = n + 1
		h := sha256.New()
		for _, part := range []string{fd.Rule, path, stmt, strconv.Itoa(n)} {
			h.Write([]byte(part))
			h.Write([]byte{0})
		}
		sum := h.Sum(nil)
		fd.Fingerprint = hex.EncodeToString(sum[:16])
	}
}

// Docs is where a rule is documented: its page in ddlgate's docs for a
// built-in rule; for a custom rule, the first of its related_resources (its
// team's own page), else nothing rather than a link that does not exist.
func (r Rule) Docs() string {
	if !r.Custom {
		return DocsURL(r.ID)
	}
	if len(r.RelatedResources) > 0 {
		return r.RelatedResources[0]
	}
	return ""
}

// DocsURL is the documentation page of a built-in rule.
func DocsURL(id string) string {
	return "https://github.com/ddlgate/ddlgate/blob/main/docs/rules/" + id + ".md"
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// suggestion names the closest known rule id when one shares a long prefix
// with the unknown id: typos in config should be quick to fix.
func suggestion(id string, rules []Rule) string {
	best, bestLen := "", 0
	for _, r := range rules {
		n := commonPrefix(id, r.ID)
		if n > bestLen {
			best, bestLen = r.ID, n
		}
	}
	if bestLen < 4 {
		return ""
	}
	return fmt.Sprintf(" (did you mean %s?)", best)
}

func commonPrefix(a, b string) int {
	n := 0
	for n < len(a) && n < len(b) && a[n] == b[n] {
		n++
	}
	return n
}
