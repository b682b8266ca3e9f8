//go:build unix

package parser

import "golang.org/x/sys/unix"

// savedStderr is a duplicate of the process's stderr taken at start-up.
//
// libpg_query redirects file descriptor 2 into a pipe during every parse
// (pg_query_parse.c and pg_query_parse_plpgsql.c, to capture parser
// warnings) and restores it afterwards. Parses running on several threads at
// once interleave those dup2 calls, which can leave descriptor 2 pointing at
// a pipe whose reader is gone: the next write to stderr then kills the
// process with SIGPIPE. RestoreStderr undoes that once parsing is over.
var savedStderr = func() int {
	fd, err := unix.Dup(2)
	if err != nil {
		return -1
	}
	unix.CloseOnExec(fd)
	return fd
}()

// RestoreStderr points descriptor 2 back at the process's real stderr. Call
// it when no parse is running, after parsing files concurrently.
func RestoreStderr() {
	if savedStderr >= 0 {
		_ = unix.Dup2(savedStderr, 2)
	}
}
