package parser

import (
	"bytes"
	"unicode/utf8"
)

// lineIndex maps byte offsets of one file to 1-based lines and columns.
// Columns count runes, because editors and SARIF viewers do; pg_query reports
// byte offsets for nodes and character offsets for errors, so both
// conversions live here.
type lineIndex struct {
	src []byte
	// starts holds the byte offset of the first byte of each line.
	starts []int
	// ascii lets columns be computed by subtraction, the common case.
	ascii bool
	// bom is set when src starts with a UTF-8 byte order mark, which editors
	// do not count as a column of the first line.
	bom bool

	// Spans are mostly asked for in increasing order; remembering the last
	// rune count on a line keeps very long non-ASCII lines linear.
	cacheLine, cacheOff, cacheCol int
}

// newLineIndex indexes the line starts of src.
func newLineIndex(src []byte) *lineIndex {
	li := &lineIndex{src: src, ascii: isASCII(src), bom: bytes.HasPrefix(src, []byte(utf8BOM)), cacheLine: -1}
	li.starts = make([]int, 1, bytes.Count(src, newline)+1)
	for i := 0; i < len(src); {
		j := bytes.IndexByte(src[i:], '\n')
		if j < 0 {
			break
		}
		i += j + 1
		li.starts = append(li.starts, i)
	}
	return li
}

var newline = []byte{'\n'}

func isASCII(src []byte) bool {
	for _, c := range src {
		if c >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// SpanIn is the span of the bytes start..end of src: for a fact a later
// stage finds in a file the parser does not read (the taken_at of a
// database snapshot).
func SpanIn(src []byte, start, end int) Span { return newLineIndex(src).span(start, end) }

// lineOf returns the 0-based line holding byte offset off.
func (li *lineIndex) lineOf(off int) int {
	lo, hi := 0, len(li.starts)
	for hi-lo > 1 {
		mid := int(uint(lo+hi) >> 1)
		if li.starts[mid] <= off {
			lo = mid
		} else {
			hi = mid
		}
	}
	return lo
}

// pos32 is pos as a Span holds it.
func (li *lineIndex) pos32(off int) (line, col int32) {
	l, c := li.pos(off)
	return int32(l), int32(c)
}

// pos returns the 1-based line and rune column of byte offset off.
func (li *lineIndex) pos(off int) (line, col int) {
	if off < 0 {
		off = 0
	}
	if off > len(li.src) {
		off = len(li.src)
	}
	l := li.lineOf(off)
	start := li.starts[l]
	if li.ascii {
		return l + 1, off - start + 1
	}
	from, c := start, 1
	if li.cacheLine == l && li.cacheOff <= off {
		from, c = li.cacheOff, li.cacheCol
	}
	c += utf8.RuneCount(li.src[from:off])
	li.cacheLine, li.cacheOff, li.cacheCol = l, off, c
	if l == 0 && li.bom && off >= len(utf8BOM) {
		c--
	}
	return l + 1, c
}

// span builds the Span of bytes [start, end): the position of the first
// character and of the last one (inclusive). An empty span ends where it
// starts.
func (li *lineIndex) span(start, end int) Span {
	if start < 0 {
		start = 0
	}
	if end > len(li.src) {
		end = len(li.src)
	}
	if end < start {
		end = start
	}
	sp := Span{Start: int32(start), End: int32(end)}
	sp.Line, sp.Col = li.pos32(start)
	if end == start {
		sp.EndLine, sp.EndCol = sp.Line, sp.Col
		return sp
	}
	last := end - 1
	if !li.ascii {
		_, size := utf8.DecodeLastRune(li.src[start:end])
		last = end - size
	}
	sp.EndLine, sp.EndCol = li.pos32(last)
	return sp
}

// charOffset converts a 1-based character position inside src[base:limit]
// to a byte offset in src. pg_query's ParseError.Cursorpos counts characters
// of the parsed string, not bytes, so it must go through here before it can
// become a line and column. Positions past limit clamp to limit.
func charOffset(src string, base, limit, pos int) int {
	if pos <= 1 {
		return base
	}
	n := pos - 1
	i := base
	for i < limit && n > 0 {
		if src[i] < utf8.RuneSelf {
			i++
		} else {
			_, size := utf8.DecodeRuneInString(src[i:limit])
			i += size
		}
		n--
	}
	return i
}
