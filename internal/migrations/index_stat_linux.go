//go:build linux

package migrations

import (
	"io/fs"
	"syscall"
)

// changeTime returns a file's change time (ns) and inode.
func changeTime(fi fs.FileInfo) (ctime int64, ino uint64, ok bool) {
	sys, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return 0, 0, false
	}
	return sys.Ctim.Sec*1e9 + sys.Ctim.Nsec, sys.Ino, true
}
