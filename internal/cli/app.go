// Package cli implements the ddlgate command line: one file per command, flags
// turned into options structs for the packages that do the work.
package cli

import (
	"io"
	"time"
)

// app carries what every command needs from the process, so commands run
// in-process in tests with their own streams, environment, directory and clock.
type app struct {
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	// getenv reads the environment (DATABASE_URL, NO_COLOR, GITHUB_ACTIONS...).
	getenv func(string) string
	// workDir is where relative paths and .ddlgate.yaml discovery start.
	workDir string
	// now is the clock, injectable for waivers and phase ages.
	now func() time.Time
	// stdoutIsTerminal decides colour and the default output format.
	stdoutIsTerminal bool
	// stderrIsTerminal allows a progress line on stderr during long work.
	stderrIsTerminal bool
	// progressAfter is how long work runs before the progress line shows:
	// 0 is defaultProgressAfter, negative at once (tests).
	progressAfter time.Duration
}
