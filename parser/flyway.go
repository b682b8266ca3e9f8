package parser

import pg_query "github.com/pganalyze/pg_query_go/v5"

// flywayClass is how Flyway's PostgreSQL parser classes a statement: one it
// can run inside a transaction, or one it runs outside any.
type flywayClass uint8

const (
	flywayTransactional flywayClass = iota
	// flywayOutside: Flyway runs the statement outside a transaction.
	flywayOutside
	// flywayOutsideBefore12: ALTER TYPE ... ADD VALUE, outside a
	// transaction on servers before PostgreSQL 12 only.
	flywayOutsideBefore12
)

// classifyFlyway classes a statement as Flyway's PostgreSQLParser
// (flyway-database-postgresql, detectCanExecuteInTransaction) does. Flyway
// matches the statement's first keywords, outside parentheses, against:
//
//	^(CREATE|DROP) (DATABASE|TABLESPACE|SUBSCRIPTION)
//	^ALTER SYSTEM
//	^(CREATE|DROP)( UNIQUE)? INDEX CONCURRENTLY
//	^REINDEX( VERBOSE)? (SCHEMA|DATABASE|SYSTEM)
//	^VACUUM
//	^DISCARD ALL
//	^ALTER TYPE( .*)? ADD VALUE   (when the server is older than 12)
//
// The AST says the same without the keyword matching. What the list lacks
// Flyway runs in the script's transaction even where PostgreSQL refuses it
// there: REINDEX INDEX|TABLE ... CONCURRENTLY and ALTER TABLE ... DETACH
// PARTITION ... CONCURRENTLY are not detected, so they fail under Flyway
// unless the script's configuration turns the transaction off.
func classifyFlyway(raw *pg_query.RawStmt) flywayClass {
	switch n := raw.GetStmt().GetNode().(type) {
	case *pg_query.Node_CreatedbStmt, *pg_query.Node_DropdbStmt,
		*pg_query.Node_CreateTableSpaceStmt, *pg_query.Node_DropTableSpaceStmt,
		*pg_query.Node_CreateSubscriptionStmt, *pg_query.Node_DropSubscriptionStmt,
		*pg_query.Node_AlterSystemStmt:
		return flywayOutside
	case *pg_query.Node_IndexStmt:
		if n.IndexStmt.Concurrent {
			return flywayOutside
		}
	case *pg_query.Node_DropStmt:
		if n.DropStmt.Concurrent && n.DropStmt.RemoveType == pg_query.ObjectType_OBJECT_INDEX {
			return flywayOutside
		}
	case *pg_query.Node_ReindexStmt:
		switch n.ReindexStmt.Kind {
		case pg_query.ReindexObjectType_REINDEX_OBJECT_SCHEMA, pg_query.ReindexObjectType_REINDEX_OBJECT_DATABASE,
			pg_query.ReindexObjectType_REINDEX_OBJECT_SYSTEM:
			return flywayOutside
		}
	case *pg_query.Node_VacuumStmt:
		if n.VacuumStmt.IsVacuumcmd {
			return flywayOutside
		}
	case *pg_query.Node_DiscardStmt:
		if n.DiscardStmt.Target == pg_query.DiscardMode_DISCARD_ALL {
			return flywayOutside
		}
	case *pg_query.Node_AlterEnumStmt:
		if n.AlterEnumStmt.OldVal == "" {
			return flywayOutsideBefore12
		}
	}
	return flywayTransactional
}

// outside tells whether Flyway runs a statement of this class outside a
// transaction on a server of major version pgVersion.
func (c flywayClass) outside(pgVersion int) bool {
	return c == flywayOutside || (c == flywayOutsideBefore12 && pgVersion < 12)
}

// applyFlywayDetection settles the transaction mode of a Flyway script
// that leaves its transaction to Flyway (Options.FlywayDetect), as Flyway's
// ParserSqlScript does: a script holding a statement Flyway runs outside a
// transaction runs without one when all of its statements are such, or when
// mixed is allowed; a script mixing them with statements that run in a
// transaction is refused (File.MixedTransaction) and keeps its wrapped mode.
// Statements a DO block runs are part of it, not statements of the script.
func applyFlywayDetection(f *File, controls map[int]control, opts Options) {
	outside, inside := -1, -1
	for i := range f.Statements {
		if f.Statements[i].Parent >= 0 {
			continue
		}
		if controls[i].flyway.outside(opts.PGVersion) {
			if outside < 0 {
				outside = i
			}
		} else if inside < 0 {
			inside = i
		}
	}
	switch {
	case outside < 0:
		return
	case inside < 0 || opts.FlywayMixed:
		f.File.TransactionMode = txNone
	default:
		f.File.MixedTransaction = &MixedTransaction{NonTransactional: outside, Transactional: inside}
	}
}
