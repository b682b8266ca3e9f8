package parser

import (
	"runtime"
	"slices"
	"sync"
	"sync/atomic"

	pg_query "github.com/pganalyze/pg_query_go/v5"
)

// chunkBytes is about how much SQL a section larger than it hands to
// libpg_query at once. pg_query's parse tree, decoded into Go, takes about 27
// times the bytes parsed: a 20 MB data seed parsed in one call held a 540 MB
// tree, although each statement's tree is only needed while the statement is
// described. Chunks of 64 KB keep the trees alive at once small (with the
// C parser's memory behind them: 256 KB chunks cost the 21 MB seed of issue
// 13 about 40 MB more peak memory) and the calls few (about 330 for that
// seed; each one redirects stderr, see stderr_unix.go).
var chunkBytes = 64 << 10

// chunk is the statements ranges[first:next] of a section, the text
// [start, end) that holds them: from the start of the first to right after
// the semicolon that ends the last (or the section's end).
type chunk struct{ first, next, start, end int }

// cutChunk returns the chunk of about size bytes that starts with ranges[i],
// in a section that ends at end. It holds at least one statement.
func cutChunk(ranges []byteRange, i, size, end int) chunk {
	c := chunk{first: i, next: i + 1, start: ranges[i].start, end: end}
	for c.next < len(ranges) && ranges[c.next].start-c.start < size {
		c.next++
	}
	if c.next < len(ranges) {
		c.end = ranges[c.next].start
	}
	return c
}

// parseChunks parses a large section chunk by chunk, each chunk ending right
// after a top-level semicolon, and describes each chunk's statements in
// order, so that they come out exactly as from one parse of the section.
// Chunks are parsed ahead on GOMAXPROCS workers while earlier ones are
// described, a few at a time, which bounds the trees held at once.
//
// A chunk boundary is real when every chunk parses: the splitter only sees a
// semicolon where PostgreSQL does not end a statement inside a BEGIN ATOMIC
// body or a CREATE RULE action list (or in a string or comment it would read
// differently), and a chunk cut there ends in the open body, list, string or
// comment, which is a syntax error. From a chunk that does not parse,
// parseGrowing takes over.
func (p *fileParser) parseChunks(start, end int) {
	ranges := splitStatements(p.text, start, end)
	// Statements are large structs: one allocation for the whole section
	// (the statements of DO blocks may grow it once more).
	p.file.Statements = slices.Grow(p.file.Statements, len(ranges))
	var chunks []chunk
	for i := 0; i < len(ranges); {
		c := cutChunk(ranges, i, chunkBytes, end)
		chunks = append(chunks, c)
		i = c.next
	}
	ahead := startParsing(p.text, chunks)
	defer ahead.stop()
	for k, c := range chunks {
		res, err := ahead.result(k)
		if err != nil {
			ahead.stop()
			p.parseGrowing(ranges, c.first, end)
			return
		}
		p.addStatements(res, c.start, c.end)
	}
}

// parseGrowing parses the statements from ranges[i] on, in chunks of
// chunkBytes; a chunk that does not parse is grown, doubling, until it does.
// When even the rest of the section does not parse, it holds a syntax error
// and is parsed statement by statement, as a small section would be.
func (p *fileParser) parseGrowing(ranges []byteRange, i, end int) {
	for i < len(ranges) {
		for size := chunkBytes; ; size *= 2 {
			c := cutChunk(ranges, i, size, end)
			res, err := parseGuarded(p.text[c.start:c.end])
			if err == nil {
				p.addStatements(res, c.start, c.end)
				i = c.next
				break
			}
			if c.end == end {
				// Up to the syntax error the parse built no tree: a failed
				// attempt costs little.
				p.parseEach(ranges[i:], c.start, end, err)
				return
			}
		}
	}
}

// parsedChunk is pg_query's result for one chunk.
type parsedChunk struct {
	res *pg_query.ParseResult
	err error
}

// chunkParser parses the chunks of a section on worker goroutines, at most
// a few more than it has workers ahead of the chunk being described.
type chunkParser struct {
	text    string
	chunks  []chunk
	results []chan parsedChunk
	// slots holds a token per chunk parsed (or being parsed) and not yet
	// taken by result.
	slots   chan struct{}
	done    chan struct{}
	stopped sync.Once
	wg      sync.WaitGroup
	workers int
}

// startParsing starts parsing chunks of text on GOMAXPROCS workers. With one
// processor, or one chunk, result parses each chunk when asked.
func startParsing(text string, chunks []chunk) *chunkParser {
	cp := &chunkParser{text: text, chunks: chunks, done: make(chan struct{})}
	cp.workers = min(runtime.GOMAXPROCS(0), len(chunks))
	if cp.workers < 2 {
		cp.workers = 0
		return cp
	}
	cp.results = make([]chan parsedChunk, len(chunks))
	for k := range cp.results {
		cp.results[k] = make(chan parsedChunk, 1)
	}
	cp.slots = make(chan struct{}, cp.workers+1)
	// Chunks are claimed in order, and only with a slot: when the
	// chunk result waits for is unclaimed, so are all later ones, and
	// every slot is free.
	var next atomic.Int64
	for range cp.workers {
		cp.wg.Go(func() {
			for {
				select {
				case cp.slots <- struct{}{}:
				case <-cp.done:
					return
				}
				k := int(next.Add(1)) - 1
				if k >= len(chunks) {
					return
				}
				res, err := parseGuarded(text[chunks[k].start:chunks[k].end])
				cp.results[k] <- parsedChunk{res, err}
			}
		})
	}
	return cp
}

// result returns the parse of chunk k; chunks are asked for in order.
func (cp *chunkParser) result(k int) (*pg_query.ParseResult, error) {
	if cp.workers == 0 {
		return parseGuarded(cp.text[cp.chunks[k].start:cp.chunks[k].end])
	}
	r := <-cp.results[k]
	<-cp.slots
	return r.res, r.err
}

// stop ends the workers and waits for them.
func (cp *chunkParser) stop() {
	cp.stopped.Do(func() {
		close(cp.done)
		cp.wg.Wait()
		if cp.workers > 0 {
			// Parses on several threads can leave descriptor 2 on a pipe
			// whose reader is gone (stderr_unix.go); none of ours runs now.
			RestoreStderr()
		}
	})
}
