package migrations

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/ddlgate/ddlgate/parser"
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
	// NoTransaction is the runner's real way out of its transaction, for
	// the statements PostgreSQL refuses inside one: rules give it as help
	// (file.runner_profile.no_transaction) instead of a generic "without a
	// transaction block" that a drizzle user cannot follow.
	NoTransaction parser.NoTransaction
}

// Facts is what policies see of the profile (file.runner_profile).
func (p Profile) Facts() parser.RunnerProfile {
	return parser.RunnerProfile{NoTransaction: p.NoTransaction}
}

// profiles follows docs/architecture.md's runner profiles. diesel and supabase are not in
// that table: diesel runs each migration in a transaction unless its
// metadata.toml says run_in_transaction = false; the supabase CLI sends a
// file's statements and its history insert as one pgx batch (one implicit
// transaction holding at least two statements, newer CLIs add BEGIN/COMMIT),
// which behaves as a wrapped file with no opt-out.
//
// Each NoTransaction was checked against the tool's own documentation or
// source (2026-12): goose's NO TRANSACTION annotation; dbmate's
// transaction:false marker option; Flyway's script configuration file, the
// only per-script switch its documentation and parser know (no comment in
// the script turns the transaction off; Flyway also runs a script whose
// statements cannot run in a transaction outside one by itself, see
// FlywayDetection); atlas's txmode directive in the file header;
// diesel's metadata.toml; golang-migrate's postgres driver, which sends a
// file as one Exec unless x-multi-statement splits every file at each ';'
// (its README); prisma, which runs a one-statement script as it is (newer
// versions split scripts their SQL parser reads); drizzle-orm's migrator,
// which runs every pending migration inside one session.transaction; the
// supabase CLI, which from 2.109 runs CREATE INDEX and REINDEX CONCURRENTLY
// on their own (supabase/cli #5671, DROP INDEX CONCURRENTLY later).
// RunnerDDLGate is ddlgate apply's own profile: the runner of a file read
// without one.
const RunnerDDLGate = "ddlgate"

var profiles = []Profile{
	{Runner: RunnerDDLGate, TransactionMode: ModeWrapped, NoTransaction: startsWith(ddlgateNoTransaction)},
	{Runner: "drizzle", TransactionMode: ModeWrapped, SharedTransaction: true, NoTransaction: parser.NoTransaction{
		How: "drizzle-kit migrate runs every pending file in one transaction and has no opt-out: run it outside drizzle-kit, " +
			"for example from a file kept out of the drizzle folder that starts with `-- ddlgate:no-transaction`, " +
			"applied with `ddlgate apply` after drizzle-kit migrate.",
	}},
	{Runner: "prisma", TransactionMode: ModeImplicit, NoTransaction: parser.NoTransaction{
		How: "Move it alone to its own migration file: prisma runs a single-statement file outside a transaction.",
	}},
	{Runner: "golang-migrate", TransactionMode: ModeImplicit, NoTransaction: parser.NoTransaction{
		How: "Move it alone to its own migration file: golang-migrate sends a file as one query, which runs as one transaction " +
			"only when it holds several statements. (x-multi-statement=true in the database URL runs statements one by one " +
			"instead, but for every file: it splits at each `;`, even inside strings and function bodies, and a file that " +
			"fails midway stays half applied.)",
	}},
	{Runner: "goose", TransactionMode: ModeWrapped, NoTransaction: startsWith("-- +goose NO TRANSACTION")},
	{Runner: "dbmate", TransactionMode: ModeWrapped, NoTransaction: parser.NoTransaction{
		Directive: "-- migrate:up transaction:false",
		How:       "Move it to its own migration file whose up section starts with `-- migrate:up transaction:false`.",
	}},
	{Runner: "flyway", TransactionMode: ModeWrapped, NoTransaction: parser.NoTransaction{
		Directive: "executeInTransaction=false",
		How: "Move it to its own migration file, with `executeInTransaction=false` in a script configuration file " +
			"beside it named after it plus .conf (`V<version>__<name>.sql.conf`).",
	}},
	{Runner: "diesel", TransactionMode: ModeWrapped, NoTransaction: parser.NoTransaction{
		Directive: "run_in_transaction = false",
		How:       "Move it to its own migration, whose metadata.toml sets `run_in_transaction = false`.",
	}},
	{Runner: "supabase", TransactionMode: ModeWrapped, NoTransaction: parser.NoTransaction{
		How: "Run it outside the supabase CLI's migration transaction: from a file that starts with " +
			"`-- ddlgate:no-transaction`, applied with `ddlgate apply` (supabase CLI 2.109 and later run CREATE INDEX " +
			"and REINDEX CONCURRENTLY on their own, but no other such statement).",
	}},
	{Runner: "atlas", TransactionMode: ModeWrapped, NoTransaction: startsWith("-- atlas:txmode none")},
	{Runner: "psql", TransactionMode: ModeNone, NoTransaction: parser.NoTransaction{
		How: "Run it outside BEGIN ... COMMIT, without --single-transaction: psql then commits each statement on its own.",
	}},
}

// startsWith is the way out of a runner that reads its opt-out from a line
// at the top of the migration file.
func startsWith(directive string) parser.NoTransaction {
	return parser.NoTransaction{
		Directive: directive,
		How:       "Move it to its own migration file that starts with `" + directive + "`.",
	}
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
const ddlgateNoTransaction = "-- ddlgate:no-transaction"

// ModeFor returns the transaction mode of m under p: a file that opts out of
// its runner's transaction runs with "none".
func (p Profile) ModeFor(m Migration) string {
	if m.NoTransaction {
		return ModeNone
	}
	if p.Runner == RunnerDDLGate && hasDirectiveLine(m.Src, []byte(ddlgateNoTransaction)) {
		return ModeNone
	}
	return p.TransactionMode
}

// FlywayDetection tells whether m's transaction is settled from its
// statements as Flyway settles it (parser.Options.FlywayDetect), and
// whether mixing is allowed (parser.Options.FlywayMixed): under Flyway, and
// for a Flyway script under ddlgate apply, which runs it as Flyway would;
// never when the script's or the project's configuration decides
// (executeInTransaction).
func (p Profile) FlywayDetection(m Migration) (detect, mixed bool) {
	if m.NoTransaction || m.ForceTransaction {
		return false, false
	}
	if p.Runner == DefaultRunner(FormatFlyway) || (p.Runner == RunnerDDLGate && m.Format == FormatFlyway) {
		return true, m.MixedAllowed
	}
	return false, false
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
