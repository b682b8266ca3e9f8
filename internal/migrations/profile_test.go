package migrations

import (
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
