package lint

import (
	"encoding/json"
	"fmt"
	"os"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"

	"github.com/ddlgate/ddlgate/internal/cache"
	"github.com/ddlgate/ddlgate/internal/engine"
	"github.com/ddlgate/ddlgate/internal/facts"
	"github.com/ddlgate/ddlgate/internal/finding"
	"github.com/ddlgate/ddlgate/internal/migrations"
	"github.com/ddlgate/ddlgate/parser"
)

// A run keeps two chains of keys over its sequence. The state chain hashes
// each file's bytes and metadata after the key of the files before it: the
// facts state after file i (the catalog and the expand/contract ledger)
// is stored under states[i], whichever files were judged, so that linting
// a new file with its directory as history resumes from the state a run
// over the whole directory left. The result chain adds whether each file
// is judged and its directory facts: the results of a run's judged files
// up to file i are one entry (a pack) under keys[i]. A run probes from its
// last file back for the longest prefix it can resume after (a state, and
// a pack when the prefix holds judged files): all of it when nothing
// changed (one pack read, no state), all but the files added otherwise,
// which are then folded from the state and judged. One pack per run, not
// one entry per file, keeps a warm run to a single read; the store's bound
// evicts the prefixes no run asks for any more.

// packFormat names the encoding of an entry and what it holds; change it
// when either changes, so that older entries are not read.
const packFormat = "ddlgate lint pack 5"

// cachedFile is what a run keeps of a judged file: its findings before
// suppression (ignores, waivers and their expiry depend on the day and are
// applied on every run), the directives that suppress them, and its number
// of statements. Its parser facts are not kept (see servedFile).
type cachedFile struct {
	// Seq is the file's index in the sequence.
	Seq        int
	Statements int
	Findings   []finding.Finding
	Directives []finding.Directive
}

// runCache is the cache of one run: the keys of its sequence and what the
// longest cached prefix holds.
type runCache struct {
	store *cache.Store
	// keys and states are the result and state chains (see above).
	keys, states []string
	// judged maps the sequence to judged indexes (see facts.Builder);
	// firstJudged is the sequence index of the first judged file.
	judged      []int
	firstJudged int
	// hit is the number of files of the sequence the cache covers, 0 when
	// none; files holds the results of their judged files by judged index,
	// state the facts state after them (nil when all are covered: nothing
	// is folded).
	hit   int
	state *facts.State
	files map[int]*cachedFile
	// atFirst is the encoded state before the first judged file, captured
	// by the fold for write when the cache did not have it.
	atFirst []byte
}

// openRunCache computes the keys of b's sequence and reads what the cache
// holds of its longest prefix. A damaged or foreign entry is a miss.
func openRunCache(store *cache.Store, b *facts.Builder, pols *engine.Policies, opts Options) (*runCache, error) {
	base, err := runKey(pols, opts)
	if err != nil {
		return nil, err
	}
	seq, judged := b.Sequence()
	n := len(seq)
	rc := &runCache{store: store, keys: make([]string, n), states: make([]string, n), judged: judged,
		firstJudged: n, files: map[int]*cachedFile{}}
	result, state := base, cache.Key([]byte(base), []byte("facts state"))
	for i := range seq {
		m := &seq[i]
		// Every field of the migration but its bytes (Header: a field
		// added to Migration, a runner setting, fails a test until it is
		// keyed), and the bytes by their hash, which the stat index knows
		// without reading them.
		sum := m.ContentHash()
		state = cache.NewHash().AddString(state).AddString(m.Header()).Add(sum[:]).Sum()
		rc.states[i] = state
		h := cache.NewHash().AddString(result).AddString(state).AddString(strconv.Itoa(judged[i]))
		if j := judged[i]; j >= 0 {
			rc.firstJudged = min(rc.firstJudged, i)
			// The directory's facts (ddlgate.sum, siblings, journal, down
			// part, landed migrations) are the file's as much as its bytes.
			d, err := b.Directory(j)
			if err != nil {
				return nil, err
			}
			enc, err := json.Marshal(d)
			if err != nil {
				return nil, fmt.Errorf("key %s: %w", m.Path, err)
			}
			h.Add(enc)
		}
		result = h.Sum()
		rc.keys[i] = result
	}
	for i := n - 1; i >= 0; i-- {
		if rc.read(i) {
			break
		}
	}
	return rc, nil
}

// read loads what the cache holds of the prefix ending at file i: the
// results of its judged files, and the state after it unless it is the
// whole sequence. False when something is missing or cannot be used.
func (rc *runCache) read(i int) bool {
	judged, last := rc.judged, i == len(rc.keys)-1
	withResults := rc.firstJudged <= i
	if withResults && !rc.store.Has(rc.keys[i]) || !last && !rc.store.Has(rc.states[i]) {
		return false // probe before reading: most prefixes are not cached
	}
	files := map[int]*cachedFile{}
	if withResults {
		b, ok := rc.store.Get(rc.keys[i])
		if !ok {
			return false
		}
		cached, err := decodePack(b)
		if err != nil {
			return false
		}
		for k := range cached {
			f := &cached[k]
			if f.Seq < 0 || f.Seq > i || judged[f.Seq] < 0 {
				return false
			}
			files[judged[f.Seq]] = f
		}
		for s := 0; s <= i; s++ {
			if j := judged[s]; j >= 0 && files[j] == nil {
				return false
			}
		}
	}
	// The state is decoded only to resume from: a run whose files are all
	// cached folds nothing.
	var state *facts.State
	if !last {
		enc, ok := rc.store.Get(rc.states[i])
		if !ok {
			return false
		}
		state = &facts.State{}
		if err := state.UnmarshalBinary(enc); err != nil || state.Files() != i+1 {
			return false
		}
	}
	rc.hit, rc.state, rc.files = i+1, state, files
	return true
}

// refoldable is how many files a run may fold past the state it resumed
// from without writing the state after them.
const refoldable = 8

// full tells whether every file of the sequence is cached.
func (rc *runCache) full() bool { return rc.hit == len(rc.keys) }

// beforeFold is called by the fold with the builder about to fold the
// file at its position: the state before the first judged file is kept
// for write, so that a later run judging other files of the directory
// resumes there.
func (rc *runCache) beforeFold(b *facts.Builder) {
	if pos := b.Position(); pos == rc.firstJudged && pos > rc.hit && pos < len(rc.keys) {
		rc.atFirst, _ = b.EncodedState()
	}
}

// write stores the results of every judged file of the run under the key
// of the whole sequence, with the state after it (end encodes it) and the
// state captured before the first judged file: fresh holds the files
// judged in this run by judged index, the others come from the entry read.
// A cache that cannot be written leaves the run uncached, silently: the
// results are right either way.
func (rc *runCache) write(fresh []cachedFile, end func() ([]byte, error)) {
	n := len(rc.keys)
	if n == 0 || rc.full() {
		return
	}
	if rc.atFirst != nil {
		_ = rc.store.Put(rc.states[rc.firstJudged-1], rc.atFirst)
	}
	// The state first: a reader that finds the results may need it. A run
	// that resumed close to its end does not write it: the next run folds
	// those few files again from the state it resumed from, which costs
	// less than encoding and writing the catalog of every file.
	if rc.hit == 0 || n-rc.hit >= refoldable {
		enc, err := end()
		if err != nil || rc.store.Put(rc.states[n-1], enc) != nil {
			return
		}
	}
	if rc.firstJudged == n {
		return
	}
	var files []cachedFile
	for i, j := range rc.judged {
		if j < 0 {
			continue
		}
		f := fresh[j]
		if c := rc.files[j]; c != nil {
			f = *c
		}
		f.Seq = i
		files = append(files, f)
	}
	if enc, err := encodePack(files); err == nil {
		_ = rc.store.Put(rc.keys[n-1], enc)
	}
}

// runKey hashes what every file's result depends on besides the sequence:
// ddlgate's build, the policies, the configuration and the target,
// database included.
func runKey(pols *engine.Policies, opts Options) (string, error) {
	h := cache.NewHash().AddString(packFormat).AddString(buildID()).AddString(pols.Hash())
	// The database's facts as policies read them (input.db). A run with an
	// applied phase ledger is not cached (see RunWithHistory).
	parts := []any{opts.Rules, opts.PGVersion, opts.PGVersionNum, opts.DefaultSchema, opts.Runner,
		opts.Format, opts.IncludeDown, opts.IncludeAST, opts.DB}
	for _, p := range parts {
		enc, err := json.Marshal(p)
		if err != nil {
			return "", fmt.Errorf("cache key: %w", err)
		}
		h.Add(enc)
	}
	return h.Sum(), nil
}

// buildID identifies the ddlgate binary: its module versions and build
// settings (VCS revision, -ldflags with the version), and, for a build
// from a modified tree or of no known version (go test, go run, go build
// outside a checkout), the executable's size and time, which change when
// it is rebuilt. A binary of a module version (go install ...@v1.2.3 or
// @commit, as the GitHub Action does on every run) is known by it, so
// that a restored cache serves a binary built again from the same source.
// Reading the whole executable would cost more than a warm run.
var buildID = sync.OnceValue(func() string {
	h := cache.NewHash()
	info, ok := debug.ReadBuildInfo()
	clean := false
	if ok {
		h.AddString(info.GoVersion).AddString(info.Main.Path).AddString(info.Main.Version).AddString(info.Main.Sum)
		for _, d := range info.Deps {
			h.AddString(d.Path + "@" + d.Version + " " + d.Sum)
		}
		revision, modified := "", ""
		for _, s := range info.Settings {
			h.AddString(s.Key + "=" + s.Value)
			switch s.Key {
			case "vcs.revision":
				revision = s.Value
			case "vcs.modified":
				modified = s.Value
			}
		}
		// A version stamped from a modified checkout ends in +dirty.
		v := info.Main.Version
		released := v != "" && v != "(devel)" && !strings.HasSuffix(v, "+dirty")
		clean = modified != "true" && (released || revision != "")
	}
	if !clean {
		if exe, err := os.Executable(); err == nil {
			if fi, err := os.Stat(exe); err == nil {
				h.AddString(exe).AddString(strconv.FormatInt(fi.Size(), 10)).AddString(strconv.FormatInt(fi.ModTime().UnixNano(), 10))
			}
		}
	}
	return h.Sum()
})

// file returns the cached results of judged file j, nil when it was judged
// in this run (or nothing is cached).
func (rc *runCache) file(j int) *cachedFile {
	if rc == nil {
		return nil
	}
	return rc.files[j]
}

// servedFile is the Result.Files entry of a file served from the cache:
// its identity, from the migration. A result's reports need no more of
// it, and keeping each file's file section made packs a quarter larger.
func servedFile(m *migrations.Migration) *parser.File {
	return &parser.File{File: parser.FileInfo{Path: m.Path, Version: m.Version, Name: m.Name,
		Direction: m.Direction, Format: m.Format}}
}
