package apply

import (
	"context"
	"fmt"

	"github.com/ddlgate/ddlgate/internal/dbfacts"
)

// Repair clears the dirty flag of a version after a human fixed the database,
// recording who did it and when. The version must be dirty.
func Repair(ctx context.Context, url, version string, getenv func(string) string) error {
	if getenv == nil {
		getenv = func(string) string { return "" }
	}
	conn, err := dbfacts.Connect(ctx, url)
	if err != nil {
		return err
	}
	defer conn.Close(context.Background())
	if err := lockHistory(ctx, conn, func() {}); err != nil {
		return err
	}
	defer unlockHistory(conn)
	rows, err := readHistory(ctx, conn)
	if err != nil {
		return err
	}
	r, ok := rows[version]
	if !ok {
		return &RefusedError{Reasons: []string{fmt.Sprintf("version %s is not recorded in ddlgate.migrations", version)}}
	}
	if !r.Dirty {
		return &RefusedError{Reasons: []string{fmt.Sprintf("version %s is not dirty: nothing to repair", version)}}
	}
	_, err = conn.Exec(ctx, `
		UPDATE ddlgate.migrations
		SET dirty = false, success = true, repaired_by = $2, repaired_at = now()
		WHERE version = $1`, version, appliedBy(ctx, conn, getenv))
	if err != nil {
		return fmt.Errorf("repair %s: %w", version, err)
	}
	return nil
}
