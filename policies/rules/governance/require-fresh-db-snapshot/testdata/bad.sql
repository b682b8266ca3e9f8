-- options: path=prod.dbsnap.json db_snapshot={"database":"postgres://ci:xxxxx@db:5432/app","taken_at":"2026-01-10T08:00:00Z","age_seconds":3888000}
{
  "format": "ddlgate-db-snapshot",
  "version": 1,
  "taken_at": "2026-01-10T08:00:00Z", -- want "database snapshot of postgres://ci:xxxxx@db:5432/app was taken 45.0d ago .2026-01-10T08:00:00Z., more than max_age 30d"
  "took_ms": 41
}
