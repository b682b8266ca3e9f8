package facts

import (
	"context"
	"errors"
	"io"
	"path/filepath"
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/ddlgate/ddlgate/internal/catalog"
	"github.com/ddlgate/ddlgate/internal/migrations"
	"github.com/ddlgate/ddlgate/internal/phase"
	"github.com/ddlgate/ddlgate/parser"
)

// Set is a migration set: the files to judge and the earlier migrations
// replayed into the catalog before them.
type Set struct {
	// Migrations are the files to judge, in migration order.
	Migrations []migrations.Migration
	// History are migrations of the same directories in migration order,
	// replayed so that each judged file sees the schema the files before it
	// built. A judged file that is also in History is judged where it
	// stands; History after the last judged file is not read. See sequence.
	History []migrations.Migration
	// Dir is the directory relative paths are resolved against ("" is the
	// process's), to match judged files with History and to find each
	// file's ddlgate.sum and drizzle journal.
	Dir string
	// Stated, when not nil, holds for each of Migrations the facts a
	// directory and a ledger would tell, stated instead of read: what the
	// options of ddlgate.parse_sql say in a Rego test.
	Stated []Stated
}

// Stated are the facts of one judged file stated by the caller.
type Stated struct {
	Directory Directory
	// History replaces the ledger's history of the file when not nil.
	History *phase.History
}

// Directory is what a migration's directory says of it.
type Directory struct {
	// Checksum is "" without a ddlgate.sum, else ok | modified |
	// missing-from-sum | reordered.
	Checksum string
	// DuplicateVersions are the other migrations of the directory with the
	// same version and direction.
	DuplicateVersions []string
	// InJournal tells whether drizzle's journal lists the file; nil for
	// other formats.
	InJournal *bool
	// Down is the down part of an up migration of a format that has one
	// (golang-migrate, goose, dbmate, diesel); nil otherwise.
	Down *parser.DownPart
	// OrderedBefore are the landed migrations (Target.Landed) an up
	// migration that is not landed itself sorts before; NextVersion is a
	// version that sorts after all of them.
	OrderedBefore []parser.Landed
	NextVersion   string
}

// Built is the result of Build.
type Built struct {
	// Documents holds one document per Set.Migrations, in the same order.
	Documents []*Document
	// Ledger holds the expand/contract changes of the whole sequence,
	// history included.
	Ledger *phase.Ledger
}

// Build builds the documents of set's migrations for target: the files are
// parsed in parallel, then folded in order, since each file's facts depend
// on every earlier one.
func Build(ctx context.Context, set Set, target Target) (*Built, error) {
	b, err := NewBuilder(set, target)
	if err != nil {
		return nil, err
	}
	if err := b.Parse(ctx); err != nil {
		return nil, err
	}
	out := &Built{Documents: make([]*Document, len(set.Migrations))}
	for {
		doc, i, err := b.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		if i >= 0 {
			out.Documents[i] = doc
		}
	}
	out.Ledger = b.Ledger()
	return out, nil
}

// Builder folds a migration sequence file by file. It is not safe for
// concurrent use.
type Builder struct {
	set    Set
	target Target
	// seq is the sequence folded, judged[i] the index in set.Migrations of
	// seq[i], -1 for a history-only file.
	seq    []migrations.Migration
	judged []int
	// parsed holds files parsed ahead by Parse, released once folded.
	parsed []*parser.File
	// pos is the number of files of seq folded so far.
	pos    int
	cat    *catalog.Catalog
	ledger *phase.Ledger
	dir    *directory
	// dirFacts holds the directory facts of each judged file, once
	// computed (see Directory).
	dirFacts []*Directory
	// onParse is told as Parse starts and ends each file.
	onParse func(done, total int, path string, started bool)
}

// NewBuilder prepares the sequence of set for target. Nothing is parsed
// yet.
func NewBuilder(set Set, target Target) (*Builder, error) {
	t, err := target.resolve()
	if err != nil {
		return nil, err
	}
	seq, judged := sequence(set.Migrations, set.History, set.Dir)
	b := &Builder{
		set: set, target: t, seq: seq, judged: judged,
		cat:    catalog.New(t.DefaultSchema),
		ledger: phase.NewLedger(),
		dir:    newDirectory(set, t),
	}
	b.assumeLive(b.cat)
	return b, nil
}

// assumeLive tells cat which tables the target's live database has.
func (b *Builder) assumeLive(cat *catalog.Catalog) {
	if b.target.DB == nil {
		return
	}
	tables := b.target.DB.Tables
	cat.AssumeLive(func(key string) bool { _, ok := tables[key]; return ok })
}

// Len is the number of files in the sequence: the judged files and the
// history before them.
func (b *Builder) Len() int { return len(b.seq) }

// OnParse sets a function Parse calls, from several goroutines, as each
// file starts (started) and ends: how many of total are parsed, and which
// file. For progress lines.
func (b *Builder) OnParse(fn func(done, total int, path string, started bool)) { b.onParse = fn }

// Parse parses the files not folded yet on GOMAXPROCS workers, ahead of
// Next, which otherwise parses each file when it gets to it.
func (b *Builder) Parse(ctx context.Context) error {
	if b.parsed == nil {
		b.parsed = make([]*parser.File, len(b.seq))
	}
	n := len(b.seq) - b.pos
	var done atomic.Int64
	err := parallel(ctx, n, func(k int) error {
		i := b.pos + k
		if b.parsed[i] != nil {
			return nil
		}
		if b.onParse != nil {
			b.onParse(int(done.Load()), n, b.seq[i].Path, true)
			defer func() { b.onParse(int(done.Add(1)), n, b.seq[i].Path, false) }()
		}
		f, err := b.parse(i)
		b.parsed[i] = f
		return err
	})
	// Concurrent parses can leave stderr redirected (see RestoreStderr).
	parser.RestoreStderr()
	return err
}

// Judged returns the parsed facts of the judged files that Parse read,
// before any annotation, in Set.Migrations order (nil for a file already
// folded). Their action types are final: the catalog refines what an
// action says, never its type.
func (b *Builder) Judged() []*parser.File {
	out := make([]*parser.File, len(b.set.Migrations))
	for i, j := range b.judged {
		if j >= 0 && i < len(b.parsed) {
			out[j] = b.parsed[i]
		}
	}
	return out
}

func (b *Builder) parse(i int) (*parser.File, error) {
	m := &b.seq[i]
	o, err := parseOptions(m, b.target)
	if err != nil {
		return nil, err
	}
	o.IncludeAST = b.target.IncludeAST && b.judged[i] >= 0
	return parser.Parse(m.Src, o), nil
}

// Next folds the next file of the sequence and returns its document with
// its index in Set.Migrations, or (nil, -1) for a history-only file, which
// is only folded. It returns io.EOF after the last file.
func (b *Builder) Next() (*Document, int, error) {
	if b.pos >= len(b.seq) {
		return nil, -1, io.EOF
	}
	i := b.pos
	var f *parser.File
	if i < len(b.parsed) && b.parsed[i] != nil {
		f, b.parsed[i] = b.parsed[i], nil
	} else {
		var err error
		if f, err = b.parse(i); err != nil {
			return nil, -1, err
		}
	}
	b.pos++
	// The ledger reads every file, history included: a contract's expand
	// is usually in a file that is not judged.
	b.ledger.AddFile(f, i, b.target.DefaultSchema)
	j := b.judged[i]
	if j < 0 {
		b.cat.Fold(f)
		return nil, -1, nil
	}
	doc, err := b.document(i, j, f)
	if err != nil {
		return nil, -1, err
	}
	return doc, j, nil
}

// document annotates the judged file f (seq[i], Set.Migrations[j]) and
// completes its document.
func (b *Builder) document(i, j int, f *parser.File) (*Document, error) {
	snapshot := b.cat.SnapshotFor(f)
	b.cat.Annotate(f)
	// The catalog may have found that a relation the parser thought
	// existing is new (or the reverse): the held locks follow.
	parser.TrackHeldLocks(f.Statements)
	doc := &Document{Parsed: f, Catalog: &snapshot, DB: dbFor(b.target.DB, f, &snapshot)}
	var stated *Stated
	if b.set.Stated != nil {
		stated = &b.set.Stated[j]
	}
	dir, err := b.Directory(j)
	if err != nil {
		return nil, err
	}
	applyDirectory(f, dir)
	if stated != nil && stated.History != nil {
		doc.History = stated.History
	} else {
		doc.History = b.ledger.HistoryOf(i, f, b.target.Applied, b.target.Now)
	}
	if b.target.Observe != nil {
		if err := b.target.Observe(j, doc); err != nil {
			return nil, err
		}
	}
	return doc, nil
}

// Directory returns what the directory says of judged file j
// (Set.Migrations[j]), or what Set.Stated states: computed once, before the
// file is folded if asked, so that a result cache can key the file's
// result by it.
func (b *Builder) Directory(j int) (Directory, error) {
	if b.set.Stated != nil {
		return b.set.Stated[j].Directory, nil
	}
	if b.dirFacts == nil {
		b.dirFacts = make([]*Directory, len(b.set.Migrations))
	}
	if d := b.dirFacts[j]; d != nil {
		return *d, nil
	}
	d, err := b.dir.of(&b.set.Migrations[j])
	if err != nil {
		return Directory{}, err
	}
	b.dirFacts[j] = &d
	return d, nil
}

// Sequence returns the files the builder folds, in order, and for each
// its index in Set.Migrations, -1 for a history-only file: what the
// documents depend on besides the target.
func (b *Builder) Sequence() (seq []migrations.Migration, judged []int) {
	return b.seq, b.judged
}

// Ledger returns the expand/contract changes of the files folded so far.
func (b *Builder) Ledger() *phase.Ledger { return b.ledger }

// sequence merges the judged migrations into the history's order. judged[i]
// is the index in ms of seq[i], or -1 for a history-only file. Judged files
// the history does not hold follow it in their own order; history after the
// last judged file is dropped, since no judged file can see it.
func sequence(ms, history []migrations.Migration, dir string) (seq []migrations.Migration, judged []int) {
	if len(history) == 0 {
		judged = make([]int, len(ms))
		for i := range ms {
			judged[i] = i
		}
		return ms, judged
	}
	key := func(m *migrations.Migration) string {
		return m.Direction + "\x00" + absolute(dir, m.Path)
	}
	index := make(map[string]int, len(ms))
	for i := range ms {
		index[key(&ms[i])] = i
	}
	placed := make([]bool, len(ms))
	last := -1
	for i := range history {
		j, ok := index[key(&history[i])]
		if ok {
			last = i
		}
		if ok && !placed[j] {
			placed[j] = true
			seq, judged = append(seq, ms[j]), append(judged, j)
			continue
		}
		seq, judged = append(seq, history[i]), append(judged, -1)
	}
	// Keep history only up to the last judged file of it, unless some judged
	// file is not part of the history: then all of it precedes that file.
	cut := last + 1
	for j := range ms {
		if !placed[j] {
			cut = len(history)
			break
		}
	}
	seq, judged = seq[:cut], judged[:cut]
	for j := range ms {
		if !placed[j] {
			seq, judged = append(seq, ms[j]), append(judged, j)
		}
	}
	return seq, judged
}

// resolve reads p relative to dir ("" is the process's directory).
func resolve(dir, p string) string {
	if dir == "" || filepath.IsAbs(p) {
		return p
	}
	return filepath.Join(dir, p)
}

// absolute is p resolved against dir, made absolute.
func absolute(dir, p string) string {
	p = resolve(dir, p)
	if abs, err := filepath.Abs(p); err == nil {
		return abs
	}
	return p
}

// parallel runs fn(0..n-1) on GOMAXPROCS workers and joins their errors.
func parallel(ctx context.Context, n int, fn func(i int) error) error {
	errs := make([]error, n)
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), n) {
		wg.Go(func() {
			for i := range next {
				errs[i] = fn(i)
			}
		})
	}
feed:
	for i := range n {
		select {
		case next <- i:
		case <-ctx.Done():
			break feed
		}
	}
	close(next)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return err
	}
	return errors.Join(errs...)
}
