package lint

import (
	"os"
	"path/filepath"

	"github.com/ddlgate/ddlgate/internal/migrations"
	"github.com/ddlgate/ddlgate/parser"
)

// checksums sets File.Checksum of every up migration whose migrations
// directory holds a ddlgate.sum, so the require-migration-checksum rule can
// report a file edited after review or never hashed. The sum sits in the
// migrations directory: the file's own directory, or its parent for formats
// with a directory per migration (prisma, diesel).
func checksums(files []*parser.File, ms []migrations.Migration, opts Options) error {
	reports := map[string]*migrations.SumReport{}
	sumDirs := map[string]string{} // a migration's directory -> its sum's
	for i := range ms {
		if ms[i].Direction != migrations.DirectionUp || files[i] == nil {
			continue
		}
		path := resolve(opts.Dir, ms[i].Path)
		dir, known := sumDirs[filepath.Dir(path)]
		if !known {
			dir = sumDir(path)
			sumDirs[filepath.Dir(path)] = dir
		}
		if dir == "" {
			continue
		}
		rep, seen := reports[dir]
		if !seen {
			all, err := migrations.Discover([]string{dir}, migrations.Options{Format: ms[i].Format})
			if err != nil {
				return err
			}
			if rep, err = migrations.VerifySum(dir, all); err != nil {
				return err
			}
			reports[dir] = rep
		}
		if rep == nil {
			continue
		}
		rel, err := migrations.SumPath(dir, path)
		if err != nil {
			return err
		}
		if status, ok := rep.Status(rel); ok {
			files[i].File.Checksum = string(status)
		} else {
			files[i].File.Checksum = string(migrations.SumMissingFromSum)
		}
	}
	return nil
}

// sumDir returns the directory holding the ddlgate.sum of the migration at
// path, or "" when there is none.
func sumDir(path string) string {
	dir := filepath.Dir(path)
	for _, d := range []string{dir, filepath.Dir(dir)} {
		if _, err := os.Stat(filepath.Join(d, migrations.SumFileName)); err == nil {
			return d
		}
	}
	return ""
}
