package apply

import (
	"context"
	"fmt"

	"github.com/ddlgate/ddlgate/internal/dbfacts"
)

// Repair clears the dirty flag of a version after a human fixed the database,
// recording who did it and when, and returns the version as recorded. The
// version may be given as status shows it or by its number or file name
// (see resolveVersion); it must be dirty.
func Repair(ctx context.Context, url, version string, getenv func(string) string) (string, error) {
	if getenv == nil {
		getenv = func(string) string { return "" }
	}
	conn, err := dbfacts.Connect(ctx, url)
	if err != nil {
		return "", err
	}
	defer conn.Close(context.Background())
	if err := lockHistory(ctx, conn, func() {}); err != nil {
		return "", err
	}
	defer unlockHistory(conn)
	rows, err := readHistory(ctx, conn)
	if err != nil {
		return "", err
	}
	r, err := recordedVersion(rows, version)
	if err != nil {
		return "", err
	}
	if !r.Dirty {
		return "", &RefusedError{Command: "repair", Reasons: []string{fmt.Sprintf("version %s is not dirty: nothing to repair", r.Version)}}
	}
	_, err = conn.Exec(ctx, `
		UPDATE ddlgate.migrations
		SET dirty = false, success = true, repaired_by = $2, repaired_at = now()
		WHERE version = $1`, r.Version, appliedBy(ctx, conn, getenv))
	if err != nil {
		return "", fmt.Errorf("repair %s: %w", r.Version, err)
	}
	return r.Version, nil
}

// recordedVersion finds the row --version names (see resolveVersion).
func recordedVersion(rows map[string]Row, want string) (Row, error) {
	keys := make([]string, 0, len(rows))
	for k := range rows {
		keys = append(keys, k)
	}
	sortVersions(keys)
	cands := make([]candidate, len(keys))
	for i, k := range keys {
		cands[i] = candidate{key: k, path: rows[k].Path}
	}
	i, err := resolveVersion("--version", want, cands, true)
	if err != nil {
		return Row{}, err
	}
	return rows[keys[i]], nil
}
