package cli

import (
	"fmt"
	"io"
	"slices"
	"sync"
	"time"
	"unicode/utf8"
)

// defaultProgressAfter is how long work runs silently before a progress
// line appears: short runs print nothing extra.
const defaultProgressAfter = time.Second

// progressEvery caps how often the line is redrawn.
const progressEvery = 100 * time.Millisecond

// progressWidth caps the line, so it does not wrap on a narrow terminal
// (a wrapped line cannot be redrawn in place).
const progressWidth = 78

// ciVariables are set by CI systems, whose logs keep every byte: a line
// redrawn ten times a second would fill them.
var ciVariables = []string{"CI", "GITHUB_ACTIONS", "GITLAB_CI", "BUILDKITE", "CIRCLECI", "JENKINS_URL", "TF_BUILD", "TEAMCITY_VERSION"}

// progress draws one updating line on stderr: "ddlgate: judging 12/340
// migrations/0120_orders.sql". Lint stages report to update from several
// goroutines; a ticker redraws the line while one file takes long.
type progress struct {
	w     io.Writer
	start time.Time
	after time.Duration

	mu          sync.Mutex
	stage, path string
	done, total int
	// running are the files of the stage started and not finished, in the
	// order they started: the oldest is the one the run waits for.
	running  []string
	drawn    bool
	lastDraw time.Time
	stop     chan struct{}
	stopped  chan struct{}
}

// newProgress returns the progress line of a command writing format to
// output ("" is stdout), or nil when it must stay silent: stderr is not a
// terminal, CI runs it, or a machine-readable report goes to stdout (a
// script reads it, and stderr is likely captured with it).
func (a *app) newProgress(format, output string) *progress {
	if !a.stderrIsTerminal || format != "text" && output == "" || a.getenv("TERM") == "dumb" {
		return nil
	}
	for _, v := range ciVariables {
		if a.getenv(v) != "" {
			return nil
		}
	}
	after := a.progressAfter
	switch {
	case after == 0:
		after = defaultProgressAfter
	case after < 0:
		after = 0
	}
	p := &progress{w: a.stderr, start: time.Now(), after: after, stop: make(chan struct{}), stopped: make(chan struct{})}
	go p.tick()
	return p
}

// update records where the work is (a file of stage started or finished)
// and redraws the line when it is due. The file shown is the oldest still
// running: with files judged in parallel, the one the run waits for. A nil
// progress does nothing.
func (p *progress) update(stage string, done, total int, path string, started bool) {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	changed := stage != p.stage // a new stage is drawn at once
	if changed {
		p.running = p.running[:0]
	}
	if started {
		p.running = append(p.running, path)
	} else if i := slices.Index(p.running, path); i >= 0 {
		p.running = slices.Delete(p.running, i, i+1)
	}
	p.stage, p.done, p.total = stage, done, total
	if len(p.running) > 0 {
		p.path = p.running[0]
	} else {
		p.path = path
	}
	p.draw(time.Now(), changed)
}

// tick redraws the line while nothing reports, so a long file still shows.
func (p *progress) tick() {
	defer close(p.stopped)
	t := time.NewTicker(progressEvery)
	defer t.Stop()
	for {
		select {
		case <-p.stop:
			return
		case now := <-t.C:
			p.mu.Lock()
			p.draw(now, true)
			p.mu.Unlock()
		}
	}
}

// draw writes the line once the work has run for p.after, at most every
// progressEvery; p.mu is held.
func (p *progress) draw(now time.Time, force bool) {
	if p.stage == "" || now.Sub(p.start) < p.after {
		return
	}
	if p.drawn && !force && now.Sub(p.lastDraw) < progressEvery {
		return
	}
	line := fmt.Sprintf("ddlgate: %s %d/%d %s", p.stage, p.done, p.total, p.path)
	if utf8.RuneCountInString(line) > progressWidth {
		r := []rune(line)
		line = string(r[:progressWidth-1]) + "…"
	}
	fmt.Fprintf(p.w, "\r\x1b[K%s", line)
	p.drawn, p.lastDraw = true, now
}

// finish stops the ticker and erases the line, before the report is
// written. A nil progress does nothing.
func (p *progress) finish() {
	if p == nil {
		return
	}
	close(p.stop)
	<-p.stopped
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.drawn {
		fmt.Fprint(p.w, "\r\x1b[K")
	}
	p.drawn = false
}

// hook is the lint Options.Progress of p; nil when p is.
func (p *progress) hook() func(stage string, done, total int, path string, started bool) {
	if p == nil {
		return nil
	}
	return p.update
}
