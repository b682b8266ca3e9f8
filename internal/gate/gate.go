// Package gate turns findings into the decision of a gate (generate, ci,
// apply): pass, or fail with exit code 1.
package gate

import "github.com/ddlgate/ddlgate/internal/finding"

// Exit codes shared by every command (docs/architecture.md "Output and exit codes").
const (
	// Pass: nothing at or above the fail level.
	Pass = 0
	// Fail: findings at or above the fail level.
	Fail = 1
	// Broken: the tool could not do its job (usage, config, unreadable path,
	// policy compile error, database unreachable).
	Broken = 2
	// Interrupted: stopped by Ctrl-C or SIGTERM (128 + SIGINT, as shells
	// report it).
	Interrupted = 130
)

// Decide returns Fail when any finding is at or above failLevel, else Pass.
// A zero failLevel means error.
func Decide(findings []finding.Finding, failLevel finding.Severity) int {
	if failLevel == 0 {
		failLevel = finding.Error
	}
	for i := range findings {
		if findings[i].Severity >= failLevel {
			return Fail
		}
	}
	return Pass
}
