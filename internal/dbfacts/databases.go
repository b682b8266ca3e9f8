package dbfacts

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"strings"
	"sync"
)

// ReadDatabases reads a --databases file: one connection string per line;
// blank lines and lines starting with # are skipped. Passwords belong in
// the environment (PGPASSWORD) or ~/.pgpass, which the driver reads when a
// URL has none; a password in the file is accepted but never printed.
func ReadDatabases(path string) ([]string, error) {
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read databases file: %w", err)
	}
	var out []string
	sc := bufio.NewScanner(bytes.NewReader(src))
	for line := 1; sc.Scan(); line++ {
		text := strings.TrimSpace(sc.Text())
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		if _, err := ParseConfig(text); err != nil {
			return nil, fmt.Errorf("%s:%d: %w", path, line, err)
		}
		out = append(out, text)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read databases file %s: %w", path, err)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%s: no database listed", path)
	}
	return out, nil
}

// DefaultParallel is how many databases a command works on at once unless
// told otherwise.
const DefaultParallel = 4

// Each calls fn for every database, at most parallel at a time (at least
// one), and returns when all are done. fn reports its own failures: one
// database failing never stops the others.
func Each(ctx context.Context, urls []string, parallel int, fn func(ctx context.Context, i int, url string)) {
	parallel = max(1, min(parallel, len(urls)))
	next := make(chan int)
	var wg sync.WaitGroup
	for range parallel {
		wg.Go(func() {
			for i := range next {
				fn(ctx, i, urls[i])
			}
		})
	}
	for i := range urls {
		next <- i
	}
	close(next)
	wg.Wait()
}
