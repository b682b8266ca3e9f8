package migrations

import (
	"bytes"
	"strings"
)

// drizzleBreakpoint separates statements in drizzle-kit files; drizzle's
// migrator splits the file text on it (anywhere, not only on its own line).
var drizzleBreakpoint = []byte("--> statement-breakpoint")

// drizzleSections returns the chunks between breakpoints, leaving out chunks
// that hold only whitespace, or nil when the file has no breakpoint.
func drizzleSections(src []byte) []Section {
	if !bytes.Contains(src, drizzleBreakpoint) {
		return nil
	}
	sections := []Section{}
	start := 0
	for {
		i := bytes.Index(src[start:], drizzleBreakpoint)
		end := len(src)
		if i >= 0 {
			end = start + i
		}
		if len(bytes.TrimSpace(src[start:end])) > 0 {
			sections = append(sections, Section{Start: start, End: end})
		}
		if i < 0 {
			return sections
		}
		start = end + len(drizzleBreakpoint)
	}
}

// splitFile is a file holding both directions between marker lines (goose,
// dbmate): the part of each direction and the options on its marker line.
type splitFile struct {
	up, down         Section
	hasUp, hasDown   bool
	upOpts, downOpts string
	noTransaction    bool // goose: NO TRANSACTION anywhere in the file
}

// directionSections returns the section list a direction executes. A marked
// file always yields a non-nil list so a missing part never falls back to the
// whole file (which would glue Down onto Up); an unmarked file runs whole.
func (s splitFile) directionSections(direction string) []Section {
	if !s.hasUp && !s.hasDown {
		return nil
	}
	if direction == DirectionDown {
		if !s.hasDown {
			return []Section{}
		}
		return []Section{s.down}
	}
	return []Section{s.up}
}

// gooseAnnotation returns the lower-cased command of a goose annotation line
// ("-- +goose Up" -> "up"). goose annotations are case-insensitive and start
// at column 1.
func gooseAnnotation(line []byte) (string, bool) {
	if !bytes.HasPrefix(line, []byte("--")) {
		return "", false
	}
	rest := bytes.TrimLeft(line[2:], " \t")
	if len(rest) < 6 || !bytes.EqualFold(rest[:6], []byte("+goose")) {
		return "", false
	}
	cmd := strings.ToLower(string(bytes.TrimSpace(rest[6:])))
	return strings.Join(strings.Fields(cmd), " "), true
}

// splitGoose locates the Up and Down parts of a goose file. Without an Up
// annotation (which goose rejects) the Up part is everything before Down.
func splitGoose(src []byte) splitFile {
	var s splitFile
	current := ""
	eachLine(src, func(start, end int) bool {
		cmd, ok := gooseAnnotation(src[start:end])
		if !ok {
			return true
		}
		next := min(end+1, len(src))
		switch cmd {
		case "up":
			s.closePart(current, start)
			if !s.hasUp {
				s.hasUp, s.up, current = true, Section{Start: next, End: len(src)}, DirectionUp
			} else {
				current = ""
			}
		case "down":
			s.closePart(current, start)
			if !s.hasDown {
				s.hasDown, s.down, current = true, Section{Start: next, End: len(src)}, DirectionDown
			} else {
				current = ""
			}
		case "no transaction":
			s.noTransaction = true
		}
		return true
	})
	if s.hasDown && !s.hasUp {
		s.hasUp, s.up = true, Section{Start: 0, End: lineStart(src, s.down.Start)}
	}
	return s
}

// dbmateMarker returns the direction and options of a dbmate marker line
// ("-- migrate:up transaction:false").
func dbmateMarker(line []byte) (direction, opts string, ok bool) {
	if !bytes.HasPrefix(line, []byte("--")) {
		return "", "", false
	}
	rest := bytes.TrimLeft(line[2:], " \t")
	for _, d := range []string{DirectionUp, DirectionDown} {
		marker := "migrate:" + d
		if !bytes.HasPrefix(rest, []byte(marker)) {
			continue
		}
		tail := rest[len(marker):]
		if len(tail) > 0 && tail[0] != ' ' && tail[0] != '\t' && tail[0] != '\r' {
			continue // e.g. "migrate:upgrade"
		}
		return d, string(bytes.TrimSpace(tail)), true
	}
	return "", "", false
}

// splitDbmate locates the migrate:up and migrate:down parts of a dbmate file.
func splitDbmate(src []byte) splitFile {
	var s splitFile
	current := ""
	eachLine(src, func(start, end int) bool {
		direction, opts, ok := dbmateMarker(src[start:end])
		if !ok {
			return true
		}
		next := min(end+1, len(src))
		s.closePart(current, start)
		current = ""
		switch {
		case direction == DirectionUp && !s.hasUp:
			s.hasUp, s.up, s.upOpts, current = true, Section{Start: next, End: len(src)}, opts, DirectionUp
		case direction == DirectionDown && !s.hasDown:
			s.hasDown, s.down, s.downOpts, current = true, Section{Start: next, End: len(src)}, opts, DirectionDown
		}
		return true
	})
	return s
}

// closePart ends the part being read at the start of the next marker line.
func (s *splitFile) closePart(current string, at int) {
	switch current {
	case DirectionUp:
		s.up.End = at
	case DirectionDown:
		s.down.End = at
	}
}

// dbmateNoTransaction reports whether marker options hold transaction:false.
func dbmateNoTransaction(opts string) bool {
	for _, opt := range strings.Fields(opts) {
		if k, v, ok := strings.Cut(opt, ":"); ok && k == "transaction" && v == "false" {
			return true
		}
	}
	return false
}

// lineStart returns the offset of the line before the one starting at pos.
func lineStart(src []byte, pos int) int {
	if pos <= 0 {
		return 0
	}
	i := bytes.LastIndexByte(src[:pos-1], '\n')
	return i + 1
}

// hasGooseUp reports whether src has a goose Up annotation.
func hasGooseUp(src []byte) bool {
	if !containsFold(src, []byte("+goose")) {
		return false // most files: one fast scan instead of a line walk
	}
	found := false
	eachLine(src, func(start, end int) bool {
		cmd, ok := gooseAnnotation(src[start:end])
		found = ok && (cmd == "up" || cmd == "down")
		return !found
	})
	return found
}

// hasDbmateUp reports whether src has a dbmate migrate:up marker.
func hasDbmateUp(src []byte) bool {
	if !bytes.Contains(src, []byte("migrate:up")) {
		return false
	}
	found := false
	eachLine(src, func(start, end int) bool {
		direction, _, ok := dbmateMarker(src[start:end])
		found = ok && direction == DirectionUp
		return !found
	})
	return found
}

// atlasNoTransaction reports an atlas `-- atlas:txmode none` directive.
func atlasNoTransaction(src []byte) bool {
	return hasDirectiveLine(src, []byte("-- atlas:txmode none"))
}

// containsFold reports whether src contains the lower-case ASCII word,
// ignoring ASCII case; word must start with a non-letter.
func containsFold(src, word []byte) bool {
	for i := 0; i+len(word) <= len(src); {
		j := bytes.IndexByte(src[i:], word[0])
		if j < 0 || i+j+len(word) > len(src) {
			return false
		}
		i += j
		if bytes.EqualFold(src[i:i+len(word)], word) {
			return true
		}
		i++
	}
	return false
}
