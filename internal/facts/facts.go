// Package facts is the one place that builds the document a policy sees
// (input in Rego): each migration file's parser facts, annotated by the
// schema catalog folded from the files before it, with the live database's
// facts, the expand/contract history of its change and what its directory
// says of it (ddlgate.sum, duplicate versions, drizzle's journal), for one
// target (PostgreSQL version, runner, default schema).
//
// lint, apply, the phase commands and the ddlgate.parse_sql test builtin all
// build documents here, so a fact means the same thing wherever a policy
// reads it. Defaults of the target are applied once, in Target.resolve.
//
// A Builder folds the files in order and can stop and resume: its State
// after any file encodes to bytes (versioned, deterministic) and a later
// Builder resumes from it without reading the earlier files again, which is
// what a cache of per-file results keyed by content hashes needs.
package facts

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/ddlgate/ddlgate/internal/catalog"
	"github.com/ddlgate/ddlgate/internal/dbfacts"
	"github.com/ddlgate/ddlgate/internal/migrations"
	"github.com/ddlgate/ddlgate/internal/phase"
	"github.com/ddlgate/ddlgate/parser"
)

// Document is the facts document of one migration file: the input of every
// policy. JSON keys are snake_case and never omitted (a missing key makes a
// Rego comparison silently undefined); docs/facts.schema.json types every
// one of them.
type Document struct {
	// Parsed is what the parser read in the file, with the directory facts
	// (file.checksum, file.duplicate_versions, file.in_journal) filled by
	// the builder. Its fields are promoted: d.Statements, d.File.Path.
	*Parsed
	// Catalog is the schema the earlier migrations built, restricted to the
	// tables and enums the file names; nil only for project files.
	Catalog *catalog.Snapshot
	// DB is the target database's facts (live, or from a snapshot file),
	// restricted to the tables the file names; nil unless the target has
	// a database.
	DB *dbfacts.Facts
	// History is the expand/contract ledger of the file's change, nil when
	// the file declares no phase.
	History *phase.History
}

// Parsed is the parser's part of a document. The alias names the embedded
// field of Document, so that d.File is the file section, as in the JSON.
type Parsed = parser.File

// documentJSON lays a Document out as policies read it: the parser's keys,
// then catalog, db and history, and the raw AST last (shadowing the
// parser's own ast key, so it is written once).
type documentJSON struct {
	*parser.File
	Catalog *catalog.Snapshot `json:"catalog"`
	DB      *dbfacts.Facts    `json:"db"`
	History *phase.History    `json:"history"`
	AST     any               `json:"ast"`
}

// MarshalJSON writes the document as `ddlgate facts` prints it.
func (d *Document) MarshalJSON() ([]byte, error) {
	return json.Marshal(jsonValue(d))
}

// JSONType is the Go type whose JSON fields are the document's keys, for
// deriving the JSON Schema of the document by reflection.
func JSONType() any { return documentJSON{} }

// jsonValue is d as the struct its JSON encoding and JSONType follow.
func jsonValue(d *Document) any {
	return documentJSON{File: d.Parsed, Catalog: d.Catalog, DB: d.DB, History: d.History, AST: d.AST}
}

// Target is what the migrations are judged against and how they are read.
// The zero value is valid: every field has a default.
type Target struct {
	// PGVersion is the major version of the server (0: parser.DefaultPGVersion);
	// PGVersionNum the full number as server_version_num (0: PGVersion*10000).
	PGVersion, PGVersionNum int
	// DefaultSchema qualifies unqualified names ("": parser.DefaultSchema).
	DefaultSchema string
	// Runner is the tool that applies the files ("": each format's own).
	Runner string
	// TransactionMode overrides the runner's transaction mode for every
	// file ("" keeps it): for tests that judge one mode.
	TransactionMode string
	// IncludeAST adds the raw parse tree to the judged files' documents.
	IncludeAST bool
	// DB holds the target database's facts (input.db), read live or from
	// a snapshot file. When set, tables that earlier migrations create but
	// the database lacks are new and empty: a migration of the run being
	// applied (or still pending there) creates them.
	DB *dbfacts.Facts
	// Applied is what the target database applied, from ddlgate.migrations
	// (and which migrations the apply being judged runs): the phase history
	// then says whether and when each earlier phase ran. nil judges the
	// phases from the files alone.
	Applied *phase.Applied
	// Landed are the migrations already on the base branch (ddlgate ci) or
	// applied to the target database: a judged file that is not among them
	// but sorts before one of them breaks linear history
	// (file.ordered_before).
	Landed []parser.Landed
	// Now is the clock the age of applied phases is measured by, and the
	// date a next version is made of (zero: time.Now when the builder is
	// made).
	Now time.Time
	// Observe, when set, is called with each judged document (and its
	// index in Set.Migrations), in migration order, once the stage has
	// built it and before anyone judges it: what a caller observes
	// elsewhere becomes facts there (ddlgate trace runs the statements on a
	// scratch database and fills statements[].observed).
	Observe func(index int, d *Document) error
}

// resolve applies the defaults, once for every file of a run, and checks
// the runner.
func (t Target) resolve() (Target, error) {
	if t.PGVersion == 0 {
		t.PGVersion = parser.DefaultPGVersion
	}
	if t.PGVersionNum == 0 {
		t.PGVersionNum = t.PGVersion * 10000
	}
	if t.DefaultSchema == "" {
		t.DefaultSchema = parser.DefaultSchema
	}
	if t.Runner != "" {
		if _, err := migrations.ProfileFor(t.Runner); err != nil {
			return Target{}, err
		}
	}
	if t.Now.IsZero() {
		t.Now = time.Now()
	}
	return t, nil
}

// ParseOptions are the parser settings of migration m under t: the runner
// (t's, else the format's own) decides the transaction mode, unless t
// overrides it. A migration of no known format under no runner keeps an
// unknown runner, as a piece of SQL read on its own does.
func ParseOptions(m *migrations.Migration, t Target) (parser.Options, error) {
	t, err := t.resolve()
	if err != nil {
		return parser.Options{}, err
	}
	return parseOptions(m, t)
}

// parseOptions is ParseOptions for a resolved target.
func parseOptions(m *migrations.Migration, t Target) (parser.Options, error) {
	o := parser.Options{
		Path:            m.Path,
		PGVersion:       t.PGVersion,
		PGVersionNum:    t.PGVersionNum,
		DefaultSchema:   t.DefaultSchema,
		TransactionMode: t.TransactionMode,
		Format:          m.Format,
		Version:         m.Version,
		Name:            m.Name,
		Direction:       m.Direction,
	}
	runner := t.Runner
	if runner == "" && m.Format != "" {
		runner = migrations.DefaultRunner(m.Format)
	}
	if runner != "" {
		p, err := migrations.ProfileFor(runner)
		if err != nil {
			return parser.Options{}, fmt.Errorf("read %s: %w", m.Path, err)
		}
		o.Runner = p.Runner
		if o.TransactionMode == "" {
			o.TransactionMode = p.ModeFor(*m)
			o.FlywayDetect, o.FlywayMixed = p.FlywayDetection(*m)
		}
		o.RunnerProfile = p.Facts()
	} else if p, err := migrations.ProfileFor(migrations.RunnerDDLGate); err == nil {
		// The parser reads a file without a runner as ddlgate apply runs it.
		o.RunnerProfile = p.Facts()
	}
	if m.Sections != nil {
		o.Sections = make([]parser.Section, len(m.Sections))
		for i, s := range m.Sections {
			o.Sections[i] = parser.Section{Start: s.Start, End: s.End}
		}
	}
	return o, nil
}
