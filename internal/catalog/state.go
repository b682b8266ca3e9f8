package catalog

import (
	"encoding/json"
	"fmt"
	"slices"
)

// stateVersion is the version of the encoding MarshalJSON writes. Bump it
// when the catalog's model changes (a new kind of object, a new field of a
// table): a state of another version is refused, never half-read, so a
// cached state built by an older ddlgate is rebuilt rather than trusted.
const stateVersion = 2

// state is the encoded form of a Catalog: everything Fold and Annotate read.
type state struct {
	Version       int                 `json:"version"`
	DefaultSchema string              `json:"default_schema"`
	Tables        map[string]*Table   `json:"tables"`
	Enums         map[string][]string `json:"enums"`
	Views         []string            `json:"views"`
	// Functions, Domains and Altered are the catalog's private knowledge:
	// user functions' volatility, domains with constraints, and what the
	// history did to tables it never created.
	Functions map[string][]Function `json:"functions"`
	Domains   map[string]bool       `json:"domains"`
	Altered   map[string]*Table     `json:"altered"`
}

// MarshalJSON encodes the catalog's state: versioned, and deterministic
// (map keys sorted, views sorted), so equal states encode to equal bytes and
// a state can be stored under a content hash and restored later with
// UnmarshalJSON instead of folding the migrations again.
func (c *Catalog) MarshalJSON() ([]byte, error) {
	return json.Marshal(state{
		Version:       stateVersion,
		DefaultSchema: c.defaultSchema,
		Tables:        c.tables,
		Enums:         c.enums,
		Views:         slices.Clone(c.sortedViews()),
		Functions:     c.functions,
		Domains:       c.domains,
		Altered:       c.altered,
	})
}

// UnmarshalJSON restores a state MarshalJSON wrote, replacing the catalog's.
// A state of another encoding version is an error.
func (c *Catalog) UnmarshalJSON(b []byte) error {
	var s state
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("decode catalog state: %w", err)
	}
	if s.Version != stateVersion {
		return fmt.Errorf("decode catalog state: version %d, want %d", s.Version, stateVersion)
	}
	restored := New(s.DefaultSchema)
	for k, t := range s.Tables {
		if t == nil {
			return fmt.Errorf("decode catalog state: table %s is null", k)
		}
		restored.tables[k] = t
	}
	for k, v := range s.Enums {
		restored.enums[k] = v
	}
	for _, v := range s.Views {
		restored.views[v] = struct{}{}
	}
	for k, v := range s.Functions {
		restored.functions[k] = v
	}
	for k, v := range s.Domains {
		restored.domains[k] = v
	}
	for k, t := range s.Altered {
		if t == nil {
			return fmt.Errorf("decode catalog state: altered table %s is null", k)
		}
		restored.altered[k] = t
	}
	// Decoded tables carry epoch 0, older than the catalog's: the first
	// change copies them, as for tables a snapshot shares.
	restored.live = c.live
	*c = *restored
	return nil
}

// DefaultSchema is the schema the catalog resolves unqualified names in.
func (c *Catalog) DefaultSchema() string { return c.defaultSchema }
