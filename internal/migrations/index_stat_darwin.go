//go:build darwin

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
	return sys.Ctimespec.Sec*1e9 + sys.Ctimespec.Nsec, sys.Ino, true
}
