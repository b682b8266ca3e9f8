package parser

import (
	"crypto/sha256"
	"encoding/hex"
	"regexp"
)

// pushCommand matches the commands that change a database schema directly,
// without writing a migration: drizzle-kit push and prisma db push.
var pushCommand = regexp.MustCompile(`\b(?:drizzle-kit\s+push(?::\w+)?|prisma\s+db\s+push)\b`)

// ProjectFile returns the facts document of a non-SQL project file (a
// package.json, a CI workflow): no statements, and the schema-push commands
// it contains with their spans, for the ban-push-workflow rule.
func ProjectFile(path string, src []byte, opts Options) *File {
	opts.Path = path
	f := Parse(nil, opts)
	sum := sha256.Sum256(src)
	f.File.SHA256 = hex.EncodeToString(sum[:])
	f.File.Format = "project"
	lines := newLineIndex(src)
	for _, m := range pushCommand.FindAllIndex(src, -1) {
		f.PushCommands = append(f.PushCommands, PushCommand{Text: string(src[m[0]:m[1]]), Span: lines.span(m[0], m[1])})
	}
	return f
}
