-- options: path=prod.dbsnap.json db_snapshot={"database":"postgres://ci:xxxxx@db:5432/app","taken_at":"2026-02-23T08:00:00Z","age_seconds":86400}
{
  "format": "ddlgate-db-snapshot",
  "version": 1,
  "taken_at": "2026-02-23T08:00:00Z",
  "took_ms": 41
}
