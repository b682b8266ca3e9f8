package migrations

import (
	"math/big"
	"path/filepath"
	"strings"
	"time"
)

// Timestamp layouts of the formats whose versions are dates.
const (
	timestampLayout       = "20060102150405"
	shortTimestampLayout  = "200601021504"
	dieselTimestampLayout = "2006-01-02-150405"
)

// NextVersion returns a version that sorts after every one of versions, in
// their style: the current time for timestamp versions (one more than the
// latest when the clock is behind it), the next number with the same zero
// padding for sequential ones, the next last component for flyway's dotted
// ones. "" when versions is empty.
func NextVersion(versions []string, now time.Time) string {
	latest := ""
	for _, v := range versions {
		if v != "" && (latest == "" || CompareVersions(v, latest) > 0) {
			latest = v
		}
	}
	if latest == "" {
		return ""
	}
	now = now.UTC()
	switch {
	case isDieselVersion(latest) && strings.Contains(latest, "-"):
		if c := now.Format(dieselTimestampLayout); CompareVersions(c, latest) > 0 {
			return c
		}
		return increment(latest)
	case isDigits(latest) && len(latest) == len(timestampLayout):
		if c := now.Format(timestampLayout); CompareVersions(c, latest) > 0 {
			return c
		}
	case isDigits(latest) && len(latest) == len(shortTimestampLayout):
		if c := now.Format(shortTimestampLayout); CompareVersions(c, latest) > 0 {
			return c
		}
	}
	return increment(latest)
}

// increment adds one to the last run of digits of v, keeping its width
// when it fits: 0007 -> 0008, 1.9 -> 1.10, 2024-01-01-000000 -> ...-000001.
func increment(v string) string {
	end := len(v)
	for end > 0 && !isDigit(v[end-1]) {
		end--
	}
	start := end
	for start > 0 && isDigit(v[start-1]) {
		start--
	}
	if start == end {
		return v + "1"
	}
	n, ok := new(big.Int).SetString(v[start:end], 10)
	if !ok {
		return v + "1"
	}
	next := n.Add(n, big.NewInt(1)).String()
	if pad := (end - start) - len(next); pad > 0 {
		next = strings.Repeat("0", pad) + next
	}
	return v[:start] + next + v[end:]
}

// OrderKey is what places m among the migrations of its directory when
// judging linear history: its version, or for a plain file (which has
// none: plain files run in name order) the leading digits of its name,
// else the name itself.
func OrderKey(m Migration) string {
	if m.Version != "" || m.Format != FormatPlain {
		return m.Version
	}
	name := filepath.Base(m.Path)
	if d := leadingDigits(name); d != "" {
		return d
	}
	return name
}
