package phase

import (
	"fmt"
	"strings"
	"time"
)

// DefaultMinAge is how long an expand must have been applied before its
// contract may run: a day of traffic on the new shape, enough for every
// application instance to have been redeployed.
const DefaultMinAge = 24 * time.Hour

// MinAge is the minimum age of an expand before its contract, per change.
type MinAge struct {
	Default time.Duration
	// ByChange overrides Default for some changes.
	ByChange map[string]time.Duration
}

// For returns the minimum age for the change.
func (m MinAge) For(change string) time.Duration {
	if d, ok := m.ByChange[change]; ok {
		return d
	}
	return m.Default
}

// CheckContract tells why the contract file f of change may not run yet in
// the database whose record is applied: no expand file before it, an expand
// not applied, or applied less than minAge ago at now. pendingBefore reports
// expand files that are not applied but will run earlier in the same apply;
// they only satisfy a zero minAge. nil means the contract may run.
func (l *Ledger) CheckContract(change string, f *File, applied *Applied, now time.Time, minAge time.Duration, pendingBefore func(*File) bool) error {
	c := l.Change(change)
	var expands []*File
	if c != nil {
		for i := range c.Files {
			if c.Files[i].Phase == Expand && c.Files[i].Index < f.Index {
				expands = append(expands, &c.Files[i])
			}
		}
	}
	if len(expands) == 0 {
		return fmt.Errorf("%s: contract of change %s has no expand phase before it: add the expand migration (-- ddlgate:phase expand change=%s) and ship it first", f.Path, change, change)
	}
	for _, e := range expands {
		at, ok := applied.At(e)
		if !ok && pendingBefore != nil && pendingBefore(e) {
			if minAge <= 0 {
				continue
			}
			return fmt.Errorf("%s: contract of change %s would run in the same apply as its expand phase %s in %s: apply up to the migration before the contract first (--to), and contract once the expand is %s old",
				f.Path, change, e.Path, applied.Database, Human(minAge))
		}
		if !ok {
			return fmt.Errorf("%s: contract of change %s needs its expand phase %s applied first in %s; it is not", f.Path, change, e.Path, applied.Database)
		}
		if age := now.Sub(at); age < minAge {
			return fmt.Errorf("%s: contract of change %s is too soon: its expand phase %s was applied %s ago in %s (at %s), min_age is %s; retry after %s",
				f.Path, change, e.Path, Human(age), applied.Database, at.UTC().Format(time.RFC3339), Human(minAge), at.Add(minAge).UTC().Format(time.RFC3339))
		}
	}
	return nil
}

// Human prints a duration the way people write one: 24h, 1h30m, 42s.
func Human(d time.Duration) string {
	if d >= time.Minute {
		d = d.Round(time.Minute)
	} else {
		d = d.Round(time.Second)
	}
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}
