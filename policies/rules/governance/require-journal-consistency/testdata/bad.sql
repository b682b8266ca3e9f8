-- options: path=drizzle/0007_backfill.sql format=drizzle in_journal=false
UPDATE users SET active = true WHERE active IS NULL; -- want "not listed in meta/_journal.json"
