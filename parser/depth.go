package parser

import (
	"errors"
	"fmt"
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v5"
)

// depth.go guards libpg_query against statements whose parse tree is too
// deep for it. libpg_query builds the tree and packs it into protobuf with
// recursive C functions on the calling thread's stack: a left-deep chain of
// about 23,800 binary operators (`SELECT 1+1+...+1`, as generated backfills
// are written) overflows an 8 MB stack and kills the process with SIGSEGV,
// which no Go code can recover from. From about 5,000 levels the tree is
// already useless: the Go protobuf decoder refuses it ("exceeded maximum
// recursion depth"), and PostgreSQL itself stops at about 4,500 levels with
// its default max_stack_depth ("stack depth limit exceeded").
//
// Right-recursive constructs (nested parentheses, function calls, prefix
// operators, nested CASE) are bounded by the parser's own stack of 10,000
// entries ("memory exhausted"), so only left-recursive chains can grow
// without bound: binary and keyword operators, casts, COLLATE, AT TIME ZONE,
// JOIN and set operations. estimateDepth bounds the tree depth from the
// tokens (split.go's lexer, no cgo) and every call into pg_query goes
// through parseGuarded, which refuses a statement whose bound exceeds
// MaxParseDepth instead of handing it to the C parser.

// MaxParseDepth is the deepest parse tree, in nodes from the statement down
// to a leaf, that ddlgate hands to libpg_query: well below the depth that
// overflows an 8 MB thread stack (about 23,800), at the depth where the
// protobuf decoder would refuse the tree anyway.
const MaxParseDepth = 5000

// errTooDeep is the message of a statement refused by the guard.
const errTooDeep = "statement too deeply nested for the parser"

// depthError reports a statement the guard refused; offset is where the
// statement starts in the parsed string.
type depthError struct {
	depth  int
	offset int
}

func (e *depthError) Error() string {
	return fmt.Sprintf("%s: its expressions nest about %d levels deep, more than the %d the parser accepts (PostgreSQL itself stops at about 4,500 with its default max_stack_depth); split the expression or the statement", errTooDeep, e.depth, MaxParseDepth)
}

// parseGuarded is pg_query.Parse behind the depth guard.
func parseGuarded(sql string) (*pg_query.ParseResult, error) {
	if err := checkDepth(sql); err != nil {
		return nil, err
	}
	res, err := pg_query.Parse(sql)
	if err != nil && strings.Contains(err.Error(), "exceeded maximum recursion depth") {
		// The estimate is an upper bound, so this is rare; the decoder's
		// message says nothing to a user.
		return nil, &depthError{depth: MaxParseDepth}
	}
	return res, err
}

// checkDepth returns a *depthError when a statement of sql may nest deeper
// than MaxParseDepth.
func checkDepth(sql string) error {
	// A tree level takes at least one byte of input beyond a few implied
	// nodes, so short input needs no scan.
	if len(sql) < MaxParseDepth/2 {
		return nil
	}
	if d, at := estimateDepth(sql, 0, len(sql)); d > MaxParseDepth {
		return &depthError{depth: d, offset: at}
	}
	return nil
}

// isDepthError reports whether err is the guard's refusal.
func isDepthError(err error) bool {
	var de *depthError
	return errors.As(err, &de)
}

// chainWords are the keywords besides set operations and JOIN that can
// extend a left-recursive chain without parentheses (PostgreSQL 16 grammar,
// gram.y a_expr): each occurrence may add one level to the tree. They all
// bind tighter than AND and OR.
var chainWords = map[string]bool{
	"collate": true, "at": true, "is": true, "isnull": true, "notnull": true,
	"not": true, "like": true, "ilike": true, "similar": true, "between": true,
	"in": true, "overlaps": true, "operator": true, "escape": true,
}

// setOpWords build the left-deep chain of a set operation, whose SELECT
// lists hold commas: their count is not reset at commas. JOIN chains hold
// ON clauses, so their count is not reset at AND and OR.
var setOpWords = map[string]bool{"union": true, "intersect": true, "except": true}

// depthGroup is one bracketed group of estimateDepth: a parenthesis, a
// bracket, or a CASE ... END. Its content is a list of elements (separated
// by commas, or by WHEN/THEN/ELSE inside CASE), siblings in the tree; an
// element is a list of parts separated by AND and OR, which the parser
// flattens into one node.
type depthGroup struct {
	// closer is the byte that closes the group, or 'E' for END.
	closer byte
	// setOps counts the set operations of the group, which chain across
	// commas; joins the JOINs of the element, which chain across AND and
	// OR (ON clauses); ops the chain tokens of the current part, run its
	// longest operator run and child the deepest group nested in it.
	setOps, joins, ops, run, child int
	// part is the deepest part of the element, best the deepest element.
	part, best int
	// between counts the BETWEENs waiting for their AND, which is not a
	// boolean AND: the chain goes on across it.
	between int
}

// partCost and elementCost are the nodes a part and an element may add
// around their chains (the BoolExpr of AND, the list of BETWEEN, a leaf).
const (
	partCost    = 2
	elementCost = 2
)

func (g *depthGroup) endPart() {
	g.part = max(g.part, g.ops+max(g.run-1, 0)+g.child+partCost)
	g.ops, g.run, g.child = 0, 0, 0
}

func (g *depthGroup) endElement() {
	g.endPart()
	g.best = max(g.best, g.joins+g.part+elementCost)
	g.joins, g.part = 0, 0
}

func (g *depthGroup) depth() int { return g.setOps + g.best }

// groupCost is the nodes a group adds around its content (a function call
// and its argument list, a CASE and its WHEN clause).
const groupCost = 2

// statementCost is the nodes every statement starts with (RawStmt,
// SelectStmt, ResTarget...).
const statementCost = 4

// estimateDepth returns an upper bound of the parse tree depth of the
// deepest statement of s[start:end] and the offset where that statement
// starts. Elements separated by commas are siblings, so their depths do not
// add up, except across set operations (SELECT a, b UNION SELECT c, d ...
// is one left-deep chain); so are the operands of AND and OR, except across
// JOINs (a JOIN b ON x AND y JOIN c ...). Operator characters in one run may be several
// operators (`+-`), all but one of them prefix operators on the same operand.
func estimateDepth(s string, start, end int) (deepest, at int) {
	stack := []depthGroup{{}}
	stmtStart := start
	finish := func() {
		for len(stack) > 1 {
			closeGroup(&stack)
		}
		stack[0].endElement()
		if d := stack[0].depth() + statementCost; d > deepest {
			deepest, at = d, stmtStart
		}
		stack[0] = depthGroup{}
	}
	opRun := 0
	for i := start; i < end; {
		kind, next := lexNext(s, i, end)
		top := &stack[len(stack)-1]
		if kind == lexPunct && strings.IndexByte("+-*/<>=~!@#%^&|`?:", s[i]) >= 0 {
			if opRun == 0 {
				top.ops++
			}
			opRun++
			top.run = max(top.run, opRun)
			i = next
			continue
		}
		if kind != lexSpace && kind != lexLineComment && kind != lexBlockComment {
			opRun = 0
		}
		switch kind {
		case lexSemicolon:
			finish()
			stmtStart = next
		case lexPunct:
			switch c := s[i]; c {
			case '(':
				stack = append(stack, depthGroup{closer: ')'})
			case '[':
				stack = append(stack, depthGroup{closer: ']'})
			case ')', ']':
				if len(stack) > 1 && top.closer == c {
					closeGroup(&stack)
				}
			case ',':
				top.endElement()
			}
		case lexWord:
			w := strings.ToLower(s[i:next])
			switch {
			case w == "case":
				stack = append(stack, depthGroup{closer: 'E'})
			case w == "end" && len(stack) > 1 && top.closer == 'E':
				closeGroup(&stack)
			case top.closer == 'E' && (w == "when" || w == "then" || w == "else"):
				top.endElement()
			case w == "and" && top.between > 0:
				top.between--
			case w == "and" || w == "or":
				top.endPart()
			case w == "between":
				top.between++
				top.ops++
			case setOpWords[w]:
				top.setOps++
			case w == "join":
				top.joins++
			case chainWords[w]:
				top.ops++
			}
		}
		i = next
	}
	finish()
	return deepest, at
}

// closeGroup ends the innermost group and charges its depth to the element
// of the group around it.
func closeGroup(stack *[]depthGroup) {
	s := *stack
	g := &s[len(s)-1]
	g.endElement()
	d := g.depth() + groupCost
	s = s[:len(s)-1]
	parent := &s[len(s)-1]
	parent.child = max(parent.child, d)
	*stack = s
}
