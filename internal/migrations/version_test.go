package migrations

import (
	"testing"
	"time"
)

func TestNextVersion(t *testing.T) {
	now := time.Date(2026, 11, 22, 9, 30, 15, 0, time.UTC)
	for _, c := range []struct {
		versions []string
		want     string
	}{
		{nil, ""},
		{[]string{"0001", "0007", "0003"}, "0008"},
		{[]string{"9", "10"}, "11"},
		{[]string{"0099"}, "0100"},
		{[]string{"20240105120000", "20240101000000"}, "20261122093015"},
		{[]string{"20991231000000"}, "20991231000001"},
		{[]string{"202401051200"}, "202611220930"},
		{[]string{"2024-01-05-120000"}, "2026-11-22-093015"},
		{[]string{"1.9", "1.10"}, "1.11"},
	} {
		if got := NextVersion(c.versions, now); got != c.want {
			t.Errorf("NextVersion(%q) = %q, want %q", c.versions, got, c.want)
		}
	}
	if CompareVersions("1.9", "1.10") >= 0 || CompareVersions("0010", "9") <= 0 {
		t.Error("CompareVersions does not order naturally")
	}
}
