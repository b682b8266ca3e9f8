// Package migrations finds migration files on disk, recognises the tool that
// wrote them (drizzle, prisma, golang-migrate, goose, dbmate, flyway, diesel,
// supabase, atlas or plain SQL), orders them the way that tool applies them
// and tells which byte ranges of each file run for a direction, and whether the
// runner wraps the file in a transaction.
package migrations

// Format names, as accepted by Options.Format and reported in Migration.Format.
const (
	FormatPlain         = "plain"
	FormatDrizzle       = "drizzle"
	FormatPrisma        = "prisma"
	FormatGolangMigrate = "golang-migrate"
	FormatGoose         = "goose"
	FormatDbmate        = "dbmate"
	FormatFlyway        = "flyway"
	FormatDiesel        = "diesel"
	FormatSupabase      = "supabase"
	FormatAtlas         = "atlas"
)

// Directions of a migration.
const (
	DirectionUp   = "up"
	DirectionDown = "down"
)

// formats lists every known format, in the order error messages show them.
var formats = []string{
	FormatPlain, FormatDrizzle, FormatPrisma, FormatGolangMigrate, FormatGoose,
	FormatDbmate, FormatFlyway, FormatDiesel, FormatSupabase, FormatAtlas,
}

// Formats returns the names of all supported migration formats.
func Formats() []string { return append([]string(nil), formats...) }

// ValidFormat reports whether name is a supported format ("" is not).
func ValidFormat(name string) bool {
	for _, f := range formats {
		if f == name {
			return true
		}
	}
	return false
}

// Migration is one direction of one migration file, as its runner sees it.
type Migration struct {
	Path      string // as given or discovered (relative paths stay relative)
	Format    string
	Version   string // "0003", "20240101120000", "1.2.3" (flyway); "" for repeatable and plain files
	Name      string // descriptive part, e.g. "add_users"
	Direction string // "up" | "down"
	// Repeatable marks a flyway R__ migration, applied after all versioned ones.
	Repeatable bool
	Src        []byte // whole file bytes
	// Sections are the byte ranges of Src that the runner executes for
	// Direction, each executed separately: drizzle `--> statement-breakpoint`
	// chunks, the goose or dbmate part of this direction. nil means the whole
	// file; an empty non-nil slice means nothing runs.
	Sections []Section
	// NoTransaction is set when the file opts out of its runner's transaction
	// (goose NO TRANSACTION, dbmate transaction:false, flyway
	// executeInTransaction=false in its .sql.conf or the project's
	// configuration, diesel run_in_transaction = false, atlas txmode none).
	NoTransaction bool
	// ForceTransaction is set when the file's configuration keeps it in a
	// transaction whatever it holds (flyway executeInTransaction=true in
	// its .sql.conf): Flyway then neither looks for statements that cannot
	// run in a transaction nor refuses a script that mixes them.
	ForceTransaction bool
	// MixedAllowed is Flyway's flyway.mixed=true (flyway.toml or
	// flyway.conf of the project): a script mixing statements Flyway runs
	// outside a transaction with others runs wholly outside one instead of
	// being refused.
	MixedAllowed bool
	// source, set by a discovery with an Index, is the file's hash and,
	// when discovery knew the file from the index, where Load reads Src.
	source *source
}

// Section is a byte range [Start, End) of Migration.Src.
type Section struct{ Start, End int }

// Options control Discover.
type Options struct {
	Format      string // "" = auto-detect
	IncludeDown bool
	// Index, when set, is the stat index of an earlier discovery (see
	// Index): files it knows unchanged are not read. The caller saves it.
	Index *Index
}
