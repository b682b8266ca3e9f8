// Package parser turns migration SQL into facts: statements with exact spans,
// what each statement locks, rewrites, creates, drops or renames, and the
// transaction and session context it runs in.
//
// The package is a pure function of (path, bytes, options): it knows nothing of
// OPA, of databases or of migration directory layouts. The structs in this file
// are the facts contract with policies (docs/architecture.md "The facts document"): JSON
// keys are snake_case and no field is ever omitted, because a missing key makes
// a Rego comparison silently undefined.
package parser

// SchemaVersion is the version of the facts document layout. Bump it when a key
// changes meaning or disappears; adding keys does not need a bump.
const SchemaVersion = 1

// DefaultSchema is the schema unqualified names resolve to when the caller
// names none: PostgreSQL's own default. Defined here, the lowest package, so
// the parser and the facts stage share it (DefaultPGVersion, beside the
// supported range, is in pgversion.go).
const DefaultSchema = "public"

// File is what the parser reads in one migration file: the parser's part of
// the facts document. The facts stage (internal/facts) adds the catalog, the
// live database, the phase history and the directory facts to make the
// document a policy sees.
type File struct {
	SchemaVersion int         `json:"schema_version"`
	Target        Target      `json:"target"`
	File          FileInfo    `json:"file"`
	Statements    []Statement `json:"statements"`
	Directives    []Directive `json:"directives"`
	// ParseErrors holds syntax errors and unreadable input (binary, not UTF-8).
	// The syntax-error rule reports them; the rest of the file is still linted.
	ParseErrors []ParseError `json:"parse_errors"`
	Objects     Objects      `json:"objects"`
	// LongIdentifiers are the identifiers PostgreSQL truncates to 63 bytes;
	// the actions only carry the truncated names.
	LongIdentifiers []LongIdentifier `json:"long_identifiers"`
	// PushCommands are schema-push commands (drizzle-kit push, prisma db
	// push) found in a project file such as package.json or a CI workflow.
	// The lint stage judges such files with a document of their own, with
	// no statements; for migrations the list is empty.
	PushCommands []PushCommand `json:"push_commands"`
	// Project holds the facts of a project file (see ProjectFile); null for
	// migrations.
	Project *ProjectFacts `json:"project"`
	// AST is the raw pg_query JSON when requested; an escape hatch without a
	// stability promise.
	AST any `json:"ast"`
}

// Target describes the server the migration is written for.
type Target struct {
	// PGVersion is the major version (MinPGVersion..MaxPGVersion),
	// PGVersionNum the full number
	// as the server reports server_version_num (160004 for 16.4).
	PGVersion     int    `json:"pg_version"`
	PGVersionNum  int    `json:"pg_version_num"`
	DefaultSchema string `json:"default_schema"`
}

// FileInfo identifies the migration file and how its runner executes it.
type FileInfo struct {
	Path      string `json:"path"`
	Version   string `json:"version"`
	Name      string `json:"name"`
	Direction string `json:"direction"` // up | down
	Format    string `json:"format"`
	Runner    string `json:"runner"`
	// TransactionMode is wrapped (the runner wraps the file in one
	// transaction), none (autocommit per statement) or implicit (the file is
	// sent as one multi-statement query, atomic when it holds more than one
	// statement).
	TransactionMode string `json:"transaction_mode"`
	// RunnerProfile is what the rules' help needs to know of the runner:
	// how a statement gets out of the transaction it runs the file in.
	// Filled from the runner's profile (internal/migrations) by the stage
	// that sets Runner; empty strings when the parser is called alone.
	RunnerProfile RunnerProfile `json:"runner_profile"`
	// MixedTransaction is set when the runner refuses the file because it
	// mixes statements the runner runs outside a transaction by itself with
	// statements that run in one (Flyway, unless flyway.mixed=true); null
	// otherwise.
	MixedTransaction *MixedTransaction `json:"mixed_transaction"`
	Phase            *PhaseInfo        `json:"phase"`
	SHA256           string            `json:"sha256"`
	// Checksum compares the file with the ddlgate.sum of its migrations
	// directory: "" when there is none, else ok | modified |
	// missing-from-sum | reordered. Filled by the facts stage, not the
	// parser.
	Checksum string `json:"checksum"`
	// DuplicateVersions are the other migrations of the file's directory
	// with the same version and direction; filled by the facts stage.
	DuplicateVersions []string `json:"duplicate_versions"`
	// InJournal tells whether drizzle's meta/_journal.json lists the file:
	// drizzle-kit migrate never applies one it does not. Null for other
	// formats; filled by the facts stage.
	InJournal *bool `json:"in_journal"`
	// Down is the down part of an up migration of a format that has one
	// (golang-migrate, goose, dbmate, diesel); null otherwise. Filled by the
	// lint stage.
	Down *DownPart `json:"down"`
	// OrderedBefore are migrations of the file's directory already on the
	// base branch or applied to a database that sort after this file, which
	// is not itself on the branch or applied: the runner would skip it or
	// apply it out of order. NextVersion is a version that sorts after all
	// of them, in the format's style ("" when OrderedBefore is empty).
	// Filled by the lint stage (ddlgate ci, lint --database-url).
	OrderedBefore []Landed `json:"ordered_before"`
	NextVersion   string   `json:"next_version"`
}

// RunnerProfile is the part of a runner's profile that policies read.
type RunnerProfile struct {
	// NoTransaction is the runner's way out of its transaction, for the
	// statements PostgreSQL refuses inside a transaction block (CREATE
	// INDEX CONCURRENTLY, ...).
	NoTransaction NoTransaction `json:"no_transaction"`
}

// NoTransaction says how a statement runs outside the transaction a runner
// wraps a file in.
type NoTransaction struct {
	// Directive opts one migration out of the runner's transaction, as the
	// user writes it ("-- +goose NO TRANSACTION", or a setting such as
	// flyway's executeInTransaction=false); "" when the runner has no
	// opt-out of its own.
	Directive string `json:"directive"`
	// How is the advice, one or two sentences whose subject "it" is the
	// statement: "Move it to its own migration file that starts with
	// `-- +goose NO TRANSACTION`."
	How string `json:"how"`
}

// MixedTransaction names the first statement of each kind in a file its
// runner refuses for mixing them, by index in statements.
type MixedTransaction struct {
	// NonTransactional is the first statement the runner would run outside
	// a transaction (CREATE INDEX CONCURRENTLY, VACUUM, ...).
	NonTransactional int `json:"non_transactional"`
	// Transactional is the first statement that runs in a transaction.
	Transactional int `json:"transactional"`
}

// PhaseInfo is the expand/contract phase a file declares with a directive.
type PhaseInfo struct {
	Phase  string `json:"phase"` // expand | backfill | contract
	Change string `json:"change"`
}

// Span locates a piece of the file: byte offsets (End exclusive) and 1-based
// line and column of the first and last character. Columns count characters
// (runes), not bytes. The fields are 32-bit (files up to 2 GB): every
// statement and action holds a span, and a data seed holds hundreds of
// thousands of them.
type Span struct {
	Start   int32 `json:"start"`
	End     int32 `json:"end"`
	Line    int32 `json:"line"`
	Col     int32 `json:"col"`
	EndLine int32 `json:"end_line"`
	EndCol  int32 `json:"end_col"`
}

// ParseError is input the parser could not read.
type ParseError struct {
	Message string `json:"message"`
	Span    Span   `json:"span"`
}

// Directive is a `-- ddlgate:` comment.
type Directive struct {
	// Kind is ignore | ignore-file | phase | no-transaction | unknown.
	Kind  string   `json:"kind"`
	Rules []string `json:"rules"`
	// Reason, Until (YYYY-MM-DD) and Owner are the waiver's attributes; empty
	// when not given.
	Reason string `json:"reason"`
	Until  string `json:"until"`
	Owner  string `json:"owner"`
	// Phase and Change are set for phase directives.
	Phase  string `json:"phase"`
	Change string `json:"change"`
	// Statement is the index of the statement an ignore applies to (the next
	// statement after the comment), -1 when none follows.
	Statement int    `json:"statement"`
	Text      string `json:"text"`
	Span      Span   `json:"span"`
	// Error describes a malformed directive; empty when it is well formed.
	Error string `json:"error"`
}

// Statement is one SQL statement with its facts.
type Statement struct {
	Index int    `json:"index"`
	Node  string `json:"node"` // pg_query node name, e.g. "AlterTableStmt"
	Tag   string `json:"tag"`  // command tag, e.g. "ALTER TABLE"
	Text  string `json:"text"`
	Span  Span   `json:"span"`
	// Fingerprint identifies the statement independently of whitespace and
	// comments, for stable finding fingerprints.
	Fingerprint string `json:"fingerprint"`
	// Parent is the index of the DO statement whose body runs this
	// statement, -1 for a statement of the file itself. Via says how the
	// body runs it: "do" (static SQL of the body), "execute" (EXECUTE of a
	// constant string), "" for a statement of the file. Such statements
	// follow their DO, share its transaction context, and their spans
	// point into the body (at the DO statement when the body is an E''
	// string or otherwise not verbatim in the file).
	Parent      int         `json:"parent"`
	Via         string      `json:"via"`
	Transaction Transaction `json:"transaction"`
	// Session is never nil. Statements in a row under the same settings
	// share one (a data seed's INSERTs all do): it is never modified.
	Session *Session `json:"session" facts:"nonnull"`
	Locks   []Lock   `json:"locks"`
	// BlockingLock summarises Locks for the rules about waiting on locks:
	// the strongest mode that blocks reads or writes, and the relations
	// that existed before the file it takes that mode on; nil when the
	// statement takes no such lock. Recomputed by the catalog, which can
	// tell that a relation the parser thought new already existed.
	BlockingLock *BlockingLock `json:"blocking_lock"`
	Effects      Effects       `json:"effects"`
	Actions      []Action      `json:"actions"`
	// Syntax lists the syntax the statement uses that older PostgreSQL
	// versions cannot run, with the first version that can (one table in
	// parser/syntax.go); empty when it uses none.
	Syntax []SyntaxFeature `json:"syntax"`
	// StringLiterals are the statement's string constants, filled only for
	// statements after an ALTER TYPE ... ADD VALUE in the file (the values
	// such a statement may use too early); empty otherwise.
	StringLiterals []StringLiteral `json:"string_literals"`
	// Observed is what the statement did on a real server when it was
	// traced (ddlgate trace); null in facts that were not traced.
	Observed *Observed `json:"observed"`
}

// Observed is what a statement did on a real PostgreSQL server, recorded by
// ddlgate trace after the statement ran: the relation locks its backend
// took, the relations given a new file, the tables it read in full, and its
// error. Differences compares it with the static prediction (Locks and
// Effects of the statement).
type Observed struct {
	// Locks are the relation locks the statement's backend holds after it
	// (granted, or waited for when Granted is false), one per relation and
	// mode, on user relations (tables, indexes, sequences, views, TOAST
	// tables); catalog locks are left out. Inside a transaction they
	// include locks taken by earlier statements (New is false).
	Locks []ObservedLock `json:"locks"`
	// Rewrites are the relations whose file node changed: a table or
	// materialized view copied into a new file, or an index rebuilt. A
	// TRUNCATE's new empty file is not a rewrite.
	Rewrites []ObservedRelation `json:"rewrites"`
	// Scans are the tables read by a sequential scan that the statement
	// did not also rewrite (a validation, an index build, a NOT NULL check).
	Scans []ObservedRelation `json:"scans"`
	// Error is the server's error when the statement failed, else null.
	Error *ObservedError `json:"error"`
	// Watched is true when the statement could not run in a transaction
	// block and was watched from a second connection while it ran: a lock
	// held for less than the polling interval (the last phase of DROP INDEX
	// CONCURRENTLY) may be missing, so Locks is a lower bound.
	Watched bool `json:"watched"`
	// Differences are where the observation contradicts the prediction.
	Differences []Difference `json:"differences"`
}

// ObservedLock is a relation lock held by a traced statement's backend.
type ObservedLock struct {
	Relation Relation `json:"relation"`
	// Kind is table, partitioned_table, index, partitioned_index, sequence,
	// view, materialized_view, toast or foreign_table.
	Kind string `json:"kind"`
	// Mode is the lock mode as the lock table names it ("ACCESS
	// EXCLUSIVE"), not as pg_locks does ("AccessExclusiveLock").
	Mode    string `json:"mode"`
	Granted bool   `json:"granted"`
	// PartitionOf is the qualified name of the partitioned table at the
	// root of the relation's partition tree, "" when it is no partition.
	PartitionOf string `json:"partition_of"`
	// New is true when the statement took the lock; false when an earlier
	// statement of its transaction already held it (asking again for a
	// mode already held leaves no trace in pg_locks).
	New bool `json:"new"`
}

// ObservedRelation is a relation a traced statement rewrote or scanned.
type ObservedRelation struct {
	Relation Relation `json:"relation"`
	Kind     string   `json:"kind"`
}

// ObservedError is the server's error for a traced statement.
type ObservedError struct {
	// Code is the SQLSTATE, e.g. "25001".
	Code    string `json:"code"`
	Message string `json:"message"`
}

// Difference is one contradiction between a statement's predicted locks and
// effects and what the server did.
type Difference struct {
	// Kind is lock, rewrite, scan or failure.
	Kind string `json:"kind"`
	// Relation is the qualified name concerned ("" for scan and failure
	// differences about the whole statement).
	Relation string `json:"relation"`
	// Predicted and Observed say what each side holds: a lock mode, "yes"
	// or "no" for effects, "" for none.
	Predicted string `json:"predicted"`
	Observed  string `json:"observed"`
	// Message says it in one sentence.
	Message string `json:"message"`
}

// StringLiteral is a string constant of a statement, decoded.
type StringLiteral struct {
	Value string `json:"value"`
	Span  Span   `json:"span"`
}

// Transaction is the transaction context a statement runs in.
type Transaction struct {
	InTransaction bool `json:"in_transaction"`
	// Explicit is true when the transaction was opened by BEGIN in the file
	// rather than by the runner.
	Explicit bool `json:"explicit"`
	// Block numbers the transaction blocks of the file from 1; 0 when the
	// statement runs in autocommit.
	Block int `json:"block"`
	// HeldAccessExclusive are the ACCESS EXCLUSIVE locks on relations that
	// existed before the file which earlier statements of the same
	// transaction took: the statement runs while every reader and writer of
	// them waits. Empty outside a transaction block. See TrackHeldLocks.
	HeldAccessExclusive []HeldLock `json:"held_access_exclusive"`
	// WorkAfter counts the statements after this one in the same
	// transaction block that do work (anything but transaction control and
	// SET), LastWork is the index of the last of them (-1 when none): how
	// long the block goes on holding the locks taken so far. 0 and -1
	// outside a block.
	WorkAfter int `json:"work_after"`
	LastWork  int `json:"last_work"`
}

// HeldLock is a lock a transaction already holds when a statement starts.
type HeldLock struct {
	// Relation is the locked relation's qualified name ("public.users").
	Relation string `json:"relation"`
	// Since is the index of the statement that took the lock first.
	Since int `json:"since"`
}

// Session holds the session settings in effect before a statement runs. A nil
// value means the setting was never set in the file (server default).
// SET, SET LOCAL (until the end of its transaction block), RESET and
// SELECT set_config(name, value, is_local) with constant arguments count.
type Session struct {
	LockTimeout        *string `json:"lock_timeout"`
	LockTimeoutMS      *int64  `json:"lock_timeout_ms"`
	StatementTimeout   *string `json:"statement_timeout"`
	StatementTimeoutMS *int64  `json:"statement_timeout_ms"`
	// LockTimeoutInEffect and StatementTimeoutInEffect tell whether the file
	// set the timeout to a limit (not 0, which means none) that still holds
	// for the statement: what the timeout rules ask.
	LockTimeoutInEffect      bool `json:"lock_timeout_in_effect"`
	StatementTimeoutInEffect bool `json:"statement_timeout_in_effect"`
	// SearchPath is the search_path unqualified names resolve through, as
	// SET [LOCAL] search_path and set_config('search_path', ...) left it
	// ([default_schema] until the file sets it); "$user", pg_catalog and
	// pg_temp are kept as written.
	SearchPath []string `json:"search_path"`
}

// Lock is a table-level lock a statement takes.
type Lock struct {
	Relation Relation `json:"relation"`
	// Mode is the PostgreSQL lock mode name, e.g. "ACCESS EXCLUSIVE".
	Mode string `json:"mode"`
}

// BlockingLock is the strongest lock a statement takes that blocks reads or
// writes (SHARE or stronger) on relations that existed before the file.
type BlockingLock struct {
	// Mode is "SHARE", "SHARE ROW EXCLUSIVE", "EXCLUSIVE" or
	// "ACCESS EXCLUSIVE".
	Mode string `json:"mode"`
	// Relations are the schema-qualified names ("public.users") of the
	// relations locked in Mode, sorted.
	Relations []string `json:"relations"`
}

// Effects summarise what a statement or action does to existing data.
type Effects struct {
	RewritesTable        bool `json:"rewrites_table"`
	ScansTable           bool `json:"scans_table"`
	Destructive          bool `json:"destructive"`
	BackwardIncompatible bool `json:"backward_incompatible"`
}

// Relation names a table, index, view or other schema object. Schema is always
// resolved (the default schema applies to unqualified names); Qualified tells
// whether the SQL named the schema.
type Relation struct {
	Schema    string `json:"schema"`
	Name      string `json:"name"`
	Qualified bool   `json:"qualified"`
	// ExistsBefore is false when nobody can be using the relation yet: an
	// earlier statement of the file created it or, when ddlgate apply
	// judges against a live database, an earlier migration of the same run
	// did (the database does not have it yet, so it is new and empty).
	// CreatedInFile is only the former.
	ExistsBefore  bool `json:"exists_before"`
	CreatedInFile bool `json:"created_in_file"`
	// Known is true when the schema history (catalog) has the object or the
	// file created it; false means "existing, details unknown".
	Known bool `json:"known"`
	// Partitioned is true for a table the schema history (or the file)
	// created with PARTITION BY; set by the catalog.
	Partitioned bool `json:"partitioned"`
}

// QualifiedName is "schema.name", or the bare name when the schema is
// unknown, as messages name relations.
func (r Relation) QualifiedName() string { return qualifiedName(r.Schema, r.Name) }

// Action is one thing a statement does. Type selects which of the embedded
// detail structs is present; their fields appear flattened in JSON next to
// type, span, table, lock and effects. Statements the parser does not model
// yield one action of type "other".
type Action struct {
	Type string `json:"type"`
	// Span points at the clause that performs the action (the column
	// definition, the constraint, the subcommand), not the whole statement.
	Span Span `json:"span"`
	// Table is the relation acted on; nil when the action has none (SET,
	// BEGIN, DROP INDEX where the table is not named).
	Table *Relation `json:"table"`
	// Lock is the lock mode this action needs on Table ("" when none).
	Lock    string  `json:"lock"`
	Effects Effects `json:"effects"`

	*ColumnAction
	*CreateTableAction
	*ConstraintAction
	*IndexAction
	*RenameAction
	*DropAction
	*DMLAction
	*SetAction
	*OtherAction
	*DomainAction
	*PartitionAction
	*StorageAction
	*TriggerAction
	*EnumAction
	*CreateObjectAction
	*FunctionAction
	*GrantAction
	*RoleAction
	*CommentAction
}

// ColumnAction details add_column (Column), and drop_column,
// alter_column_type, set_not_null, drop_not_null, set_default, drop_default
// (ColumnName).
type ColumnAction struct {
	ColumnName string  `json:"column_name"`
	Column     *Column `json:"column"`
	// NewType is set for alter_column_type; Using tells whether a USING
	// expression was given.
	NewType *TypeName `json:"new_type"`
	Using   bool      `json:"using"`
	// OldType is the column's type before alter_column_type, from the schema
	// history; nil when the history does not know the column.
	OldType *TypeName `json:"old_type"`
	// NewCollation is the COLLATE clause of alter_column_type ("" for the
	// type's default). RebuiltIndexes are the indexes of the column that
	// PostgreSQL rebuilds, under the ACCESS EXCLUSIVE lock, when a type
	// change does not rewrite the table but changes the collation (from the
	// schema history; empty otherwise).
	NewCollation   string   `json:"new_collation"`
	RebuiltIndexes []string `json:"rebuilt_indexes"`
	// ImpliedBy is "primary_key" for the set_not_null that ADD PRIMARY KEY
	// ... USING INDEX performs on a column not known to be NOT NULL (the
	// catalog adds it after the add_constraint action), "" for a
	// statement's own SET NOT NULL.
	ImpliedBy string `json:"implied_by"`
	// RewriteDependsOnTimezone marks timestamp -> timestamptz on 12+: no
	// rewrite only when the session TimeZone is UTC, so a rule parameter
	// decides.
	RewriteDependsOnTimezone bool `json:"rewrite_depends_on_timezone"`
	// HasNotNullCheck marks set_not_null on a column that a validated
	// CHECK (col IS NOT NULL) already covers, so 12+ skips the scan.
	HasNotNullCheck bool `json:"has_not_null_check"`
	// Default and DefaultVolatility describe set_default (null for other
	// actions), and DefaultFunctions the functions the new default calls
	// that are not built in (see Column.DefaultFunctions; empty for other
	// actions).
	Default           *string       `json:"default"`
	DefaultVolatility *string       `json:"default_volatility"`
	DefaultFunctions  []FunctionRef `json:"default_functions"`
	IfExists          bool          `json:"if_exists"`
	IfNotExists       bool          `json:"if_not_exists"`
	Cascade           bool          `json:"cascade"`
}

// CreateTableAction details create_table.
type CreateTableAction struct {
	Columns     []Column     `json:"columns"`
	Constraints []Constraint `json:"constraints"`
	// PrimaryKey lists the primary key columns, whether declared on a column
	// or as a table constraint; empty when the table has none.
	PrimaryKey  []string `json:"primary_key"`
	IfNotExists bool     `json:"if_not_exists"`
	Temporary   bool     `json:"temporary"`
	Unlogged    bool     `json:"unlogged"`
	Partitioned bool     `json:"partitioned"`
	// PartitionKey lists the PARTITION BY columns ("" for an expression);
	// empty for a table that is not partitioned.
	PartitionKey []string `json:"partition_key"`
	// PartitionOf is the parent table of CREATE TABLE ... PARTITION OF.
	PartitionOf *Relation `json:"partition_of"`
	// AsQuery is true for CREATE TABLE ... AS / SELECT INTO.
	AsQuery bool `json:"as_query"`
}

// ConstraintAction details add_constraint (Constraint), validate_constraint and
// drop_constraint (ConstraintName).
type ConstraintAction struct {
	Constraint     *Constraint `json:"constraint"`
	ConstraintName string      `json:"constraint_name"`
	// AddedInStatement is, for validate_constraint, the index of the
	// statement of this file that added the constraint NOT VALID, null when
	// an earlier file did (or nobody knows). For validate_constraint the
	// catalog also fills Constraint with what it knows of the constraint.
	AddedInStatement *int `json:"added_in_statement"`
}

// IndexAction details create_index, drop_index, reindex and refresh_matview.
type IndexAction struct {
	Index        *Relation `json:"index"`
	Concurrently bool      `json:"concurrently"`
	Unique       bool      `json:"unique"`
	Columns      []string  `json:"columns"`
	Method       string    `json:"method"`
	Partial      bool      `json:"partial"`
	IfNotExists  bool      `json:"if_not_exists"`
	IfExists     bool      `json:"if_exists"`
	// Kind is what REINDEX targets: index | table | schema | database | system.
	Kind string `json:"kind"`
	// Only is CREATE INDEX ... ON ONLY: on a partitioned table, an index of
	// the parent alone (invalid until each partition's index is attached).
	Only bool `json:"only"`
}

// RenameAction details rename_table, rename_column, rename_index,
// rename_constraint and other renames.
type RenameAction struct {
	ObjectType string `json:"object_type"`
	OldName    string `json:"old_name"`
	NewName    string `json:"new_name"`
}

// DropAction details drop_table, drop_index, drop_view, drop_schema,
// drop_database, ... (type "drop_" + object type) and truncate.
type DropAction struct {
	ObjectType string `json:"object_type"`
	// Object is the dropped object when it is not a table (schema, database,
	// type, function name...).
	Object   *Relation `json:"object"`
	IfExists bool      `json:"if_exists"`
	Cascade  bool      `json:"cascade"`
}

// DMLAction details update, delete and insert.
type DMLAction struct {
	HasWhere bool `json:"has_where"`
}

// SetAction details set (SET, SET LOCAL, RESET) and transaction control
// (begin, commit, rollback, savepoint, release, prepare).
type SetAction struct {
	Name  string `json:"name"`
	Value string `json:"value"`
	Local bool   `json:"local"`
	Reset bool   `json:"reset"`
}

// OtherAction details actions the parser does not model in depth: Subtype is
// the pg_query subcommand or node name (e.g. "AT_SetStatistics").
type OtherAction struct {
	Subtype string `json:"subtype"`
}

// Column is a column definition (CREATE TABLE column, ADD COLUMN).
type Column struct {
	Name       string   `json:"name"`
	Type       TypeName `json:"type"`
	NotNull    bool     `json:"not_null"`
	HasDefault bool     `json:"has_default"`
	// Default is the default expression's SQL text, nil when none.
	Default *string `json:"default"`
	// DefaultVolatility is immutable | stable | volatile, nil without default:
	// built-in functions as the server's pg_proc says (functions.tsv),
	// others as their CREATE FUNCTION in the schema history declares, and
	// volatile (the server's default) when the history does not know them.
	DefaultVolatility *string `json:"default_volatility"`
	// DefaultFunctions are the functions the default calls that are not
	// built into PostgreSQL or a common extension: user functions, whose
	// volatility the catalog reads from the history.
	DefaultFunctions []FunctionRef `json:"default_functions"`
	// Generated is "stored" for GENERATED ALWAYS AS (...) STORED, else nil.
	Generated *string `json:"generated"`
	// Identity is "always" or "by_default", else nil.
	Identity *string `json:"identity"`
	// Collation is the column's COLLATE clause, "" for the type's default.
	Collation string `json:"collation"`
	// DomainConstraints is true when the column's type is a domain with
	// CHECK or NOT NULL constraints (from the schema history): adding such
	// a column checks every row, which rewrites the table.
	DomainConstraints bool `json:"domain_constraints"`
	// Serial is the serial pseudo-type used (smallserial|serial|bigserial),
	// else nil.
	Serial     *string     `json:"serial"`
	PrimaryKey bool        `json:"primary_key"`
	Unique     bool        `json:"unique"`
	References *References `json:"references"`
	Span       Span        `json:"span"`
}

// TypeName is a column type. Name is canonical (pg_catalog prefix removed,
// aliases resolved: integer -> int4, character varying -> varchar,
// timestamp with time zone -> timestamptz, char -> bpchar); Mods are the type
// modifiers (varchar(255) -> [255]); Text is the type as written.
type TypeName struct {
	Schema string `json:"schema"`
	Name   string `json:"name"`
	Mods   []int  `json:"mods"`
	Array  bool   `json:"array"`
	Text   string `json:"text"`
}

// Constraint is a table or column constraint.
type Constraint struct {
	Name string `json:"name"`
	// Type is primary_key | unique | foreign_key | check | exclusion |
	// not_null.
	Type     string   `json:"type"`
	NotValid bool     `json:"not_valid"`
	Columns  []string `json:"columns"`
	// UsingIndex is the index name of ADD ... USING INDEX, "" when none.
	UsingIndex string      `json:"using_index"`
	References *References `json:"references"`
	// Expression is the CHECK expression's SQL text.
	Expression string `json:"expression"`
	Deferrable bool   `json:"deferrable"`
	Span       Span   `json:"span"`
}

// References is the target of a foreign key.
type References struct {
	Table    Relation `json:"table"`
	Columns  []string `json:"columns"`
	OnDelete string   `json:"on_delete"` // no_action | restrict | cascade | set_null | set_default
	OnUpdate string   `json:"on_update"`
}

// LongIdentifier is an identifier longer than 63 bytes (NAMEDATALEN - 1),
// which PostgreSQL silently truncates.
type LongIdentifier struct {
	// Name is the identifier as written (unquoted ones folded to lower
	// case), Truncated what PostgreSQL keeps of it, Bytes the length of Name.
	Name      string `json:"name"`
	Truncated string `json:"truncated"`
	Bytes     int    `json:"bytes"`
	// Statement is the index of the statement holding it.
	Statement int  `json:"statement"`
	Span      Span `json:"span"`
}

// Objects lists what the file creates, drops and renames, as qualified names
// ("public.users", "public.users.email" for columns).
type Objects struct {
	Created []string `json:"created"`
	Dropped []string `json:"dropped"`
	Renamed []string `json:"renamed"`
}

// PartitionAction details attach_partition and detach_partition: Table is the
// partitioned (parent) table, Partition the partition attached or detached.
type PartitionAction struct {
	Partition *Relation `json:"partition"`
	// Bound is ATTACH PARTITION's FOR VALUES clause; nil for DETACH.
	Bound *PartitionBound `json:"bound"`
	// BoundCheck is the CHECK expression that proves the bound, as
	// ATTACH PARTITION needs to skip its scan ("k IS NOT NULL AND k >= 1
	// AND k < 10"); "" when the partition key is not known (the parent is
	// not in the schema history) or the bound has no such form.
	BoundCheck string `json:"bound_check"`
	// DetachConcurrently is DETACH PARTITION ... CONCURRENTLY (14+).
	DetachConcurrently bool `json:"detach_concurrently"`
}

// PartitionBound is a partition's FOR VALUES clause: the strategy (range,
// list, hash, default) and the bound values as SQL constants (MINVALUE and
// MAXVALUE as written).
type PartitionBound struct {
	Strategy string   `json:"strategy"`
	From     []string `json:"from"`
	To       []string `json:"to"`
	In       []string `json:"in"`
}

// StorageAction details set_storage (ALTER TABLE SET/RESET (storage
// parameters)): each option as "name=value", or "name" for RESET.
type StorageAction struct {
	StorageOptions []string `json:"storage_options"`
}

// TriggerAction details create_trigger, enable_trigger and disable_trigger.
// TriggerName is "ALL" or "USER" for ENABLE/DISABLE TRIGGER ALL/USER.
type TriggerAction struct {
	TriggerName string `json:"trigger_name"`
}

// EnumAction details add_enum_value.
type EnumAction struct {
	EnumType  *Relation `json:"enum_type"`
	EnumValue string    `json:"enum_value"`
	// EnumValues lists the values of CREATE TYPE ... AS ENUM (create_type);
	// empty for add_enum_value.
	EnumValues []string `json:"enum_values"`
}

// CreateObjectAction details create_<kind> of objects that are not tables
// (type, schema, extension, sequence, view...): the created object.
type CreateObjectAction struct {
	CreatedObject *Relation `json:"created_object"`
}

// FunctionAction details create_function (CREATE [OR REPLACE] FUNCTION and
// PROCEDURE).
type FunctionAction struct {
	Function  *Relation `json:"function"`
	Procedure bool      `json:"procedure"`
	OrReplace bool      `json:"or_replace"`
	Language  string    `json:"language"`
	// Volatility is the function's declared volatility (immutable | stable
	// | volatile; volatile when not declared, as the server does); "" for
	// alter_function unless the statement changes it, and for do.
	Volatility string `json:"volatility"`
	// MinArgs and MaxArgs are how many arguments a call may pass (inputs
	// without a default, all inputs; MaxArgs -1 for VARIADIC), so a call
	// finds its overload.
	MinArgs int `json:"min_args"`
	MaxArgs int `json:"max_args"`
	// SecurityDefiner is SECURITY DEFINER; SetsSearchPath tells whether the
	// function pins its own search_path (SET search_path = ...), which a
	// SECURITY DEFINER function needs.
	SecurityDefiner bool `json:"security_definer"`
	SetsSearchPath  bool `json:"sets_search_path"`
	// DynamicSQL lists the dynamic queries (EXECUTE, FOR ... IN EXECUTE,
	// RETURN QUERY EXECUTE, OPEN ... FOR EXECUTE) of a PL/pgSQL body, in
	// body order; empty for other languages. DO blocks (action "do") carry
	// it too.
	DynamicSQL []DynamicSQL `json:"dynamic_sql"`
	// BodyError is why the PL/pgSQL body could not be read (pg_query
	// compiles it: "cannot use RETURN QUERY in a non-SETOF function"); ""
	// when it was read or needs no reading.
	BodyError string `json:"body_error"`
}

// DynamicSQL is one dynamic query of a PL/pgSQL body.
type DynamicSQL struct {
	// Span covers the EXECUTE keyword and the query expression in the file
	// (the statement's span when the body literal cannot be mapped, e.g.
	// E'...' strings).
	Span Span `json:"span"`
	// Text is the query expression as written: 'DROP TABLE ' || tbl.
	Text string `json:"text"`
	// Concatenated is true when the query is built from values: ||,
	// concat(), format() with %s, or a variable assigned such a string.
	Concatenated bool `json:"concatenated"`
	// UsesQuoting is true when quote_ident, quote_literal, quote_nullable,
	// format's %I/%L or a reg* cast quotes some value.
	UsesQuoting bool `json:"uses_quoting"`
	// Unquoted names the values interpolated without quoting (variables,
	// $n, function calls); values of numeric, boolean, uuid or date type
	// are not listed.
	Unquoted []string `json:"unquoted"`
	// Via is the variable executed (EXECUTE q) when the concatenation
	// happened in an assignment to it; "" otherwise.
	Via string `json:"via"`
}

// GrantAction details grant and revoke.
type GrantAction struct {
	// Privileges are lower-case privilege names; ["all"] for ALL [PRIVILEGES].
	Privileges []string `json:"privileges"`
	// TargetType is the kind of object granted on: table, schema, function,
	// sequence...
	TargetType string `json:"target_type"`
	// AllInSchema is GRANT ... ON ALL TABLES IN SCHEMA; Targets then holds
	// the schemas. DefaultPrivileges is ALTER DEFAULT PRIVILEGES.
	AllInSchema       bool `json:"all_in_schema"`
	DefaultPrivileges bool `json:"default_privileges"`
	// Targets are the objects' qualified names.
	Targets []string `json:"targets"`
	// Grantees are role names; "PUBLIC" for the PUBLIC pseudo-role.
	Grantees        []string `json:"grantees"`
	WithGrantOption bool     `json:"with_grant_option"`
}

// CommentAction details comment (COMMENT ON): what is commented, so a
// policy can require documentation (a PII column's comment) in the same
// migration. Action.Table is the table of a table or column comment.
type CommentAction struct {
	// ObjectType is the commented object's kind, lower case: table, column,
	// index, view, function, schema, ...
	ObjectType string `json:"object_type"`
	// CommentedColumn is the commented column, "" for other objects. (Named
	// apart from ColumnAction.ColumnName so a.ColumnName stays unambiguous.)
	CommentedColumn string `json:"column_name"`
	// Removed is true for COMMENT ... IS NULL, which deletes the comment.
	Removed bool `json:"removed"`
}

// RoleAction details create_role and alter_role (also CREATE/ALTER USER and
// GROUP). The action span points at the PASSWORD clause when there is one.
type RoleAction struct {
	Role string `json:"role"`
	// PasswordLiteral is true when the statement carries a password (or
	// password hash) as a literal.
	PasswordLiteral bool `json:"password_literal"`
	Superuser       bool `json:"superuser"`
	Bypassrls       bool `json:"bypassrls"`
	Createrole      bool `json:"createrole"`
	Createdb        bool `json:"createdb"`
	Login           bool `json:"login"`
}

// PushCommand is a command that changes the schema without a migration.
type PushCommand struct {
	Text string `json:"text"`
	Span Span   `json:"span"`
	// Script is the package.json script the command is part of, "" outside
	// package.json.
	Script string `json:"script"`
	// Via is set when the command runs a package script that pushes (npm
	// run db:push): the script and the push command it runs.
	Via *ScriptRef `json:"via"`
	// RunBy are the CI workflow steps that run Script, directly or through
	// other scripts; empty when no workflow does (a development-only
	// script). Filled by the lint stage.
	RunBy []ScriptCaller `json:"run_by"`
}

// DomainAction details create_domain (its Constraints) and
// add_domain_constraint (the Domain; the constraint is ConstraintAction's).
type DomainAction struct {
	Domain      *Relation    `json:"domain"`
	Constraints []Constraint `json:"constraints"`
}
