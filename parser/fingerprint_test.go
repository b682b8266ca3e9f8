package parser

import "testing"

func TestFingerprintIgnoresLayoutAndComments(t *testing.T) {
	base := "ALTER TABLE users ADD COLUMN email text DEFAULT 'a  b'"
	same := []string{
		"alter table users\n  add column email text default 'a  b' -- why",
		"ALTER /* c */ TABLE\tUSERS ADD COLUMN email TEXT DEFAULT 'a  b'",
	}
	different := []string{
		"ALTER TABLE users ADD COLUMN email text DEFAULT 'a b'",
		"ALTER TABLE \"Users\" ADD COLUMN email text DEFAULT 'a  b'",
		"ALTER TABLE users ADD COLUMN emailtext DEFAULT 'a  b'",
	}
	want := fingerprint(base, 0, len(base))
	for _, s := range same {
		if got := fingerprint(s, 0, len(s)); got != want {
			t.Errorf("fingerprint(%q) = %s, want %s like %q", s, got, want, base)
		}
	}
	for _, s := range different {
		if got := fingerprint(s, 0, len(s)); got == want {
			t.Errorf("fingerprint(%q) equals that of %q", s, base)
		}
	}
}
