package parser

// Project file kinds (ProjectFacts.Kind): the files around the migrations that
// say how the schema is changed, applied and connected to.
const (
	ProjectPackageJSON    = "package_json"
	ProjectWorkflow       = "workflow"
	ProjectDrizzleConfig  = "drizzle_config"
	ProjectPrismaSchema   = "prisma_schema"
	ProjectEnv            = "env"
	ProjectCompose        = "docker_compose"
	ProjectAtlasConfig    = "atlas_config"
	ProjectDdlgateConfig  = "ddlgate_config"
	ProjectDrizzleJournal = "drizzle_journal"
	ProjectPrismaLock     = "prisma_migration_lock"
	// ProjectDBSnapshot is a database snapshot (ddlgate db snapshot) that
	// lint read table sizes from: judged for its age.
	ProjectDBSnapshot = "db_snapshot"
	ProjectOther      = "other"
)

// Command effects (ToolCommand.Effect): what running the command does to a
// database or to the migrations.
const (
	// EffectApply applies versioned migrations (ddlgate apply, drizzle-kit
	// migrate, prisma migrate deploy, goose up...).
	EffectApply = "apply"
	// EffectPush changes the schema to match the ORM without a migration.
	EffectPush = "push"
	// EffectGenerate writes migration files.
	EffectGenerate = "generate"
	// EffectGate judges migrations without applying them (ddlgate ci/lint,
	// the ddlgate GitHub Action).
	EffectGate = "gate"
	// EffectOther is any other command of a migration tool.
	EffectOther = "other"
)

// ProjectFacts are the facts of a project file: a package.json, a CI
// workflow, an ORM or database configuration, a migration journal or lock
// file. Nil for migrations. The parser fills what the file alone tells; the
// lint stage fills what needs the rest of the project (Committed, the
// Exists and Committed of MigrationDirs, JournalEntry.FileExists, the Via and
// RunBy of commands).
type ProjectFacts struct {
	// Kind is one of the Project* constants.
	Kind string `json:"kind"`
	// Committed tells whether git tracks the file; null outside a git work
	// tree (or when nobody asked git).
	Committed *bool `json:"committed"`
	// Credentials are database passwords written in the file.
	Credentials []Credential `json:"credentials"`
	// MigrationDirs are the migrations folders an ORM configuration names
	// (drizzle's out, prisma's migrations folder beside the schema).
	MigrationDirs []MigrationDir `json:"migration_dirs"`
	// Commands are the migration-tool commands the file runs, directly or
	// through package scripts.
	Commands []ToolCommand `json:"commands"`
	// JournalEntries are the entries of a drizzle meta/_journal.json.
	JournalEntries []JournalEntry `json:"journal_entries"`
	// MigrationLock is prisma's migration_lock.toml; null for other kinds.
	MigrationLock *MigrationLock `json:"migration_lock"`
	// DBSnapshot is a database snapshot's age and origin; null for other
	// kinds.
	DBSnapshot *DBSnapshot `json:"db_snapshot"`
}

// DBSnapshot is what the facts stage says of a database snapshot file
// (ddlgate db snapshot) a lint run read its database facts from; the parser
// does not read snapshots.
type DBSnapshot struct {
	// Database is the database it was taken of, password masked.
	Database string `json:"database"`
	// TakenAt is when it was taken (RFC 3339); AgeSeconds how long before
	// the lint run.
	TakenAt    string `json:"taken_at"`
	AgeSeconds int64  `json:"age_seconds"`
	// Span covers the snapshot's taken_at key, or the first line.
	Span Span `json:"span"`
}

// Credential is a database password written in a project file. The password
// itself is never part of the facts: Redacted shows the text with it masked.
type Credential struct {
	// Kind is url (postgres://user:password@host), keyword (a libpq
	// key=value string with password=) or drizzle (a password: literal in
	// drizzle's dbCredentials).
	Kind string `json:"kind"`
	User string `json:"user"`
	// Host is the server the password is for, "" when the file does not say.
	Host     string `json:"host"`
	Redacted string `json:"redacted"`
	// Span covers the password.
	Span Span `json:"span"`
}

// MigrationDir is a migrations folder named by an ORM configuration.
type MigrationDir struct {
	// Tool is drizzle or prisma.
	Tool string `json:"tool"`
	// Setting is what names the folder: out (drizzle's config key) or
	// default (the tool's default: drizzle's ./drizzle, prisma's
	// migrations folder beside schema.prisma).
	Setting string `json:"setting"`
	// Path is the folder as written; Dir is it relative to the project root,
	// slash-separated.
	Path string `json:"path"`
	Dir  string `json:"dir"`
	// Exists tells whether the folder exists; Committed whether git tracks
	// a file in it (null outside git). Filled by the lint stage.
	Exists    bool  `json:"exists"`
	Committed *bool `json:"committed"`
	Span      Span  `json:"span"`
}

// ToolCommand is a command of a migration tool found in a project file.
type ToolCommand struct {
	// Tool is ddlgate, drizzle-kit, prisma, golang-migrate, goose, dbmate,
	// flyway, atlas, diesel or supabase.
	Tool string `json:"tool"`
	// Effect is one of the Effect* constants.
	Effect string `json:"effect"`
	Text   string `json:"text"`
	Span   Span   `json:"span"`
	// Script is the package.json script the command is part of, "" outside
	// package.json.
	Script string `json:"script"`
	// Via is set when the command runs through a package script (npm run
	// db:migrate): the script invoked and where the tool command is written.
	Via *ScriptRef `json:"via"`
}

// ScriptRef points at a package.json script.
type ScriptRef struct {
	Script string `json:"script"`
	// Command is the tool command the script runs (drizzle-kit push).
	Command string `json:"command"`
	Path    string `json:"path"`
	Line    int    `json:"line"`
}

// ScriptCaller is a place that runs a package script: a CI workflow step or
// another script.
type ScriptCaller struct {
	Path string `json:"path"`
	Line int    `json:"line"`
	Text string `json:"text"`
}

// JournalEntry is an entry of drizzle's meta/_journal.json.
type JournalEntry struct {
	Tag string `json:"tag"`
	// File is the SQL file the entry names, relative like the journal's
	// path; FileExists is filled by the lint stage.
	File       string `json:"file"`
	FileExists bool   `json:"file_exists"`
	// Span covers the tag's value.
	Span Span `json:"span"`
}

// MigrationLock is prisma's migrations/migration_lock.toml.
type MigrationLock struct {
	// Provider is the database provider the migrations were generated for,
	// "" when the file names none.
	Provider string `json:"provider"`
	Span     Span   `json:"span"`
}

// DownPart is the down migration of an up migration, for formats that have
// one (golang-migrate, goose, dbmate, diesel).
type DownPart struct {
	// Path is the file holding it: the .down.sql or down.sql beside the up
	// file, or the file itself for goose and dbmate.
	Path string `json:"path"`
	// Exists tells whether the down part is there at all; Empty whether it
	// holds nothing but comments and whitespace.
	Exists bool `json:"exists"`
	Empty  bool `json:"empty"`
}

// Landed is a migration already on the base branch or applied to a
// database, which a new migration must not sort before.
type Landed struct {
	Version string `json:"version"`
	Path    string `json:"path"`
	// Where is base-branch or database; Ref names the branch or database.
	Where string `json:"where"`
	Ref   string `json:"ref"`
}
