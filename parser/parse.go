package parser

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"
	"unsafe"

	pg_query "github.com/pganalyze/pg_query_go/v5"
	pgparser "github.com/pganalyze/pg_query_go/v5/parser"
)

// Options says how to read one file.
type Options struct {
	Path          string
	PGVersion     int    // major, MinPGVersion..MaxPGVersion; 0 means DefaultPGVersion
	PGVersionNum  int    // e.g. 160004; 0 means PGVersion*10000
	DefaultSchema string // "" means DefaultSchema
	Runner        string // ddlgate|drizzle|prisma|golang-migrate|goose|dbmate|flyway|atlas|psql
	// TransactionMode: "wrapped" (runner wraps the file in one transaction), "none"
	// (autocommit per statement) or "implicit" (file sent as one multi-statement query:
	// statements are in an implicit transaction only when the file holds more than one).
	// "" means the runner's default.
	TransactionMode string
	// Format, Version, Name and Direction are copied into File.File.
	Format, Version, Name, Direction string
	// RunnerProfile is copied into File.File: what the runner's profile
	// tells rules (internal/migrations fills it for the runner).
	RunnerProfile RunnerProfile
	// FlywayDetect is set for a wrapped Flyway script whose configuration
	// leaves its transaction to Flyway: Flyway then runs it outside a
	// transaction when a statement of it cannot run in one (CREATE INDEX
	// CONCURRENTLY, VACUUM, ...), and refuses it when it mixes such
	// statements with others, unless FlywayMixed (flyway.mixed=true) lets
	// the whole script run outside a transaction. See classifyFlyway.
	FlywayDetect, FlywayMixed bool
	// Sections are the byte ranges of src to lint, each parsed separately (drizzle
	// `--> statement-breakpoint` chunks, the goose Up part, dbmate's migrate:up part).
	// nil means the whole input is one section. Bytes outside sections are ignored
	// (but offsets stay those of the whole file), except that directives are also
	// read from the bytes before the first section (a goose file's header).
	Sections []Section
	// IncludeAST fills File.AST with pg_query's JSON parse tree of each
	// section: one tree when there is one section, else an array with one
	// entry per section (null where the section does not parse).
	IncludeAST bool
}

// Section is a byte range [Start, End) of the file to lint.
type Section struct{ Start, End int }

// withDefaults resolves the zero values documented on Options.
func (o Options) withDefaults() Options {
	if o.PGVersion == 0 {
		o.PGVersion = DefaultPGVersion
	}
	if o.PGVersionNum == 0 {
		o.PGVersionNum = o.PGVersion * 10000
	}
	if o.DefaultSchema == "" {
		o.DefaultSchema = DefaultSchema
	}
	if o.TransactionMode == "" {
		o.TransactionMode = runnerTransactionMode(o.Runner)
	}
	return o
}

const utf8BOM = "\uFEFF"

// Parse reads one migration file into its facts. It never fails: unreadable
// input and syntax errors become File.ParseErrors, and every statement that
// does parse is still described. It is safe for concurrent use on different
// files. The File's texts share src's memory (a data seed's statements
// would otherwise hold a second copy of the file): src must not be modified
// while the File is in use.
//
// Parse calls libpg_query through cgo (pg_query_go): builds need gcc and
// CGO_ENABLED=1, and a cold build of the C parser takes about a minute.
func Parse(src []byte, opts Options) *File {
	opts = opts.withDefaults()
	sum := sha256.Sum256(src)
	f := &File{
		SchemaVersion: SchemaVersion,
		Target:        Target{PGVersion: opts.PGVersion, PGVersionNum: opts.PGVersionNum, DefaultSchema: opts.DefaultSchema},
		File: FileInfo{
			Path: opts.Path, Version: opts.Version, Name: opts.Name, Direction: opts.Direction,
			Format: opts.Format, Runner: opts.Runner, TransactionMode: opts.TransactionMode,
			RunnerProfile:     opts.RunnerProfile,
			SHA256:            hex.EncodeToString(sum[:]),
			DuplicateVersions: []string{},
			OrderedBefore:     []Landed{},
		},
		Statements:  []Statement{},
		Directives:  []Directive{},
		ParseErrors: []ParseError{},
		Objects:     Objects{Created: []string{}, Dropped: []string{}, Renamed: []string{}},
		// Set again once statements are known; never null.
		LongIdentifiers: []LongIdentifier{},
		PushCommands:    []PushCommand{},
	}
	// pg_query hands the input to C as a NUL-terminated string, so a NUL
	// would silently cut the file short.
	switch {
	case bytes.IndexByte(src, 0) >= 0:
		f.ParseErrors = append(f.ParseErrors, ParseError{Message: "file looks binary", Span: startSpan})
		return f
	case !utf8.Valid(src):
		f.ParseErrors = append(f.ParseErrors, invalidUTF8(src))
		return f
	}

	lines := newLineIndex(src)
	text := unsafe.String(unsafe.SliceData(src), len(src))
	p := &fileParser{
		text:  text,
		lines: lines,
		state: newFileState(text, opts, lines),
		file:  f,
		// The search_path a statement resolves names through depends on
		// the statements before it; an implicit-mode file is taken as
		// multi-statement, which only matters once a later statement
		// exists.
		live: newTxTracker(opts.TransactionMode, 2, opts.DefaultSchema),
	}
	sections := normalizeSections(opts.Sections, src)
	if len(sections) > 0 && sections[0].Start == 0 && strings.HasPrefix(p.text, utf8BOM) {
		sections[0].Start = len(utf8BOM)
	}
	var asts []json.RawMessage
	for _, sec := range sections {
		p.parseSection(sec.Start, sec.End)
		if opts.IncludeAST {
			asts = append(asts, sectionAST(p.text[sec.Start:sec.End]))
		}
	}
	if opts.IncludeAST {
		if len(asts) == 1 {
			f.AST = asts[0]
		} else {
			f.AST = asts
		}
	}

	if bytes.Contains(src, []byte(directivePrefix)) {
		if len(sections) > 0 && sections[0].Start > 0 {
			f.Directives = findDirectives(p.text, 0, sections[0].Start, lines, f.Directives)
		}
		for _, sec := range sections {
			f.Directives = findDirectives(p.text, sec.Start, sec.End, lines, f.Directives)
		}
		attachDirectives(f.Directives, f.Statements, &f.File)
		if (opts.Runner == "" || opts.Runner == "ddlgate") && hasDirective(f.Directives, directiveNoTransaction) {
			f.File.TransactionMode = txNone
		}
	}

	if opts.FlywayDetect && f.File.TransactionMode == txWrapped {
		applyFlywayDetection(f, p.controls, opts)
	}

	tx := newTxTracker(f.File.TransactionMode, len(f.Statements), opts.DefaultSchema)
	for i := range f.Statements {
		f.Statements[i].Transaction, f.Statements[i].Session = tx.step(p.controls[i])
	}
	TrackHeldLocks(f.Statements)
	fillObjects(&f.Objects, f.Statements)
	f.LongIdentifiers = longIdentifiers(p.text, f.Statements, lines)
	fillStringLiterals(f.Statements, lines)
	return f
}

// invalidUTF8 locates the first byte of src that is not UTF-8, so the user
// can find the one stray character of a file saved in Latin-1.
func invalidUTF8(src []byte) ParseError {
	off := 0
	for off < len(src) {
		r, size := utf8.DecodeRune(src[off:])
		if r == utf8.RuneError && size <= 1 {
			break
		}
		off += size
	}
	li := newLineIndex(src[:off])
	line, col := li.pos(off)
	return ParseError{
		Message: fmt.Sprintf("file is not UTF-8 text: byte 0x%02X at line %d, column %d is not UTF-8 (Latin-1 or Windows-1252? save the file as UTF-8)", src[off], line, col),
		Span:    Span{Start: int32(off), End: int32(off + 1), Line: int32(line), Col: int32(col), EndLine: int32(line), EndCol: int32(col)},
	}
}

// startSpan points at the first character of the file.
var startSpan = Span{Line: 1, Col: 1, EndLine: 1, EndCol: 1}

func hasDirective(dirs []Directive, kind string) bool {
	for _, d := range dirs {
		if d.Kind == kind && d.Error == "" {
			return true
		}
	}
	return false
}

// normalizeSections clamps sections to the input and to character
// boundaries, orders them and removes overlaps, so statement spans come out
// in file order and never split a character.
func normalizeSections(in []Section, src []byte) []Section {
	n := len(src)
	if in == nil {
		return []Section{{0, n}}
	}
	out := make([]Section, 0, len(in))
	for _, s := range in {
		s.Start, s.End = runeBoundary(src, s.Start), runeBoundary(src, s.End)
		if s.Start < s.End {
			out = append(out, s)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Start < out[j].Start })
	k := 0
	for _, s := range out {
		if k > 0 && s.Start < out[k-1].End {
			s.Start = out[k-1].End
			if s.Start >= s.End {
				continue
			}
		}
		out[k] = s
		k++
	}
	return out[:k]
}

// fileParser carries one Parse call's state.
type fileParser struct {
	text  string
	lines *lineIndex
	state *fileState
	file  *File
	// controls[i] is what statement i does to the transaction and session,
	// replayed once all statements are known (implicit mode depends on the
	// statement count). Only statements that do something are in it: a
	// data seed's hundreds of thousands of INSERTs do nothing (and Flyway
	// runs them in its transaction). recorded counts the statements stepped.
	controls map[int]control
	recorded int
	// live replays the controls while statements are described, for the
	// search_path in effect.
	live *txTracker
}

// describe describes a statement with the search_path the statements
// before it left.
func (p *fileParser) describe(s *fileState, raw *pg_query.RawStmt, base int, sp Span) described {
	s.searchPath = p.live.searchPath()
	return s.describe(raw, base, sp)
}

// stepped records what a described statement does to the transaction and
// session.
func (p *fileParser) stepped(raw *pg_query.RawStmt) {
	c := readControl(raw)
	c.flyway = classifyFlyway(raw)
	if c.kind != ctlNone || c.flyway != flywayTransactional {
		if p.controls == nil {
			p.controls = map[int]control{}
		}
		p.controls[p.recorded] = c
	}
	p.recorded++
	p.live.step(c)
}

// parseSection parses text[start:end] with pg_query and describes its
// statements. On a syntax error it falls back to statement-by-statement
// parsing so that only the bad statement is lost.
//
// pg_query_go pitfalls handled here:
//   - RawStmt.StmtLocation starts right after the previous `;`, so it
//     includes leading whitespace and comments: trimStatement removes them.
//   - StmtLen == 0 on the last statement means "to the end of the parsed
//     string"; the `;` is never included.
//   - StmtLocation and node Locations are byte offsets relative to the
//     parsed string, not to the file: base carries the difference.
//   - parser.Error.Cursorpos is 1-based and counts characters, not bytes.
func (p *fileParser) parseSection(start, end int) {
	if end-start > chunkBytes {
		p.parseChunks(start, end)
		return
	}
	res, err := parseGuarded(p.text[start:end])
	if err == nil {
		p.addStatements(res, start, end)
		return
	}
	p.parseEach(splitStatements(p.text, start, end), start, end, err)
}

// parseEach parses the statements of ranges (the splitter's statements of
// text[start:end]) one by one, after a parse of text[start:end] failed
// with err: each statement that parses is described, each that does not is
// a parse error.
func (p *fileParser) parseEach(ranges []byteRange, start, end int, err error) {
	reported := false
	for _, r := range ranges {
		a, b := trimStatement(p.text, r.start, r.end)
		if a == b {
			continue
		}
		// Parsing up to and including the `;` makes messages match what
		// PostgreSQL says about the whole file (`at or near ";"` rather
		// than `at end of input`).
		parseEnd := b
		if r.end < end && p.text[r.end] == ';' {
			parseEnd = r.end + 1
		}
		res, err := parseGuarded(p.text[a:parseEnd])
		if err != nil {
			p.addParseError(err, a, parseEnd)
			reported = true
			continue
		}
		p.addStatements(res, a, b)
	}
	if !reported {
		// The splitter and PostgreSQL disagreed on statement boundaries
		// (BEGIN ATOMIC bodies): the error must still be reported.
		p.addParseError(err, start, end)
	}
}

// addStatements describes the statements of a parse of text[base:limit].
func (p *fileParser) addStatements(res *pg_query.ParseResult, base, limit int) {
	// Statements are large structs: growing once avoids copying them
	// repeatedly on big files.
	p.file.Statements = slices.Grow(p.file.Statements, len(res.GetStmts()))
	for _, raw := range res.GetStmts() {
		rawStart := base + int(raw.StmtLocation)
		rawEnd := limit
		if raw.StmtLen > 0 {
			rawEnd = min(rawStart+int(raw.StmtLen), limit)
		}
		a, b := trimStatement(p.text, rawStart, rawEnd)
		if a == b {
			continue
		}
		sp := p.lines.span(a, b)
		d := p.describe(p.state, raw, base, sp)
		parent := p.appendStatement(raw, d, p.text[a:b], sp, fingerprint(p.text, a, b), -1, "")
		for _, in := range d.Inner {
			p.addInner(in, parent, 1)
		}
	}
}

// appendStatement adds a described statement to the file, records what it
// does to the transaction and session, and returns its index.
func (p *fileParser) appendStatement(raw *pg_query.RawStmt, d described, text string, sp Span, fp string, parent int, via string) int {
	p.file.Statements = append(p.file.Statements, Statement{
		Index:          len(p.file.Statements),
		Node:           d.Node,
		Tag:            d.Tag,
		Text:           text,
		Span:           sp,
		Fingerprint:    fp,
		Parent:         parent,
		Via:            via,
		Locks:          nonNil(d.Locks),
		BlockingLock:   StrongestBlockingLock(d.Locks),
		Effects:        d.Effects,
		Actions:        nonNil(d.Actions),
		Syntax:         nonNil(d.Syntax),
		StringLiterals: []StringLiteral{},
	})
	p.stepped(raw)
	return len(p.file.Statements) - 1
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// addParseError records a pg_query error raised while parsing
// text[base:limit]. The span covers the offending token when PostgreSQL
// names it (`syntax error at or near "TABL"`).
func (p *fileParser) addParseError(err error, base, limit int) {
	if isDepthError(err) {
		// Point at the statement's first token: the depth is everywhere.
		_, ts, te := nextToken(p.text, base, limit)
		p.file.ParseErrors = append(p.file.ParseErrors, ParseError{Message: err.Error(), Span: p.lines.span(ts, te)})
		return
	}
	var pe *pgparser.Error
	if !errors.As(err, &pe) {
		p.file.ParseErrors = append(p.file.ParseErrors, ParseError{Message: err.Error(), Span: p.lines.span(base, base)})
		return
	}
	off := base
	if pe.Cursorpos > 0 {
		off = charOffset(p.text, base, limit, pe.Cursorpos)
	}
	end := off
	if _, near, ok := strings.Cut(pe.Message, ` at or near "`); ok && strings.HasSuffix(near, `"`) {
		token := near[:len(near)-1]
		if strings.HasPrefix(p.text[off:limit], token) {
			end = off + len(token)
		}
	}
	msg := pe.Message
	if v := p.state.opts.PGVersion; v > GrammarPGVersion {
		msg = fmt.Sprintf("%s (the parser knows the PostgreSQL %d grammar: this may be syntax newer than %d, which the PostgreSQL %d target accepts)", msg, GrammarPGVersion, GrammarPGVersion, v)
	}
	p.file.ParseErrors = append(p.file.ParseErrors, ParseError{Message: msg, Span: p.lines.span(off, end)})
}

// sectionAST is pg_query's JSON parse tree of one section, nil when it does
// not parse. It costs a second parse, which is why it is opt-in.
func sectionAST(sql string) json.RawMessage {
	if checkDepth(sql) != nil {
		return nil
	}
	out, err := pg_query.ParseToJSON(sql)
	if err != nil {
		return nil
	}
	return json.RawMessage(out)
}

// fillObjects lists the qualified names the file creates, drops and renames,
// in statement order without repeats: tables, indexes, views, types and other
// named objects, and "schema.table.column" for columns and constraints.
// Renamed holds the old names. Actions on a table that neither create nor
// drop it (create_trigger, add_constraint) add nothing.
func fillObjects(o *Objects, stmts []Statement) {
	var seen map[string]bool
	add := func(list *[]string, kind byte, name string) {
		if name == "" {
			return
		}
		if seen == nil {
			seen = map[string]bool{}
		}
		key := string(kind) + name
		if !seen[key] {
			seen[key] = true
			*list = append(*list, name)
		}
	}
	for i := range stmts {
		for j := range stmts[i].Actions {
			a := &stmts[i].Actions[j]
			switch {
			case a.Type == "add_column" && a.ColumnAction != nil && a.Column != nil:
				add(&o.Created, 'c', memberName(a.Table, a.Column.Name))
			case a.Type == "drop_column" && a.ColumnAction != nil:
				add(&o.Dropped, 'd', memberName(a.Table, a.ColumnName))
			case a.Type == "drop_constraint" && a.ConstraintAction != nil:
				add(&o.Dropped, 'd', memberName(a.Table, a.ConstraintName))
			case (a.Type == "rename_column" || a.Type == "rename_constraint") && a.RenameAction != nil:
				add(&o.Renamed, 'r', memberName(a.Table, a.OldName))
			case strings.HasPrefix(a.Type, "rename_") && a.RenameAction != nil && a.Table != nil:
				add(&o.Renamed, 'r', qualifiedName(a.Table.Schema, a.OldName))
			case strings.HasPrefix(a.Type, "create_"):
				add(&o.Created, 'c', createdObject(a))
			case strings.HasPrefix(a.Type, "drop_"):
				add(&o.Dropped, 'd', droppedObject(a))
			}
		}
	}
}

// createdObject is the qualified name of what a create_ action creates, ""
// when it creates nothing named (a trigger is named on its table).
func createdObject(a *Action) string {
	switch {
	case a.IndexAction != nil && a.Index != nil:
		return a.Index.QualifiedName()
	case a.CreateObjectAction != nil && a.CreatedObject != nil:
		return a.CreatedObject.QualifiedName()
	case a.FunctionAction != nil && a.Function != nil:
		return a.Function.QualifiedName()
	case a.Type == "create_table" && a.Table != nil:
		return a.Table.QualifiedName()
	}
	return ""
}

// droppedObject is the qualified name of what a drop_ action drops: the
// index, the non-table object, else the table.
func droppedObject(a *Action) string {
	switch {
	case a.IndexAction != nil && a.Index != nil:
		return a.Index.QualifiedName()
	case a.DropAction != nil && a.Object != nil:
		return a.Object.QualifiedName()
	case a.Table != nil:
		return a.Table.QualifiedName()
	}
	return ""
}

// memberName qualifies a column or constraint name with its table.
func memberName(table *Relation, member string) string {
	if table == nil || member == "" {
		return ""
	}
	return table.QualifiedName() + "." + member
}

func qualifiedName(schema, name string) string {
	if name == "" {
		return ""
	}
	if schema == "" {
		return name
	}
	return schema + "." + name
}

// runeBoundary clamps off to src and moves it forward to the start of a
// character.
func runeBoundary(src []byte, off int) int {
	off = max(0, min(off, len(src)))
	for off < len(src) && !utf8.RuneStart(src[off]) {
		off++
	}
	return off
}
