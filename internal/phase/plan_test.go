package phase_test

import (
	"strings"
	"testing"
	"time"

	"github.com/ddlgate/ddlgate/internal/finding"
	"github.com/ddlgate/ddlgate/internal/migrations"
	"github.com/ddlgate/ddlgate/internal/phase"
)

// steps is a rename's plan as a rule's finding hands it over.
var steps = []finding.PlanStep{
	{Phase: "expand", Change: "rename-users-email", SQL: "-- ddlgate:phase expand change=rename-users-email\nALTER TABLE users ADD COLUMN email_address text;"},
	{Phase: "backfill", Change: "rename-users-email", NoTransaction: true, SQL: "-- ddlgate:phase backfill change=rename-users-email\n-- ddlgate:no-transaction\nUPDATE users SET email_address = email;"},
	{Phase: "contract", Change: "rename-users-email", SQL: "-- ddlgate:phase contract change=rename-users-email\nALTER TABLE users DROP COLUMN email;"},
}

func TestFilesContinueTheDirectoryNumbering(t *testing.T) {
	now := time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC)
	cases := []struct {
		format   string
		existing []migrations.Migration
		want     []string
	}{
		{migrations.FormatPlain, []migrations.Migration{{Path: "m/0009_a.sql"}, {Path: "m/0010_b.sql"}},
			[]string{"0011_rename_users_email_expand.sql", "0012_rename_users_email_backfill.sql", "0013_rename_users_email_contract.sql"}},
		{migrations.FormatPlain, nil,
			[]string{"0001_rename_users_email_expand.sql", "0002_rename_users_email_backfill.sql", "0003_rename_users_email_contract.sql"}},
		{migrations.FormatGolangMigrate, []migrations.Migration{{Version: "000041", Direction: "up"}, {Version: "000099", Direction: "down"}},
			[]string{"000042_rename_users_email_expand.up.sql", "000043_rename_users_email_backfill.up.sql", "000044_rename_users_email_contract.up.sql"}},
		{migrations.FormatGoose, []migrations.Migration{{Version: "20260101000000"}},
			[]string{"20260302093000_rename_users_email_expand.sql", "20260302093001_rename_users_email_backfill.sql", "20260302093002_rename_users_email_contract.sql"}},
		{migrations.FormatPrisma, nil,
			[]string{"20260302093000_rename_users_email_expand/migration.sql", "20260302093001_rename_users_email_backfill/migration.sql", "20260302093002_rename_users_email_contract/migration.sql"}},
		{migrations.FormatFlyway, []migrations.Migration{{Version: "7"}},
			[]string{"V8__rename_users_email_expand.sql", "V9__rename_users_email_backfill.sql", "V10__rename_users_email_contract.sql"}},
	}
	for _, c := range cases {
		files, err := phase.Files(c.format, c.existing, steps, now)
		if err != nil {
			t.Fatalf("%s: %v", c.format, err)
		}
		var got []string
		for _, f := range files {
			got = append(got, f.Path)
		}
		if strings.Join(got, " ") != strings.Join(c.want, " ") {
			t.Errorf("%s: files %q, want %q", c.format, got, c.want)
		}
	}
}

func TestGooseAndDbmateFilesRunOutsideTransactionsWhenTheStepSaysSo(t *testing.T) {
	goose, err := phase.Files(migrations.FormatGoose, nil, steps, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(goose[1].Content, "-- +goose NO TRANSACTION\n-- +goose Up\n-- +goose StatementBegin\n-- ddlgate:phase backfill") ||
		strings.Contains(goose[0].Content, "NO TRANSACTION") || !strings.HasSuffix(goose[0].Content, "-- +goose StatementEnd\n") {
		t.Errorf("goose files:\n%s\n%s", goose[0].Content, goose[1].Content)
	}
	dbmate, err := phase.Files(migrations.FormatDbmate, nil, steps, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(dbmate[1].Content, "-- migrate:up transaction:false\n") || !strings.HasPrefix(dbmate[0].Content, "-- migrate:up\n") ||
		!strings.Contains(dbmate[0].Content, "ADD COLUMN email_address text;\n\n-- migrate:down\n") {
		t.Errorf("dbmate files:\n%s\n%s", dbmate[0].Content, dbmate[1].Content)
	}
}

func TestDrizzlePlansAreNotWritten(t *testing.T) {
	if _, err := phase.Files(migrations.FormatDrizzle, nil, steps, time.Now()); err == nil || !strings.Contains(err.Error(), "drizzle-kit generate --custom") {
		t.Errorf("err = %v", err)
	}
}
