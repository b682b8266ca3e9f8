package parser

import (
	"strings"
	"testing"

	pg_query "github.com/pganalyze/pg_query_go/v5"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// chains are left-deep constructs that grow the parse tree one level per
// repetition without growing the parser's stack: 25,000 of any of them
// crashed libpg_query with SIGSEGV before the guard.
var chains = map[string]func(n int) string{
	"plus":    func(n int) string { return "SELECT 1" + strings.Repeat("+1", n) },
	"concat":  func(n int) string { return "SELECT 'a'" + strings.Repeat(" || 'a'", n) },
	"cast":    func(n int) string { return "SELECT 1" + strings.Repeat("::int", n) },
	"collate": func(n int) string { return "SELECT 'a'" + strings.Repeat(` COLLATE "C"`, n) },
	"join":    func(n int) string { return "SELECT 1 FROM t0" + strings.Repeat(" JOIN t ON true", n) },
	"union":   func(n int) string { return "SELECT 1, 2" + strings.Repeat(" UNION ALL SELECT 1, 2", n) },
	"update":  func(n int) string { return "UPDATE t SET a = 0" + strings.Repeat(" + b", n) + " WHERE id = 1" },
}

func TestDeepStatementIsAParseErrorAndTheRestIsRead(t *testing.T) {
	for name, build := range chains {
		t.Run(name, func(t *testing.T) {
			src := "CREATE TABLE a (id int);\n" + build(50000) + ";\nCREATE INDEX a_id ON a (id);\n"
			f := Parse([]byte(src), Options{Path: "deep.sql"})
			if len(f.ParseErrors) != 1 {
				t.Fatalf("parse errors = %+v, want one", f.ParseErrors)
			}
			pe := f.ParseErrors[0]
			if !strings.HasPrefix(pe.Message, errTooDeep) || pe.Span.Line != 2 || pe.Span.Col != 1 {
				t.Errorf("parse error = %q at %d:%d, want %q at 2:1", pe.Message, pe.Span.Line, pe.Span.Col, errTooDeep)
			}
			if len(f.Statements) != 2 || f.Statements[0].Tag != "CREATE TABLE" || f.Statements[1].Tag != "CREATE INDEX" {
				t.Errorf("statements = %d, want CREATE TABLE and CREATE INDEX read around the deep one", len(f.Statements))
			}
		})
	}
}

// The crash happened in the C parser: a deep statement inside a DO body or
// a function body must not reach it either.
func TestDeepStatementInBodyDoesNotCrash(t *testing.T) {
	deep := "1" + strings.Repeat("+1", 30000)
	for _, src := range []string{
		"DO $$ BEGIN EXECUTE 'x' || " + deep + "; END $$;",
		"CREATE FUNCTION f() RETURNS void LANGUAGE plpgsql AS $$ BEGIN EXECUTE 'x' || " + deep + "; END $$;",
		"DO $$ BEGIN PERFORM " + deep + "; END $$;",
	} {
		f := Parse([]byte(src), Options{})
		if len(f.Statements) != 1 {
			t.Fatalf("statements = %d, want 1", len(f.Statements))
		}
	}
}

// Flat lists must not be mistaken for deep trees: seed data and CASE
// mappings of generated backfills are long but shallow.
func TestLongFlatStatementsPassTheGuard(t *testing.T) {
	var values, cases, ands strings.Builder
	values.WriteString("INSERT INTO t (id, name) VALUES ")
	cases.WriteString("UPDATE t SET name = CASE id")
	ands.WriteString("DELETE FROM t WHERE true")
	for i := 0; i < 20000; i++ {
		if i > 0 {
			values.WriteString(", ")
		}
		values.WriteString("(1, 'a' || 'b')")
		cases.WriteString(" WHEN 1 THEN 'a' || 'b'")
		ands.WriteString(" AND a <> 1")
	}
	cases.WriteString(" END")
	for _, sql := range []string{values.String(), cases.String(), ands.String()} {
		if err := checkDepth(sql); err != nil {
			t.Errorf("%.40s...: %v", sql, err)
		}
		if _, err := parseGuarded(sql); err != nil {
			t.Errorf("%.40s...: %v", sql, err)
		}
	}
}

func TestEstimateDepthBoundsTheTree(t *testing.T) {
	for name, build := range chains {
		for _, n := range []int{0, 1, 10, 1000} {
			checkDepthBound(t, name, build(n))
		}
	}
	for _, sql := range []string{
		"SELECT 1",
		"SELECT CASE WHEN a THEN (SELECT 1 + 2 UNION SELECT 3) ELSE f(1 + +-2, ARRAY[1 + 1]) END",
		"SELECT a, b FROM t1 JOIN t2 USING (a, b), t3 WHERE x IS NOT DISTINCT FROM y AND z::text COLLATE \"C\" LIKE 'a%'",
		"CREATE TABLE t (a int DEFAULT 1 + 2 * 3, b text CHECK (b <> '' OR b IS NULL))",
		"ALTER TABLE t ADD COLUMN c int DEFAULT (((1)))",
		"SELECT x AT TIME ZONE 'UTC' AT TIME ZONE 'UTC' FROM t WHERE a NOT IN (1, 2) AND b BETWEEN 1 AND 2",
		"WITH a AS (SELECT 1), b AS (SELECT 2 EXCEPT SELECT 3) SELECT * FROM a, b",
	} {
		checkDepthBound(t, "", sql)
	}
}

// checkDepthBound parses sql and fails when the tree is deeper than the
// estimate: the guard would then let a crashing statement through.
func checkDepthBound(t *testing.T, name, sql string) {
	t.Helper()
	res, err := pg_query.Parse(sql)
	if err != nil {
		return
	}
	est, _ := estimateDepth(sql, 0, len(sql))
	if got := treeDepth(res.ProtoReflect()); got > est {
		t.Errorf("%s %.60q: tree depth %d > estimate %d", name, sql, got, est)
	}
}

// treeDepth counts the pg_query Node messages on the longest path of a
// parse tree: the nesting the C parser recurses through.
func treeDepth(m protoreflect.Message) int {
	deepest := 0
	m.Range(func(fd protoreflect.FieldDescriptor, v protoreflect.Value) bool {
		if fd.Kind() != protoreflect.MessageKind {
			return true
		}
		if fd.IsList() {
			l := v.List()
			for i := 0; i < l.Len(); i++ {
				deepest = max(deepest, treeDepth(l.Get(i).Message()))
			}
			return true
		}
		if fd.IsMap() {
			return true
		}
		deepest = max(deepest, treeDepth(v.Message()))
		return true
	})
	if m.Descriptor().Name() == "Node" {
		deepest++
	}
	return deepest
}

// depthSteps grow a valid expression from fuzz input: each step appends a
// chain link or wraps the expression so far in a construct, so the fuzzer
// explores how chains, groups and separators combine.
var depthSteps = []func(e string) string{
	func(e string) string { return e + " + 1" },
	func(e string) string { return e + " || 'a'" },
	func(e string) string { return e + "::int" },
	func(e string) string { return e + ` COLLATE "C"` },
	func(e string) string { return e + " AT TIME ZONE 'UTC'" },
	func(e string) string { return e + " IS NULL" },
	func(e string) string { return e + " AND x" },
	func(e string) string { return "y OR " + e },
	func(e string) string { return "(" + e + ")" },
	func(e string) string { return "ARRAY[" + e + ", 1]" },
	func(e string) string { return "CASE WHEN x THEN " + e + " ELSE 1 END" },
	func(e string) string { return "CASE " + e + " WHEN 1 THEN 2 END" },
	func(e string) string { return "f(1, " + e + ")" },
	func(e string) string { return "NOT " + e },
	func(e string) string { return "- -" + e },
	func(e string) string { return e + " IN (1, 2)" },
	func(e string) string { return "(SELECT " + e + ", 2 UNION SELECT 1, 2)" },
	func(e string) string { return "(SELECT 1, 2 UNION SELECT 1, " + e + ")" },
	func(e string) string { return "(SELECT 1 FROM a JOIN b ON x AND " + e + " JOIN c ON true)" },
	func(e string) string { return e + " = ANY (SELECT 2)" },
	func(e string) string { return e + " BETWEEN 1 AND 2" },
	func(e string) string { return "x BETWEEN " + e + " AND 2 + 2" },
	func(e string) string { return e + " OPERATOR(pg_catalog.+) 1" },
	func(e string) string { return "EXISTS (SELECT " + e + ")" },
	func(e string) string { return "ROW(" + e + ", 1)" },
}

// FuzzDepthGuard checks that the estimate bounds the depth of every tree
// pg_query builds, whatever the mix of constructs. A statement whose tree
// is deeper than its estimate would let the guard pass inputs that crash at
// scale.
func FuzzDepthGuard(f *testing.F) {
	f.Add([]byte{0, 0, 8, 1, 1, 16, 17})
	f.Add([]byte{11, 0, 12, 2, 13, 14, 10, 3, 4})
	f.Add([]byte{15, 0, 18, 6, 7, 19, 20, 21, 22, 23, 24})
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 200 {
			data = data[:200]
		}
		e := "1"
		for _, b := range data {
			e = depthSteps[int(b)%len(depthSteps)](e)
		}
		sql := "SELECT " + e
		// Some mixes are invalid (BETWEEN takes no OR operand): the bound
		// is only checked on trees pg_query builds.
		checkDepthBound(t, "", sql)
	})
}
