package apply

import (
	"errors"
	"strings"
	"testing"
)

func TestResolveVersion(t *testing.T) {
	cands := []candidate{
		{"0001_init.sql", "0001_init.sql"},
		{"0002_add_email.sql", "0002_add_email.sql"},
		{"2.4.1", "2.4/V2_4_1__old.sql"},
		{"2.31.2", "2.31/V2_31_2__index_b.sql"},
		{"20240101120000", "20240101120000_orders/migration.sql"},
		{"000017", "000017_users.up.sql"},
	}
	for want, key := range map[string]string{
		"0002":                      "0002_add_email.sql",
		"2":                         "0002_add_email.sql",
		"0002_add_email":            "0002_add_email.sql",
		"0002_add_email.sql":        "0002_add_email.sql",
		"2.31.2":                    "2.31.2",
		"2_31_2":                    "2.31.2",
		"V2_31_2":                   "2.31.2",
		"V2_31_2__index_b.sql":      "2.31.2",
		"2.31/V2_31_2__index_b.sql": "2.31.2",
		"20240101120000":            "20240101120000",
		"20240101120000_orders":     "20240101120000",
		"17":                        "000017",
		"000017_users":              "000017",
		"000017_users.up.sql":       "000017",
	} {
		i, err := resolveVersion("--to", want, cands, false)
		if err != nil || cands[i].key != key {
			t.Errorf("resolveVersion(%q) = %d, %v; want %s", want, i, err, key)
		}
	}

	_, err := resolveVersion("--to", "2.5", cands, false)
	var ve *VersionError
	if !errors.As(err, &ve) || ExitCode(err) != 2 || strings.Join(ve.Nearest, " ") != "0001_init.sql 2.4.1 2.31.2 0002_add_email.sql" {
		t.Errorf("unknown version: %v (nearest %q)", err, ve.Nearest)
	}
	_, err = resolveVersion("--to", "1", append(cands, candidate{"0001_again.sql", "0001_again.sql"}), false)
	if !errors.As(err, &ve) || len(ve.Ambiguous) != 2 || !strings.Contains(err.Error(), "matches 2 migrations (0001_init.sql, 0001_again.sql)") {
		t.Errorf("ambiguous version: %v", err)
	}
}
