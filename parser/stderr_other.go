//go:build !unix

package parser

// RestoreStderr is a no-op where libpg_query does not redirect stderr.
func RestoreStderr() {}
