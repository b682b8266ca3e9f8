package parser

import "testing"

func TestParseDurationMS(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int64
		ok   bool
	}{
		{"5000", 5000, true}, {"5s", 5000, true}, {"5 s", 5000, true}, {"1.5s", 1500, true},
		{"2min", 120000, true}, {"1h", 3600000, true}, {"1d", 86400000, true},
		{"250ms", 250, true}, {"1500us", 2, true}, {"0", 0, true},
		{"soon", 0, false}, {"5 fortnights", 0, false}, {"", 0, false}, {"-1s", 0, false},
	} {
		got, ok := parseDurationMS(tc.in)
		if got != tc.want || ok != tc.ok {
			t.Errorf("parseDurationMS(%q) = %d, %v; want %d, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

func TestRunnerTransactionModes(t *testing.T) {
	src := []byte("CREATE INDEX CONCURRENTLY i ON t (c);\nSELECT 1;")
	for runner, want := range map[string]bool{
		"ddlgate": true, "drizzle": true, "goose": true, "dbmate": true, "flyway": true, "atlas": true,
		"prisma": true, "golang-migrate": true, "psql": false,
	} {
		f := Parse(src, Options{Runner: runner})
		if got := f.Statements[0].Transaction.InTransaction; got != want {
			t.Errorf("%s: first statement in_transaction = %v, want %v (mode %s)", runner, got, want, f.File.TransactionMode)
		}
	}
}
