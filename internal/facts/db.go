package facts

import (
	"crypto/sha256"
	"encoding/hex"
	"regexp"
	"time"

	"github.com/ddlgate/ddlgate/internal/catalog"
	"github.com/ddlgate/ddlgate/internal/dbfacts"
	"github.com/ddlgate/ddlgate/parser"
)

// dbFor is the part of the target database's facts that document f carries:
// the server version and the tables f names (locked, acted on, referenced
// by a foreign key, attached as a partition, or known to the catalog
// snapshot, which adds the tables owning the indexes f names). Rules judge
// the tables a file touches, so they get the same answers as from the whole
// database, while a database of thousands of tables is not converted for
// every file, and a document's facts do not change when an unrelated table
// grows.
func dbFor(db *dbfacts.Facts, f *parser.File, snapshot *catalog.Snapshot) *dbfacts.Facts {
	if db == nil {
		return nil
	}
	out := &dbfacts.Facts{ServerVersion: db.ServerVersion, ServerVersionNum: db.ServerVersionNum, Tables: map[string]dbfacts.Table{}}
	for r := range f.NamedTables() {
		key := r.Schema + "." + r.Name
		if t, ok := db.Tables[key]; ok {
			out.Tables[key] = t
		}
	}
	if snapshot != nil {
		for key := range snapshot.Tables {
			if t, ok := db.Tables[key]; ok {
				out.Tables[key] = t
			}
		}
	}
	return out
}

// takenAtLine finds the line of a snapshot's taken_at key, as
// dbsnapshot.Snapshot.Write lays it out, from the key to the end of its
// line.
var takenAtLine = regexp.MustCompile(`(?m)^\s*("taken_at"\s*:[^\n]*)`)

// SnapshotFile is a database snapshot file (ddlgate db snapshot) a lint run
// read its database facts from.
type SnapshotFile struct {
	// Path is the file as shown in findings; Src its bytes.
	Path string
	Src  []byte
	// Database is the database it was taken of, password masked; TakenAt
	// when.
	Database string
	TakenAt  time.Time
	// DB holds the facts it carries.
	DB *dbfacts.Facts
}

// SnapshotDocument is the document of the snapshot file s judged on its
// own, once per run (require-fresh-db-snapshot): a project file of kind
// db_snapshot, whose project.db_snapshot says what it is of and how old it
// is at t.Now, and whose db is the snapshot's facts. stated, when not nil,
// gives project.db_snapshot instead (ddlgate.parse_sql); its span is found
// in Src either way. The age is kept out of the migrations' documents, so
// that their facts do not change with the clock.
func SnapshotDocument(s SnapshotFile, t Target, stated *parser.DBSnapshot) (*Document, error) {
	t, err := t.resolve()
	if err != nil {
		return nil, err
	}
	d := projectDocument(s.Path, nil, t)
	f := d.Parsed
	sum := sha256.Sum256(s.Src)
	f.File.SHA256 = hex.EncodeToString(sum[:])
	f.Project.Kind = parser.ProjectDBSnapshot
	info := parser.DBSnapshot{Database: s.Database, TakenAt: s.TakenAt.UTC().Format(time.RFC3339)}
	if age := t.Now.Sub(s.TakenAt); age > 0 {
		info.AgeSeconds = int64(age / time.Second)
	}
	if stated != nil {
		info = *stated
	}
	info.Span = parser.SpanIn(s.Src, 0, 0)
	if m := takenAtLine.FindSubmatchIndex(s.Src); m != nil {
		info.Span = parser.SpanIn(s.Src, m[2], m[3])
	}
	f.Project.DBSnapshot = &info
	d.DB = s.DB
	return d, nil
}
