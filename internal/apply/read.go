package apply

import (
	"context"

	"github.com/ddlgate/ddlgate/internal/dbfacts"
)

// History returns the rows of ddlgate.migrations of the database at url, in
// version order, without changing anything; a database without the table
// has an empty history, and exists reports whether the table is there.
func History(ctx context.Context, url string) (rows []Row, exists bool, err error) {
	conn, err := dbfacts.Connect(ctx, url)
	if err != nil {
		return nil, false, err
	}
	defer conn.Close(context.Background())
	if err := conn.QueryRow(ctx, `SELECT to_regclass('ddlgate.migrations') IS NOT NULL`).Scan(&exists); err != nil {
		return nil, false, err
	}
	byVersion, err := readHistory(ctx, conn)
	if err != nil {
		return nil, false, err
	}
	versions := make([]string, 0, len(byVersion))
	for v := range byVersion {
		versions = append(versions, v)
	}
	sortVersions(versions)
	for _, v := range versions {
		rows = append(rows, byVersion[v])
	}
	return rows, exists, nil
}
