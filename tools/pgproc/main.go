// Command pgproc writes parser/functions.tsv, the volatility of every
// built-in function, from a PostgreSQL server's own pg_proc: the functions of
// pg_catalog and those of the contrib extensions migrations commonly install
// (uuid-ossp, pgcrypto, citext...). Column defaults rewrite the table only
// when volatile, so this table decides ban-add-column-rewrite; it must come
// from the server, never from memory.
//
// Run it from the repository root against a scratch server:
//
//	go run ./tools/pgproc --database-url postgres://postgres@127.0.0.1:5432/postgres
//
// It creates a scratch database, installs the extensions there, reads
// pg_proc and drops the database. Running it against several majors with
// --merge keeps the functions of each (a function's volatility is the
// highest any of them reports).
package main

import (
	"bufio"
	"cmp"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"maps"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
)

// extensions are the contrib extensions whose functions appear in column
// defaults and CHECK constraints of real migrations.
var extensions = []string{
	"uuid-ossp", "pgcrypto", "citext", "hstore", "pg_trgm", "unaccent", "ltree",
	"fuzzystrmatch", "intarray", "cube", "earthdistance", "isn", "seg", "tablefunc",
	"btree_gin", "btree_gist",
}

func main() {
	dbURL := flag.String("database-url", os.Getenv("DATABASE_URL"), "PostgreSQL URL of a server whose pg_proc to read")
	out := flag.String("output", "parser/functions.tsv", "file to write")
	merge := flag.Bool("merge", false, "keep the functions already in --output (another major's)")
	flag.Parse()
	if err := run(context.Background(), *dbURL, *out, *merge); err != nil {
		fmt.Fprintln(os.Stderr, "pgproc:", err)
		os.Exit(1)
	}
}

// overload is one pg_proc row reduced to what a call site can match:
// how many arguments it takes and its volatility.
type overload struct {
	minArgs, maxArgs int // maxArgs -1: variadic
	volatility       byte
	extension        string
}

func run(ctx context.Context, dbURL, out string, merge bool) error {
	if dbURL == "" {
		return errors.New("--database-url is required")
	}
	funcs := map[string][]overload{}
	var sources []string
	if merge {
		old, oldSources, err := readTable(out)
		if err != nil {
			return err
		}
		funcs, sources = old, oldSources
	}
	version, err := readServer(ctx, dbURL, funcs)
	if err != nil {
		return err
	}
	sources = append(sources, version)
	return writeTable(out, funcs, sources)
}

// readServer creates a scratch database on the server, installs the
// extensions there and adds the server's functions to funcs.
func readServer(ctx context.Context, dbURL string, funcs map[string][]overload) (string, error) {
	admin, err := pgx.Connect(ctx, dbURL)
	if err != nil {
		return "", fmt.Errorf("connect: %w", err)
	}
	defer admin.Close(ctx)
	scratch := fmt.Sprintf("ddlgate_pgproc_%d", time.Now().UnixNano())
	if _, err := admin.Exec(ctx, "CREATE DATABASE "+scratch); err != nil {
		return "", fmt.Errorf("create scratch database: %w", err)
	}
	defer func() { _, _ = admin.Exec(context.Background(), "DROP DATABASE IF EXISTS "+scratch) }()
	u, err := url.Parse(dbURL)
	if err != nil {
		return "", fmt.Errorf("parse database url: %w", err)
	}
	u.Path = "/" + scratch
	conn, err := pgx.Connect(ctx, u.String())
	if err != nil {
		return "", fmt.Errorf("connect to scratch database: %w", err)
	}
	defer conn.Close(ctx)
	var version string
	if err := conn.QueryRow(ctx, "SELECT current_setting('server_version')").Scan(&version); err != nil {
		return "", fmt.Errorf("read server version: %w", err)
	}
	for _, ext := range extensions {
		if _, err := conn.Exec(ctx, fmt.Sprintf(`CREATE EXTENSION IF NOT EXISTS "%s"`, ext)); err != nil {
			return "", fmt.Errorf("create extension %s: %w", ext, err)
		}
	}
	rows, err := conn.Query(ctx, `
		SELECT p.proname, p.pronargs, p.pronargdefaults, p.provariadic <> 0, p.provolatile,
		       coalesce(e.extname, '')
		FROM pg_proc p
		LEFT JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e'
		LEFT JOIN pg_extension e ON e.oid = d.refobjid
		WHERE p.prokind = 'f'
		  AND (p.pronamespace = 'pg_catalog'::regnamespace OR e.extname IS NOT NULL)
		  AND (e.extname IS NULL OR e.extname <> 'plpgsql')`)
	if err != nil {
		return "", fmt.Errorf("read pg_proc: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var (
			name               string
			nargs, ndefaults   int16
			variadic           bool
			volatility, extens string
		)
		if err := rows.Scan(&name, &nargs, &ndefaults, &variadic, &volatility, &extens); err != nil {
			return "", fmt.Errorf("read pg_proc: %w", err)
		}
		o := overload{minArgs: int(nargs - ndefaults), maxArgs: int(nargs), volatility: volatility[0], extension: extens}
		if variadic {
			// A variadic parameter takes zero or more arguments.
			o.minArgs = min(o.minArgs, int(nargs)-1)
			o.maxArgs = -1
		}
		if !slices.Contains(funcs[name], o) {
			funcs[name] = append(funcs[name], o)
		}
	}
	return "PostgreSQL " + version, rows.Err()
}

// header opens the generated file; the parser skips lines starting with #.
const header = `# Volatility of PostgreSQL's built-in functions and of common contrib
# extensions' functions, generated by tools/pgproc from pg_proc. Do not edit.
# name<TAB>min_args<TAB>max_args (-1: variadic, * in both: any overload)<TAB>
# volatility (i immutable, s stable, v volatile)<TAB>extension ("" for core)
`

// writeTable writes one line per name when all its overloads agree on the
// volatility, else one line per distinct (arguments, volatility).
func writeTable(path string, funcs map[string][]overload, sources []string) error {
	var sb strings.Builder
	sb.WriteString(header)
	slices.Sort(sources)
	for _, s := range slices.Compact(sources) {
		fmt.Fprintf(&sb, "# source: %s\n", s)
	}
	for _, n := range slices.Sorted(maps.Keys(funcs)) {
		ovs := funcs[n]
		// A name core PostgreSQL has is matched as core's (pgcrypto's
		// gen_random_uuid shadows nothing): the extension column says a
		// schema-qualified call may name it.
		ext := ovs[0].extension
		same := true
		for _, o := range ovs {
			same = same && o.volatility == ovs[0].volatility
			if o.extension == "" {
				ext = ""
			}
		}
		if same {
			fmt.Fprintf(&sb, "%s\t*\t*\t%c\t%s\n", n, ovs[0].volatility, ext)
			continue
		}
		for i := range ovs {
			ovs[i].extension = ext
		}
		slices.SortFunc(ovs, func(a, b overload) int {
			return cmp.Or(cmp.Compare(a.minArgs, b.minArgs), cmp.Compare(a.maxArgs, b.maxArgs), cmp.Compare(a.volatility, b.volatility))
		})
		var last string
		for _, o := range ovs {
			line := fmt.Sprintf("%s\t%d\t%d\t%c\t%s\n", n, o.minArgs, o.maxArgs, o.volatility, o.extension)
			if line != last {
				sb.WriteString(line)
				last = line
			}
		}
	}
	return os.WriteFile(path, []byte(sb.String()), 0o644)
}

// readTable reads a table written by writeTable, for --merge.
func readTable(path string) (map[string][]overload, []string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, fmt.Errorf("read %s: %w", path, err)
	}
	defer f.Close()
	funcs := map[string][]overload{}
	var sources []string
	r := bufio.NewReader(f)
	for {
		line, err := r.ReadString('\n')
		if line = strings.TrimRight(line, "\n"); line != "" {
			if s, ok := strings.CutPrefix(line, "# source: "); ok {
				sources = append(sources, s)
			} else if !strings.HasPrefix(line, "#") {
				fields := strings.Split(line, "\t")
				if len(fields) != 5 {
					return nil, nil, fmt.Errorf("%s: malformed line %q", path, line)
				}
				o := overload{minArgs: 0, maxArgs: -1, volatility: fields[3][0], extension: fields[4]}
				if fields[1] != "*" {
					o.minArgs, _ = strconv.Atoi(fields[1])
					o.maxArgs, _ = strconv.Atoi(fields[2])
				}
				funcs[fields[0]] = append(funcs[fields[0]], o)
			}
		}
		if err == io.EOF {
			return funcs, sources, nil
		}
		if err != nil {
			return nil, nil, fmt.Errorf("read %s: %w", path, err)
		}
	}
}
