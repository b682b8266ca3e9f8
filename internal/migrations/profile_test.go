package migrations

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestProfileFor(t *testing.T) {
	tests := []struct {
		runner, wantRunner, mode string
		shared                   bool
	}{
		{"ddlgate", "ddlgate", ModeWrapped, false},
		{"drizzle", "drizzle", ModeWrapped, true},
		{"prisma", "prisma", ModeImplicit, false},
		{"golang-migrate", "golang-migrate", ModeImplicit, false},
		{"goose", "goose", ModeWrapped, false},
		{"dbmate", "dbmate", ModeWrapped, false},
		{"flyway", "flyway", ModeWrapped, false},
		{"diesel", "diesel", ModeWrapped, false},
		{"supabase", "supabase", ModeWrapped, false},
		{"atlas", "atlas", ModeWrapped, false},
		{"psql", "psql", ModeNone, false},
		{"none", "psql", ModeNone, false},
	}
	for _, tt := range tests {
		p, err := ProfileFor(tt.runner)
		if err != nil {
			t.Fatalf("ProfileFor(%s): %v", tt.runner, err)
		}
		if p.Runner != tt.wantRunner || p.TransactionMode != tt.mode || p.SharedTransaction != tt.shared {
			t.Errorf("ProfileFor(%s) = %+v, want runner %s mode %s shared %v", tt.runner, p, tt.wantRunner, tt.mode, tt.shared)
		}
	}
}

func TestProfileForUnknownRunnerListsValidOnes(t *testing.T) {
	_, err := ProfileFor("liquibase")
	if err == nil {
		t.Fatal("want an error for an unknown runner")
	}
	for _, name := range []string{"liquibase", "ddlgate", "goose", "psql", "none"} {
		if !strings.Contains(err.Error(), name) {
			t.Errorf("error %q does not mention %s", err, name)
		}
	}
}

func TestModeFor(t *testing.T) {
	goose, _ := ProfileFor("goose")
	prisma, _ := ProfileFor("prisma")
	ddlgate, _ := ProfileFor("ddlgate")
	optedOut := Migration{NoTransaction: true, Src: []byte("CREATE INDEX CONCURRENTLY i ON t (c);")}
	plain := Migration{Src: []byte("CREATE INDEX i ON t (c);")}
	directive := Migration{Src: []byte("-- ddlgate:no-transaction\nCREATE INDEX CONCURRENTLY i ON t (c);")}
	tests := []struct {
		name    string
		profile Profile
		m       Migration
		want    string
	}{
		{"goose default", goose, plain, ModeWrapped},
		{"goose NO TRANSACTION", goose, optedOut, ModeNone},
		{"prisma default", prisma, plain, ModeImplicit},
		{"ddlgate directive", ddlgate, directive, ModeNone},
		{"ddlgate directive ignored by goose", goose, directive, ModeWrapped},
		{"ddlgate default", ddlgate, plain, ModeWrapped},
	}
	for _, tt := range tests {
		if got := tt.profile.ModeFor(tt.m); got != tt.want {
			t.Errorf("%s: ModeFor = %s, want %s", tt.name, got, tt.want)
		}
	}
}

func TestDefaultRunnerOfEveryFormatHasAProfile(t *testing.T) {
	want := map[string]string{
		FormatPlain: "psql", FormatDrizzle: "drizzle", FormatPrisma: "prisma",
		FormatGolangMigrate: "golang-migrate", FormatGoose: "goose", FormatDbmate: "dbmate",
		FormatFlyway: "flyway", FormatDiesel: "diesel", FormatSupabase: "supabase", FormatAtlas: "atlas",
	}
	for _, format := range Formats() {
		runner := DefaultRunner(format)
		if runner != want[format] {
			t.Errorf("DefaultRunner(%s) = %s, want %s", format, runner, want[format])
		}
		if _, err := ProfileFor(runner); err != nil {
			t.Errorf("DefaultRunner(%s) = %s has no profile: %v", format, runner, err)
		}
	}
}

// TestEveryRunnerSaysHowToLeaveItsTransaction checks that each profile
// carries advice, and that the advice names the runner's opt-out when it
// has one.
func TestEveryRunnerSaysHowToLeaveItsTransaction(t *testing.T) {
	for _, runner := range Runners() {
		p, _ := ProfileFor(runner)
		nt := p.Facts().NoTransaction
		if nt.How == "" {
			t.Errorf("%s: no advice on running a statement outside its transaction", runner)
		}
		if !strings.Contains(nt.How, nt.Directive) {
			t.Errorf("%s: advice %q does not name the opt-out %q", runner, nt.How, nt.Directive)
		}
	}
}

// TestAdvisedOptOutIsHonoured follows each runner's advice, a migration of
// its own that opts out with the profile's directive, and checks that
// discovery reads it as running outside a transaction: the help never
// advises what ddlgate itself would not understand.
func TestAdvisedOptOutIsHonoured(t *testing.T) {
	const stmt = "CREATE INDEX CONCURRENTLY orders_user_idx ON orders (user_id);\n"
	tests := []struct {
		runner, format string
		files          func(directive string) map[string]string
		migration      string
	}{
		{"ddlgate", FormatPlain, func(d string) map[string]string {
			return map[string]string{"0002_index.sql": d + "\n" + stmt}
		}, "0002_index.sql"},
		{"goose", FormatGoose, func(d string) map[string]string {
			return map[string]string{"00002_index.sql": d + "\n-- +goose Up\n" + stmt + "-- +goose Down\nDROP INDEX orders_user_idx;\n"}
		}, "00002_index.sql"},
		{"dbmate", FormatDbmate, func(d string) map[string]string {
			return map[string]string{"20240102000000_index.sql": d + "\n" + stmt + "-- migrate:down\nDROP INDEX orders_user_idx;\n"}
		}, "20240102000000_index.sql"},
		{"atlas", FormatAtlas, func(d string) map[string]string {
			return map[string]string{"20240102000000_index.sql": d + "\n\n" + stmt}
		}, "20240102000000_index.sql"},
		{"flyway", FormatFlyway, func(d string) map[string]string {
			return map[string]string{"V2__index.sql": stmt, "V2__index.sql.conf": d + "\n"}
		}, "V2__index.sql"},
		{"diesel", FormatDiesel, func(d string) map[string]string {
			return map[string]string{
				"2024-01-02-000000_index/up.sql":        stmt,
				"2024-01-02-000000_index/down.sql":      "DROP INDEX orders_user_idx;\n",
				"2024-01-02-000000_index/metadata.toml": d + "\n",
			}
		}, "2024-01-02-000000_index/up.sql"},
	}
	tested := map[string]bool{}
	for _, tt := range tests {
		tested[tt.runner] = true
		p, err := ProfileFor(tt.runner)
		if err != nil {
			t.Fatal(err)
		}
		dir := t.TempDir()
		for name, content := range tt.files(p.NoTransaction.Directive) {
			path := filepath.Join(dir, filepath.FromSlash(name))
			if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		ms, err := Discover([]string{dir}, Options{Format: tt.format})
		if err != nil {
			t.Fatalf("%s: %v", tt.runner, err)
		}
		found := false
		for _, m := range ms {
			if filepath.ToSlash(m.Path) == filepath.ToSlash(filepath.Join(dir, tt.migration)) {
				found = true
				if got := p.ModeFor(m); got != ModeNone {
					t.Errorf("%s: a migration opted out with %q runs %s, want %s", tt.runner, p.NoTransaction.Directive, got, ModeNone)
				}
			}
		}
		if !found {
			t.Errorf("%s: %s not discovered in %v", tt.runner, tt.migration, ms)
		}
	}
	for _, runner := range Runners() {
		if p, _ := ProfileFor(runner); p.NoTransaction.Directive != "" && !tested[p.Runner] {
			t.Errorf("%s advises %q but no case follows that advice", runner, p.NoTransaction.Directive)
		}
	}
}
