package lint

import (
	"bytes"
	"encoding/gob"
	"encoding/json"
	"fmt"
	"os"
	"runtime/debug"
	"strconv"
	"sync"

	"github.com/ddlgate/ddlgate/internal/cache"
	"github.com/ddlgate/ddlgate/internal/engine"
	"github.com/ddlgate/ddlgate/internal/facts"
	"github.com/ddlgate/ddlgate/internal/finding"
	"github.com/ddlgate/ddlgate/parser"
)

// A run's results are cached as one entry per run and prefix: the entry
// under the chained key of file i of the sequence holds the results of the
// judged files up to i and the facts state after i. A run probes the keys
// of its sequence from the last file back and takes the longest prefix
// cached: all of it when nothing changed (one entry read), all but the
// files added since otherwise, which are then folded from the state and
// judged. One entry per prefix, not per file, keeps a warm run to a single
// read; the store's bound evicts the prefixes no run asks for any more.

// packFormat names the encoding of an entry and what it holds; change it
// when either changes, so that older entries are not read.
const packFormat = "ddlgate lint pack 1"

// pack is a cache entry: the results of a prefix. The facts state after
// it (facts.State.MarshalBinary), most of the bytes, is an entry of its
// own (stateKey), read only to resume from.
type pack struct {
	Files []cachedFile
}

// stateKey is the key of the facts state after the prefix of key.
func stateKey(key string) string { return cache.Key([]byte(key), []byte("facts state")) }

// cachedFile is what a run keeps of a judged file: its findings before
// suppression (ignores, waivers and their expiry depend on the day and are
// applied on every run), the directives that suppress them, and the file
// facts a result holds, without the statements.
type cachedFile struct {
	// Seq is the file's index in the sequence.
	Seq        int
	File       *parser.File
	Statements int
	Findings   []finding.Finding
	Directives []finding.Directive
}

// runCache is the cache of one run: the keys of its sequence and the entry
// of its longest cached prefix.
type runCache struct {
	store *cache.Store
	keys  []string
	// judged maps the sequence to judged indexes (see facts.Builder).
	judged []int
	// hit is the number of files of the sequence the entry covers, 0 when
	// none is cached; files holds their results by judged index.
	hit   int
	state *facts.State
	files map[int]*cachedFile
}

// openRunCache computes the keys of b's sequence and reads the entry of its
// longest cached prefix. A damaged or foreign entry is a miss.
func openRunCache(store *cache.Store, b *facts.Builder, pols *engine.Policies, opts Options) (*runCache, error) {
	base, err := runKey(pols, opts)
	if err != nil {
		return nil, err
	}
	seq, judged := b.Sequence()
	rc := &runCache{store: store, keys: make([]string, len(seq)), judged: judged, files: map[int]*cachedFile{}}
	prev := base
	for i := range seq {
		m := &seq[i]
		h := cache.NewHash().AddString(prev).AddString(strconv.Itoa(judged[i])).
			AddString(m.Path).AddString(m.Format).AddString(m.Version).AddString(m.Name).
			AddString(m.Direction).AddString(strconv.FormatBool(m.Repeatable)).
			AddString(strconv.FormatBool(m.NoTransaction)).AddString(fmt.Sprint(m.Sections)).Add(m.Src)
		if j := judged[i]; j >= 0 {
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
		prev = h.Sum()
		rc.keys[i] = prev
	}
	for i := len(seq) - 1; i >= 0; i-- {
		if !store.Has(rc.keys[i]) {
			continue
		}
		if rc.read(i) {
			break
		}
	}
	return rc, nil
}

// read loads the entry of the prefix ending at file i; false when it
// cannot be used.
func (rc *runCache) read(i int) bool {
	judged := rc.judged
	b, ok := rc.store.Get(rc.keys[i])
	if !ok {
		return false
	}
	var p pack
	if err := gob.NewDecoder(bytes.NewReader(b)).Decode(&p); err != nil {
		return false
	}
	// The state is decoded only to resume from: a run whose files are all
	// cached folds nothing.
	var state *facts.State
	if i+1 < len(rc.keys) {
		enc, ok := rc.store.Get(stateKey(rc.keys[i]))
		if !ok {
			return false
		}
		state = &facts.State{}
		if err := state.UnmarshalBinary(enc); err != nil || state.Files() != i+1 {
			return false
		}
	}
	files := make(map[int]*cachedFile, len(p.Files))
	for k := range p.Files {
		f := &p.Files[k]
		if f.Seq < 0 || f.Seq > i || judged[f.Seq] < 0 || f.File == nil {
			return false
		}
		files[judged[f.Seq]] = f
	}
	for s := 0; s <= i; s++ {
		if j := judged[s]; j >= 0 && files[j] == nil {
			return false
		}
	}
	rc.hit, rc.state, rc.files = i+1, state, files
	return true
}

// full tells whether every file of the sequence is cached.
func (rc *runCache) full() bool { return rc.hit == len(rc.keys) }

// write stores the results of every judged file of the run, with the
// state after the last, under the key of the whole sequence: fresh holds
// the files judged in this run by judged index, the others come from the
// entry read. A cache that cannot be written leaves the run uncached,
// silently: the results are right either way.
func (rc *runCache) write(fresh []cachedFile, state *facts.State) {
	if len(rc.keys) == 0 || rc.full() {
		return
	}
	enc, err := state.MarshalBinary()
	if err != nil {
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
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(pack{Files: files}); err != nil {
		return
	}
	// The state first: a reader that finds the results may need it.
	key := rc.keys[len(rc.keys)-1]
	if rc.store.Put(stateKey(key), enc) == nil {
		_ = rc.store.Put(key, buf.Bytes())
	}
}

// runKey hashes what every file's result depends on besides the sequence:
// ddlgate's build, the policies, the configuration and the target.
func runKey(pols *engine.Policies, opts Options) (string, error) {
	h := cache.NewHash().AddString(packFormat).AddString(buildID()).AddString(pols.Hash())
	parts := []any{opts.Rules, opts.PGVersion, opts.PGVersionNum, opts.DefaultSchema, opts.Runner,
		opts.Format, opts.IncludeDown, opts.IncludeAST, opts.DB, opts.PhaseApplied}
	for _, p := range parts {
		enc, err := json.Marshal(p)
		if err != nil {
			return "", fmt.Errorf("cache key: %w", err)
		}
		h.Add(enc)
	}
	if opts.PhaseApplied != nil {
		// The phase history measures how long ago each phase was applied,
		// in seconds: such results hold for the moment they were made.
		h.AddString(strconv.FormatInt(opts.Now.UnixNano(), 10))
	}
	return h.Sum(), nil
}

// buildID identifies the ddlgate binary: its module versions and build
// settings (VCS revision, -ldflags with the version), and, for a build
// from a modified tree or without VCS information (go test, go run), the
// executable's size and time, which change when it is rebuilt. Reading
// the whole executable would cost more than a warm run.
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
		clean = revision != "" && modified == "false"
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

// trimmed is what the cache keeps of a file's parser facts: the file
// section, directives and parse errors, without the statements (their
// findings are what a later run needs of them).
func trimmed(f *parser.File) *parser.File {
	t := *f
	t.Statements, t.AST = nil, nil
	return &t
}
