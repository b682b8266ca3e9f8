package migrations

import (
	"bytes"
	"fmt"
	"strings"
)

// Transaction modes of a file under its runner.
const (
	// ModeWrapped: the runner wraps the file in one transaction.
	ModeWrapped = "wrapped"
	// ModeNone: every statement autocommits unless the file says BEGIN.
	ModeNone = "none"
	// ModeImplicit: the file goes to the server as one multi-statement query,
	// which PostgreSQL runs as one implicit transaction.
	ModeImplicit = "implicit"
)

// Profile describes how a migration runner executes files.
type Profile struct {
	Runner string
	// TransactionMode is the default for a file: "wrapped", "none" or "implicit".
	TransactionMode string
	// SharedTransaction means all pending files run in ONE transaction
	// (drizzle-kit migrate), so a lock or a new enum value outlives its file.
	SharedTransaction bool
}

// profiles follows docs/architecture.md's runner profiles. diesel and supabase are not in
// that table: diesel runs each migration in a transaction unless its
// metadata.toml says run_in_transaction = false; the supabase CLI sends a
// file's statements and its history insert as one pgx batch (one implicit
// transaction holding at least two statements, newer CLIs add BEGIN/COMMIT),
// which behaves as a wrapped file with no opt-out.
var profiles = []Profile{
	{Runner: "ddlgate", TransactionMode: ModeWrapped},
	{Runner: "drizzle", TransactionMode: ModeWrapped, SharedTransaction: true},
	{Runner: "prisma", TransactionMode: ModeImplicit},
	{Runner: "golang-migrate", TransactionMode: ModeImplicit},
	{Runner: "goose", TransactionMode: ModeWrapped},
	{Runner: "dbmate", TransactionMode: ModeWrapped},
	{Runner: "flyway", TransactionMode: ModeWrapped},
	{Runner: "diesel", TransactionMode: ModeWrapped},
	{Runner: "supabase", TransactionMode: ModeWrapped},
	{Runner: "atlas", TransactionMode: ModeWrapped},
	{Runner: "psql", TransactionMode: ModeNone},
}

// Runners returns the names ProfileFor accepts ("none" is an alias of psql).
func Runners() []string {
	names := make([]string, 0, len(profiles)+1)
	for _, p := range profiles {
		names = append(names, p.Runner)
	}
	return append(names, "none")
}

// ProfileFor returns the profile of a runner; "none" is psql.
func ProfileFor(runner string) (Profile, error) {
	if runner == "none" {
		runner = "psql"
	}
	for _, p := range profiles {
		if p.Runner == runner {
			return p, nil
		}
	}
	return Profile{}, fmt.Errorf("unknown runner %q (valid: %s)", runner, strings.Join(Runners(), ", "))
}

// ddlgateNoTransaction is the ddlgate runner's own opt-out directive.
var ddlgateNoTransaction = []byte("-- ddlgate:no-transaction")

// ModeFor returns the transaction mode of m under p: a file that opts out of
// its runner's transaction runs with "none".
func (p Profile) ModeFor(m Migration) string {
	if m.NoTransaction {
		return ModeNone
	}
	if p.Runner == "ddlgate" && hasDirectiveLine(m.Src, ddlgateNoTransaction) {
		return ModeNone
	}
	return p.TransactionMode
}

// DefaultRunner returns the runner that applies files of a format: the
// format's own tool, "diesel" and "supabase" for their CLIs, and psql for
// plain SQL (or an unknown format), the most conservative assumption.
func DefaultRunner(format string) string {
	switch format {
	case FormatDrizzle, FormatPrisma, FormatGolangMigrate, FormatGoose, FormatDbmate,
		FormatFlyway, FormatDiesel, FormatSupabase, FormatAtlas:
		return format
	}
	return "psql"
}

// hasDirectiveLine reports whether a line of src starts with directive
// (ASCII case-insensitively), ignoring leading spaces and tabs.
func hasDirectiveLine(src, directive []byte) bool {
	found := false
	eachLine(src, func(start, end int) bool {
		line := bytes.TrimLeft(src[start:end], " \t")
		if len(line) >= len(directive) && bytes.EqualFold(line[:len(directive)], directive) {
			found = true
			return false
		}
		return true
	})
	return found
}

// eachLine calls fn with the byte range of every line of src, without its
// "\n" (a trailing "\r" is kept), until fn returns false.
func eachLine(src []byte, fn func(start, end int) bool) {
	for start := 0; start < len(src); {
		end := bytes.IndexByte(src[start:], '\n')
		next := 0
		if end < 0 {
			end = len(src)
			next = end
		} else {
			end += start
			next = end + 1
		}
		if !fn(start, end) {
			return
		}
		start = next
	}
}
