package parser

import "testing"

// TestFlywayDetection follows Flyway's PostgreSQL parser: the statements it
// runs outside a transaction, the scripts it then runs without one, and the
// scripts it refuses for mixing them with others.
func TestFlywayDetection(t *testing.T) {
	for _, tc := range []struct {
		name, sql string
		pg        int
		mixed     bool
		mode      string
		refused   *MixedTransaction
	}{
		{name: "plain DDL stays wrapped", sql: "CREATE TABLE t (id int);\nCREATE INDEX i ON t (id);", mode: txWrapped},
		{name: "concurrent index builds", sql: "CREATE UNIQUE INDEX CONCURRENTLY i ON t (id);\nDROP INDEX CONCURRENTLY IF EXISTS j;", mode: txNone},
		{name: "vacuum", sql: "VACUUM (ANALYZE) t;", mode: txNone},
		{name: "analyze is transactional", sql: "ANALYZE t;", mode: txWrapped},
		{name: "reindex schema", sql: "REINDEX (VERBOSE) SCHEMA CONCURRENTLY app;", mode: txNone},
		{name: "reindex index concurrently is not detected", sql: "REINDEX INDEX CONCURRENTLY i;", mode: txWrapped},
		{name: "detach concurrently is not detected", sql: "ALTER TABLE p DETACH PARTITION p1 CONCURRENTLY;", mode: txWrapped},
		{name: "databases, tablespaces, subscriptions, system", mode: txNone, sql: "CREATE DATABASE d;\nDROP DATABASE d;\n" +
			"CREATE TABLESPACE ts LOCATION '/x';\nDROP TABLESPACE ts;\nDROP SUBSCRIPTION s;\nALTER SYSTEM SET work_mem = '64MB';\nDISCARD ALL;"},
		{name: "discard plans is transactional", sql: "DISCARD PLANS;", mode: txWrapped},
		{name: "enum value before 12", sql: "ALTER TYPE mood ADD VALUE 'meh';", pg: 11, mode: txNone},
		{name: "enum value from 12", sql: "ALTER TYPE mood ADD VALUE 'meh';", pg: 12, mode: txWrapped},
		{name: "enum rename is transactional", sql: "ALTER TYPE mood RENAME VALUE 'a' TO 'b';", pg: 11, mode: txWrapped},
		{name: "a DO block's statements are the block's", sql: "DO $$BEGIN EXECUTE 'VACUUM t'; END$$;", mode: txWrapped},
		{name: "mixed is refused", sql: "SET lock_timeout = '1s';\nSELECT 1;\nCREATE INDEX CONCURRENTLY i ON t (id);", mode: txWrapped,
			refused: &MixedTransaction{NonTransactional: 2, Transactional: 0}},
		{name: "mixed allowed runs outside", sql: "CREATE TABLE t (id int);\nCREATE INDEX CONCURRENTLY i ON t (id);", mixed: true, mode: txNone},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := Parse([]byte(tc.sql), Options{Runner: "flyway", PGVersion: tc.pg, FlywayDetect: true, FlywayMixed: tc.mixed})
			if len(f.ParseErrors) > 0 {
				t.Fatalf("parse errors: %+v", f.ParseErrors)
			}
			if f.File.TransactionMode != tc.mode {
				t.Errorf("transaction_mode = %s, want %s", f.File.TransactionMode, tc.mode)
			}
			switch got := f.File.MixedTransaction; {
			case (got == nil) != (tc.refused == nil):
				t.Errorf("mixed_transaction = %+v, want %+v", got, tc.refused)
			case got != nil && *got != *tc.refused:
				t.Errorf("mixed_transaction = %+v, want %+v", *got, *tc.refused)
			}
			if want := tc.mode == txWrapped; f.Statements[0].Transaction.InTransaction != want {
				t.Errorf("first statement in_transaction = %v, want %v", f.Statements[0].Transaction.InTransaction, want)
			}
		})
	}

	// Without FlywayDetect (another runner, or a script whose configuration
	// decides), nothing changes.
	f := Parse([]byte("CREATE INDEX CONCURRENTLY i ON t (id);"), Options{Runner: "flyway"})
	if f.File.TransactionMode != txWrapped || f.File.MixedTransaction != nil {
		t.Errorf("without detection: mode %s, mixed %+v", f.File.TransactionMode, f.File.MixedTransaction)
	}
}
