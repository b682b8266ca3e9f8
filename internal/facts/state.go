package facts

import (
	"encoding/json"
	"fmt"

	"github.com/ddlgate/ddlgate/internal/catalog"
	"github.com/ddlgate/ddlgate/internal/phase"
)

// stateVersion is the version of the State encoding. Bump it when the
// encoding, or the meaning of what it holds, changes: a state of another
// version is refused (a cache then rebuilds it), never misread.
const stateVersion = 1

// State is where a Builder stands after a prefix of its sequence: how many
// files it folded, the schema catalog they built and the expand/contract
// ledger they declared. It is everything the next file's document depends
// on besides the target and the file itself, so a Builder resumed from it
// builds the same documents as one that folded the prefix.
type State struct {
	files   int
	catalog *catalog.Catalog
	ledger  *phase.Ledger
}

// Files is the number of files of the sequence the state covers.
func (s *State) Files() int { return s.files }

// stateJSON is the encoded form of a State.
type stateJSON struct {
	Version int             `json:"version"`
	Files   int             `json:"files"`
	Catalog json.RawMessage `json:"catalog"`
	Ledger  []*phase.Change `json:"ledger"`
}

// MarshalBinary encodes the state: versioned and deterministic, so equal
// states have equal bytes.
func (s *State) MarshalBinary() ([]byte, error) {
	cat, err := s.catalog.MarshalJSON()
	if err != nil {
		return nil, fmt.Errorf("encode facts state: %w", err)
	}
	changes := s.ledger.Changes
	if changes == nil {
		changes = []*phase.Change{}
	}
	b, err := json.Marshal(stateJSON{Version: stateVersion, Files: s.files, Catalog: cat, Ledger: changes})
	if err != nil {
		return nil, fmt.Errorf("encode facts state: %w", err)
	}
	return b, nil
}

// UnmarshalBinary decodes a state MarshalBinary wrote. A state of another
// version, or damaged, is an error.
func (s *State) UnmarshalBinary(b []byte) error {
	var j stateJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return fmt.Errorf("decode facts state: %w", err)
	}
	if j.Version != stateVersion {
		return fmt.Errorf("decode facts state: version %d, want %d", j.Version, stateVersion)
	}
	if j.Files < 0 {
		return fmt.Errorf("decode facts state: %d files", j.Files)
	}
	cat := catalog.New("")
	if err := cat.UnmarshalJSON(j.Catalog); err != nil {
		return fmt.Errorf("decode facts state: %w", err)
	}
	ledger := phase.NewLedger()
	for _, c := range j.Ledger {
		if c == nil {
			return fmt.Errorf("decode facts state: null change")
		}
		for _, f := range c.Files {
			if f.Index < 0 || f.Index >= j.Files {
				return fmt.Errorf("decode facts state: phase file %s at %d is outside the %d files", f.Path, f.Index, j.Files)
			}
			ledger.Add(c.ID, f)
		}
	}
	*s = State{files: j.Files, catalog: cat, ledger: ledger}
	return nil
}

// State returns where the builder stands: the files folded so far, the
// catalog and the ledger after them. The builder goes on independently.
func (b *Builder) State() (*State, error) {
	// A copy through the encoding: the builder keeps folding into its own
	// catalog, and copying is what a cache does anyway.
	cur := &State{files: b.pos, catalog: b.cat, ledger: b.ledger}
	enc, err := cur.MarshalBinary()
	if err != nil {
		return nil, err
	}
	var s State
	if err := s.UnmarshalBinary(enc); err != nil {
		return nil, err
	}
	return &s, nil
}

// Resume makes the builder continue after the files s covers instead of
// folding them: the next call to Next builds file s.Files() of the
// sequence. s must come from a builder of the same sequence and target (a
// cache keys it by both); a state for more files than the sequence has, or
// for another default schema, is refused.
func (b *Builder) Resume(s *State) error {
	if s == nil || s.catalog == nil {
		return fmt.Errorf("resume facts: no state")
	}
	// The state is the builder's from now on: copy it, so that the same
	// state can resume several builders.
	enc, err := s.MarshalBinary()
	if err != nil {
		return err
	}
	var own State
	if err := own.UnmarshalBinary(enc); err != nil {
		return err
	}
	return b.ResumeWith(&own)
}

// ResumeWith is Resume without the copy: the builder takes s over, and s
// must not be used again. A cache that decoded s for this builder saves
// the copy (a state is the catalog of every earlier file).
func (b *Builder) ResumeWith(s *State) error {
	if s == nil || s.catalog == nil {
		return fmt.Errorf("resume facts: no state")
	}
	if s.files > len(b.seq) {
		return fmt.Errorf("resume facts: the state covers %d files, the sequence has %d", s.files, len(b.seq))
	}
	if got := s.catalog.DefaultSchema(); got != b.target.DefaultSchema {
		return fmt.Errorf("resume facts: the state was built with default schema %q, the target has %q", got, b.target.DefaultSchema)
	}
	b.assumeLive(s.catalog)
	b.pos, b.cat, b.ledger = s.files, s.catalog, s.ledger
	for i := range min(b.pos, len(b.parsed)) {
		b.parsed[i] = nil
	}
	return nil
}

// EncodedState is State().MarshalBinary() without the copy State makes:
// where the builder stands, encoded, for a cache to store.
func (b *Builder) EncodedState() ([]byte, error) {
	return (&State{files: b.pos, catalog: b.cat, ledger: b.ledger}).MarshalBinary()
}

// Position is the number of files of the sequence folded so far: the
// index in Sequence of the file the next call to Next folds.
func (b *Builder) Position() int { return b.pos }
