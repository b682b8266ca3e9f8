package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/ddlgate/ddlgate/internal/cache"
	"github.com/ddlgate/ddlgate/internal/config"
)

// cacheFlags choose the result cache of the commands that lint.
type cacheFlags struct {
	dir     string
	noCache bool
}

func (f *cacheFlags) register(cmd *cobra.Command) {
	fl := cmd.Flags()
	fl.StringVar(&f.dir, "cache-dir", "", "directory of the result cache (default: config cache_dir, else $XDG_CACHE_HOME/ddlgate, else ~/.cache/ddlgate)")
	fl.BoolVar(&f.noCache, "no-cache", false, "neither read nor write the result cache")
}

// cacheDir is the cache directory the flags and config name, else the
// user's; "" when there is none.
func (a *app) cacheDir(f *cacheFlags, cfg *config.Config) string {
	switch {
	case f.dir != "":
		return a.abs(f.dir)
	case cfg.CacheDir != "":
		return cfg.CacheDir
	}
	return cache.DefaultDir(a.getenv)
}

// resultCache is the cache a lint run reads and writes, nil with --no-cache
// or without a cache directory.
func (a *app) resultCache(f *cacheFlags, cfg *config.Config) *cache.Store {
	if f.noCache {
		return nil
	}
	dir := a.cacheDir(f, cfg)
	if dir == "" {
		return nil
	}
	return cache.Open(dir, 0)
}

func (a *app) newCacheCommand() *cobra.Command {
	var f cacheFlags
	var configPath string
	cmd := &cobra.Command{
		Use:   "cache",
		Short: "Show or clean the result cache",
		Long: `lint and ci keep each file's findings (before ignores and waivers, which are
applied on every run) and the schema catalog after it in a result cache, keyed
by everything they depend on: ddlgate's build, the policies, the configuration
and target, the file's bytes and directory, and every file before it. A run
that changed nothing reads one entry; a run that adds a file judges only that
file. The cache is bounded (oldest entries evicted beyond 256 MB).`,
		Args: cobra.NoArgs,
	}
	load := func() (*cache.Store, error) {
		cfg, err := config.Load(configPath, a.workDir)
		if err != nil {
			return nil, err
		}
		dir := a.cacheDir(&f, cfg)
		if dir == "" {
			return nil, usageErrorf("no cache directory: set XDG_CACHE_HOME or HOME, pass --cache-dir or set cache_dir in %s", config.FileName)
		}
		return cache.Open(dir, 0), nil
	}
	dir := &cobra.Command{
		Use:     "dir",
		Short:   "Print the cache directory, its entries and their size",
		Example: "  ddlgate cache dir",
		Args:    cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			s, err := load()
			if err != nil {
				return err
			}
			n, size, err := s.Size()
			if err != nil {
				return err
			}
			fmt.Fprintf(a.stdout, "%s (%d entries, %.1f MB)\n", s.Dir(), n, float64(size)/(1<<20))
			return nil
		},
	}
	clean := &cobra.Command{
		Use:     "clean",
		Short:   "Remove every entry of the cache",
		Example: "  ddlgate cache clean",
		Args:    cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			s, err := load()
			if err != nil {
				return err
			}
			if err := s.Clean(); err != nil {
				return err
			}
			fmt.Fprintf(a.stdout, "ddlgate: cleaned %s\n", s.Dir())
			return nil
		},
	}
	for _, c := range []*cobra.Command{dir, clean} {
		c.Flags().StringVar(&f.dir, "cache-dir", "", "directory of the result cache (default: config cache_dir, else $XDG_CACHE_HOME/ddlgate, else ~/.cache/ddlgate)")
		c.Flags().StringVar(&configPath, "config", "", "config file (default: .ddlgate.yaml found from the current directory upwards)")
	}
	cmd.AddCommand(dir, clean)
	return cmd
}
